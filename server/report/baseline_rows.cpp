// The baseline's rows as JSON (see baseline_rows.hpp).
#include "server/report/baseline_rows.hpp"

#include <nlohmann/json.hpp>

#include "domain/session_export.hpp"

namespace scsa::server::report {

void to_json(nlohmann::json& j, const baseline_pages& pages) {
  using json = nlohmann::json;
  auto lines = [&](const std::vector<baseline_pages::line>& from, bool statements) {
    json out = json::array();
    for (const auto& l : from) {
      json line{{"name", l.name}, {"now", l.now}, {"ambition", l.ambition}};
      if (statements)
        line["statement"] = std::stoi(l.id);
      else
        line["theme"] = l.id;
      out.push_back(std::move(line));
    }
    return out;
  };
  json actions = json::array();
  for (const auto& a : pages.actions)
    actions.push_back(json{{"action_id", a.action_id},
                           {"statement", a.statement},
                           {"horizon", a.horizon ? json(domain::to_string(*a.horizon)) : json(nullptr)},
                           {"text", a.text},
                           {"owner", a.owner.empty() ? json(nullptr) : json(a.owner)},
                           {"then", domain::to_string(a.then)},
                           {"now", domain::to_string(a.now)},
                           {"reviewed", a.reviewed}});
  j = json{{"session_id", pages.session_id},
           {"mode", domain::to_string(pages.mode)},
           {"created", domain::format_iso_time(pages.created_ms)},
           {"title", pages.title},
           {"date", pages.date},
           {"participants", pages.participants},
           {"themes", lines(pages.themes, false)},
           {"moved", lines(pages.moved, true)},
           {"actions", std::move(actions)}};
}

}  // namespace scsa::server::report
