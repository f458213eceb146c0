// The k rule applied cell by cell (see disclosure.hpp).
#include "domain/disclosure.hpp"

#include <array>
#include <cstdint>
#include <optional>

#include "domain/session_summary.hpp"

namespace scsa::domain {

namespace {

using cell_sums = std::array<std::array<std::int64_t, 2>, statement_count>;
using cell_counts = std::array<std::array<int, 2>, statement_count>;

// Adds the tally's cells that may be shown (k respondents there, k answers in the cell) to sums and counts;
// true when the municipality itself may be shown.
bool add_shown_cells(const averages_tally& tally, int k, cell_sums& sums, cell_counts& counts) {
  if (!may_compare(tally.respondents, k)) return false;
  for (std::size_t s = 0; s < statement_count; ++s)
    for (std::size_t a = 0; a < 2; ++a)
      if (may_compare(tally.answered[s][a], k)) {
        sums[s][a] += tally.sums[s][a];
        counts[s][a] += tally.answered[s][a];
      }
  return true;
}

municipality_average from_cells(std::string code, int respondents, const cell_sums& sums,
                                const cell_counts& counts) {
  municipality_average a;
  a.municipality = std::move(code);
  a.respondents = respondents;
  std::array<std::array<std::optional<double>, 2>, statement_count> means{};
  for (std::size_t s = 0; s < statement_count; ++s)
    for (std::size_t k = 0; k < 2; ++k) {
      if (counts[s][k] == 0) continue;
      a.statements[s][k].respondents = counts[s][k];
      a.statements[s][k].mean = means[s][k] = static_cast<double>(sums[s][k]) / counts[s][k];
    }
  a.themes = theme_means(means);
  return a;
}

}  // namespace

municipality_average disclosed_average(const municipality_averages& averages, const std::string& code,
                                       int k) {
  cell_sums sums{};
  cell_counts counts{};
  auto found = averages.municipalities.find(code);
  if (found == averages.municipalities.end() || !add_shown_cells(found->second, k, sums, counts))
    return from_cells(code, 0, sums, counts);
  return from_cells(code, found->second.respondents, sums, counts);
}

municipality_average disclosed_national_average(const municipality_averages& averages, int k) {
  cell_sums sums{};
  cell_counts counts{};
  int respondents = 0;
  for (const auto& [code, tally] : averages.municipalities)
    if (add_shown_cells(tally, k, sums, counts)) respondents += tally.respondents;
  // The rest (small municipalities, small cells, and sessions without a municipality) counts only together
  // and only when it is k or more.
  const auto& all = averages.national;
  if (may_compare(all.respondents - respondents, k)) respondents = all.respondents;
  for (std::size_t s = 0; s < statement_count; ++s)
    for (std::size_t a = 0; a < 2; ++a)
      if (may_compare(all.answered[s][a] - counts[s][a], k)) {
        sums[s][a] = all.sums[s][a];
        counts[s][a] = all.answered[s][a];
      }
  if (!may_compare(respondents, k)) return from_cells("", 0, {}, {});
  return from_cells("", respondents, sums, counts);
}

}  // namespace scsa::domain
