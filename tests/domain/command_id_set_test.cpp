// The set of handled command ids: exact membership, whatever the hashes do, across growth and copies.
#include "domain/command_id_set.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <unordered_set>

using scsa::domain::command_id_set;

TEST_CASE("command ids are remembered exactly, once each", "[command_id_set]") {
  command_id_set ids;
  CHECK_FALSE(ids.contains("s/p-1/c1"));
  CHECK(ids.insert("s/p-1/c1"));
  CHECK_FALSE(ids.insert("s/p-1/c1"));
  CHECK(ids.contains("s/p-1/c1"));
  CHECK_FALSE(ids.contains("s/p-1/c"));
  CHECK_FALSE(ids.contains("s/p-1/c10"));
  CHECK_FALSE(ids.contains(""));
  CHECK(ids.insert(""));
  CHECK(ids.contains(""));
  CHECK(ids.size() == 2);
}

TEST_CASE("a large set agrees with std::unordered_set through every growth", "[command_id_set]") {
  command_id_set ids;
  std::unordered_set<std::string> reference;
  for (int i = 0; i < 50'000; ++i) {
    const std::string id = "s-" + std::to_string(i % 7) + "/p-" + std::to_string(i * 7919 % 10'007) + "/" +
                           std::to_string(i % 3);
    CHECK(ids.insert(id) == reference.insert(id).second);
  }
  CHECK(ids.size() == reference.size());
  for (const auto& id : reference) REQUIRE(ids.contains(id));
  for (int i = 0; i < 1'000; ++i) CHECK_FALSE(ids.contains("x/" + std::to_string(i)));

  command_id_set copy = ids;  // pending state starts as a copy of the committed one
  CHECK(copy.insert("only in the copy"));
  CHECK_FALSE(ids.contains("only in the copy"));
  CHECK(copy.size() == ids.size() + 1);
}
