// Accepts connections until stopped. An accept error other than the acceptor closing (out of file
// descriptors, a connection reset before accept) is logged and retried after a short pause.
#include "server/net/listener.hpp"

#include <chrono>
#include <string>
#include <system_error>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "server/net/http_session.hpp"
#include "server/net/open_connections.hpp"

namespace scsa::server {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

listener::listener(net::io_context& io, const tcp::endpoint& endpoint,
                   std::shared_ptr<open_connections> state)
    : io_(io),
      strand_(net::make_strand(io)),
      acceptor_(strand_),
      backoff_(strand_),
      state_(std::move(state)) {
  const std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw std::system_error(ec, "cannot listen on " + where);
  port_ = acceptor_.local_endpoint().port();
}

void listener::run() {
  net::post(strand_, [self = shared_from_this()] { self->do_accept(); });
}

void listener::stop() {
  net::post(strand_, [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->backoff_.cancel();
  });
}

void listener::do_accept() {
  if (!acceptor_.is_open()) return;
  // Each connection gets its own strand, so its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(io_),
                         beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    spdlog::warn("accept failed: {}", ec.message());
    backoff_.expires_after(std::chrono::milliseconds(100));
    backoff_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec) self->do_accept();
    });
    return;
  }
  // Without it, a kept-alive connection's second response waited ~40 ms (Nagle's algorithm against the
  // client's delayed ACK): Beast writes header and body in two sends.
  beast::error_code nodelay_ec;
  socket.set_option(tcp::no_delay(true), nodelay_ec);
  beast::error_code peer_ec;
  const auto peer = socket.remote_endpoint(peer_ec);
  const std::string address = peer_ec ? std::string("unknown") : peer.address().to_string();
  // A trusted proxy carries every client's connections: the per-address cap would throttle them all.
  auto slot = state_->proxies().contains(address) ? std::make_shared<int>(0)
                                                  : state_->connections_per_ip().try_acquire(address);
  if (!slot) {
    // Over the per-address cap: closed before anything is read, so it costs nearly nothing.
    spdlog::warn("connection from {} refused: it holds {} connections already", address,
                 state_->config().max_connections_per_ip);
    beast::error_code ignored;
    socket.close(ignored);
  } else {
    std::make_shared<http_session>(std::move(socket), state_, std::move(slot))->run();
  }
  do_accept();
}

}  // namespace scsa::server
