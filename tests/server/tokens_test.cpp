// Tokens, hashes and join codes: length, alphabet, uniqueness and canonical forms.
#include "server/tokens.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace scsa::server;

TEST_CASE("tokens are 256 random bits in hex and never repeat", "[tokens]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto token = make_token();
    CHECK(token.size() == 64);
    CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);
    seen.insert(token);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("a token's hash is SHA-256", "[tokens]") {
  // The SHA-256 of "abc" from FIPS 180-2.
  CHECK(hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hash_token("abc") != hash_token("abd"));
}

TEST_CASE("constant-time comparison compares contents and lengths", "[tokens]") {
  CHECK(equal_in_constant_time("abc", "abc"));
  CHECK_FALSE(equal_in_constant_time("abc", "abd"));
  CHECK_FALSE(equal_in_constant_time("abc", "abcd"));
  CHECK_FALSE(equal_in_constant_time("", "a"));
}

TEST_CASE("join codes use an alphabet without look-alikes and are typed in any case", "[tokens]") {
  for (int i = 0; i < 500; ++i) {
    auto code = make_join_code();
    REQUIRE(code.size() == join_code_length);
    CHECK(code.find_first_not_of(join_code_alphabet) == std::string::npos);
    CHECK(normalize_join_code(code) == code);
  }
  CHECK(join_code_alphabet.find_first_of("01OIL") == std::string_view::npos);
  CHECK(normalize_join_code("kx7-p2m") == "KX7P2M");
  CHECK(normalize_join_code(" kx7 p2m ") == "KX7P2M");
  CHECK(normalize_join_code("KX7P2") == "");          // too short
  CHECK(normalize_join_code("KX7P2MM") == "");        // too long
  CHECK(normalize_join_code("KX0P2M") == "");         // 0 is never in a code
  CHECK(normalize_join_code("KX7P2\xC3\xA9") == "");  // not in the alphabet
}

TEST_CASE("ids carry their prefix and 64 random bits", "[tokens]") {
  auto id = make_id("s");
  CHECK(id.rfind("s-", 0) == 0);
  CHECK(id.size() == 18);
  CHECK(make_id("p") != make_id("p"));
}
