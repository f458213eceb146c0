// The demo data plan for `scsa-server --demo`: workshops and solo respondents for several municipalities,
// with answers that follow the content brief's pattern of large and small gaps between now and ambition.
// Pure and deterministic: standard library only, no I/O, its own PRNG, so one seed always gives one plan
// on every platform. The server turns the plan into ordinary commands through the decider.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/scale.hpp"
#include "domain/session_events.hpp"

namespace scsa::server {

// One answer a demo participant gives.
struct demo_answer {
  int round;             // the round it belongs to, 1..the session's rounds
  int statement;         // 1..21
  domain::aspect which;  // current or desired
  int level;             // 1..5
  bool operator==(const demo_answer&) const = default;
};

// One demo participant, who joins and then gives their answers in the order listed (rounds ascending).
struct demo_participant {
  std::string name;                       // fictional first name and initial, e.g. "Anouk B."
  std::optional<std::string> department;  // e.g. "Dienstverlening"; some participants leave it out
  std::vector<demo_answer> answers;       // every answer of every round, rounds ascending
  bool operator==(const demo_participant&) const = default;
};

// One demo session, replayed in this order: create it, join every participant and give their round-1
// answers; when `rounds` is 2, start round 2 and give the round-2 answers; then close the statements in
// `closed_statements` and reveal the results when `revealed`.
struct demo_session {
  std::string title;                   // Dutch title, as a facilitator or the tool would give it
  std::string municipality;            // CBS code, e.g. "GM0344"; always in the registry
  domain::session_mode mode;           // workshop (a facilitator and a group) or solo (one respondent)
  int rounds;                          // how many rounds were run: 1, or 2 for a second round
  bool revealed;                       // whether the group results are shown to participants
  std::vector<int> closed_statements;  // statements closed after every answer was given, ascending
  std::vector<demo_participant> participants;  // in joining order; exactly one in a solo session
  bool operator==(const demo_session&) const = default;
};

// Everything `--demo` creates on an empty database.
struct demo_plan {
  std::vector<demo_session> sessions;  // workshops first, then solo respondents grouped by municipality
  bool operator==(const demo_plan&) const = default;
};

// The demo plan for `seed`: the same seed gives the same plan, another seed other answers and names
// (the sessions, municipalities and respondent counts do not depend on the seed).
demo_plan make_demo_plan(std::uint64_t seed = 2026);

// When each step of a demo session happened, so that its replay plays like a real one: people join over a
// few minutes, a workshop's group answers statement by statement (about a minute each, everyone at their
// own pace within it), a second round follows a discussion, and the facilitator closes and reveals at the
// end. Times are Unix milliseconds from `start_ms`; every step of a session is later than the one before.
struct demo_schedule {
  std::int64_t created_ms = 0;                         // the session was created
  std::vector<std::int64_t> joined_ms;                 // [participant]
  std::vector<std::vector<std::int64_t>> answered_ms;  // [participant][answer], as listed in the plan
  std::vector<std::int64_t> round_started_ms;          // [round - 2]: when round 2 (3, ...) started
  std::int64_t finished_ms = 0;                        // closing and revealing start here, 5 s apart
};
demo_schedule schedule_demo(const demo_session& session, std::int64_t start_ms);

// When the sessions of a plan start: one after another in the days before `now_ms`, at office hours.
std::int64_t demo_start_ms(std::size_t session_index, std::size_t session_count, std::int64_t now_ms);

}  // namespace scsa::server
