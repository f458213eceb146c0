// HTTP requests and responses as the application sees them, free of Beast so that handlers and their tests
// compile without Boost. The network layer (http_session) converts to and from Beast's messages.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scsa::server {

// Header names compare case-insensitively, as HTTP says.
struct case_insensitive_less {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

struct http_request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as sent, e.g. "/api/catalog?lang=en"
  std::map<std::string, std::string, case_insensitive_less> headers;  // last value wins
  std::string body;                                                   // at most the configured body limit
  std::string remote_address;  // the peer's IP address, for rate limits and logs
  std::string request_id;      // names the request in logs (a proxy's X-Request-Id, or made up)

  std::string_view path() const;                             // target without the query
  std::string query_parameter(std::string_view name) const;  // decoded value, or "" when absent
  std::string header(std::string_view name) const;           // "" when absent
  std::string bearer_token() const;  // the token of "Authorization: Bearer <token>", "" when absent
};

struct http_response {
  int status = 200;                                          // HTTP status code
  std::string content_type = "application/json";             // Content-Type
  std::string body;                                          // the whole body
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Cache-Control

  // A JSON error body {"code","message"} with the given status.
  static http_response error(int status, std::string_view code, std::string_view message);
  static http_response json_body(int status, std::string body);
};

// The non-empty segments of a path: "/api/sessions/s-1/results" -> {"api", "sessions", "s-1", "results"}.
std::vector<std::string_view> path_segments(std::string_view path);

// Called exactly once per request, from any thread.
using http_responder = std::function<void(http_response)>;

// The application's HTTP routes. handle() must not block on disk or network: slow work completes later
// through the responder. Returns false when no route matches, so the network layer serves static files.
class http_handler {
 public:
  virtual ~http_handler() = default;
  virtual bool handle(const http_request& request, http_responder respond) = 0;
};

}  // namespace scsa::server
