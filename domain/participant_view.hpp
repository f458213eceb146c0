// What a participant is shown of the group, and where their own roadmap starts: rules the live session and
// the personal report only apply. Pure (no I/O, clock or threads).
#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/consensus_projection.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

// Participants see the group's answers only while the facilitator shows them.
bool participants_see_results(const session_state& session);

// The group's answers as a participant sees them in `round`: per statement and aspect only counts, n and
// mean ({"round", "statements": [{"statement", "current": {counts, n, mean}, "desired": {...}}]}); the full
// statistics are the facilitator's (and would make every participant's update about three times larger).
nlohmann::json group_results_for_participants(const consensus_projection& projection, int round);

// A respondent's starting points for the roadmap: the statements with the largest positive gap (ambition
// above now), largest first, ties in statement order, at most `limit`. `gaps` is indexed by statement - 1.
inline constexpr std::size_t roadmap_length = 5;
std::vector<int> roadmap_starting_points(const std::vector<std::optional<int>>& gaps,
                                         std::size_t limit = roadmap_length);

}  // namespace scsa::domain
