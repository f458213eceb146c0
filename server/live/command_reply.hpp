// How the hub answers one client message: exactly once, with an ack (its extra fields, and the snapshot
// that follows when the message bound the connection to a session) or an error, and the metrics hear how.
// Copyable, so a reply can wait in a commit's callback. Thread-safe as the connection is.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/client_connection.hpp"
#include "server/live/live_session.hpp"
#include "server/ops/metrics.hpp"

namespace scsa::server {

class command_reply {
 public:
  command_reply(std::shared_ptr<client_connection> connection, std::string id, command_meter meter)
      : connection_(std::move(connection)), id_(std::move(id)), meter_(meter) {}

  void ack(std::int64_t seq) const;  // the plain ack, on every answer's path: written without a JSON object
  void ack(std::int64_t seq, const nlohmann::json& extra) const;
  // The ack, then the session's snapshot: what join, resume and facilitate answer.
  void ack_with_snapshot(std::int64_t seq, const nlohmann::json& extra, nlohmann::json snapshot) const;
  void error(std::string_view code, std::string_view message) const;
  // The error "rate_limited", with retry_after_ms: when the client may try again.
  void rate_limited(std::chrono::milliseconds retry_after, std::string_view message) const;
  // An ack or an error, as the session decided.
  void outcome(const command_outcome& done) const;
  void pong() const;

 private:
  std::shared_ptr<client_connection> connection_;
  std::string id_;
  command_meter meter_;
};

}  // namespace scsa::server
