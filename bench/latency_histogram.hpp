// An HDR-style latency histogram for the benchmarks: log-linear buckets over nanoseconds, 128 linear
// sub-buckets per power of two (under 0.8% relative error), exact below 256 ns, up to a fixed highest value
// (60 s by default; larger values are clamped and counted). Min, max and count are exact.
// Not thread-safe: give each thread its own and merge() them.
#pragma once

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace scsa::bench {

class latency_histogram {
 public:
  explicit latency_histogram(std::chrono::nanoseconds highest = std::chrono::seconds(60))
      : highest_(std::max<std::int64_t>(highest.count(), sub_bucket_count)),
        counts_(index_of(static_cast<std::uint64_t>(highest_)) + 1, 0) {}

  void record(std::chrono::nanoseconds value) { record_ns(value.count()); }

  void record_ns(std::int64_t ns) {
    if (ns < 0) ns = 0;
    if (ns > highest_) {
      ++clamped_;
      ns = highest_;
    }
    ++counts_[index_of(static_cast<std::uint64_t>(ns))];
    ++count_;
    min_ = std::min(min_, ns);
    max_ = std::max(max_, ns);
    sum_ += static_cast<double>(ns);
  }

  // Adds other's counts; both must have been made with the same highest value.
  void merge(const latency_histogram& other) {
    if (other.counts_.size() != counts_.size()) return;
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    count_ += other.count_;
    clamped_ += other.clamped_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
  }

  std::uint64_t count() const { return count_; }
  std::uint64_t clamped() const { return clamped_; }  // values above the highest trackable one
  std::int64_t min_ns() const { return count_ == 0 ? 0 : min_; }
  std::int64_t max_ns() const { return count_ == 0 ? 0 : max_; }
  double mean_ns() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }

  // The value at or below which `percentile` percent of the recorded values lie, as the highest value of
  // its bucket (like HdrHistogram), never above the exact maximum. 0 when empty.
  std::int64_t percentile_ns(double percentile) const {
    if (count_ == 0) return 0;
    const double clamped_percentile = std::clamp(percentile, 0.0, 100.0);
    auto wanted =
        static_cast<std::uint64_t>(std::ceil(clamped_percentile / 100.0 * static_cast<double>(count_)));
    wanted = std::clamp<std::uint64_t>(wanted, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= wanted) return std::clamp(highest_in_bucket(i), min_, max_);
    }
    return max_;
  }

  double percentile_ms(double percentile) const {
    return static_cast<double>(percentile_ns(percentile)) / 1e6;
  }

 private:
  static constexpr int sub_bucket_half_magnitude = 7;  // 128 linear steps per power of two
  static constexpr std::uint64_t sub_bucket_half_count = std::uint64_t{1} << sub_bucket_half_magnitude;
  static constexpr std::uint64_t sub_bucket_count = sub_bucket_half_count * 2;
  static constexpr std::uint64_t sub_bucket_mask = sub_bucket_count - 1;

  // Bucket b > 0 holds [128 << b, 256 << b) in 128 steps of 1 << b; bucket 0 holds [0, 256) exactly.
  static std::size_t index_of(std::uint64_t value) {
    const int bucket = 64 - std::countl_zero(value | sub_bucket_mask) - (sub_bucket_half_magnitude + 1);
    const std::uint64_t sub_bucket = value >> bucket;
    return static_cast<std::size_t>(static_cast<std::uint64_t>(bucket) * sub_bucket_half_count + sub_bucket);
  }

  static std::int64_t highest_in_bucket(std::size_t index) {
    std::uint64_t bucket = 0;
    std::uint64_t sub_bucket = index;
    if (index >= sub_bucket_count) {
      bucket = index / sub_bucket_half_count - 1;
      sub_bucket = index - bucket * sub_bucket_half_count;
    }
    const std::uint64_t next = (sub_bucket + 1) << bucket;
    return static_cast<std::int64_t>(
        std::min<std::uint64_t>(next - 1, std::numeric_limits<std::int64_t>::max()));
  }

  std::int64_t highest_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_{0};
  std::uint64_t clamped_{0};
  std::int64_t min_{std::numeric_limits<std::int64_t>::max()};
  std::int64_t max_{0};
  double sum_{0};
};

}  // namespace scsa::bench
