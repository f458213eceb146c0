// Which statements the roadmap takes up first, and why (docs/statistics.md, "Roadmap priority"): a score in
// [0, 1] from three parts a facilitator can explain to the room:
//   gap       0.5 x (desired mean - current mean) / 4   how far the group wants to go (0 without a gap)
//   agreement 0.2 x the lower Tastle-Wierman consensus of the two aspects: a shared picture can act
//   votes     0.3 x this statement's votes / the most votes any statement got (0 before anyone voted)
// Votes count in the given round, on actions open for votes and not dropped, from participants not removed.
// Ties keep the lower statement number first. Pure.
#pragma once

#include <vector>

#include "domain/consensus_projection.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

inline constexpr double priority_gap_weight = 0.5;
inline constexpr double priority_agreement_weight = 0.2;
inline constexpr double priority_votes_weight = 0.3;

struct statement_priority {
  int statement = 0;
  double score = 0;      // gap_part + agreement_part + votes_part
  double gap = 0;        // desired mean - current mean, in levels (0 when either aspect is unanswered)
  double agreement = 0;  // the lower consensus of the two aspects, [0, 1]
  int votes = 0;         // on this statement's actions
  double gap_part = 0;   // the weighted parts, so a view can say why
  double agreement_part = 0;
  double votes_part = 0;
  bool operator==(const statement_priority&) const = default;
};

// Every statement, highest priority first.
std::vector<statement_priority> rank_priorities(const round_consensus& consensus, const session_state& state,
                                                int round);

// Votes on one action in a round from participants who were not removed.
int counted_votes(const session_state& state, const std::string& action_id, int round);

}  // namespace scsa::domain
