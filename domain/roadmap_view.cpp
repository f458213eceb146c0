// Building the roadmap's JSON for each audience.
#include "domain/roadmap_view.hpp"

#include <algorithm>

#include "domain/roadmap_priority.hpp"

namespace scsa::domain {

using json = nlohmann::json;

namespace {

bool included(const statement_filter& only, int statement) {
  return !only || only->contains(statement);
}

json horizon_json(const roadmap_action& action) {
  return action.horizon ? json(to_string(*action.horizon)) : json(nullptr);
}

// Actions in the order they were proposed.
std::vector<const roadmap_action*> in_order(const roadmap_board& board) {
  std::vector<const roadmap_action*> actions;
  actions.reserve(board.actions.size());
  for (const auto& [id, action] : board.actions) actions.push_back(&action);
  std::sort(actions.begin(), actions.end(), [](const auto* a, const auto* b) { return a->order < b->order; });
  return actions;
}

}  // namespace

json text_of(const text_lookup& texts, const std::string& text_id) {
  if (text_id.empty()) return nullptr;
  auto found = texts.find(text_id);
  return found == texts.end() ? json(nullptr) : json(found->second);
}

json conclusions_json(const session_state& state, const text_lookup& texts, const statement_filter& only) {
  json list = json::array();
  for (int statement = 1; statement <= statement_count; ++statement) {
    if (!included(only, statement)) continue;
    const auto& text_id = state.roadmap.conclusions[static_cast<std::size_t>(statement - 1)];
    if (!text_id.empty()) list.push_back({{"statement", statement}, {"text", text_of(texts, text_id)}});
  }
  return list;
}

json explanations_json(const session_state& state, const text_lookup& texts, const name_lookup& names,
                       bool shown_only, const statement_filter& only) {
  json list = json::array();
  for (int statement = 1; statement <= statement_count; ++statement) {
    if (!included(only, statement)) continue;
    const auto index = static_cast<std::size_t>(statement - 1);
    if (shown_only && !state.roadmap.explanations_visible[index]) continue;
    for (const auto& [participant_id, sheet] : state.roadmap.explanations) {
      auto who = state.participants.find(participant_id);
      if (who == state.participants.end() || who->second.removed) continue;
      for (const auto which : {aspect::current, aspect::desired}) {
        const auto& ref = sheet[index][aspect_index(which)];
        if (ref.text_id.empty()) continue;
        json entry{
            {"statement", statement}, {"aspect", to_string(which)}, {"text", text_of(texts, ref.text_id)}};
        if (ref.is_signed) {
          auto name = names.find(participant_id);
          if (name != names.end()) entry["name"] = name->second;
        }
        list.push_back(std::move(entry));
      }
    }
  }
  return list;
}

json participant_action_json(const session_state& state, const roadmap_action& action,
                             const text_lookup& texts) {
  return {{"action_id", action.action_id},
          {"order", action.order},
          {"statement", action.statement},
          {"text", text_of(texts, action.text_id)},
          {"votes", counted_votes(state, action.action_id, state.round)},
          {"status", to_string(action.status)},
          {"horizon", horizon_json(action)}};
}

// What participants see of an action, and how it is moderated and planned.
json facilitator_action_json(const session_state& state, const roadmap_action& action,
                             const text_lookup& texts) {
  json entry = participant_action_json(state, action, texts);
  entry["by"] = action.proposer.empty() ? "facilitator" : "participant";
  entry["hidden"] = action.hidden;
  entry["merged_into"] = action.merged_into.empty() ? json(nullptr) : json(action.merged_into);
  entry["owner"] = text_of(texts, action.owner_text_id);
  return entry;
}

json explanations_shown_json(const session_state& state) {
  json shown = json::array();
  for (int statement = 1; statement <= statement_count; ++statement)
    if (state.roadmap.explanations_visible[static_cast<std::size_t>(statement - 1)])
      shown.push_back(statement);
  return shown;
}

json priorities_json(const session_state& state, const round_consensus& consensus) {
  json priorities = json::array();
  for (const auto& p : rank_priorities(consensus, state, state.round)) {
    priorities.push_back({{"statement", p.statement},
                          {"score", p.score},
                          {"gap", p.gap},
                          {"agreement", p.agreement},
                          {"votes", p.votes},
                          {"gap_part", p.gap_part},
                          {"agreement_part", p.agreement_part},
                          {"votes_part", p.votes_part}});
  }
  return priorities;
}

json facilitator_roadmap_json(const session_state& state, const round_consensus& consensus,
                              const text_lookup& texts, const name_lookup& names) {
  json actions = json::array();
  for (const auto* action : in_order(state.roadmap))
    actions.push_back(facilitator_action_json(state, *action, texts));
  return json{{"vote_budget", state.roadmap.vote_budget},
              {"actions", std::move(actions)},
              {"conclusions", conclusions_json(state, texts, std::nullopt)},
              {"explanations", explanations_json(state, texts, names, false, std::nullopt)},
              {"explanations_shown", explanations_shown_json(state)},
              {"priorities", priorities_json(state, consensus)}};
}

json participant_roadmap_json(const session_state& state, const text_lookup& texts,
                              const name_lookup& names) {
  json actions = json::array();
  for (const auto* action : in_order(state.roadmap))
    if (action->open_for_votes()) actions.push_back(participant_action_json(state, *action, texts));
  return json{{"vote_budget", state.roadmap.vote_budget},
              {"actions", std::move(actions)},
              {"explanations", explanations_json(state, texts, names, true, std::nullopt)},
              {"conclusions", conclusions_json(state, texts, std::nullopt)}};
}

json own_votes_json(const session_state& state, const std::string& participant_id) {
  json votes = json::array();
  if (auto by_round = state.roadmap.votes.find(state.round); by_round != state.roadmap.votes.end()) {
    if (auto mine = by_round->second.find(participant_id); mine != by_round->second.end())
      for (const auto& action_id : mine->second) votes.push_back(action_id);
  }
  const auto used = static_cast<int>(votes.size());
  return json{{"votes", std::move(votes)}, {"votes_left", std::max(0, state.roadmap.vote_budget - used)}};
}

}  // namespace scsa::domain
