// 429 with Retry-After.
#include "server/limits/rate_limited_response.hpp"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

namespace scsa::server {

long retry_after_seconds(const limit_decision& refused) {
  return std::max<long>(1, static_cast<long>((refused.retry_after.count() + 999) / 1000));
}

http_response rate_limited_response(const limit_decision& refused, std::string_view message) {
  const long seconds = retry_after_seconds(refused);
  auto response = http_response::json_body(
      429, nlohmann::json{{"code", "rate_limited"}, {"message", message}, {"retry_after_s", seconds}}.dump());
  response.headers.emplace_back("Retry-After", std::to_string(seconds));
  return response;
}

}  // namespace scsa::server
