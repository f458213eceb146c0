// Token buckets, refilled lazily when a key is seen again.
#include "server/limits/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace scsa::server {

rate_limiter::rate_limiter(rate_limit limit, std::size_t max_keys) : limit_(limit), max_keys_(max_keys) {}

rate_limiter::bucket* rate_limiter::refilled(const std::string& key,
                                             std::chrono::steady_clock::time_point now) {
  auto level = [&](const bucket& b) {
    const auto elapsed = std::chrono::duration<double, std::milli>(now - b.updated).count();
    return std::min(limit_.burst,
                    b.tokens + std::max(0.0, elapsed) / static_cast<double>(limit_.refill.count()));
  };
  if (buckets_.size() >= max_keys_ && !buckets_.contains(key)) {
    std::erase_if(buckets_, [&](const auto& entry) { return level(entry.second) >= limit_.burst; });
    if (buckets_.size() >= max_keys_) return nullptr;  // a flood of keys: refuse new ones for now
  }
  auto [it, inserted] = buckets_.try_emplace(key, bucket{limit_.burst, now});
  bucket& b = it->second;
  b.tokens = level(b);
  b.updated = std::max(now, b.updated);
  return &b;
}

limit_decision rate_limiter::refused(const bucket* b) const {
  const double missing = b == nullptr ? 1.0 : 1.0 - b->tokens;
  const auto wait =
      static_cast<std::int64_t>(std::ceil(missing * static_cast<double>(limit_.refill.count())));
  return {false, std::chrono::milliseconds(std::max<std::int64_t>(1, wait))};
}

limit_decision rate_limiter::take(const std::string& key, std::chrono::steady_clock::time_point now) {
  if (limit_.unlimited()) return {};
  std::lock_guard lock(mutex_);
  bucket* b = refilled(key, now);
  if (b == nullptr || b->tokens < 1.0) return refused(b);
  b->tokens -= 1.0;
  return {};
}

limit_decision rate_limiter::check(const std::string& key, std::chrono::steady_clock::time_point now) {
  if (limit_.unlimited()) return {};
  std::lock_guard lock(mutex_);
  bucket* b = refilled(key, now);
  if (b == nullptr || b->tokens < 1.0) return refused(b);
  return {};
}

}  // namespace scsa::server
