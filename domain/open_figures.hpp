// The open figures (GET /api/open-data/statements.csv|json): per municipality and statement, the mean
// current and desired levels and how many answered, of every cell the k rule lets out (disclosure.hpp), for
// anyone to reuse under CC BY 4.0, as the ODI publishes its pathway statistics. Never a respondent, a
// session, a department or a free text: only cells of k answers or more. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/municipalities.hpp"
#include "domain/municipality_averages.hpp"

namespace scsa::domain {

inline constexpr std::string_view open_figures_licence = "CC BY 4.0";
inline constexpr std::string_view open_figures_licence_url = "https://creativecommons.org/licenses/by/4.0/";

struct open_figure_row {
  std::string municipality;  // CBS code
  std::string name;
  int statement = 0;
  std::optional<double> current_mean;  // nullopt: fewer than k answered
  int current_respondents = 0;
  std::optional<double> desired_mean;
  int desired_respondents = 0;
};

// Rows in municipality code and statement order; a statement with neither aspect shown has no row.
std::vector<open_figure_row> open_figures(const municipality_averages& averages,
                                          const municipality_registry& registry, int k);

// municipality,name,statement,current_mean,current_respondents,desired_mean,desired_respondents: commas,
// decimal points, means to 3 decimals, empty where not shown, LF, no byte order mark (for programs).
std::string open_figures_csv(const std::vector<open_figure_row>& rows);

// {"licence", "licence_url", "min_respondents", "rows": [{...the same fields...}]}
nlohmann::json open_figures_json(const std::vector<open_figure_row>& rows, int k);

}  // namespace scsa::domain
