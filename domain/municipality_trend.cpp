// The trend's points (see municipality_trend.hpp).
#include "domain/municipality_trend.hpp"

#include <algorithm>
#include <map>

#include "domain/session_summary.hpp"

namespace scsa::domain {

namespace {

// The latest sheets of a session's active respondents who answered anything.
void add_sheets(const session_respondents& session, std::vector<answer_sheet>& sheets) {
  for (const auto& who : session.participants)
    if (who.active() && who.latest_count > 0) sheets.push_back(who.latest());
}

trend_point point_of(const std::vector<answer_sheet>& sheets) {
  trend_point point;
  point.respondents = static_cast<int>(sheets.size());
  const auto means = sheet_means(sheets);
  point.overall = overall_mean(means);
  point.themes = theme_means(means);
  return point;
}

}  // namespace

std::vector<trend_point> municipality_trend(const std::vector<trend_session>& sessions, int min_respondents) {
  std::vector<trend_point> points;
  int left_out = 0;  // respondents of the points not shown
  struct solo_year {
    std::vector<answer_sheet> sheets;
    std::int64_t first_ms = 0;
  };
  std::map<int, solo_year> solos;
  for (const auto& s : sessions) {
    if (s.respondents == nullptr) continue;
    if (s.mode == session_mode::solo) {
      auto& year = solos[s.year];
      const auto before = year.sheets.size();
      add_sheets(*s.respondents, year.sheets);
      if (year.sheets.size() > before && (year.first_ms == 0 || s.created_ms < year.first_ms))
        year.first_ms = s.created_ms;
      continue;
    }
    std::vector<answer_sheet> sheets;
    add_sheets(*s.respondents, sheets);
    if (!may_compare(static_cast<int>(sheets.size()), min_respondents)) {
      left_out += static_cast<int>(sheets.size());
      continue;
    }
    auto point = point_of(sheets);
    point.year = s.year;
    point.workshop = true;
    point.session_id = s.session_id;
    point.title = s.title;
    point.created_ms = s.created_ms;
    points.push_back(std::move(point));
  }
  for (const auto& [year, group] : solos) {
    if (!may_compare(static_cast<int>(group.sheets.size()), min_respondents)) {
      left_out += static_cast<int>(group.sheets.size());
      continue;
    }
    auto point = point_of(group.sheets);
    point.year = year;
    point.workshop = false;
    point.created_ms = group.first_ms;
    points.push_back(std::move(point));
  }
  // Differencing: the left-out respondents together must be none or at least k.
  while (left_out > 0 && left_out < min_respondents && !points.empty()) {
    auto smallest = std::min_element(points.begin(), points.end(), [](const auto& a, const auto& b) {
      return a.respondents != b.respondents ? a.respondents < b.respondents : a.created_ms > b.created_ms;
    });
    left_out += smallest->respondents;
    points.erase(smallest);
  }
  std::sort(points.begin(), points.end(), [](const trend_point& a, const trend_point& b) {
    if (a.created_ms != b.created_ms) return a.created_ms < b.created_ms;
    if (a.workshop != b.workshop) return a.workshop;
    return a.session_id < b.session_id;
  });
  return points;
}

}  // namespace scsa::domain
