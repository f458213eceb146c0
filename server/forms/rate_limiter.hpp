// A token bucket per key (the client's IP address) for the public forms: `burst` submissions at once, then
// one more every `refill`. Generous on purpose: a whole municipality may sit behind one address. Time
// arrives as an argument, so tests need no clock. Thread-safe (a mutex); memory bounded by `max_keys`.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace scsa::server {

class rate_limiter {
 public:
  rate_limiter(double burst, std::chrono::milliseconds refill, std::size_t max_keys = 10'000);

  // Takes one token for `key` at `now`; false when its bucket is empty.
  bool allow(const std::string& key, std::chrono::steady_clock::time_point now);

 private:
  struct bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };

  double burst_;
  std::chrono::milliseconds refill_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace scsa::server
