// The synchronous test client. Each call starts one asynchronous Beast operation on a private io_context
// and runs that context until the operation completes or its deadline passes, which is how a blocking
// call gets a timeout without a second thread.
#include "tests/server/test_client.hpp"

#include <array>
#include <deque>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace scsa::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

tcp::endpoint local(std::uint16_t port) {
  return {net::ip::make_address("127.0.0.1"), port};
}

// Runs io until done is set or the deadline passes; true when done.
bool run_until(net::io_context& io, const bool& done, clock_type::time_point deadline) {
  io.restart();
  while (!done && clock_type::now() < deadline) {
    if (io.run_one_until(deadline) == 0 && io.stopped()) io.restart();
  }
  return done;
}

}  // namespace

std::string http_result::header(std::string_view name) const {
  const auto found = headers.find(name);
  return found == headers.end() ? std::string{} : found->second;
}

http_result http_call(std::uint16_t port, std::string_view method, std::string_view target, std::string body,
                      const header_list& headers, std::chrono::milliseconds timeout) {
  http_result result;
  net::io_context io;
  beast::tcp_stream stream(io);
  // The tcp_stream closes the socket when the deadline passes, so io.run() always returns.
  stream.expires_after(timeout);
  beast::error_code ec;
  stream.async_connect(local(port), [&](beast::error_code e) { ec = e; });
  io.run();
  if (ec) return result;

  http::request<http::string_body> request{http::string_to_verb(method), std::string(target), 11};
  request.method_string(method);
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  request.set(http::field::connection, "close");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  io.restart();
  http::async_write(stream, request, [&](beast::error_code e, std::size_t) { ec = e; });
  io.run();
  if (ec) return result;

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  io.restart();
  http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
  io.run();
  if (ec) return result;

  const auto& response = parser.get();
  result.status = static_cast<int>(response.result_int());
  for (const auto& field : response)
    result.headers[std::string(field.name_string())] = std::string(field.value());
  result.body = response.body();
  return result;
}

http_result http_get(std::uint16_t port, std::string_view target, const header_list& headers) {
  return http_call(port, "GET", target, {}, headers);
}

http_result http_post(std::uint16_t port, std::string_view target, std::string body,
                      const header_list& headers) {
  return http_call(port, "POST", target, std::move(body), headers);
}

std::string raw_exchange(std::uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout) {
  net::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(timeout);
  beast::error_code ec;
  stream.async_connect(local(port), [&](beast::error_code e) { ec = e; });
  io.run();
  if (ec) return {};
  io.restart();
  net::async_write(stream, net::buffer(bytes.data(), bytes.size()),
                   [&](beast::error_code e, std::size_t) { ec = e; });
  io.run();
  std::string received;
  std::array<char, 4096> chunk{};
  while (!ec) {
    io.restart();
    std::size_t got = 0;
    stream.async_read_some(net::buffer(chunk), [&](beast::error_code e, std::size_t n) {
      ec = e;
      got = n;
    });
    io.run();
    received.append(chunk.data(), got);
  }
  return received;
}

struct ws_client::impl {
  net::io_context io;  // first: destroyed after the stream
  websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
  std::deque<std::string> inbox;
  int status = 0;
  std::string refusal_body;
  std::string extensions;  // Sec-WebSocket-Extensions of the upgrade's answer
  bool open = false;
  bool ended = false;
  bool read_pending = false;
  std::optional<std::uint16_t> close_code;

