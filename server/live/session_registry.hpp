// Every session by id, and the indexes that find a session by its join code and a participant by the
// hash of their token. The hub brings the indexes up to date on every commit (index()), so a code or a
// token is found once the event that made it is durable.
// Dormancy: a session nobody ever joined costs memory forever, and anyone may create one. put_to_sleep()
// drops from memory the sessions that may sleep (live_session::may_sleep) and were quiet since its last
// sweep; what stays is their id and join code. Finding one wakes it: folded again from the log.
// Thread-safe: one shared mutex; waking reads the log under it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
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
  // Folds a dormant session again from the log; null when it cannot (the log failed: logged by it).
  using session_loader = std::function<std::shared_ptr<live_session>(const std::string& session_id)>;
  explicit session_registry(session_factory make_session, session_loader wake = nullptr);

  std::shared_ptr<live_session> get_or_create(const std::string& session_id);
  std::shared_ptr<live_session> find(const std::string& session_id) const;
  // Any case; spaces and dashes ignored (as people type codes).
  std::shared_ptr<live_session> find_by_join_code(std::string_view code) const;
  std::optional<participant_ref> find_by_token_hash(const std::string& token_hash) const;
  std::vector<std::shared_ptr<live_session>> all() const;  // the sessions in memory (not the dormant)
  std::vector<std::string> dormant_ids() const;
  std::size_t dormant_count() const;

  // A sweep, at most one per `quiet`: sessions that may sleep and saw no activity since the last sweep
  // (so at least `quiet`) leave memory. Returns how many did.
  std::size_t put_to_sleep(std::chrono::steady_clock::time_point now, std::chrono::milliseconds quiet);

  // Indexes what committed events made: a session's join code, a participant's token hash.
  void index(const std::string& session_id, const std::vector<domain::session_event>& events);
  new_session_ids make_ids() const;
  // Drops a session whose creation was refused.
  void forget(const std::string& session_id);

 private:
  std::shared_ptr<live_session> wake(const std::string& session_id) const;  // takes the unique lock

  session_factory make_session_;
  session_loader wake_;
  mutable std::shared_mutex mutex_;
  // By session id; null for a dormant session (woken by the first find, under the unique lock).
  mutable std::unordered_map<std::string, std::shared_ptr<live_session>> sessions_;
  mutable std::size_t dormant_ = 0;
  std::mutex sweep_mutex_;  // one sweep at a time; taken before mutex_
  std::optional<std::chrono::steady_clock::time_point> last_sweep_;
  std::unordered_map<std::string, std::uint64_t> quiet_candidates_;      // id -> activity at the last sweep
  std::unordered_map<std::string, std::string> join_codes_;              // code -> session id
  std::unordered_map<std::string, participant_ref> participant_tokens_;  // token hash -> participant
};

}  // namespace scsa::server
