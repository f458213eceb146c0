// The state a session's decider judges commands against, folded from the session's events.
// evolve() is pure: the same events always give the same state.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "domain/baseline_state.hpp"
#include "domain/command_id_set.hpp"
#include "domain/roadmap_board.hpp"
#include "domain/scale.hpp"
#include "domain/session_events.hpp"

namespace scsa::domain {

// One participant's levels in one round: [statement - 1][aspect], 0 where not answered.
using answer_sheet = std::array<std::array<std::uint8_t, 2>, statement_count>;

struct participant_state {
  std::optional<std::string> department;  // as given on joining
  std::string token_hash;                 // to recognise the participant when they resume
  bool removed = false;                   // removed by the facilitator: may no longer answer
};

// The facts of a session that everyone may see: no participants, answers, credentials or join code. One
// fold serves the live state (below) and a reviewer's replay (replay.hpp), so the two cannot drift apart.
struct session_header {
  bool created = false;                        // false until session_created
  std::string session_id;                      // the stream id
  std::string title;                           // shown to everyone
  std::string municipality;                    // CBS code
  session_mode mode = session_mode::workshop;  // workshop or solo
  std::array<bool, statement_count> open{};    // which statements take answers (all, after creation)
  bool revealed = false;                       // do participants see group results?
  bool closed = false;                         // closed sessions take no answers
  int round = 1;                               // the current round
  int focus = 0;                               // where the facilitator last sent everyone (0: nowhere yet)
  int focus_number = 0;                        // how many times they did: phones follow each new one
  std::int64_t version = 0;                    // number of events folded
  baseline_state baseline;                     // the earlier session compared with, if any
  bool operator==(const session_header&) const = default;
};

session_header evolve(session_header header, const session_event& event);

struct session_state : session_header {
  std::string join_code;                                       // what participants type to join
  std::string facilitator_token_hash;                          // who may facilitate
  std::map<std::string, participant_state> participants;       // by participant id, in id order
  std::map<int, std::map<std::string, answer_sheet>> answers;  // round -> participant -> sheet
  command_id_set handled_commands;                             // ids of commands that decided events
  roadmap_board roadmap;                                       // explanations, actions, votes, conclusions

  // The level a participant gave in a round, if any.
  std::optional<int> answer(int in_round, const std::string& participant_id, int statement,
                            aspect which) const;
  // Participants who joined and were not removed.
  std::size_t active_participant_count() const;
};

session_state evolve(session_state state, const session_event& event);
// Folds an event and remembers the command that decided it (for idempotency).
session_state evolve(session_state state, const stamped_event& event);

}  // namespace scsa::domain
