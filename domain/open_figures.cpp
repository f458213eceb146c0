// The open figures from the disclosed averages.
#include "domain/open_figures.hpp"

#include "domain/json_number.hpp"

#include <charconv>
#include <cmath>

#include "domain/disclosure.hpp"

namespace scsa::domain {

namespace {

std::string decimal(const std::optional<double>& value) {
  if (!value) return {};
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, *value, std::chars_format::fixed, 3).ptr;
  return std::string(text, end);
}

// A field for a comma-separated file: quoted when it holds a comma, a quote or a line break.
std::string comma_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::vector<open_figure_row> open_figures(const municipality_averages& averages,
                                          const municipality_registry& registry, int k) {
  std::vector<open_figure_row> rows;
  for (const auto& [code, tally] : averages.municipalities) {
    if (!may_compare(tally.respondents, k)) continue;
    const auto* place = registry.find(code);
    if (place == nullptr) continue;
    const auto shown = disclosed_average(averages, code, k);
    for (int statement = 1; statement <= statement_count; ++statement) {
      const auto& cells = shown.statements[static_cast<std::size_t>(statement - 1)];
      const auto& now = cells[aspect_index(aspect::current)];
      const auto& later = cells[aspect_index(aspect::desired)];
      if (!now.mean && !later.mean) continue;
      rows.push_back(
          {code, place->name, statement, now.mean, now.respondents, later.mean, later.respondents});
    }
  }
  return rows;
}

std::string open_figures_csv(const std::vector<open_figure_row>& rows) {
  std::string out =
      "municipality,name,statement,current_mean,current_respondents,desired_mean,desired_respondents\n";
  for (const auto& r : rows) {
    out += r.municipality + "," + comma_field(r.name) + "," + std::to_string(r.statement) + "," +
           decimal(r.current_mean) + "," + (r.current_mean ? std::to_string(r.current_respondents) : "") +
           "," + decimal(r.desired_mean) + "," +
           (r.desired_mean ? std::to_string(r.desired_respondents) : "") + "\n";
  }
  return out;
}

nlohmann::json open_figures_json(const std::vector<open_figure_row>& rows, int k) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : rows)
    list.push_back({{"municipality", r.municipality},
                    {"name", r.name},
                    {"statement", r.statement},
                    {"current_mean", number_or_null(r.current_mean)},
                    {"current_respondents",
                     r.current_mean ? nlohmann::json(r.current_respondents) : nlohmann::json(nullptr)},
                    {"desired_mean", number_or_null(r.desired_mean)},
                    {"desired_respondents",
                     r.desired_mean ? nlohmann::json(r.desired_respondents) : nlohmann::json(nullptr)}});
  return {{"licence", open_figures_licence},
          {"licence_url", open_figures_licence_url},
          {"min_respondents", k},
          {"rows", std::move(list)}};
}

}  // namespace scsa::domain
