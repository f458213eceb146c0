// Departments compared (see department_comparison.hpp).
#include "domain/department_comparison.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include "domain/session_summary.hpp"

namespace scsa::domain {

answer_sheet latest_sheet(const participant_answers& who) {
  answer_sheet latest{};
  for (std::size_t s = 0; s < latest.size(); ++s)
    for (std::size_t k = 0; k < 2; ++k)
      for (auto r = who.rounds.rbegin(); r != who.rounds.rend(); ++r)
        if (const auto level = r->second[s][k]; level != 0) {
          latest[s][k] = level;
          break;
        }
  return latest;
}

std::array<aspect_means, statement_count> sheet_means(const std::vector<answer_sheet>& sheets) {
  std::array<aspect_means, statement_count> means{};
  for (std::size_t s = 0; s < means.size(); ++s) {
    for (std::size_t k = 0; k < 2; ++k) {
      int sum = 0, n = 0;
      for (const auto& sheet : sheets)
        if (sheet[s][k] != 0) {
          sum += sheet[s][k];
          ++n;
        }
      if (n > 0) means[s][k] = static_cast<double>(sum) / n;
    }
  }
  return means;
}

aspect_means overall_mean(const std::array<aspect_means, statement_count>& means) {
  aspect_means overall;
  for (std::size_t k = 0; k < 2; ++k) {
    double sum = 0;
    int n = 0;
    for (const auto& row : means)
      if (row[k]) {
        sum += *row[k];
        ++n;
      }
    if (n > 0) overall[k] = sum / n;
  }
  return overall;
}

std::vector<department_means> compare_departments(const participant_projection& answers,
                                                  const session_state& session, int min_respondents) {
  std::map<std::string, std::vector<answer_sheet>> by_department;
  for (const auto& [id, who] : answers.participants) {
    if (!who.active()) continue;
    auto state = session.participants.find(id);
    if (state == session.participants.end() || !state->second.department || state->second.department->empty())
      continue;
    by_department[*state->second.department].push_back(latest_sheet(who));
  }
  std::vector<department_means> rows;
  for (const auto& [name, sheets] : by_department) {
    if (!may_compare(static_cast<int>(sheets.size()), min_respondents)) continue;
    department_means row;
    row.department = name;
    row.participants = static_cast<int>(sheets.size());
    const auto means = sheet_means(sheets);
    row.themes = theme_means(means);
    row.overall = overall_mean(means);
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

nlohmann::json mean_json(const std::optional<double>& mean) {
  return mean ? nlohmann::json(*mean) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json departments_json(const std::vector<department_means>& rows, int min_respondents) {
  auto list = nlohmann::json::array();
  for (const auto& row : rows) {
    auto themes = nlohmann::json::array();
    for (int t = 0; t < theme_count; ++t) {
      const auto& pair = row.themes[static_cast<std::size_t>(t)];
      nlohmann::json gap = nullptr;
      if (pair[0] && pair[1]) gap = *pair[1] - *pair[0];
      themes.push_back({{"theme", to_string(static_cast<theme>(t))},
                        {"current", mean_json(pair[0])},
                        {"desired", mean_json(pair[1])},
                        {"gap", std::move(gap)}});
    }
    list.push_back({{"department", row.department},
                    {"participants", row.participants},
                    {"current", mean_json(row.overall[0])},
                    {"desired", mean_json(row.overall[1])},
                    {"themes", std::move(themes)}});
  }
  return {{"min_respondents", min_respondents}, {"rows", std::move(list)}};
}

}  // namespace scsa::domain
