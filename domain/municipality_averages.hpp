// Averages per municipality and nationally, per statement and aspect, over every respondent's latest
// answers, folded over the events of ALL sessions. A respondent is a participant of a session; their
// latest answer to a statement and aspect is the standing one from the highest round that has one
// (withdrawing it falls back to an earlier round's); a removed participant is no respondent.
// Incremental: an answer event moves at most one respondent's contribution in two tallies.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/id_table.hpp"
#include "domain/scale.hpp"
#include "domain/session_events.hpp"
#include "domain/session_state.hpp"
#include "domain/themes.hpp"

namespace scsa::domain {

// Sums of latest levels for one municipality or the nation: [statement - 1][aspect_index].
struct averages_tally {
  std::array<std::array<std::int64_t, 2>, statement_count> sums{};  // sum of latest levels
  std::array<std::array<int, 2>, statement_count> answered{};       // respondents with a latest level
  int respondents = 0;  // respondents with at least one latest level here
  bool operator==(const averages_tally&) const = default;
};

// One round's standing levels of one respondent.
struct round_levels {
  int round = 1;
  answer_sheet levels{};  // 0 = none
  bool operator==(const round_levels&) const = default;
};

// One participant of one session, as the averages see them. Held for every respondent ever, so small:
// the latest levels are read from the rounds rather than kept beside them.
struct respondent {
  std::uint32_t participant = 0;     // number in municipality_averages::participant_ids
  bool joined = false;               // a participant_joined was seen
  bool removed = false;              // removed by the facilitator (until they join again)
  std::uint8_t latest_count = 0;     // cells with a latest level
  std::vector<round_levels> rounds;  // rounds with any level, ascending

  bool active() const { return joined && !removed; }
  // The level of the highest round that has one, per cell (0 = none).
  std::uint8_t latest_level(std::size_t statement_cell, std::size_t aspect_cell) const;
  answer_sheet latest() const;
  bool operator==(const respondent&) const = default;
};

struct session_respondents {
  std::uint32_t municipality = no_text;  // its CBS code's number in municipality_codes; none until created
  std::vector<respondent> participants;  // ascending by participant number
  bool operator==(const session_respondents&) const = default;
};

// What a report shows for one statement and aspect.
struct aspect_average {
  std::optional<double> mean;  // mean of the respondents' latest levels; nullopt when nobody answered
  int respondents = 0;         // how many respondents have a latest level here
};

struct municipality_average {
  std::string municipality;  // CBS code; empty for the national average
  int respondents = 0;       // respondents with at least one answer
  std::array<std::array<aspect_average, 2>, statement_count> statements{};  // [statement - 1][aspect_index]
  std::array<std::array<std::optional<double>, 2>, theme_count> themes{};   // [theme_index][aspect_index]
};

struct municipality_averages {
  id_table session_ids;                                               // session number -> id
  std::vector<session_respondents> sessions;                          // by session number
  id_table participant_ids;                                           // participant number -> id
  id_table municipality_codes;                                        // the sessions' CBS codes, each once
  std::map<std::string, averages_tally, std::less<>> municipalities;  // by CBS code
  averages_tally national;  // every counted respondent of every session

  // The averages of one municipality (all empty, respondents 0, when it has no data).
  municipality_average averages_for(const std::string& code) const;
  // The averages over every municipality.
  municipality_average national_average() const;
  // Codes of the municipalities with at least one respondent, in code order (for choosing comparisons).
  std::vector<std::string> municipalities_with_data() const;
  // A session's CBS code ("" until its session_created).
  std::string_view municipality_of(const session_respondents& session) const {
    return session.municipality == no_text ? std::string_view{} : municipality_codes.at(session.municipality);
  }
  // One session's respondents, if any event of it was folded.
  const session_respondents* find_session(std::string_view session_id) const;
  // Its participants who joined and were not removed (what a list of sessions shows).
  std::size_t active_participants(std::string_view session_id) const;
  bool operator==(const municipality_averages&) const = default;
};

inline const municipality_averages initial_municipality_averages{};

// A municipality's averages are shown to anyone only from this many respondents on (k-anonymity): with
// fewer, a facilitator could subtract their own session's answers and read a few people's answers.
inline constexpr int min_respondents_to_compare = 5;

// The k-anonymity rule, once for every comparison the server shows (averages, reports, the dashboard,
// the list of municipalities to compare with): only a group of at least k respondents, and never none.
constexpr bool may_compare(int respondents, int min_respondents) {
  return respondents > 0 && respondents >= min_respondents;
}

// Folds one event of the session `session_id`; events of different sessions may interleave freely.
municipality_averages evolve(municipality_averages averages, const std::string& session_id,
                             const session_event& event);

// {"municipality": code|null, "respondents": n, "statements": [{"statement": 1, "current": {"mean": ..,
// "respondents": ..}, "desired": {..}}, ..], "themes": [{"theme": "strategy", "current": .., "desired": ..}]}
void to_json(nlohmann::json& j, const municipality_average& a);

}  // namespace scsa::domain
