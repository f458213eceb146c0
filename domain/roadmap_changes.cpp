// Which parts of the roadmap's views an event changed, and the JSON of those parts.
#include "domain/roadmap_changes.hpp"

#include <variant>

#include "domain/overloaded.hpp"
#include "domain/roadmap_priority.hpp"

namespace scsa::domain {

using json = nlohmann::json;

namespace {

// The statements on which this participant signed an explanation: renaming them changes those entries.
void note_signed_statements(roadmap_changes& changes, const session_state& state,
                            const std::string& participant_id) {
  auto sheet = state.roadmap.explanations.find(participant_id);
  if (sheet == state.roadmap.explanations.end()) return;
  for (int statement = 1; statement <= statement_count; ++statement)
    for (const auto& ref : sheet->second[static_cast<std::size_t>(statement - 1)])
      if (ref.is_signed && !ref.text_id.empty()) changes.statements.insert(statement);
}

void note_roadmap(roadmap_changes& changes, const roadmap_event& event) {
  std::visit(overloaded{
                 [&](const explanation_given& e) { changes.statements.insert(e.statement); },
                 [&](const explanations_shown& e) { changes.statements.insert(e.statement); },
                 [&](const explanations_hidden& e) { changes.statements.insert(e.statement); },
                 [&](const conclusion_recorded& e) { changes.statements.insert(e.statement); },
                 [&](const actions_merged& e) {
                   changes.actions.insert(e.action_id);
                   changes.actions.insert(e.into);
                 },
                 [&](const vote_budget_set&) { changes.budget = true; },
                 [&](const vote_cast& e) { changes.votes.insert(e.action_id); },
                 [&](const vote_withdrawn& e) { changes.votes.insert(e.action_id); },
                 [&](const auto& e) { changes.actions.insert(e.action_id); },
             },
             event);
}

// {action id: votes} for the actions whose count alone changed (a whole entry is sent for the others), of
// those the audience sees.
json vote_counts_json(const session_state& state, const roadmap_changes& changes, bool open_only) {
  json counts = json::object();
  for (const auto& action_id : changes.votes) {
    if (changes.actions.contains(action_id)) continue;
    const auto* action = state.roadmap.find(action_id);
    if (action == nullptr || (open_only && !action->open_for_votes())) continue;
    counts[action_id] = counted_votes(state, action_id, state.round);
  }
  return counts;
}

// The statements the changes name, or nullopt when everything changed.
statement_filter changed_statements(const roadmap_changes& changes) {
  return changes.everything ? statement_filter{} : statement_filter{changes.statements};
}

}  // namespace

void roadmap_changes::note(const session_event& event, const session_state& after) {
  if (const auto* roadmap = std::get_if<roadmap_event>(&event)) {
    note_roadmap(*this, *roadmap);
  } else if (std::holds_alternative<round_started>(event) ||
             std::holds_alternative<participant_removed>(event)) {
    everything = true;  // votes count per round and only from participants who take part
  } else if (const auto* renamed = std::get_if<participant_renamed>(&event)) {
    note_signed_statements(*this, after, renamed->participant_id);
  }
}

json facilitator_roadmap_changes_json(const session_state& state, const round_consensus& consensus,
                                      const text_lookup& texts, const name_lookup& names,
                                      const roadmap_changes& changes) {
  json actions = json::array();
  for (const auto& action_id : changes.actions)
    if (const auto* action = state.roadmap.find(action_id))
      actions.push_back(facilitator_action_json(state, *action, texts));
  const auto only = changed_statements(changes);
  return json{{"vote_budget", state.roadmap.vote_budget},
              {"actions", std::move(actions)},
              {"removed_actions", json::array()},
              {"votes", vote_counts_json(state, changes, false)},
              {"statements", changes.statements},
              {"conclusions", conclusions_json(state, texts, only)},
              {"explanations", explanations_json(state, texts, names, false, only)},
              {"explanations_shown", explanations_shown_json(state)},
              {"priorities", priorities_json(state, consensus)}};
}

json participant_roadmap_changes_json(const session_state& state, const text_lookup& texts,
                                      const name_lookup& names, const roadmap_changes& changes) {
  json actions = json::array();
  json removed = json::array();
  for (const auto& action_id : changes.actions) {
    const auto* action = state.roadmap.find(action_id);
    if (action != nullptr && action->open_for_votes())
      actions.push_back(participant_action_json(state, *action, texts));
    else
      removed.push_back(action_id);
  }
  const auto only = changed_statements(changes);
  return json{{"vote_budget", state.roadmap.vote_budget},
              {"actions", std::move(actions)},
              {"removed_actions", std::move(removed)},
              {"votes", vote_counts_json(state, changes, true)},
              {"statements", changes.statements},
              {"conclusions", conclusions_json(state, texts, only)},
              {"explanations", explanations_json(state, texts, names, true, only)}};
}

}  // namespace scsa::domain
