// What an event changes in the roadmap's views, and the changes' JSON: an update carries the changed
// actions and statements, a participant is told which actions left their view, and a new round or a
// removed participant (every count moves) asks for the whole roadmap.
#include <catch2/catch.hpp>

#include "domain/roadmap_changes.hpp"
#include "tests/domain/decider_testing.hpp"

using namespace scsa::domain;
using namespace scsa::domain::testing;

namespace {

session_event proposed(const std::string& id, int statement) {
  return roadmap_event(action_proposed{id, statement, "p1", "t-" + id});
}

std::vector<session_event> workshop() {
  return {workshop_created(),
          joined("p1"),
          joined("p2"),
          answer_given{"p1", 3, aspect::current, 2, 1},
          proposed("a1", 3),
          proposed("a2", 3),
          roadmap_event(explanation_given{"p1", 3, aspect::current, "x1", true})};
}

// The changes the events after `history` make, noted against the state each one leaves.
roadmap_changes changes_after(std::vector<session_event> history, const std::vector<session_event>& next,
                              session_state* final_state = nullptr) {
  auto state = given(history);
  roadmap_changes changes;
  for (const auto& event : next) {
    history.push_back(event);
    state = given(history);
    changes.note(event, state);
  }
  if (final_state != nullptr) *final_state = state;
  return changes;
}

const text_lookup texts{{"t-a1", "Portaal"}, {"t-a2", "Datateam"}, {"x1", "Geen data"}, {"c1", "Eerst data"}};
const name_lookup names{{"p1", "Anne"}};

}  // namespace

TEST_CASE("roadmap changes: a vote changes its count; a merge both actions", "[roadmap]") {
  session_state state;
  auto changes = changes_after(workshop(), {roadmap_event(vote_cast{"p2", "a1", 1})}, &state);
  CHECK(changes.votes == std::set<std::string>{"a1"});
  CHECK(changes.any());
  CHECK(changes.actions.empty());
  CHECK(changes.statements.empty());
  CHECK_FALSE(changes.everything);
  CHECK(participant_roadmap_changes_json(state, texts, names, changes)["votes"] == nlohmann::json{{"a1", 1}});

  // A count sent with its whole entry is not sent twice.
  changes = changes_after(
      workshop(), {roadmap_event(vote_cast{"p2", "a1", 1}), roadmap_event(action_hidden{"a1"})}, &state);
  const auto hidden = participant_roadmap_changes_json(state, texts, names, changes);
  CHECK(hidden["votes"].empty());
  CHECK(hidden["removed_actions"] == nlohmann::json::array({"a1"}));

  changes = changes_after(workshop(), {roadmap_event(actions_merged{"a2", "a1"})}, &state);
  CHECK(changes.actions == std::set<std::string>{"a1", "a2"});
  // A participant no longer sees the duplicate; the facilitator sees it, merged.
  const auto seen = participant_roadmap_changes_json(state, texts, names, changes);
  CHECK(seen["removed_actions"] == nlohmann::json::array({"a2"}));
  REQUIRE(seen["actions"].size() == 1);
  CHECK(seen["actions"][0]["text"] == "Portaal");
  const auto board = facilitator_roadmap_changes_json(state, round_consensus{}, texts, names, changes);
  CHECK(board["actions"].size() == 2);
  CHECK(board["removed_actions"].empty());
  CHECK(board["priorities"].size() == 21);
}

TEST_CASE("roadmap changes: explanations and conclusions by statement", "[roadmap]") {
  session_state state;
  auto changes = changes_after(
      workshop(), {roadmap_event(conclusion_recorded{5, "c1"}), roadmap_event(explanations_shown{3})},
      &state);
  CHECK(changes.statements == std::set<int>{3, 5});
  CHECK(changes.actions.empty());
  const auto seen = participant_roadmap_changes_json(state, texts, names, changes);
  CHECK(seen["statements"] == nlohmann::json::array({3, 5}));
  CHECK(seen["conclusions"] == nlohmann::json::array({{{"statement", 5}, {"text", "Eerst data"}}}));
  REQUIRE(seen["explanations"].size() == 1);
  CHECK(seen["explanations"][0]["name"] == "Anne");  // signed
  CHECK(seen["actions"].empty());
}

TEST_CASE("roadmap changes: renaming someone changes the statements they signed on", "[roadmap]") {
  CHECK(changes_after(workshop(), {participant_renamed{"p1"}}).statements == std::set<int>{3});
  CHECK(changes_after(workshop(), {participant_renamed{"p2"}}).statements.empty());
  CHECK_FALSE(changes_after(workshop(), {participant_renamed{"p2"}}).any());
}

TEST_CASE("roadmap changes: a new round or a removed participant changes every count", "[roadmap]") {
  CHECK(changes_after(workshop(), {round_started{2}}).everything);
  CHECK(changes_after(workshop(), {participant_removed{"p2"}}).everything);
  CHECK_FALSE(changes_after(workshop(), {answer_given{"p2", 3, aspect::current, 3, 1}}).any());
  auto budget = changes_after(workshop(), {roadmap_event(vote_budget_set{3})});
  CHECK(budget.budget);
  CHECK(budget.any());
}
