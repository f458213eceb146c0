// Who is the operator (see operator_access.hpp).
#include "server/operator_access.hpp"

#include "server/tokens.hpp"

namespace scsa::server {

bool is_operator_request(const http_request& request, const std::string& operator_token_hash) {
  const std::string token = request.bearer_token();
  return !token.empty() && !operator_token_hash.empty() &&
         equal_in_constant_time(operator_token_hash, hash_token(token));
}

std::optional<http_response> refuse_unless_operator(const http_request& request,
                                                    const std::string& operator_token_hash,
                                                    std::string_view only_the_operator) {
  if (request.bearer_token().empty())
    return http_response::error(401, "unauthorized",
                                "send the operator token as Authorization: Bearer <token>");
  if (!is_operator_request(request, operator_token_hash))
    return http_response::error(403, "forbidden", only_the_operator);
  return std::nullopt;
}

}  // namespace scsa::server
