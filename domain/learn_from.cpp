// The learn-from rule (see learn_from.hpp).
#include "domain/learn_from.hpp"

#include <algorithm>

#include "domain/disclosure.hpp"

namespace scsa::domain {

std::vector<learn_from_statement> whom_to_learn_from(const std::vector<standing>& reader,
                                                     const municipality_averages& averages,
                                                     const std::string& own, int k,
                                                     std::size_t statements_limit, std::size_t peers_limit) {
  std::vector<learn_from_statement> out;
  for (const auto& s : reader)
    if (s.now && s.ambition && *s.ambition > *s.now && s.statement >= 1 && s.statement <= statement_count)
      out.push_back({s.statement, *s.now, *s.ambition, {}});
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.ambition - a.now > b.ambition - b.now; });
  if (out.size() > statements_limit) out.resize(statements_limit);

  // Each municipality's averages as they may be shown, read once.
  std::vector<municipality_average> shown;
  for (const auto& [code, tally] : averages.municipalities)
    if (code != own && may_compare(tally.respondents, k))
      shown.push_back(disclosed_average(averages, code, k));
  for (auto& gap : out) {
    const auto cell = static_cast<std::size_t>(gap.statement - 1);
    for (const auto& m : shown) {
      const auto& now = m.statements[cell][aspect_index(aspect::current)];
      if (now.mean && *now.mean >= gap.ambition)
        gap.peers.push_back({m.municipality, *now.mean, now.respondents});
    }
    std::stable_sort(gap.peers.begin(), gap.peers.end(), [](const auto& a, const auto& b) {
      return a.now != b.now ? a.now > b.now : a.respondents > b.respondents;
    });
    if (gap.peers.size() > peers_limit) gap.peers.resize(peers_limit);
  }
  return out;
}

}  // namespace scsa::domain
