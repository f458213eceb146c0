// Folding the roadmap's events; a merge moves each vote once, so nobody is counted twice.
#include "domain/roadmap_board.hpp"

#include <algorithm>

namespace scsa::domain {

namespace {

std::size_t index_of(int statement) {
  return static_cast<std::size_t>(statement - 1);
}

}  // namespace

const roadmap_action* roadmap_board::find(const std::string& action_id) const {
  auto found = actions.find(action_id);
  return found == actions.end() ? nullptr : &found->second;
}

int roadmap_board::votes_for(const std::string& action_id, int round) const {
  auto by_round = tally.find(round);
  if (by_round == tally.end()) return 0;
  auto found = by_round->second.find(action_id);
  return found == by_round->second.end() ? 0 : found->second;
}

std::size_t roadmap_board::votes_used(const std::string& participant_id, int round) const {
  auto by_round = votes.find(round);
  if (by_round == votes.end()) return 0;
  auto found = by_round->second.find(participant_id);
  return found == by_round->second.end() ? 0 : found->second.size();
}

bool roadmap_board::has_voted(const std::string& participant_id, const std::string& action_id,
                              int round) const {
  auto by_round = votes.find(round);
  if (by_round == votes.end()) return false;
  auto found = by_round->second.find(participant_id);
  return found != by_round->second.end() && found->second.contains(action_id);
}

std::size_t roadmap_board::proposals_by(const std::string& participant_id) const {
  return static_cast<std::size_t>(std::count_if(actions.begin(), actions.end(), [&](const auto& entry) {
    return entry.second.proposer == participant_id;
  }));
}

void roadmap_board::apply(const explanation_given& e) {
  if (!is_valid_statement(e.statement)) return;
  explanations[e.participant_id][index_of(e.statement)][aspect_index(e.which)] =
      explanation_ref{e.text_id, e.is_signed};
}

void roadmap_board::apply(const explanations_shown& e) {
  if (is_valid_statement(e.statement)) explanations_visible[index_of(e.statement)] = true;
}

void roadmap_board::apply(const explanations_hidden& e) {
  if (is_valid_statement(e.statement)) explanations_visible[index_of(e.statement)] = false;
}

void roadmap_board::apply(const action_proposed& e) {
  roadmap_action action;
  action.action_id = e.action_id;
  action.statement = e.statement;
  action.proposer = e.proposer;
  action.text_id = e.text_id;
  action.order = static_cast<std::int64_t>(actions.size()) + 1;
  actions[e.action_id] = std::move(action);
}

void roadmap_board::apply(const action_reworded& e) {
  if (auto found = actions.find(e.action_id); found != actions.end()) found->second.text_id = e.text_id;
}

void roadmap_board::apply(const action_hidden& e) {
  if (auto found = actions.find(e.action_id); found != actions.end()) found->second.hidden = true;
}

void roadmap_board::apply(const action_shown& e) {
  if (auto found = actions.find(e.action_id); found != actions.end()) found->second.hidden = false;
}

void roadmap_board::apply(const actions_merged& e) {
  auto duplicate = actions.find(e.action_id);
  if (duplicate == actions.end() || !actions.contains(e.into) || e.action_id == e.into) return;
  duplicate->second.merged_into = e.into;
  for (auto& [round, by_participant] : votes) {
    auto& counts = tally[round];
    for (auto& [participant, chosen] : by_participant) {
      if (chosen.erase(e.action_id) == 0) continue;
      --counts[e.action_id];
      // Voted for both: one vote stays, the other goes back to the participant's budget.
      if (chosen.insert(e.into).second) ++counts[e.into];
    }
    if (auto left = counts.find(e.action_id); left != counts.end() && left->second == 0) counts.erase(left);
  }
}

void roadmap_board::apply(const action_owner_set& e) {
  if (auto found = actions.find(e.action_id); found != actions.end()) found->second.owner_text_id = e.text_id;
}

void roadmap_board::apply(const action_horizon_set& e) {
  if (auto found = actions.find(e.action_id); found != actions.end()) found->second.horizon = e.horizon;
}

void roadmap_board::apply(const action_status_set& e) {
  if (auto found = actions.find(e.action_id); found != actions.end()) found->second.status = e.status;
}

void roadmap_board::apply(const vote_cast& e) {
  if (votes[e.round][e.participant_id].insert(e.action_id).second) ++tally[e.round][e.action_id];
}

void roadmap_board::apply(const vote_withdrawn& e) {
  auto by_round = votes.find(e.round);
  if (by_round == votes.end()) return;
  auto chosen = by_round->second.find(e.participant_id);
  if (chosen == by_round->second.end() || chosen->second.erase(e.action_id) == 0) return;
  auto& counts = tally[e.round];
  if (--counts[e.action_id] == 0) counts.erase(e.action_id);
}

void roadmap_board::apply(const vote_budget_set& e) {
  vote_budget = e.budget;
}

void roadmap_board::apply(const conclusion_recorded& e) {
  if (is_valid_statement(e.statement)) conclusions[index_of(e.statement)] = e.text_id;
}

void roadmap_board::apply(const roadmap_event& e) {
  std::visit([this](const auto& event) { apply(event); }, e);
}

}  // namespace scsa::domain
