// Noting which statements an event changed, and cutting a view down to them.
#include "domain/statement_changes.hpp"

#include <variant>

namespace scsa::domain {

void statement_changes::note(const session_event& event) {
  if (const auto* given = std::get_if<answer_given>(&event)) {
    statements.insert(given->statement);
  } else if (const auto* withdrawn = std::get_if<answer_withdrawn>(&event)) {
    statements.insert(withdrawn->statement);
  } else if (std::holds_alternative<round_started>(event) ||
             std::holds_alternative<participant_removed>(event) ||
             std::holds_alternative<results_revealed>(event)) {
    everything = true;
  }
}

nlohmann::json changed_statements_of(nlohmann::json view, const statement_changes& changes) {
  if (changes.everything || !view.contains("statements")) return view;
  auto& statements = view["statements"];
  nlohmann::json kept = nlohmann::json::array();
  for (auto& entry : statements)
    if (entry.contains("statement") && entry["statement"].is_number_integer() &&
        changes.statements.contains(entry["statement"].get<int>()))
      kept.push_back(std::move(entry));
  statements = std::move(kept);
  return view;
}

}  // namespace scsa::domain
