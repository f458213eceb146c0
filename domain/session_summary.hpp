// The facilitator's overview of one round: means per statement and theme, the gap (desired - current),
// statements ranked by gap and by disagreement. A view over the consensus projection, not a second fold:
// every number is a function of that round's counts, so replaying to any point and summarising agrees.
#pragma once

#include <array>
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

#include "domain/consensus_projection.hpp"
#include "domain/scale.hpp"
#include "domain/statistics.hpp"
#include "domain/themes.hpp"

namespace scsa::domain {

struct statement_summary {
  int statement = 0;                                // 1..21
  theme in_theme = theme::strategy;                 // from theme_of_statement
  std::array<distribution_summary, 2> by_aspect{};  // [aspect_index]: n (answered count), mean, consensus..
  std::optional<double> gap;                        // desired mean - current mean; both need an answer
};

struct theme_summary {
  theme which = theme::strategy;              // the theme
  std::array<std::optional<double>, 2> mean;  // [aspect_index]: mean of the answered statements' means
  std::optional<double> gap;                  // desired theme mean - current theme mean
};

struct gap_rank {
  int statement = 0;  // 1..21
  double gap = 0;     // desired mean - current mean
};

struct disagreement_rank {
  int statement = 0;               // 1..21
  aspect which = aspect::current;  // the aspect with the lower consensus (current on a tie)
  double consensus = 0;            // Tastle-Wierman consensus of that aspect
  double interquartile_range = 0;  // of that aspect, for the Delphi reading
};

struct session_summary {
  int round = 1;                                              // the round summarised
  std::size_t participant_count = 0;                          // active participants (joined, not removed)
  std::array<statement_summary, statement_count> statements;  // [statement - 1]
  std::array<theme_summary, theme_count> themes;              // [theme_index]
  std::vector<gap_rank> by_gap;  // statements with a gap, largest first (ties: lower number)
  std::vector<disagreement_rank>
      by_disagreement;  // answered statements, least consensus first (ties: number)
};

// The current round's summary.
session_summary summarize_session(const consensus_projection& projection);
// Any round's summary (participant_count is always today's active count).
session_summary summarize_session(const consensus_projection& projection, int in_round);

// Theme means from statement means ([aspect_index] per statement, nullopt when unanswered): each answered
// statement weighs the same. Shared by the session summary and the municipality averages.
std::array<std::array<std::optional<double>, 2>, theme_count> theme_means(
    const std::array<std::array<std::optional<double>, 2>, statement_count>& statement_means);

// The JSON the HTTP API serves; see docs/statistics.md. Aspects and themes appear as strings.
void to_json(nlohmann::json& j, const session_summary& s);

}  // namespace scsa::domain
