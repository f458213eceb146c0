// Who is an operator (see operator_access.hpp).
#include "server/operator_access.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "server/limits/open_write_limits.hpp"
#include "server/limits/rate_limited_response.hpp"
#include "server/tokens.hpp"

namespace scsa::server {

operator_gate::operator_gate(std::vector<operator_token_entry> tokens, open_write_limits* limits)
    : tokens_(std::move(tokens)), limits_(limits) {}

std::optional<std::string> operator_gate::label_of(const http_request& request) const {
  const std::string token = request.bearer_token();
  if (token.empty() || tokens_.empty()) return std::nullopt;
  const std::string hash = hash_token(token);
  std::optional<std::string> found;
  for (const auto& entry : tokens_)  // every entry is compared, so the time says nothing about which
    if (equal_in_constant_time(entry.hash, hash) && !found) found = entry.label;
  return found;
}

std::variant<std::string, http_response> operator_gate::admit(const http_request& request,
                                                              std::string_view only_the_operator) const {
  if (request.bearer_token().empty())
    return http_response::error(401, "unauthorized",
                                "send the operator token as Authorization: Bearer <token>");
  const auto now = std::chrono::steady_clock::now();
  if (limits_ != nullptr) {
    if (auto allowed = limits_->may_try_operator_token(request.remote_address, now); !allowed.allowed)
      return rate_limited_response(allowed, "too many wrong tokens from this address; try again later");
  }
  if (auto label = label_of(request)) return std::move(*label);
  if (limits_ != nullptr) limits_->count_wrong_operator_token(request.remote_address, now);
  spdlog::warn("operator routes: a wrong token from {} for {} {}", request.remote_address, request.method,
               request.path());
  return http_response::error(403, "forbidden", only_the_operator);
}

}  // namespace scsa::server
