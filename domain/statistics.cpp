// Descriptive statistics on counts per level: every sum runs over the 5 levels, never over answers,
// so a summary costs the same for 3 answers as for 3000.
#include "domain/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace scsa::domain {

namespace {

// The scale's width (X_max - X_min) in Tastle-Wierman: fixed by the instrument, not by the answers.
constexpr double scale_width = static_cast<double>(level_count - 1);

int total(const level_counts& counts) {
  int n = 0;
  for (int c : counts) n += std::max(c, 0);
  return n;
}

// The level of the k-th answer (0-based) when all answers are sorted; k must be < n.
int order_statistic(const level_counts& counts, int k) {
  int seen = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    seen += std::max(counts[i], 0);
    if (k < seen) return static_cast<int>(i) + 1;
  }
  return level_count;  // unreachable for k < n; the top of the scale keeps it total
}

}  // namespace

double quantile(const level_counts& counts, double q) {
  const int n = total(counts);
  if (n == 0) return 0;
  const double h = static_cast<double>(n - 1) * std::clamp(q, 0.0, 1.0);
  const double below = std::floor(h);
  const int lo = static_cast<int>(below);
  const int hi = std::min(lo + 1, n - 1);
  const double x_lo = order_statistic(counts, lo);
  const double x_hi = order_statistic(counts, hi);
  return x_lo + (h - below) * (x_hi - x_lo);
}

double tastle_wierman_consensus(const level_counts& counts) {
  const int n = total(counts);
  if (n == 0) return 0;
  double mean = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) mean += static_cast<double>(i + 1) * std::max(counts[i], 0);
  mean /= n;
  double cns = 1;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] <= 0) continue;  // p log p -> 0: an empty level adds nothing (and avoids log2(0))
    const double p = static_cast<double>(counts[i]) / n;
    cns += p * std::log2(1 - std::abs(static_cast<double>(i + 1) - mean) / scale_width);
  }
  // Exact arithmetic keeps Cns in [0, 1]; rounding may step a hair outside (e.g. -1e-17 for a 1/5 split).
  return std::clamp(cns, 0.0, 1.0);
}

distribution_summary summarize(const level_counts& counts) {
  distribution_summary s;
  for (std::size_t i = 0; i < counts.size(); ++i) s.counts[i] = std::max(counts[i], 0);
  s.n = total(s.counts);
  if (s.n == 0) return s;

  double sum = 0;
  for (std::size_t i = 0; i < s.counts.size(); ++i) sum += static_cast<double>(i + 1) * s.counts[i];
  s.mean = sum / s.n;

  double squares = 0;
  for (std::size_t i = 0; i < s.counts.size(); ++i) {
    const double d = static_cast<double>(i + 1) - s.mean;
    squares += d * d * s.counts[i];
  }
  s.standard_deviation = std::sqrt(squares / s.n);

  s.q1 = quantile(s.counts, 0.25);
  s.median = quantile(s.counts, 0.5);
  s.q3 = quantile(s.counts, 0.75);
  s.interquartile_range = s.q3 - s.q1;
  s.iqr_consensus = s.interquartile_range <= 1.0;
  s.consensus = tastle_wierman_consensus(s.counts);

  const int top = *std::max_element(s.counts.begin(), s.counts.end());
  for (std::size_t i = 0; i < s.counts.size(); ++i) s.modes[i] = s.counts[i] == top;
  return s;
}

void to_json(nlohmann::json& j, const distribution_summary& s) {
  const bool any = s.n > 0;
  auto number = [any](double v) { return any ? nlohmann::json(v) : nlohmann::json(nullptr); };
  auto modes = nlohmann::json::array();
  for (std::size_t i = 0; i < s.modes.size(); ++i)
    if (s.modes[i]) modes.push_back(static_cast<int>(i) + 1);
  j = nlohmann::json{
      {"counts", s.counts},
      {"n", s.n},
      {"mean", number(s.mean)},
      {"median", number(s.median)},
      {"q1", number(s.q1)},
      {"q3", number(s.q3)},
      {"interquartile_range", number(s.interquartile_range)},
      {"standard_deviation", number(s.standard_deviation)},
      {"consensus", number(s.consensus)},
      {"iqr_consensus", s.iqr_consensus},
      {"modes", modes},
  };
}

}  // namespace scsa::domain
