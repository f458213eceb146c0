// Owns the io_context, the listener and the shared state, runs the io threads, and carries out the
// shutdown sequence on run()'s own thread, which is never an io thread, so the drain hook may block
// while the io threads keep serving.
#include "server/net/network_server.hpp"

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "server/net/listener.hpp"
#include "server/net/open_connections.hpp"
#include "server/net/websocket_session.hpp"

namespace scsa::server {

namespace net = boost::asio;

struct network_server::impl {
  impl(const server_config& config, http_handler& http, websocket_handler& websocket)
      : io(static_cast<int>(config.io_threads)),
        state(std::make_shared<open_connections>(config, http, websocket)),
        signals(io) {}

  net::io_context io;  // first: destroyed last, after everything that holds its handlers' objects
  std::shared_ptr<open_connections> state;
  std::shared_ptr<listener> accept;
  net::signal_set signals;
  std::function<void()> drain_hook;
  bool want_signals = false;

  mutable std::mutex mutex;
  std::condition_variable changed;
  bool stop_requested = false;
  bool running = false;
  bool finished = false;
  std::thread::id coordinator;  // run()'s thread

  void shut_down();
};

network_server::network_server(const server_config& config, http_handler& http, websocket_handler& websocket)
    : impl_(std::make_unique<impl>(config, http, websocket)) {
  boost::system::error_code ec;
  const auto address = net::ip::make_address(config.bind, ec);
  if (ec) throw std::system_error(ec, "cannot listen on " + config.bind + ": not an IP address");
  impl_->accept =
      std::make_shared<listener>(impl_->io, net::ip::tcp::endpoint(address, config.port), impl_->state);
}

network_server::~network_server() {
  stop();
  impl_->state->set_io_running(false);
}

std::uint16_t network_server::port() const {
  return impl_->accept->port();
}

void network_server::set_drain_hook(std::function<void()> hook) {
  impl_->drain_hook = std::move(hook);
}

void network_server::handle_signals() {
  impl_->want_signals = true;
}

std::size_t network_server::open_sessions() const {
  return impl_->state->size();
}

void network_server::request_shutdown() {
  std::lock_guard lock(impl_->mutex);
  impl_->stop_requested = true;
  impl_->changed.notify_all();
}

void network_server::stop() {
  request_shutdown();
  std::unique_lock lock(impl_->mutex);
  if (!impl_->running) return;
  if (impl_->io.get_executor().running_in_this_thread() || std::this_thread::get_id() == impl_->coordinator)
    return;
  impl_->changed.wait(lock, [this] { return impl_->finished; });
}

void network_server::run() {
  impl& self = *impl_;
  {
    std::lock_guard lock(self.mutex);
    if (self.running || self.finished) throw std::logic_error("network_server::run() called twice");
    self.running = true;
    self.coordinator = std::this_thread::get_id();
  }
  auto work = net::make_work_guard(self.io);
  if (self.want_signals) {
    self.signals.add(SIGINT);
    self.signals.add(SIGTERM);
    self.signals.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("signal {} received: shutting down", signal);
      request_shutdown();
    });
  }
  self.accept->run();
  spdlog::info("listening on {}:{}", self.state->config().bind, port());

  const std::size_t thread_count = std::max<std::size_t>(1, self.state->config().io_threads);
  std::vector<std::thread> threads;
  threads.reserve(thread_count);
  for (std::size_t i = 0; i < thread_count; ++i) {
    threads.emplace_back([this] {
      // Handlers catch their own exceptions; one escaping is a bug in one connection, not a reason to
      // end a live workshop for everyone, so log it and keep serving (as Asio's documentation advises).
      for (;;) {
        try {
          impl_->io.run();
          return;
        } catch (const std::exception& error) {
          spdlog::critical("an exception escaped an io handler: {}", error.what());
        }
      }
    });
  }

  {
    std::unique_lock lock(self.mutex);
    self.changed.wait(lock, [&] { return self.stop_requested; });
  }
  self.shut_down();
  work.reset();
  self.io.stop();
  for (auto& thread : threads) thread.join();
  self.state->set_io_running(false);
  // Any WebSocket whose read loop could not report its end still owes the application on_close.
  for (const auto& session : self.state->websocket_sessions()) session->finish_after_stop();

  std::lock_guard lock(self.mutex);
  self.running = false;
  self.finished = true;
  self.changed.notify_all();
  spdlog::info("network stopped");
}

void network_server::impl::shut_down() {
  using clock = std::chrono::steady_clock;
  accept->stop();
  net::post(signals.get_executor(), [this] {
    boost::system::error_code ignored;
    signals.cancel(ignored);
  });
  if (drain_hook) {
    try {
      drain_hook();
    } catch (const std::exception& error) {
      spdlog::error("drain hook failed: {}", error.what());
    }
  }
  state->close_all();
  if (!state->wait_until_empty(clock::now() + state->config().shutdown_grace)) {
    spdlog::debug("{} sessions still open after the grace period: cutting them", state->size());
    state->cut_all();
    state->wait_until_empty(clock::now() + std::chrono::seconds(1));
  }
}

}  // namespace scsa::server
