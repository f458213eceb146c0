// A session's timeline for the replay page: markers (statement opened or closed, results revealed or
// hidden, round started, participant joined or removed, session closed or reopened; in the roadmap dialogue
// an action proposed, duplicates merged, explanations shown, a conclusion recorded) and, per round and
// statement, the first moment it reached consensus (rule in docs/statistics.md). Built event by event from
// the state after each event, so it costs a few summaries per answer. Pure; not synchronised.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/consensus_projection.hpp"
#include "domain/scale.hpp"
#include "domain/session_events.hpp"

namespace scsa::domain {

// A session event with where and when the log recorded it.
struct replay_event {
  std::int64_t sequence = 0;  // global log sequence
  std::int64_t version = 0;   // position within the session, 1-based
  std::int64_t time_ms = 0;   // when it was recorded, ms since the Unix epoch (the server's clock)
  session_event event;        // what happened
};

// When one statement and aspect of a round counts as "in consensus": enough answers that agree.
struct consensus_rule {
  int min_n = 3;               // at least this many answers
  double min_consensus = 0.8;  // and a Tastle-Wierman consensus of at least this
};

// Whether a distribution meets the rule.
bool meets(const consensus_rule& rule, const distribution_summary& summary);

// A point of the session's history.
struct timeline_point {
  std::int64_t sequence = 0;  // global log sequence of the event
  std::int64_t version = 0;   // its position within the session
  std::int64_t time_ms = 0;   // when it was recorded
  bool operator==(const timeline_point&) const = default;
};

// Something a reviewer may want to jump to.
struct timeline_marker {
  timeline_point at;           // where
  std::string kind;            // the event type: "statement_opened", "round_started", "participant_joined"..
  int statement = 0;           // statement_opened / _closed / _focused: 1..21, else 0
  int round = 0;               // round_started: the new round, else 0
  std::string participant_id;  // participant_joined / participant_removed (a pseudonym), else ""
  bool operator==(const timeline_marker&) const = default;
};

// The first moments one statement of one round reached consensus.
struct consensus_reached {
  int round = 1;                                        // the round
  int statement = 1;                                    // 1..21
  std::optional<timeline_point> both;                   // both aspects met the rule at once, first here
  std::array<std::optional<timeline_point>, 2> aspect;  // [aspect_index]: that aspect met it first here
  bool operator==(const consensus_reached&) const = default;
};

struct timeline {
  consensus_rule rule;                                       // the rule consensus_reached applies
  std::vector<timeline_marker> markers;                      // in sequence order
  std::map<std::pair<int, int>, consensus_reached> reached;  // (round, statement) -> first moments
  std::optional<timeline_point> first;                       // the session's first event
  std::optional<timeline_point> last;                        // its last event
};

// Adds what `event` means to the timeline; `after` is the consensus projection after folding it.
void note(timeline& line, const replay_event& event, const consensus_projection& after);

// {"rule": {"min_n", "min_consensus"}, "first": point|null, "last": point|null, "markers": [...],
//  "consensus_reached": [{"round", "statement", "both": point|null, "current": point|null,
//  "desired": point|null}]} with point = {"seq", "version", "time_ms"}. See docs/api.md.
void to_json(nlohmann::json& j, const timeline& line);

}  // namespace scsa::domain
