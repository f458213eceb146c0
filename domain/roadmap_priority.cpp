// The roadmap's priority score; the weights and the reasons for them are in docs/statistics.md.
#include "domain/roadmap_priority.hpp"

#include <algorithm>

namespace scsa::domain {

namespace {

bool counts(const session_state& state, const std::string& participant_id) {
  auto found = state.participants.find(participant_id);
  return found != state.participants.end() && !found->second.removed;
}

}  // namespace

int counted_votes(const session_state& state, const std::string& action_id, int round) {
  auto by_round = state.roadmap.votes.find(round);
  if (by_round == state.roadmap.votes.end()) return 0;
  int votes = 0;
  for (const auto& [participant, chosen] : by_round->second)
    if (chosen.contains(action_id) && counts(state, participant)) ++votes;
  return votes;
}

std::vector<statement_priority> rank_priorities(const round_consensus& consensus, const session_state& state,
                                                int round) {
  std::array<int, statement_count> votes{};
  if (auto by_round = state.roadmap.votes.find(round); by_round != state.roadmap.votes.end()) {
    for (const auto& [participant, chosen] : by_round->second) {
      if (!counts(state, participant)) continue;
      for (const auto& action_id : chosen) {
        const auto* action = state.roadmap.find(action_id);
        if (action == nullptr || !action->open_for_votes() || action->status == action_status::dropped)
          continue;
        if (is_valid_statement(action->statement)) ++votes[static_cast<std::size_t>(action->statement - 1)];
      }
    }
  }
  const int most_votes = *std::max_element(votes.begin(), votes.end());

  std::vector<statement_priority> ranked;
  ranked.reserve(statement_count);
  for (int statement = 1; statement <= statement_count; ++statement) {
    const auto index = static_cast<std::size_t>(statement - 1);
    const auto& now = consensus.by_statement[index][aspect_index(aspect::current)];
    const auto& ambition = consensus.by_statement[index][aspect_index(aspect::desired)];
    statement_priority p;
    p.statement = statement;
    if (now.n > 0 && ambition.n > 0) {
      p.gap = ambition.mean - now.mean;
      p.agreement = std::min(now.consensus, ambition.consensus);
    }
    p.votes = votes[index];
    p.gap_part = priority_gap_weight * std::clamp(p.gap / (level_count - 1), 0.0, 1.0);
    p.agreement_part = priority_agreement_weight * p.agreement;
    p.votes_part = most_votes > 0 ? priority_votes_weight * p.votes / most_votes : 0.0;
    p.score = p.gap_part + p.agreement_part + p.votes_part;
    ranked.push_back(p);
  }
  std::stable_sort(
      ranked.begin(), ranked.end(),
      [](const statement_priority& a, const statement_priority& b) { return a.score > b.score; });
  return ranked;
}

}  // namespace scsa::domain
