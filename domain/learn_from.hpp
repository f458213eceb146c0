// Whom to learn from: for the largest gaps between where a respondent (or a group) stands and wants to be,
// the municipalities that already stand there: whose average current level on that statement is at or above
// this ambition. Read through the k rule (disclosure.hpp), so a municipality is named only when it has k
// respondents and that statement k answers: no one below k is named or can be inferred. Pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "domain/municipality_averages.hpp"

namespace scsa::domain {

// One statement as the reader sees it: where they stand and want to be (a level, or a group's mean).
struct standing {
  int statement = 0;
  std::optional<double> now;
  std::optional<double> ambition;
};

struct peer_municipality {
  std::string municipality;  // CBS code
  double now = 0;            // its average current level on the statement
  int respondents = 0;       // how many answered it there
};

struct learn_from_statement {
  int statement = 0;
  double now = 0;                        // the reader's
  double ambition = 0;                   // the reader's
  std::vector<peer_municipality> peers;  // highest current level first; may be empty
};

// For the reader's `statements_limit` largest positive gaps (largest first, ties by statement), up to
// `peers_limit` municipalities other than `own` whose shown average now is at least the reader's ambition.
std::vector<learn_from_statement> whom_to_learn_from(const std::vector<standing>& reader,
                                                     const municipality_averages& averages,
                                                     const std::string& own, int k,
                                                     std::size_t statements_limit = 5,
                                                     std::size_t peers_limit = 3);

}  // namespace scsa::domain
