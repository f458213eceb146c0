// GET /metrics for Prometheus, in front of the application's other routes. Only for the machine itself or
// the operator: a request from a loopback address without proxy headers (X-Forwarded-For, Forwarded,
// X-Real-IP — a reverse proxy on the same host connects from loopback too), or one that carries the
// operator token as "Authorization: Bearer <token>". Everyone else gets 403. Thread-safe.
#pragma once

#include <string>

#include "server/http_types.hpp"
#include "server/operator_access.hpp"

namespace scsa::server {

// Whether an address is 127.0.0.0/8, ::1 or ::ffff:127.x.y.z.
bool is_loopback_address(const std::string& address);

class metrics_api final : public http_handler {
 public:
  // `next` handles every other request; with no operators configured only loopback is allowed. `operators`
  // must outlive this.
  metrics_api(http_handler& next, const operator_gate& operators);

  bool handle(const http_request& request, http_responder respond) override;

 private:
  bool allowed(const http_request& request) const;

  http_handler& next_;
  const operator_gate& operators_;
};

}  // namespace scsa::server
