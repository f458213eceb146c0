// Descriptive statistics of the answers to one statement and aspect, given as counts per level 1..5:
// mean, median, quartiles (Hyndman-Fan type 7), population standard deviation and Tastle-Wierman
// consensus. Definitions, worked examples and the reasons for each choice are in docs/statistics.md.
// Pure and allocation-free: summarize() is cheap enough to call on every commit.
#pragma once

#include <array>
#include <nlohmann/json_fwd.hpp>

#include "domain/scale.hpp"

namespace scsa::domain {

// How many answers each level got: [level - 1].
using level_counts = std::array<int, level_count>;

// Everything a facilitator reads off one distribution. With n == 0 every number is 0, iqr_consensus
// is false and no level is modal: read n before the rest (to_json writes null instead of those zeros).
struct distribution_summary {
  level_counts counts{};           // answers per level, [level - 1]
  int n = 0;                       // number of answers, the sum of counts
  double mean = 0;                 // arithmetic mean level
  double median = 0;               // the 0.5 quantile (type 7; the usual median)
  double q1 = 0;                   // first quartile, Hyndman-Fan type 7 (Excel QUARTILE.INC, R default)
  double q3 = 0;                   // third quartile, same method
  double interquartile_range = 0;  // q3 - q1
  double standard_deviation = 0;   // population SD (divides by n): the group in the room is the whole
  double consensus = 0;            // Tastle-Wierman Cns in [0, 1]: 1 all agree, 0 split between 1 and 5
  bool iqr_consensus = false;      // Delphi rule of thumb: n > 0 and IQR <= 1
  std::array<bool, level_count> modes{};  // [level - 1]: true for every level with the highest count
};

// Summarises counts per level. Negative counts are a broken invariant and are treated as 0.
distribution_summary summarize(const level_counts& counts);

// The q-quantile (0 <= q <= 1) of the answers by Hyndman-Fan type 7: with the answers sorted as
// x[0..n-1], h = (n - 1) q and Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). 0 when n == 0.
double quantile(const level_counts& counts, double q);

// Tastle and Wierman's (2007) consensus on the 1..5 scale (width 4, the scale's, not the observed range).
// 0 when n == 0.
double tastle_wierman_consensus(const level_counts& counts);

// JSON for the HTTP API: {"counts": [..], "n": .., "mean": .., ...}; numbers are null when n == 0.
void to_json(nlohmann::json& j, const distribution_summary& s);

}  // namespace scsa::domain
