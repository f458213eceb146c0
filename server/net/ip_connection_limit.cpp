// Per-address connection counters behind one mutex; an address's entry goes when its count drops to 0.
#include "server/net/ip_connection_limit.hpp"

#include <mutex>
#include <unordered_map>

namespace scsa::server {

struct ip_connection_limit::counters {
  std::mutex mutex;
  std::unordered_map<std::string, std::size_t> open;  // address -> connections held
};

ip_connection_limit::ip_connection_limit(std::size_t per_address)
    : per_address_(per_address), counters_(std::make_shared<counters>()) {}

std::shared_ptr<void> ip_connection_limit::try_acquire(const std::string& address) {
  {
    std::lock_guard lock(counters_->mutex);
    std::size_t& held = counters_->open[address];
    if (per_address_ != 0 && held >= per_address_) {
      if (held == 0) counters_->open.erase(address);
      return nullptr;
    }
    ++held;
  }
  // The handle owns nothing (it points at the counters, which its deleter keeps alive): the deleter only
  // gives the slot back.
  return std::shared_ptr<void>(counters_.get(), [counters = counters_, address](void*) {
    std::lock_guard lock(counters->mutex);
    auto found = counters->open.find(address);
    if (found != counters->open.end() && --found->second == 0) counters->open.erase(found);
  });
}

std::size_t ip_connection_limit::count(const std::string& address) const {
  std::lock_guard lock(counters_->mutex);
  auto found = counters_->open.find(address);
  return found == counters_->open.end() ? 0 : found->second;
}

}  // namespace scsa::server
