// The client's address: the peer's, unless the peer is a proxy the operator trusts; then the right-most
// X-Forwarded-For entry that is not itself a trusted proxy. A forged header from anyone else changes nothing.
#include <catch2/catch.hpp>

#include "server/net/client_address.hpp"

using scsa::server::client_address;
using scsa::server::trusted_proxies;

TEST_CASE("client address: X-Forwarded-For counts only from a trusted proxy", "[net]") {
  const auto none = *trusted_proxies::parse({});
  const auto local = *trusted_proxies::parse({"127.0.0.1", "10.0.0.0/8", "fd00::/8"});
  // Nobody trusted: whatever the header says, the peer is the client.
  CHECK(client_address("198.51.100.4", "203.0.113.9", none) == "198.51.100.4");
  CHECK(client_address("127.0.0.1", "203.0.113.9", none) == "127.0.0.1");
  // An untrusted peer cannot forge its way past the limits.
  CHECK(client_address("198.51.100.4", "203.0.113.9", local) == "198.51.100.4");
  // The trusted proxy's word counts: the last address it appended.
  CHECK(client_address("127.0.0.1", "203.0.113.9", local) == "203.0.113.9");
  CHECK(client_address("127.0.0.1", "6.6.6.6, 203.0.113.9", local) == "203.0.113.9");  // left: client's claim
  CHECK(client_address("127.0.0.1", "203.0.113.9, 10.1.2.3", local) == "203.0.113.9");  // a chain of proxies
  CHECK(client_address("10.4.4.4", " 2001:db8::7 ", local) == "2001:db8::7");
  CHECK(client_address("fd12::1", "203.0.113.9", local) == "203.0.113.9");
  CHECK(client_address("::ffff:127.0.0.1", "203.0.113.9", local) == "203.0.113.9");  // a dual-stack socket
  // No header, or one that does not parse: the proxy itself (never a made-up client).
  CHECK(client_address("127.0.0.1", "", local) == "127.0.0.1");
  CHECK(client_address("127.0.0.1", "unknown", local) == "127.0.0.1");
  CHECK(client_address("127.0.0.1", "203.0.113.9, garbage", local) == "127.0.0.1");
  CHECK(client_address("127.0.0.1", "10.0.0.1, 10.0.0.2", local) == "10.0.0.1");  // all proxies
}

TEST_CASE("client address: trusted proxies are addresses or CIDR blocks", "[net]") {
  CHECK(trusted_proxies::parse({"127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", "0.0.0.0/0"}).has_value());
  for (const char* bad : {"", "localhost", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "1.2.3"})
    CHECK_FALSE(trusted_proxies::parse({bad}).has_value());
  const auto block = *trusted_proxies::parse({"192.168.4.0/22"});
  CHECK(block.contains("192.168.4.1"));
  CHECK(block.contains("192.168.7.255"));
  CHECK_FALSE(block.contains("192.168.8.0"));
  CHECK_FALSE(block.contains("not an address"));
}
