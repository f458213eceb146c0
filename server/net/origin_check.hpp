// The Origin allowlist: a browser page may only open /ws, or write (POST and the like), from an allowed
// origin. Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scsa::server {

// "HTTPS://Example.org:443/" -> "https://example.org". Only http and https origins with a host and an
// optional port are accepted; nullopt for anything else (including "null" and origins with a path).
std::optional<std::string> normalize_origin(std::string_view origin);

// Whether an upgrade may proceed. origin is nullopt when the request has no Origin header: a non-browser
// client, allowed (Origin protects browsers' users, not the server). With an empty allowlist only a
// same-host origin passes: its host[:port] equals the request's Host header.
bool origin_allowed(const std::optional<std::string_view>& origin, std::string_view host_header,
                    const std::vector<std::string>& allowed_origins);

}  // namespace scsa::server
