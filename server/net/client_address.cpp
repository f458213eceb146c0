// Address blocks and X-Forwarded-For, read right to left.
#include "server/net/client_address.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace scsa::server {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Any address as 16 bytes (IPv4 mapped into IPv6), with its width in bits (32 or 128).
std::optional<std::pair<std::array<unsigned char, 16>, int>> address_bytes(std::string_view text) {
  std::string copy(trim(text));
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET, copy.c_str(), bytes.data() + 12) == 1) {
    bytes[10] = bytes[11] = 0xff;
    return std::pair{bytes, 32};
  }
  if (inet_pton(AF_INET6, copy.c_str(), bytes.data()) == 1) return std::pair{bytes, 128};
  return std::nullopt;
}

bool within(const std::array<unsigned char, 16>& address, const std::array<unsigned char, 16>& block,
            int prefix_bits) {
  for (int bit = 0; bit < prefix_bits; ++bit) {
    const int mask = 0x80 >> (bit % 8);
    if ((address[bit / 8] & mask) != (block[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

std::optional<trusted_proxies> trusted_proxies::parse(const std::vector<std::string>& entries) {
  trusted_proxies proxies;
  for (const auto& entry : entries) {
    std::string_view text = trim(entry);
    const auto slash = text.find('/');
    auto address = address_bytes(text.substr(0, slash));
    if (!address) return std::nullopt;
    auto [bytes, width] = *address;
    int bits = width;
    if (slash != std::string_view::npos) {
      const std::string_view digits = text.substr(slash + 1);
      auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
      if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size() || bits < 0 ||
          bits > width)
        return std::nullopt;
    }
    proxies.blocks_.push_back(block{bytes, bits + (128 - width)});
  }
  return proxies;
}

bool trusted_proxies::contains(std::string_view address) const {
  auto parsed = address_bytes(address);
  if (!parsed) return false;
  for (const auto& b : blocks_) {
    if (within(parsed->first, b.bytes, b.prefix_bits)) return true;
  }
  return false;
}

bool is_address_block(std::string_view entry) {
  return trusted_proxies::parse({std::string(entry)}).has_value();
}

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const trusted_proxies& proxies) {
  if (proxies.empty() || !proxies.contains(peer)) return peer;
  std::string_view rest = forwarded_for;
  std::string client = peer;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view entry = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    if (!address_bytes(entry)) return client;  // garbage: trust nothing further left
    client = std::string(entry);
    if (!proxies.contains(client)) return client;
  }
  return client;
}

}  // namespace scsa::server
