// Who is the operator: a request that carries the operator's token (known to the server only by its
// SHA-256, see ops/operator_token.hpp). Shared by the routes only the operator may use (form requests,
// the list of sessions, metrics from afar). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/http_types.hpp"

namespace scsa::server {

// Whether the request's bearer token is the operator's (constant-time on the hashes); false when no operator
// token is configured (`operator_token_hash` empty).
bool is_operator_request(const http_request& request, const std::string& operator_token_hash);

// nullopt for the operator; else the refusal: 401 without a token, 403 with another one, saying that
// `only_the_operator` ("only the operator lists sessions").
std::optional<http_response> refuse_unless_operator(const http_request& request,
                                                    const std::string& operator_token_hash,
                                                    std::string_view only_the_operator);

}  // namespace scsa::server
