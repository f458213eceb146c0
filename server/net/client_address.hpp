// Whose request this is. Behind a reverse proxy every peer is the proxy, so the client's address comes
// from X-Forwarded-For, but only when the peer is a proxy the operator named (--trusted-proxy): anyone
// else could write any address there and slip past every per-address limit.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scsa::server {

class trusted_proxies {
 public:
  // Addresses or CIDR blocks: "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8". nullopt if one is not.
  static std::optional<trusted_proxies> parse(const std::vector<std::string>& entries);
  bool contains(std::string_view address) const;
  bool empty() const { return blocks_.empty(); }

 private:
  struct block {
    std::array<unsigned char, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix_bits = 128;
  };
  std::vector<block> blocks_;
};

// Whether `entry` is an address or CIDR block trusted_proxies accepts (for the configuration's checks).
bool is_address_block(std::string_view entry);

// The peer itself, unless it is a trusted proxy; then the right-most X-Forwarded-For entry that is not a
// trusted proxy (each proxy appends the address it saw, so entries left of that one are the client's
// own claims). A header that does not parse leaves the peer's address.
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const trusted_proxies& proxies);

}  // namespace scsa::server
