// The one answer to a throttled HTTP write: 429, Retry-After in whole seconds, and the same number in the
// JSON body, so that a client shows when to try again without reading headers.
#pragma once

#include <string_view>

#include "server/http_types.hpp"
#include "server/limits/rate_limiter.hpp"

namespace scsa::server {

http_response rate_limited_response(const limit_decision& refused, std::string_view message);

// Whole seconds to wait, at least 1.
long retry_after_seconds(const limit_decision& refused);

}  // namespace scsa::server
