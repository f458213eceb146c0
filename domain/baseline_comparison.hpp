// What changed since the baseline: per statement and theme the mean "now" and "ambition" then and today and
// the change, and where the baseline's agreed roadmap actions stand now. A view over two session summaries
// and the baseline's roadmap, not a fold of its own: the same inputs give the same comparison in the live
// dashboard, the reports and a replay. Pure.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/baseline_state.hpp"
#include "domain/roadmap_board.hpp"
#include "domain/session_summary.hpp"

namespace scsa::domain {

// One aspect's mean in the baseline and today; the change is today - then, when both were answered.
struct aspect_since {
  std::optional<double> then;
  std::optional<double> today;
  std::optional<double> change() const;
};

struct statement_since {
  int statement = 0;                      // 1..21
  std::array<aspect_since, 2> by_aspect;  // [aspect_index]: current (now), desired (ambition)
};

struct theme_since {
  theme which = theme::strategy;
  std::array<aspect_since, 2> by_aspect;
};

struct baseline_comparison {
  std::array<statement_since, statement_count> statements;  // [statement - 1]
  std::array<theme_since, theme_count> themes;              // [theme_index]
};

// `then`: the baseline's summary (its last round); `today`: this session's (its current round).
baseline_comparison compare_with_baseline(const session_summary& then, const session_summary& today);

// One action of the baseline's agreed roadmap, and where it stands now.
struct baseline_action_progress {
  std::string action_id;
  int statement = 0;
  std::string text_id;        // the baseline's wording (its text lives outside the log)
  std::string owner_text_id;  // "" when it had no owner
  std::optional<action_horizon> horizon;
  action_status then = action_status::agreed;  // as the baseline session left it
  action_status now = action_status::agreed;   // as this session says; `then` until reviewed
  bool reviewed = false;                       // this session said where it stands
};

// The baseline's agreed roadmap (actions agreed, started or done; no duplicates or hidden ones), by
// statement and then in the order they were proposed, each with its status now.
std::vector<baseline_action_progress> baseline_progress(const roadmap_board& baseline_roadmap,
                                                        const baseline_state& reviews);

// {"then","today","change"}: means rounded to 3 decimals, null when unknown.
void to_json(nlohmann::json& j, const aspect_since& a);

// {"statements": [{"statement", "current": {"then","today","change"}, "desired": {...}}],
//  "themes": [{"theme", "current": {...}, "desired": {...}}]}; means rounded to 3 decimals, null when
//  unknown.
void to_json(nlohmann::json& j, const baseline_comparison& comparison);

}  // namespace scsa::domain
