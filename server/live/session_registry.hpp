// Every session by id, in memory or not, and the directory (domain::session_directory) that lists them
// and finds one by its join code and a participant by the hash of their token. The hub folds every commit
// into the directory, so a code or a token is found once the event that made it is durable.
// Memory follows what is live: put_to_sleep() drops from memory the sessions nobody watches and nothing is
// in flight for (live_session::may_sleep) that were quiet since its last sweep, and, beyond a memory
// budget, the least recently active of those; what stays is their directory entry. Finding one wakes it:
// folded again from the log. Thread-safe: one shared mutex; waking reads the log under it.
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

#include "domain/session_directory.hpp"
#include "domain/session_events.hpp"
#include "server/live/live_session.hpp"

namespace scsa::server {

// Who a participant token belongs to.
using participant_ref = domain::token_owner;

// A short description of a session, for lists (from the directory: listing wakes nobody).
struct session_listing {
  std::string session_id;
  std::string title;
  std::string municipality;
  domain::session_mode mode;
  std::size_t participants;  // joined and not removed
  bool closed;
  std::int64_t created_ms;  // time of its first event
  std::int64_t events;      // in its stream
  int rounds;               // the current round's number
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
  std::shared_ptr<live_session> in_memory(
      const std::string& session_id) const;       // null when asleep: wakes none
  std::vector<session_listing> listings() const;  // every session that was created
  // The hash of a session's facilitator token, "" for no such session (checked without waking it).
  std::string facilitator_token_hash(const std::string& session_id) const;
  std::size_t dormant_count() const;

  // A sweep, at most one per `quiet`: sessions that may sleep and saw no activity since the last sweep
  // (so at least `quiet`) leave memory; then, while the sessions in memory are estimated above
  // `budget_bytes` (0: no budget), the least recently active that may sleep leave too. Returns how many left.
  std::size_t put_to_sleep(std::chrono::steady_clock::time_point now, std::chrono::milliseconds quiet,
                           std::size_t budget_bytes = 0);

  // Takes over the directory folded at start (from a snapshot and the log after it): every session in it
  // is known, none is in memory yet.
  void adopt(domain::session_directory directory);
  // Folds a session's committed events, appended at `time_ms`, into the directory (a session another node
  // created becomes known here, asleep).
  void fold(const std::string& session_id, std::int64_t time_ms,
            const std::vector<domain::session_event>& events);
  new_session_ids make_ids() const;
  // Drops a session whose creation was refused.
  void forget(const std::string& session_id);

 private:
  std::shared_ptr<live_session> wake(const std::string& session_id) const;  // takes the unique lock

  session_factory make_session_;
  session_loader wake_;
  mutable std::shared_mutex mutex_;
  // The sessions in memory, by id (also one being created, not yet in the directory); a session of the
  // directory that is not here is asleep, woken by the first find under the unique lock.
  mutable std::unordered_map<std::string, std::shared_ptr<live_session>> sessions_;
  std::mutex sweep_mutex_;  // one sweep at a time; taken before mutex_
  std::optional<std::chrono::steady_clock::time_point> last_sweep_;
  std::unordered_map<std::string, std::uint64_t> quiet_candidates_;  // id -> activity at the last sweep
  domain::session_directory directory_;
};

}  // namespace scsa::server