  void start_read() {
    if (read_pending || ended || !open) return;
    read_pending = true;
    ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
      read_pending = false;
      if (ec) {
        ended = true;
        open = false;
        // A close frame counts even when replying to it failed because the server had already gone.
        if (ws.reason().code != websocket::close_code::none) close_code = ws.reason().code;
        return;
      }
      inbox.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
    });
  }

  bool write(std::string_view data, bool text, std::chrono::milliseconds timeout) {
    if (!open) return false;
    bool done = false;
    beast::error_code result;
    ws.text(text);
    ws.async_write(net::buffer(data.data(), data.size()), [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    if (!run_until(io, done, clock_type::now() + timeout)) {
      beast::get_lowest_layer(ws).close();  // the write cannot be abandoned halfway: give up on the socket
      run_until(io, done, clock_type::now() + 1s);
      return false;
    }
    return !result;
  }
};

ws_client::ws_client() : impl_(std::make_unique<impl>()) {}

ws_client::~ws_client() {
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

bool ws_client::connect(std::uint16_t port, std::string_view path, std::optional<std::string> origin,
                        std::chrono::milliseconds timeout) {
  auto& self = *impl_;
  auto& tcp_layer = beast::get_lowest_layer(self.ws);
  tcp_layer.expires_after(timeout);
  beast::error_code ec;
  bool done = false;
  tcp_layer.async_connect(local(port), [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  if (!run_until(self.io, done, clock_type::now() + timeout) || ec) return false;

  self.ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& request) {
    if (origin) request.set(http::field::origin, *origin);
  }));
  self.ws.read_message_max(64 * 1024 * 1024);
  websocket::response_type response;
  done = false;
  self.ws.async_handshake(response, "127.0.0.1:" + std::to_string(port), std::string(path),
                          [&](beast::error_code e) {
                            ec = e;
                            done = true;
                          });
  run_until(self.io, done, clock_type::now() + timeout + 1s);
  self.status = static_cast<int>(response.result_int());
  self.refusal_body = response.body();
  self.extensions = std::string(response[http::field::sec_websocket_extensions]);
  tcp_layer.expires_never();
  self.open = done && !ec;
  return self.open;
}

void ws_client::offer_deflate() {
  websocket::permessage_deflate deflate;
  deflate.client_enable = true;
  impl_->ws.set_option(deflate);
}

const std::string& ws_client::accepted_extensions() const {
  return impl_->extensions;
}

int ws_client::handshake_status() const {
  return impl_->status;
}

const std::string& ws_client::handshake_body() const {
  return impl_->refusal_body;
}

bool ws_client::send(std::string_view text, std::chrono::milliseconds timeout) {
  return impl_->write(text, true, timeout);
}

bool ws_client::send_binary(std::string_view data, std::chrono::milliseconds timeout) {
  return impl_->write(data, false, timeout);
}

std::optional<std::string> ws_client::receive(std::chrono::milliseconds timeout) {
  auto& self = *impl_;
  const auto deadline = clock_type::now() + timeout;
  self.io.restart();
  while (self.inbox.empty() && !self.ended && clock_type::now() < deadline) {
    self.start_read();
    if (self.io.stopped()) self.io.restart();
    self.io.run_one_until(deadline);
  }
  if (self.inbox.empty()) return std::nullopt;
  std::string message = std::move(self.inbox.front());
  self.inbox.pop_front();
  return message;
}

std::optional<std::uint16_t> ws_client::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  while (!impl_->ended && clock_type::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    if (receive(std::max(left, std::chrono::milliseconds(1)))) continue;
  }
  impl_->inbox.clear();
  return impl_->ended ? impl_->close_code : std::nullopt;
}

bool ws_client::is_open() const {
  return impl_->open && !impl_->ended;
}

std::optional<std::uint16_t> ws_client::closed_with() const {
  return impl_->close_code;
}

bool ws_client::ended() const {
  return impl_->ended;
}

void ws_client::close(std::uint16_t code, std::chrono::milliseconds timeout) {
  auto& self = *impl_;
  if (!self.open || self.ended) return;
  bool done = false;
  self.ws.async_close(websocket::close_reason(static_cast<websocket::close_code>(code)),
                      [&](beast::error_code) { done = true; });
  run_until(self.io, done, clock_type::now() + timeout);
  self.open = false;
  self.ended = true;
}

}  // namespace scsa::testing
