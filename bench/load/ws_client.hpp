// One WebSocket client of scsa-load: connect, a read loop, one write in flight with a queue behind it.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "bench/load/common.hpp"

namespace scsa::load {

class ws_client;

// Who hears about a client's life; the benchmark driver. Called on the io_context's thread.
class client_listener {
 public:
  virtual ~client_listener() = default;
  virtual void on_open(int index) = 0;
  virtual void on_frame(int index, std::string_view text) = 0;
  virtual void on_closed(int index, beast::error_code error) = 0;  // error is empty for a clean close
};

class ws_client : public std::enable_shared_from_this<ws_client> {
 public:
  ws_client(asio::io_context& ioc, client_listener& listener, int index, bool deflate = false)
      : ws_(ioc), listener_(listener), index_(index), deflate_(deflate) {}

  void connect(const tcp::endpoint& endpoint) {
    host_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(ws_).async_connect(
        endpoint, [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
  }

  void send(std::string frame) {
    if (finished_) return;
    queue_.push_back(std::move(frame));
    if (!writing_ && open_) write_next();
  }

  // A clean close handshake; the read loop then ends with websocket::error::closed.
  void close() {
    if (finished_ || closing_) return;
    closing_ = true;
    if (!open_) return abort();
    ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code ec) {
      if (ec) self->abort();
    });
  }

  // Drops the connection at once (the deadline).
  void abort() {
    closing_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  void on_connect(beast::error_code ec) {
    if (ec) return finish(ec);
    beast::get_lowest_layer(ws_).expires_never();  // the websocket stream keeps its own timeouts
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    if (deflate_) {
      websocket::permessage_deflate deflate;
      deflate.client_enable = true;
      ws_.set_option(deflate);
    }
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& request) { request.set(http::field::user_agent, "scsa-load"); }));
    ws_.read_message_max(64 * 1024 * 1024);  // a facilitator's snapshot may be large
    ws_.text(true);
    ws_.async_handshake(host_, "/ws",
                        [self = shared_from_this()](beast::error_code e) { self->on_handshake(e); });
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return finish(ec);
    open_ = true;
    read_next();
    if (!queue_.empty()) write_next();
    listener_.on_open(index_);
  }

  void read_next() {
    ws_.async_read(buffer_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return finish(ec == websocket::error::closed && closing_ ? beast::error_code() : ec);
    const auto data = buffer_.cdata();
    listener_.on_frame(index_, std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer_.consume(buffer_.size());
    read_next();
  }

  void write_next() {
    writing_ = true;
    ws_.async_write(asio::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ec) return;  // the read loop reports the failure
    queue_.pop_front();
    if (!queue_.empty() && !finished_) write_next();
  }

  void finish(beast::error_code ec) {
    if (finished_) return;
    finished_ = true;
    open_ = false;
    listener_.on_closed(index_, ec);
  }

  websocket::stream<beast::tcp_stream> ws_;
  client_listener& listener_;
  int index_;     // -1 is the facilitator, 0..N-1 the participants
  bool deflate_;  // offer permessage-deflate in the handshake
  std::string host_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool writing_{false};
  bool open_{false};
  bool closing_{false};
  bool finished_{false};
};

}  // namespace scsa::load
