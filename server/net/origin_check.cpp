// The Origin allowlist for WebSocket upgrades. Exact comparison of normalised origins, never prefix or
// substring matching, so look-alikes such as "http://localhost:8080.evil.example" never pass.
#include "server/net/origin_check.hpp"

#include <algorithm>
#include <cctype>

namespace scsa::server {

namespace {

std::string to_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

bool valid_host(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {  // an IPv6 literal
    if (host.back() != ']' || host.size() < 3) return false;
    return std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
    });
  }
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
  });
}

bool valid_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  const int value = std::stoi(std::string(port));
  return value >= 1 && value <= 65535;
}

// Splits "host[:port]" into host and port ("" when absent); nullopt when malformed.
std::optional<std::pair<std::string, std::string>> split_authority(std::string_view authority) {
  std::string_view host = authority;
  std::string_view port;
  const auto bracket = authority.rfind(']');
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (!valid_port(port)) return std::nullopt;
  }
  if (!valid_host(host)) return std::nullopt;
  return std::pair{std::string(host), std::string(port)};
}

std::string without_default_port(const std::string& scheme, const std::string& host,
                                 const std::string& port) {
  if (port.empty() || (scheme == "http" && port == "80") || (scheme == "https" && port == "443")) return host;
  return host + ":" + port;
}

}  // namespace

std::optional<std::string> normalize_origin(std::string_view origin) {
  const std::string lowered = to_lower(origin);
  std::string_view text = lowered;
  const auto separator = text.find("://");
  if (separator == std::string_view::npos) return std::nullopt;
  const std::string scheme(text.substr(0, separator));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view authority = text.substr(separator + 3);
  if (!authority.empty() && authority.back() == '/') authority.remove_suffix(1);  // tolerated in config
  const auto parts = split_authority(authority);
  if (!parts) return std::nullopt;
  return scheme + "://" + without_default_port(scheme, parts->first, parts->second);
}

bool origin_allowed(const std::optional<std::string_view>& origin, std::string_view host_header,
                    const std::vector<std::string>& allowed_origins) {
  if (!origin) return true;
  const auto normalized = normalize_origin(*origin);
  if (!normalized) return false;  // "null", "", file://, garbage
  if (!allowed_origins.empty()) {
    return std::any_of(allowed_origins.begin(), allowed_origins.end(), [&](const std::string& allowed) {
      const auto candidate = normalize_origin(allowed);
      return candidate && *candidate == *normalized;
    });
  }
  // Same host: compare the origin's authority with the Host header, both without their default port.
  const auto separator = normalized->find("://");
  const std::string scheme = normalized->substr(0, separator);
  const auto host = split_authority(to_lower(host_header));
  if (!host) return false;
  return normalized->substr(separator + 3) == without_default_port(scheme, host->first, host->second);
}

}  // namespace scsa::server
