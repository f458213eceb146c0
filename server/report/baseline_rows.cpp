// The baseline's rows as JSON (see baseline_rows.hpp).
#include "server/report/baseline_rows.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace scsa::server::report {

void to_json(nlohmann::json& j, const baseline_pages& pages) {
  using json = nlohmann::json;
  auto number = [](const std::optional<double>& v) {
    return v ? json(std::round(*v * 1000) / 1000) : json(nullptr);
  };
  auto aspect = [&](const domain::aspect_since& a) {
    return json{{"then", number(a.then)}, {"today", number(a.today)}, {"change", number(a.change())}};
  };
  auto lines = [&](const std::vector<baseline_pages::line>& from) {
    json out = json::array();
    for (const auto& l : from)
      out.push_back(json{{"name", l.name}, {"now", aspect(l.now)}, {"ambition", aspect(l.ambition)}});
    return out;
  };
  json actions = json::array();
  for (const auto& a : pages.actions)
    actions.push_back(json{{"statement", a.statement},
                           {"text", a.text},
                           {"owner", a.owner.empty() ? json(nullptr) : json(a.owner)},
                           {"then", domain::to_string(a.then)},
                           {"now", domain::to_string(a.now)},
                           {"reviewed", a.reviewed}});
  j = json{
      {"title", pages.title},          {"date", pages.date},          {"participants", pages.participants},
      {"themes", lines(pages.themes)}, {"moved", lines(pages.moved)}, {"actions", std::move(actions)}};
}

}  // namespace scsa::server::report
