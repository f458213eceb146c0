// A small synchronous HTTP and WebSocket client over real sockets, for every server test. Every call has a
// timeout, so a misbehaving server fails a test instead of hanging it. Free of Beast (pimpl).
// Thread-safety: one ws_client per thread; the free functions are safe from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http_types.hpp"

namespace scsa::testing {

using namespace std::chrono_literals;

using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_result {
  int status = 0;  // 0 when no response arrived (refused, reset or timed out)
  std::map<std::string, std::string, server::case_insensitive_less> headers;
  std::string body;
  std::string header(std::string_view name) const;  // "" when absent
};

// One request on a fresh connection to 127.0.0.1:port, "Connection: close".
http_result http_call(std::uint16_t port, std::string_view method, std::string_view target,
                      std::string body = {}, const header_list& headers = {},
                      std::chrono::milliseconds timeout = 5s);
http_result http_get(std::uint16_t port, std::string_view target, const header_list& headers = {});
http_result http_post(std::uint16_t port, std::string_view target, std::string body,
                      const header_list& headers = {});

// Writes bytes as they are (for malformed requests) and returns what the server sent until it closed the
// connection or the timeout passed.
std::string raw_exchange(std::uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout = 2s);

class ws_client {
 public:
  ws_client();
  ~ws_client();  // drops the TCP connection without a closing handshake
  ws_client(const ws_client&) = delete;
  ws_client& operator=(const ws_client&) = delete;

  // Opens 127.0.0.1:port and asks to upgrade at path, with an Origin header when origin is set.
  // True once upgraded; otherwise handshake_status() says what the server answered.
  bool connect(std::uint16_t port, std::string_view path = "/ws",
               std::optional<std::string> origin = std::nullopt, std::chrono::milliseconds timeout = 5s);
  int handshake_status() const;  // 101 after an upgrade, the refusal's status, or 0 without an answer
  // Offer permessage-deflate in the next connect; the extensions the server accepted, after it.
  void offer_deflate();
  const std::string& accepted_extensions() const;
  const std::string& handshake_body() const;

  bool send(std::string_view text, std::chrono::milliseconds timeout = 5s);
  bool send_binary(std::string_view data, std::chrono::milliseconds timeout = 5s);

  // The next text or binary message, or nullopt when none arrived in time or the connection ended.
  std::optional<std::string> receive(std::chrono::milliseconds timeout = 2s);

  // Reads and discards messages until the connection ends; the server's close code, or nullopt when it
  // ended without a close frame or did not end in time.
  std::optional<std::uint16_t> wait_closed(std::chrono::milliseconds timeout = 2s);

  bool is_open() const;                              // upgraded and not yet ended
  std::optional<std::uint16_t> closed_with() const;  // the close code the server sent, once ended
  bool ended() const;                                // the connection is over, with or without a close frame

  // A normal closing handshake started by the client.
  void close(std::uint16_t code = 1000, std::chrono::milliseconds timeout = 2s);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace scsa::testing
