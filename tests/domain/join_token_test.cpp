// A join's own token: new, the same join again, or a token of another session.
#include "domain/join_token.hpp"

#include <catch2/catch.hpp>

using namespace scsa::domain;

TEST_CASE("a join's token: new, the same join again, or refused when another session has it", "[join]") {
  CHECK(std::holds_alternative<join_as_new>(decide_join_token(std::nullopt, "s1")));

  const auto again = decide_join_token(token_owner{"s1", "p7"}, "s1");
  REQUIRE(std::holds_alternative<join_again>(again));
  CHECK(std::get<join_again>(again).participant_id == "p7");

  const auto elsewhere = decide_join_token(token_owner{"s2", "p7"}, "s1");
  REQUIRE(std::holds_alternative<rejection>(elsewhere));
  CHECK(std::get<rejection>(elsewhere).code == "token_in_use");
}
