// What the listener and every session share: the configuration, the application's handlers and the
// registry of open sessions that shutdown walks (as in Beast's chat-multi example). Thread-safe: the
// registry is guarded by a mutex and is never locked while a session's method runs.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "server/client_connection.hpp"
#include "server/http_types.hpp"
#include "server/net/client_address.hpp"
#include "server/net/ip_connection_limit.hpp"
#include "server/ops/server_config.hpp"

namespace scsa::server {

class http_session;
class websocket_session;

class open_connections {
 public:
  open_connections(server_config config, http_handler& http, websocket_handler& websocket);

  const server_config& config() const { return config_; }
  http_handler& http() const { return http_; }
  websocket_handler& websocket() const { return websocket_; }
  ip_connection_limit& connections_per_ip() { return connections_per_ip_; }
  const trusted_proxies& proxies() const { return proxies_; }

  // Registration fails once shutdown has begun: the caller then closes itself.
  bool add(std::uint64_t id, const std::shared_ptr<http_session>& session);
  bool add(std::uint64_t id, const std::shared_ptr<websocket_session>& session);
  void remove_http(std::uint64_t id);
  void remove_websocket(std::uint64_t id);
  std::size_t size() const;

  bool stopping() const { return stopping_.load(); }
  // No io thread runs any more: sessions drop sends instead of posting to a stopped io_context.
  bool io_running() const { return io_running_.load(); }
  void set_io_running(bool running) { io_running_.store(running); }

  // Refuses new sessions, asks every WebSocket to close with 1001 and every HTTP session to finish.
  void close_all();
  // Cuts every remaining TCP connection at once, for clients that ignore the close handshake.
  void cut_all();
  // Whether every session had ended before the deadline.
  bool wait_until_empty(std::chrono::steady_clock::time_point deadline);
  std::vector<std::shared_ptr<websocket_session>> websocket_sessions() const;

 private:
  const server_config config_;
  http_handler& http_;
  websocket_handler& websocket_;
  ip_connection_limit connections_per_ip_;
  trusted_proxies proxies_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> io_running_{true};
  mutable std::mutex mutex_;
  std::condition_variable emptied_;
  std::unordered_map<std::uint64_t, std::weak_ptr<http_session>> http_sessions_;
  std::unordered_map<std::uint64_t, std::weak_ptr<websocket_session>> websocket_sessions_;
};

}  // namespace scsa::server
