// One HTTP/1.1 connection: reads requests (keep-alive, pipelined), hands them to the application's
// http_handler or to the static files, writes the responses in request order, and hands an upgrade at
// /ws to a websocket_session after checking its Origin (as in Beast's advanced_server example).
// Thread-safety: public members may be called from any thread; all socket work runs on the session's
// strand, and responses completed on other threads are posted back to it.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/http_types.hpp"

namespace scsa::server {

class open_connections;

class http_session : public std::enable_shared_from_this<http_session> {
 public:
  // socket's executor must be a strand (the listener accepts onto one).
  // `ip_slot` is the connection's place under the per-address cap; it moves on to the WebSocket session.
  http_session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<open_connections> state,
               std::shared_ptr<void> ip_slot);
  ~http_session();

  void run();
  // Stops reading and closes once the responses already owed are written.
  void shut_down();
  // Closes the socket at once.
  void cut();
  // Called by the responder, from any thread: the response for the request with this sequence number.
  void respond(std::uint64_t sequence, http_response response);

 private:
  // One request in the pipeline; responses go out in this order, each as soon as it and all before it exist.
  struct slot {
    std::uint64_t sequence = 0;
    unsigned version = 11;   // the request's HTTP version, echoed in the response
    bool keep_alive = true;  // what the request asked for
    bool head = false;       // a HEAD request: headers only
    std::string request_id;  // for logs and the X-Request-Id response header ("" for protocol errors)
    std::string summary;     // "GET /api/catalog", for the log line
    std::chrono::steady_clock::time_point arrived;
    std::optional<boost::beast::http::message_generator> response;
  };

  void start();
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle_request(boost::beast::http::request<boost::beast::http::string_body>&& request);
  void handle_upgrade(boost::beast::http::request<boost::beast::http::string_body>&& request);
  void serve_static(slot& pending, const http_request& request);
  void queue_error(int status, std::string_view code, std::string_view message, unsigned version);
  void fill(std::uint64_t sequence, http_response response);
  void log_request(const slot& pending, int status) const;
  void maybe_write();
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void maybe_read();
  void finish();

  std::shared_ptr<open_connections> state_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::deque<slot> pipeline_;
  std::string remote_address_;
  std::shared_ptr<void> ip_slot_;  // held until this session (or the WebSocket it became) ends
  const std::uint64_t id_;
  std::uint64_t next_sequence_ = 0;
  bool reading_ = false;
  bool writing_ = false;
  bool closing_ = false;  // no more requests: the peer finished, asked to close, erred, or we shut down
};

}  // namespace scsa::server
