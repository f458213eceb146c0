// What the reports print of a baseline, in the report's language: rows only, no look-ups (see
// baseline_model.hpp for where they come from and baseline_section.hpp for how they are drawn). Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/baseline_comparison.hpp"

namespace scsa::server::report {

// One action of the baseline's agreed roadmap and where it stands now.
struct baseline_action_row {
  std::string action_id;
  int statement = 0;
  std::string text;   // the baseline's wording; "" when erased
  std::string owner;  // "" when none
  std::optional<domain::action_horizon> horizon;
  domain::action_status then = domain::action_status::agreed;
  domain::action_status now = domain::action_status::agreed;
  bool reviewed = false;  // this session said where it stands
};

struct baseline_pages {
  struct line {
    std::string id;    // the theme's id ("strategy"), or the statement's number ("12")
    std::string name;  // a theme's name, or "12  Title" of a statement
    domain::aspect_since now;
    domain::aspect_since ambition;
  };
  std::string session_id;  // of the baseline session
  domain::session_mode mode = domain::session_mode::workshop;
  std::int64_t created_ms = 0;
  std::string title;  // of the baseline session
  std::string date;   // when it began, in the report's language
  int participants = 0;
  std::vector<line> themes;  // in catalogue order
  std::vector<line> moved;   // the statements whose "now" moved most, either way (at most six; not 0.0)
  std::vector<baseline_action_row> actions;
};

// The pages as the report page's JSON: {"session_id","mode","created","title","date","participants",
// "themes":[{"theme","name","now":{"then","today","change"},"ambition":{…}}],"moved":[{"statement","name",
// "now","ambition"}],"actions":[{"action_id","statement","text","owner","horizon","then","now","reviewed"}]}.
void to_json(nlohmann::json& j, const baseline_pages& pages);

}  // namespace scsa::server::report
