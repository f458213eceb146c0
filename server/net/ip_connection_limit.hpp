// How many TCP connections one IP address may hold open at once. Generous by default: a whole
// municipality may sit behind one address. A connection holds its slot (a handle) from accept to close,
// across the upgrade to WebSocket. Thread-safe; handles may outlive the limiter.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace scsa::server {

class ip_connection_limit {
 public:
  explicit ip_connection_limit(std::size_t per_address);  // 0: no limit

  // A slot for one more connection from `address`, freed when the last copy of the handle goes; null when
  // that address already holds `per_address` connections.
  std::shared_ptr<void> try_acquire(const std::string& address);

  // Connections `address` holds now.
  std::size_t count(const std::string& address) const;

 private:
  struct counters;
  std::size_t per_address_;
  std::shared_ptr<counters> counters_;
};

}  // namespace scsa::server
