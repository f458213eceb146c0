// Per participant: the current and desired level they gave per statement, per round, and whether their
// answers count (joined and not removed). A pure fold of one session's events; the consensus projection
// builds on it to know which answer an event replaces.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "domain/scale.hpp"
#include "domain/session_events.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

struct participant_answers {
  bool joined = false;                 // a participant_joined was seen
  bool removed = false;                // removed by the facilitator (until they join again)
  std::map<int, answer_sheet> rounds;  // round -> levels, 0 where not answered (kept after removal)

  // Whether this participant's answers count in group results.
  bool active() const { return joined && !removed; }
};

struct participant_projection {
  int round = 1;                                            // the session's current round
  std::map<std::string, participant_answers> participants;  // by participant id; answers never vanish
  std::size_t active_count = 0;                             // participants whose answers count

  // The level a participant gave for a statement and aspect in a round, if any.
  std::optional<int> level(const std::string& participant_id, int in_round, int statement,
                           aspect which) const;
  // A participant's sheet in a round (all zero when they gave nothing there).
  answer_sheet sheet(const std::string& participant_id, int in_round) const;
  // The same for the current round.
  answer_sheet current_sheet(const std::string& participant_id) const { return sheet(participant_id, round); }
  // Whether the participant's answers count (joined and not removed).
  bool is_active(const std::string& participant_id) const;
};

inline const participant_projection initial_participant_projection{};

// Events naming an invalid statement or level change nothing (the decider never makes them).
participant_projection evolve(participant_projection projection, const session_event& event);

// {"participant": id, "round": r, "active": b, "answers": [{"statement": 1, "current": 3, "desired": null},
// ..]}
nlohmann::json participant_answers_json(const participant_projection& projection,
                                        const std::string& participant_id, int in_round);

}  // namespace scsa::domain
