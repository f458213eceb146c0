// The network layer as the rest of the server sees it: binds, runs the io threads, and shuts down in a
// fixed order. Free of Boost (pimpl), so code that includes it does not compile Beast.
// Thread-safety: construct, set hooks and run() from one thread; stop(), request_shutdown(), port() and
// open_sessions() from any thread.
//
// Shutdown order, once stop() or a signal asks for it:
//   1. stop accepting (the listening socket closes);
//   2. the owner's drain hook runs on run()'s thread while the io threads still serve open connections,
//      so in-flight commits can still reach their clients;
//   3. every WebSocket is closed with 1001 after what is queued for it; idle HTTP connections close;
//   4. what has not closed within shutdown_grace is cut; on_close has then been reported for every
//      WebSocket that was opened, and the io threads stop. run() returns.
// The application must drop its client_connection pointers in on_close: none may outlive this object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "server/client_connection.hpp"
#include "server/http_types.hpp"
#include "server/ops/server_config.hpp"

namespace scsa::server {

class network_server {
 public:
  // Binds config.bind:config.port at once; throws std::system_error ("cannot listen on ...") on failure.
  network_server(const server_config& config, http_handler& http, websocket_handler& websocket);
  ~network_server();  // stops and waits for run() if it is still running
  network_server(const network_server&) = delete;
  network_server& operator=(const network_server&) = delete;

  // The port actually bound: the kernel's choice when config.port was 0.
  std::uint16_t port() const;

  // Runs between "stop accepting" and "close sockets with 1001"; may block (e.g. until in-flight commits
  // are acknowledged). Set before run().
  void set_drain_hook(std::function<void()> hook);

  // SIGINT and SIGTERM request shutdown. Call before run(); the signals are handled only while it runs.
  void handle_signals();

  // Serves on config.io_threads threads until shutdown completes. Call once.
  void run();

  // Asks run() to shut down and returns at once. Safe from any thread, including the io threads.
  void request_shutdown();

  // request_shutdown(), then waits until run() has returned, unless called from an io thread or the
  // drain hook (which run() itself is waiting for).
  void stop();

  // HTTP and WebSocket sessions currently open, for tests and metrics.
  std::size_t open_sessions() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace scsa::server
