// Accepts TCP connections and starts an http_session on its own strand for each (as in Beast's examples).
// Thread-safety: construct and run() from one thread; stop() may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>

namespace scsa::server {

class open_connections;

class listener : public std::enable_shared_from_this<listener> {
 public:
  // Binds and listens at once; throws std::system_error naming the address when that fails.
  listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
           std::shared_ptr<open_connections> state);

  // The port actually bound (the kernel's choice when the configuration asked for port 0).
  std::uint16_t port() const { return port_; }
  void run();
  void stop();

 private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;  // the acceptor's and the timer's
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;  // after an accept error such as EMFILE, instead of spinning
  std::shared_ptr<open_connections> state_;
  std::uint16_t port_ = 0;
};

}  // namespace scsa::server
