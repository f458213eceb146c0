// Token buckets, refilled lazily when a key is seen again.
#include "server/forms/rate_limiter.hpp"

#include <algorithm>

namespace scsa::server {

rate_limiter::rate_limiter(double burst, std::chrono::milliseconds refill, std::size_t max_keys)
    : burst_(burst), refill_(refill), max_keys_(max_keys) {}

bool rate_limiter::allow(const std::string& key, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto refilled = [&](const bucket& b) {
    const auto elapsed = std::chrono::duration<double, std::milli>(now - b.updated).count();
    return std::min(burst_, b.tokens + std::max(0.0, elapsed) / static_cast<double>(refill_.count()));
  };
  if (buckets_.size() >= max_keys_ && !buckets_.contains(key)) {
    // Full buckets carry no information: forget them first.
    std::erase_if(buckets_, [&](const auto& entry) { return refilled(entry.second) >= burst_; });
    if (buckets_.size() >= max_keys_) return false;  // a flood of addresses: refuse new ones for now
  }
  auto [it, inserted] = buckets_.try_emplace(key, bucket{burst_, now});
  bucket& b = it->second;
  b.tokens = refilled(b);
  b.updated = now;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

}  // namespace scsa::server
