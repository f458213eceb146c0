// The directory's compact tables: ids interned once with dense numbers (through growth, equal tables for
// equal histories), and the token index (hashes shaped as SHA-256 hex kept as bytes, any other text as it
// is; the latest join with a hash wins; a hash never seen is not found).
#include <catch2/catch.hpp>

#include <string>

#include "domain/id_table.hpp"
#include "domain/session_directory.hpp"

using namespace scsa::domain;

TEST_CASE("id table: each id once, numbered in the order first seen, through growth", "[compact]") {
  id_table ids;
  for (int i = 0; i < 5000; ++i) CHECK(ids.intern("p-" + std::to_string(i)) == static_cast<std::uint32_t>(i));
  CHECK(ids.size() == 5000);
  CHECK(ids.intern("p-17") == 17);  // again: the same number, nothing added
  CHECK(ids.size() == 5000);
  CHECK(ids.at(4321) == "p-4321");
  CHECK(ids.find("p-4999") == 4999u);
  CHECK_FALSE(ids.find("p-5000"));
  CHECK(ids.intern("") == 5000);  // the empty text is an id like any other
  CHECK(ids.at(5000).empty());

  id_table same;
  same.reserve(10, 0);
  for (int i = 0; i < 5000; ++i) same.intern("p-" + std::to_string(i));
  same.intern("");
  CHECK(same == ids);
  id_table other_order;
  other_order.intern("p-1");
  other_order.intern("p-0");
  id_table first_order;
  first_order.intern("p-0");
  first_order.intern("p-1");
  CHECK_FALSE(other_order == first_order);
}

TEST_CASE("token index: SHA-256 hex as bytes, other text as it is, the latest join wins", "[compact]") {
  const std::string hex(64, 'a');
  const std::string upper(64, 'A');  // not as the server writes it: kept as text, found as text
  token_index tokens;
  tokens.put(hex, {1, 2});
  tokens.put(upper, {3, 4});
  tokens.put("kort", {5, 6});
  CHECK(tokens.size() == 3);
  CHECK(tokens.find(hex) == token_index::owner_numbers{1, 2});
  CHECK(tokens.find(upper) == token_index::owner_numbers{3, 4});
  CHECK(tokens.find("kort") == token_index::owner_numbers{5, 6});
  CHECK_FALSE(tokens.find(std::string(64, 'b')));
  CHECK_FALSE(tokens.find(""));
  tokens.put(hex, {7, 8});  // the same token joined again
  CHECK(tokens.size() == 3);
  CHECK(tokens.find(hex) == token_index::owner_numbers{7, 8});

  std::size_t seen = 0;
  tokens.for_each([&](const std::string& text, token_index::owner_numbers owner) {
    ++seen;
    CHECK(tokens.find(text) == owner);  // what for_each says reads back the same
  });
  CHECK(seen == 3);

  token_index many;
  for (std::uint32_t i = 0; i < 3000; ++i) {
    std::string h(64, '0');
    const auto digits = std::to_string(i);
    h.replace(64 - digits.size(), digits.size(), digits);
    many.put(h, {i, i + 1});
  }
  CHECK(many.size() == 3000);
  CHECK(many.find(std::string(61, '0') + "123") == token_index::owner_numbers{123, 124});
}
