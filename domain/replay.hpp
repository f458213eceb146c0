// Replay: the state of one session as of any of its events, for reviewers. A replay_state is a fold of the
// session's events (the session's flags plus the consensus projection); a replay_index folds the whole
// session once and keeps a copy of that state (a checkpoint) every K events, so any point is reached by
// copying the nearest checkpoint and folding at most K events. Checkpoints are an optimisation, never a
// second truth: replay_from(checkpoint, the events after it) equals the fold of the whole prefix.
// Pure (no I/O, clock or threads); a replay_index is not synchronised: the caller guards it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/consensus_projection.hpp"
#include "domain/scale.hpp"
#include "domain/session_events.hpp"
#include "domain/session_state.hpp"
#include "domain/timeline.hpp"

namespace scsa::domain {

// What a reviewer sees of a session besides the numbers is its session_header (session_state.hpp): the
// same fold as the live state's, without participants, answers, credentials or the join code.

// Everything the results of a session are a function of, at one point of its history.
struct replay_state {
  session_header session;          // flags and the round
  consensus_projection consensus;  // answers, standing and counts per round
};

inline const replay_state initial_replay_state{};

replay_state evolve(replay_state state, const session_event& event);

// Folds `events` (the ones right after `from`) onto a copy of `from`.
replay_state replay_from(const replay_state& from, std::span<const session_event> events);

// The results of a session at a point, in the shape GET /api/sessions/{id}/results serves live:
// {"seq", "session": {session_id, title, municipality, mode, round, open, revealed, focus, closed},
//  "participants", "rounds": [{"round", "consensus", "summary"}]}. `seq` is the global sequence of the last
// event folded (0 before any).
nlohmann::json results_json(const replay_state& state, std::int64_t seq);

// A session's facts as every view shows them (live snapshots and updates, results, replay):
// {session_id, title, municipality, mode, round, open: [statements], revealed, focus, closed}, where focus
// is {"statement", "number"} (number counts the times the facilitator sent everyone somewhere: a phone
// follows each new one) or null before the first time.
nlohmann::json session_json(const session_header& header);

// How often a replay_index keeps a checkpoint.
struct replay_options {
  std::int64_t checkpoint_every = 1000;  // K: a checkpoint after every K events (>= 1)
  std::size_t max_checkpoints = 64;      // more than this: every other one is dropped and K doubles (>= 2)
  consensus_rule rule{};                 // when the timeline says a statement reached consensus
};

// A copy of the state after `version` events.
struct replay_checkpoint {
  std::int64_t version = 0;  // events folded into `state`; 0 is the initial state
  replay_state state;        // the fold of the session's first `version` events
};

// One session folded once, with checkpoints, the envelope of every event (sequence and time, to find a
// point) and the timeline. Events are added in version order, as the log holds them.
class replay_index {
 public:
  explicit replay_index(replay_options options = {});

  // Folds the session's next event; `event.version` must be size() + 1 (throws std::invalid_argument).
  void add(const replay_event& event);

  // Events folded so far: the session's version.
  std::int64_t size() const { return static_cast<std::int64_t>(sequences_.size()); }
  // The state after every event added.
  const replay_state& head() const { return head_; }
  // The global sequence and the time of event `version` (1..size()); 0 for version 0.
  std::int64_t sequence_of(std::int64_t version) const;
  std::int64_t time_of(std::int64_t version) const;
  // How many events have a sequence <= `sequence` (the version "as of" that global sequence).
  std::int64_t version_at_sequence(std::int64_t sequence) const;
  // How many events were recorded at or before `time_ms`. Times come from the server's clock and may step
  // back a little between appends; a point in time ends before the first event that is later than it.
  std::int64_t version_at_time(std::int64_t time_ms) const;

  // The checkpoint with the highest version <= `version` (there is always one: version 0).
  const replay_checkpoint& checkpoint_at_or_before(std::int64_t version) const;
  std::int64_t checkpoint_every() const { return every_; }  // today's K (doubles as checkpoints thin out)
  std::size_t checkpoint_count() const { return checkpoints_.size(); }

  // Markers and consensus-reached points over every event added.
  const timeline& markers() const { return timeline_; }

 private:
  replay_options options_;
  std::int64_t every_;                          // today's K
  replay_state head_;                           // the fold of every event added
  std::vector<replay_checkpoint> checkpoints_;  // ascending versions, the first at version 0
  std::vector<std::int64_t> sequences_;         // [version - 1] -> global sequence
  std::vector<std::int64_t> times_;             // [version - 1] -> time_ms
  std::vector<std::int64_t> latest_times_;      // [version - 1] -> the latest time up to that event
  timeline timeline_;
};

// The state after `version` events, from the index's checkpoints and the session's events
// (`events[i]` is version i + 1; at least `version` of them). What a server does with events it reads
// from the log instead: copy the checkpoint, fold what follows it.
replay_state replay_to(const replay_index& index, std::int64_t version,
                       std::span<const session_event> events);

}  // namespace scsa::domain
