// Reviewers' reads of past sessions: a domain::replay_index (checkpoints every K events, the timeline) per
// session, built lazily from the event log on the first request and caught up with the log on every later
// one; results at any point (copy the nearest checkpoint, read and fold at most K events); pages of events;
// the exports. The least recently used indexes are dropped beyond a limit. Reads the log only.
// Thread-safety: every public member may be called from any thread; each index has a shared mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/replay.hpp"
#include "domain/session_export.hpp"
#include "events/event_log.hpp"

namespace scsa::server {

struct replay_cache_options {
  domain::replay_options replay{};  // K, the checkpoint limit per session, the consensus rule
  std::size_t max_sessions = 8;     // indexes kept in memory; the least recently used beyond go
};

// Which moment of a session to replay.
struct replay_point {
  enum class kind {
    latest,    // after the session's last event
    sequence,  // as of a global log sequence: every event of the session with sequence <= value
    time,      // as of a time (ms since the Unix epoch): every event recorded at or before value
  };
  kind by = kind::latest;  // how `value` is read
  std::int64_t value = 0;  // the sequence or the time
};

// A page of a session's events as reviewers see them (token hashes and the join code withheld).
struct event_page {
  nlohmann::json events = nlohmann::json::array();  // [{"seq","version","type","schema_version",
                                                    //   "time_ms","actor","payload"}]
  std::int64_t next_after = 0;                      // the `after` that continues (last seq of the page)
  bool more = false;                                // events follow this page
};

// A session's whole state at a point (participants and the roadmap board too, which the replay index does
// not keep), with the consensus projection and where the point is.
struct replayed_session {
  domain::session_state state;
  domain::replay_state replay;
  std::int64_t version = 0;      // events of the session folded
  std::int64_t sequence = 0;     // global sequence of the last one
  std::int64_t time_ms = 0;      // when it was recorded
  std::int64_t event_count = 0;  // events of the session in all
};

class replay_cache {
 public:
  explicit replay_cache(const events::event_log& log, replay_cache_options options = {});

  // Every call names a session by id; nullopt (or an empty string) when the log holds no event of it.
  // `known_last_sequence`, when given, is the session's last committed sequence as the caller knows it
  // (the live session's): equal to the index's, the log is not asked for newer events.

  // The results at a point, shaped as the live results, with "replay": {"version", "time_ms",
  // "event_count", "last_seq"} added (version 1 at least: the state right after the session was created).
  std::optional<nlohmann::json> results(const std::string& session_id, replay_point at,
                                        std::int64_t known_last_sequence = 0);
  // The whole state at a point, for views the replay index does not hold (the roadmap). It folds the
  // session's events from the first: a review read, not a live path.
  std::optional<replayed_session> session_at(const std::string& session_id, replay_point at,
                                             std::int64_t known_last_sequence = 0);
  // {"session_id", "event_count", "timeline": {...}} (see domain/timeline.hpp).
  std::optional<nlohmann::json> timeline(const std::string& session_id, std::int64_t known_last_sequence = 0);
  // Up to `limit` events with a global sequence > `after`, in order.
  std::optional<event_page> events(const std::string& session_id, std::int64_t after, std::size_t limit,
                                   std::int64_t known_last_sequence = 0);
  // The whole log of the session, one JSON object per line (LF), as the events page has them.
  std::optional<std::string> events_ndjson(const std::string& session_id,
                                           std::int64_t known_last_sequence = 0);
  // CSV exports (domain/session_export.hpp): every answer, and the results table at a point.
  // `words`: in a language, for people (domain::export_words); null: the codes.
  std::optional<std::string> answers_csv(const std::string& session_id, std::int64_t known_last_sequence = 0,
                                         const domain::export_words* words = nullptr);
  std::optional<std::string> results_csv(const std::string& session_id, replay_point at,
                                         std::int64_t known_last_sequence = 0,
                                         const domain::export_words* words = nullptr);

  // How many sessions' indexes are in memory, and the checkpoints of one (for tests and benchmarks).
  std::size_t cached_sessions() const;
  std::size_t checkpoint_count(const std::string& session_id) const;
  std::int64_t checkpoint_every(const std::string& session_id) const;  // today's K (0 when not cached)

  // The events of a session from version `from` to `to` (inclusive), decoded (throws std::runtime_error
  // on an event that cannot be decoded).
  std::vector<domain::replay_event> read_events(const std::string& session_id, std::int64_t from,
                                                std::int64_t to) const;

 private:
  struct entry {
    mutable std::shared_mutex mutex;  // guards index
    domain::replay_index index;
    explicit entry(const domain::replay_options& options) : index(options) {}
  };

  // The session's index, caught up with the log; nullptr when the session has no events.
  std::shared_ptr<entry> caught_up(const std::string& session_id, std::int64_t known_last_sequence);
  std::shared_ptr<entry> cached(const std::string& session_id) const;  // the entry, or null (no read)
  static std::int64_t indexed_events(const entry& e);                  // how many events its index holds
  // The stored events from..to (versions) of a session, read in pages of read_page.
  void for_each_stored(const std::string& session_id, std::int64_t from, std::int64_t to,
                       const std::function<void(const events::recorded_event&)>& visit) const;
  // The state after `version` events; `e` must not be locked by the caller.
  domain::replay_state state_at(const std::string& session_id, const entry& e, std::int64_t version) const;
  std::int64_t version_of(const domain::replay_index& index, replay_point at) const;

  const events::event_log& log_;
  replay_cache_options options_;
  mutable std::mutex entries_mutex_;  // guards entries_ and uses_
  std::unordered_map<std::string, std::shared_ptr<entry>> entries_;
  std::unordered_map<std::string, std::uint64_t> uses_;  // session id -> the tick of its last use
  std::uint64_t tick_ = 0;
};

// The envelope and redacted payload of one stored event, as reviewers see it:
// {"seq","version","type","schema_version","time_ms","actor","payload"} where actor is only the kind
// ("participant", "facilitator", "operator", "anonymous"): who exactly is in the payload where it matters.
nlohmann::json reviewer_event_json(const events::recorded_event& recorded);

}  // namespace scsa::server
