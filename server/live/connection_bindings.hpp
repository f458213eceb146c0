// Which session each WebSocket connection is bound to and as whom, each connection's message rate limit,
// and the sessions that ever had watchers (whose facilitators get their municipality's average).
// Thread-safe: one mutex, which may be held while a session's state mutex is taken (watch, unwatch),
// never the other way round.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "domain/session_commands.hpp"
#include "server/client_connection.hpp"
#include "server/live/live_session.hpp"

namespace scsa::server {

// A connection's place: its session and who it is there.
struct connection_binding {
  std::shared_ptr<live_session> session;
  domain::actor as;
};

class connection_bindings {
 public:
  // Each connection may send `per_second` messages sustained, `burst` at once.
  connection_bindings(double per_second, double burst) : per_second_(per_second), burst_(burst) {}

  void opened(const std::shared_ptr<client_connection>& connection);
  // Unbinds (the session stops sending to it) and forgets the connection.
  void closed(const std::shared_ptr<client_connection>& connection);
  // Takes one message from the connection's bucket; false when it is empty (or the connection is gone).
  bool take_rate_token(const std::shared_ptr<client_connection>& connection);

  std::optional<connection_binding> find(const std::shared_ptr<client_connection>& connection) const;
  // Binds the connection (again): it stops watching its old session and watches this one as `as`, with
  // updates in the format of `protocol`.
  // `deliver` gets the connection's snapshot as the session makes it a watcher (live_session::watch_as_*),
  // or, when the connection closed meanwhile, one made without watching: it is called exactly once.
  void bind(const std::shared_ptr<client_connection>& connection,
            const std::shared_ptr<live_session>& session, const domain::actor& as, int protocol = 1,
            const live_session::snapshot_sink& deliver = {});
  std::vector<std::shared_ptr<live_session>> watched_sessions() const;

 private:
  struct connection_state {
    connection_binding bound;  // session empty until join, resume or facilitate
    double tokens = 0;         // rate-limit bucket
    std::chrono::steady_clock::time_point refilled;
  };

  const double per_second_;
  const double burst_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, connection_state> connections_;  // by connection id
  std::set<std::shared_ptr<live_session>> watched_;                  // sessions that ever had watchers
};

}  // namespace scsa::server
