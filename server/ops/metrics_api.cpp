// Serving the metrics text, and who may read it.
#include "server/ops/metrics_api.hpp"

#include <arpa/inet.h>

#include <array>

#include "server/operator_access.hpp"
#include "server/ops/metrics.hpp"
#include "server/tokens.hpp"

namespace scsa::server {

bool is_loopback_address(const std::string& address) {
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET, address.c_str(), bytes.data()) == 1) return bytes[0] == 127;
  if (inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1) return false;
  static constexpr std::array<unsigned char, 16> loopback6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  if (bytes == loopback6) return true;
  for (std::size_t i = 0; i < 10; ++i) {
    if (bytes[i] != 0) return false;
  }
  return bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == 127;  // IPv4-mapped 127.x.y.z
}

metrics_api::metrics_api(http_handler& next, const operator_gate& operators)
    : next_(next), operators_(operators) {}

bool metrics_api::allowed(const http_request& request) const {
  if (!request.bearer_token().empty() && operators_.configured())
    return operators_.label_of(request).has_value();
  const bool proxied = !request.header("X-Forwarded-For").empty() || !request.header("Forwarded").empty() ||
                       !request.header("X-Real-IP").empty();
  return !proxied && is_loopback_address(request.remote_address);
}

bool metrics_api::handle(const http_request& request, http_responder respond) {
  if (request.path() != "/metrics") return next_.handle(request, std::move(respond));
  if (request.method != "GET" && request.method != "HEAD") {
    respond(http_response::error(405, "method_not_allowed", "this method is not allowed here"));
  } else if (!allowed(request)) {
    respond(http_response::error(403, "forbidden",
                                 "metrics are served to loopback clients and to the operator token only"));
  } else {
    http_response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = metrics().render();
    respond(std::move(response));
  }
  return true;
}

}  // namespace scsa::server
