// What a participant is shown (see participant_view.hpp).
#include "domain/participant_view.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace scsa::domain {

bool participants_see_results(const session_state& session) {
  return session.revealed;
}

nlohmann::json group_results_for_participants(const consensus_projection& projection, int round) {
  nlohmann::json results = consensus_of(projection, round);
  for (auto& statement : results["statements"])
    for (const char* aspect : {"current", "desired"}) {
      nlohmann::json& full = statement[aspect];
      full = nlohmann::json{{"counts", full["counts"]}, {"n", full["n"]}, {"mean", full["mean"]}};
    }
  return results;
}

std::vector<int> roadmap_starting_points(const std::vector<std::optional<int>>& gaps, std::size_t limit) {
  std::vector<int> statements;
  for (std::size_t i = 0; i < gaps.size(); ++i)
    if (gaps[i] && *gaps[i] > 0) statements.push_back(static_cast<int>(i) + 1);
  std::stable_sort(statements.begin(), statements.end(), [&](int a, int b) {
    return *gaps[static_cast<std::size_t>(a - 1)] > *gaps[static_cast<std::size_t>(b - 1)];
  });
  if (statements.size() > limit) statements.resize(limit);
  return statements;
}

}  // namespace scsa::domain
