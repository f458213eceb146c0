// The comparison with a baseline (see baseline_comparison.hpp).
#include "domain/baseline_comparison.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "domain/json_number.hpp"

namespace scsa::domain {

namespace {

using json = nlohmann::json;

std::optional<double> mean_of(const distribution_summary& d) {
  return d.n > 0 ? std::optional(d.mean) : std::nullopt;
}

bool on_the_roadmap(const roadmap_action& action) {
  return action.merged_into.empty() && !action.hidden &&
         (action.status == action_status::agreed || action.status == action_status::started ||
          action.status == action_status::done);
}

}  // namespace

std::optional<double> aspect_since::change() const {
  if (!then || !today) return std::nullopt;
  return *today - *then;
}

baseline_comparison compare_with_baseline(const session_summary& then, const session_summary& today) {
  baseline_comparison comparison;
  for (std::size_t i = 0; i < comparison.statements.size(); ++i) {
    auto& s = comparison.statements[i];
    s.statement = static_cast<int>(i) + 1;
    for (std::size_t a = 0; a < 2; ++a)
      s.by_aspect[a] = {mean_of(then.statements[i].by_aspect[a]), mean_of(today.statements[i].by_aspect[a])};
  }
  for (std::size_t i = 0; i < comparison.themes.size(); ++i) {
    auto& t = comparison.themes[i];
    t.which = static_cast<theme>(i);
    for (std::size_t a = 0; a < 2; ++a) t.by_aspect[a] = {then.themes[i].mean[a], today.themes[i].mean[a]};
  }
  return comparison;
}

std::vector<baseline_action_progress> baseline_progress(const roadmap_board& baseline_roadmap,
                                                        const baseline_state& reviews) {
  std::vector<baseline_action_progress> progress;
  for (const auto& [id, action] : baseline_roadmap.actions) {
    if (!on_the_roadmap(action)) continue;
    baseline_action_progress p;
    p.action_id = id;
    p.statement = action.statement;
    p.text_id = action.text_id;
    p.owner_text_id = action.owner_text_id;
    p.horizon = action.horizon;
    p.then = action.status;
    p.now = action.status;
    if (auto reviewed = reviews.reviews.find(id); reviewed != reviews.reviews.end()) {
      p.now = reviewed->second;
      p.reviewed = true;
    }
    progress.push_back(std::move(p));
  }
  std::sort(progress.begin(), progress.end(), [&](const auto& a, const auto& b) {
    const auto order = [&](const std::string& id) { return baseline_roadmap.actions.at(id).order; };
    return a.statement != b.statement ? a.statement < b.statement : order(a.action_id) < order(b.action_id);
  });
  return progress;
}

void to_json(json& j, const aspect_since& a) {
  j = json{{"then", number_or_null(a.then)},
           {"today", number_or_null(a.today)},
           {"change", number_or_null(a.change())}};
}

void to_json(json& j, const baseline_comparison& comparison) {
  json statements = json::array();
  for (const auto& s : comparison.statements)
    statements.push_back(json{
        {"statement", s.statement}, {"current", json(s.by_aspect[0])}, {"desired", json(s.by_aspect[1])}});
  json themes = json::array();
  for (const auto& t : comparison.themes)
    themes.push_back(json{
        {"theme", to_string(t.which)}, {"current", json(t.by_aspect[0])}, {"desired", json(t.by_aspect[1])}});
  j = json{{"statements", std::move(statements)}, {"themes", std::move(themes)}};
}

}  // namespace scsa::domain
