// What a participant is shown of the group and where their roadmap starts: GIVEN events, THEN the view.
#include "domain/participant_view.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using namespace scsa::domain;

namespace {

consensus_projection fold(const std::vector<session_event>& events) {
  consensus_projection projection = initial_consensus_projection;
  for (const auto& e : events) projection = evolve(std::move(projection), e);
  return projection;
}

}  // namespace

TEST_CASE("participants see the group's answers only while they are shown", "[view]") {
  session_state session;
  CHECK_FALSE(participants_see_results(session));
  session = evolve(session, session_created{"s", "T", "GM0363", session_mode::workshop, "ABC234", "h"});
  CHECK_FALSE(participants_see_results(session));
  session = evolve(session, results_revealed{});
  CHECK(participants_see_results(session));
  session = evolve(session, results_hidden{});
  CHECK_FALSE(participants_see_results(session));
}

TEST_CASE("a participant sees counts, n and mean of each distribution, nothing more", "[view]") {
  const auto projection =
      fold({session_created{"s", "T", "GM0363", session_mode::workshop, "ABC234", "h"},
            participant_joined{"p1", std::nullopt, "h1"}, participant_joined{"p2", std::nullopt, "h2"},
            answer_given{"p1", 4, aspect::current, 2, 1}, answer_given{"p2", 4, aspect::current, 4, 1}});
  const auto view = group_results_for_participants(projection, 1);
  CHECK(view["round"] == 1);
  const auto& four = view["statements"][3];
  CHECK(four["statement"] == 4);
  CHECK(four["current"] == nlohmann::json{{"counts", {0, 1, 0, 1, 0}}, {"n", 2}, {"mean", 3.0}});
  CHECK(four["desired"]["n"] == 0);
  CHECK_FALSE(four["current"].contains("consensus"));
}

TEST_CASE("the roadmap starts at the largest positive gaps, at most five, ties in statement order",
          "[view]") {
  std::vector<std::optional<int>> gaps(statement_count);
  gaps[0] = 1;
  gaps[2] = 3;
  gaps[4] = -2;  // an ambition below now is no starting point
  gaps[6] = 0;
  gaps[8] = 2;
  gaps[9] = 2;
  gaps[10] = 1;
  gaps[11] = 1;
  CHECK(roadmap_starting_points(gaps) == std::vector<int>{3, 9, 10, 1, 11});
  CHECK(roadmap_starting_points(gaps, 2) == std::vector<int>{3, 9});
  CHECK(roadmap_starting_points(std::vector<std::optional<int>>(statement_count)).empty());
}
