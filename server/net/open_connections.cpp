// The registry of open sessions. Snapshots are taken under the lock and acted on after releasing it, so
// a session that removes itself while being closed never deadlocks against the walker.
#include "server/net/open_connections.hpp"

#include "server/net/http_session.hpp"
#include "server/net/websocket_session.hpp"

namespace scsa::server {

namespace {

template <typename T>
std::vector<std::shared_ptr<T>> lock_all(
    const std::unordered_map<std::uint64_t, std::weak_ptr<T>>& sessions) {
  std::vector<std::shared_ptr<T>> alive;
  alive.reserve(sessions.size());
  for (const auto& [id, weak] : sessions) {
    if (auto session = weak.lock()) alive.push_back(std::move(session));
  }
  return alive;
}

}  // namespace

open_connections::open_connections(server_config config, http_handler& http, websocket_handler& websocket)
    : config_(std::move(config)),
      http_(http),
      websocket_(websocket),
      connections_per_ip_(config_.max_connections_per_ip),
      // Validated with the configuration: a bad entry never gets this far.
      proxies_(trusted_proxies::parse(config_.trusted_proxies).value_or(trusted_proxies{})) {}

bool open_connections::add(std::uint64_t id, const std::shared_ptr<http_session>& session) {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  http_sessions_.emplace(id, session);
  return true;
}

bool open_connections::add(std::uint64_t id, const std::shared_ptr<websocket_session>& session) {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  websocket_sessions_.emplace(id, session);
  return true;
}

void open_connections::remove_http(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  http_sessions_.erase(id);
  if (http_sessions_.empty() && websocket_sessions_.empty()) emptied_.notify_all();
}

void open_connections::remove_websocket(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  websocket_sessions_.erase(id);
  if (http_sessions_.empty() && websocket_sessions_.empty()) emptied_.notify_all();
}

std::size_t open_connections::size() const {
  std::lock_guard lock(mutex_);
  return http_sessions_.size() + websocket_sessions_.size();
}

void open_connections::close_all() {
  std::vector<std::shared_ptr<http_session>> http;
  std::vector<std::shared_ptr<websocket_session>> websocket;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    http = lock_all(http_sessions_);
    websocket = lock_all(websocket_sessions_);
  }
  for (const auto& session : websocket) session->close(1001, "server shutting down");
  for (const auto& session : http) session->shut_down();
}

void open_connections::cut_all() {
  std::vector<std::shared_ptr<http_session>> http;
  std::vector<std::shared_ptr<websocket_session>> websocket;
  {
    std::lock_guard lock(mutex_);
    http = lock_all(http_sessions_);
    websocket = lock_all(websocket_sessions_);
  }
  for (const auto& session : websocket) session->cut();
  for (const auto& session : http) session->cut();
}

bool open_connections::wait_until_empty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return emptied_.wait_until(lock, deadline,
                             [this] { return http_sessions_.empty() && websocket_sessions_.empty(); });
}

std::vector<std::shared_ptr<websocket_session>> open_connections::websocket_sessions() const {
  std::lock_guard lock(mutex_);
  return lock_all(websocket_sessions_);
}

}  // namespace scsa::server
