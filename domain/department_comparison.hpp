// Departments compared: each department's means per theme, from the latest answers of its active
// participants. A department with fewer than k participants is left out, so neither the workshop report nor
// the live dashboard shows a few people's answers. The rule lives here; report and dashboard only show it.
// Pure (no I/O, clock or threads).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/municipality_averages.hpp"
#include "domain/participant_projection.hpp"
#include "domain/session_state.hpp"
#include "domain/themes.hpp"

namespace scsa::domain {

using aspect_means = std::array<std::optional<double>, 2>;  // [aspect_index]: current, desired

// Per statement and aspect, the level of the highest round that has one (0 = none).
answer_sheet latest_sheet(const participant_answers& who);

// The mean per statement and aspect over sheets (nullopt where nobody answered).
std::array<aspect_means, statement_count> sheet_means(const std::vector<answer_sheet>& sheets);

// Per aspect, the mean over the statements that have a value.
aspect_means overall_mean(const std::array<aspect_means, statement_count>& means);

struct department_means {
  std::string department;                          // as participants typed it
  int participants = 0;                            // active participants who named it (at least k)
  std::array<aspect_means, theme_count> themes{};  // [theme index]
  aspect_means overall;                            // over every answered statement
};

// The departments with at least `min_respondents` active participants, by name.
std::vector<department_means> compare_departments(const participant_projection& answers,
                                                  const session_state& session, int min_respondents);

// {"min_respondents": k, "rows": [{"department", "participants", "current", "desired",
//   "themes": [{"theme", "current", "desired", "gap"}]}]}: the facilitator's live view of the above.
nlohmann::json departments_json(const std::vector<department_means>& rows, int min_respondents);

}  // namespace scsa::domain
