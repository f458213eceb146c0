// Token buckets by key (a client address, or an address and a session): `burst` at once, then one more
// every `refill`. Time arrives as an argument, so tests need no clock. Thread-safe (a mutex); memory is
// bounded by `max_keys`, and a full bucket is forgotten first since it carries no information.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace scsa::server {

// A bucket's shape: `burst` tokens, one back every `refill`; a burst of 0 is no limit at all ("off").
struct rate_limit {
  double burst = 1;
  std::chrono::milliseconds refill{1000};
  bool unlimited() const { return burst <= 0; }
  static rate_limit off() { return {0, std::chrono::milliseconds(1)}; }
  friend bool operator==(const rate_limit&, const rate_limit&) = default;
};

// Whether a token was there, and when the next one will be when it was not.
struct limit_decision {
  bool allowed = true;
  std::chrono::milliseconds retry_after{0};  // 0 when allowed
};

class rate_limiter {
 public:
  explicit rate_limiter(rate_limit limit, std::size_t max_keys = 100'000);

  // Takes one token for `key` at `now`.
  limit_decision take(const std::string& key, std::chrono::steady_clock::time_point now);
  // Whether `key` has a token at `now`, taking none.
  limit_decision check(const std::string& key, std::chrono::steady_clock::time_point now);
  const rate_limit& limit() const { return limit_; }

 private:
  struct bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  // The key's bucket refilled up to `now`, or null when the keys are full of buckets in use.
  bucket* refilled(const std::string& key, std::chrono::steady_clock::time_point now);
  limit_decision refused(const bucket* b) const;

  rate_limit limit_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace scsa::server
