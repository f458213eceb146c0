// A rate limit as operators write it: "BURST/PERIOD", e.g. "60/10m" is 60 at once, and the bucket is full
// again after 10 minutes (one token back every 10 s). PERIOD is a whole number with s, m or h. "off" is no
// limit (load tests from one address; never on a public instance).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/limits/rate_limiter.hpp"

namespace scsa::server {

// The limit, or nullopt when `text` is not BURST/PERIOD with BURST 1..1,000,000 and a refill of at least
// 1 ms per token, nor "off".
std::optional<rate_limit> parse_rate_limit(std::string_view text);

// Back to "BURST/PERIOD" (for --help and --check-config).
std::string format_rate_limit(const rate_limit& limit);

}  // namespace scsa::server
