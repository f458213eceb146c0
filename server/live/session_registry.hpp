// Every live session by id, and the indexes that find a session by its join code and a participant by the
// hash of their token. The hub brings the indexes up to date on every commit (index()), so a code or a
// token is found once the event that made it is durable. Thread-safe: one shared mutex, a leaf lock.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/session_events.hpp"
#include "server/live/live_session.hpp"

namespace scsa::server {

// Who a participant token belongs to.
struct participant_ref {
  std::string session_id;
  std::string participant_id;
};

// The ids a new session gets: unique among the sessions known.
struct new_session_ids {
  std::string session_id;
  std::string join_code;
};

class session_registry {
 public:
  // Makes the actor of a session not seen before (the hub wires its listener and options into it).
  using session_factory = std::function<std::shared_ptr<live_session>(const std::string& session_id)>;
  explicit session_registry(session_factory make_session);

  std::shared_ptr<live_session> get_or_create(const std::string& session_id);
  std::shared_ptr<live_session> find(const std::string& session_id) const;
  // Any case; spaces and dashes ignored (as people type codes).
  std::shared_ptr<live_session> find_by_join_code(std::string_view code) const;
  std::optional<participant_ref> find_by_token_hash(const std::string& token_hash) const;
  std::vector<std::shared_ptr<live_session>> all() const;

  // Indexes what committed events made: a session's join code, a participant's token hash.
  void index(const std::string& session_id, const std::vector<domain::session_event>& events);
  new_session_ids make_ids() const;
  // Drops a session whose creation was refused.
  void forget(const std::string& session_id);

 private:
  session_factory make_session_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<live_session>> sessions_;  // by session id
  std::unordered_map<std::string, std::string> join_codes_;                  // code -> session id
  std::unordered_map<std::string, participant_ref> participant_tokens_;      // token hash -> participant
};

}  // namespace scsa::server
