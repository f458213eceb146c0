// Re-assessment, GIVEN past events, WHEN a command, THEN events or a rejection: a baseline is an earlier
// session of the same municipality that the chooser may read; choosing it again decides nothing, another one
// replaces it and its action reviews; only the facilitator reviews the baseline's actions. And the
// comparison: per statement and theme the means then and today, the change only where both were answered,
// and the baseline's agreed actions with their status now.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/baseline_comparison.hpp"
#include "domain/session_summary.hpp"
#include "tests/domain/decider_testing.hpp"

using namespace scsa::domain;
using namespace scsa::domain::testing;

namespace {

baseline_candidate earlier_session(std::string id = "s0") {
  return baseline_candidate{std::move(id), true, "GM0344", true, true};
}

command_body choose(baseline_candidate candidate) {
  return baseline_command(choose_baseline{std::move(candidate)});
}

command_body review(const std::string& action, action_status status, bool in_baseline = true) {
  return baseline_command(review_baseline_action{action, status, in_baseline});
}

session_event chosen(const std::string& id = "s0") {
  return baseline_event(baseline_chosen{id});
}

consensus_projection fold(const std::vector<session_event>& history) {
  consensus_projection projection = initial_consensus_projection;
  for (const auto& e : history) projection = evolve(std::move(projection), e);
  return projection;
}

}  // namespace

TEST_CASE("baseline: the facilitator chooses an earlier session of the same municipality", "[baseline]") {
  const auto state = given({workshop_created(), joined("p1")});
  const auto decided = events_of(when(state, facilitator, choose(earlier_session())));
  REQUIRE(decided.size() == 1);
  CHECK(decided.front() == chosen("s0"));

  auto other = earlier_session();
  other.municipality = "GM0363";
  CHECK(code_of(when(state, facilitator, choose(other))) == "other_municipality");
  auto later = earlier_session();
  later.earlier = false;
  CHECK(code_of(when(state, facilitator, choose(later))) == "baseline_not_earlier");
  auto unknown = earlier_session();
  unknown.exists = false;
  CHECK(code_of(when(state, facilitator, choose(unknown))) == "unknown_baseline");
  auto unshared = earlier_session();
  unshared.readable = false;
  CHECK(code_of(when(state, facilitator, choose(unshared))) == "baseline_not_shared");
  CHECK(code_of(when(state, facilitator, choose(earlier_session("s1")))) == "invalid_baseline");  // itself
  CHECK(code_of(when(state, participant("p1"), choose(earlier_session()))) == "not_allowed");
}

TEST_CASE("baseline: the same again decides nothing; another replaces it and forgets the reviews",
          "[baseline]") {
  auto state = given({workshop_created(), chosen("s0"),
                      baseline_event(baseline_action_reviewed{"a1", action_status::done})});
  CHECK(state.baseline.session_id == "s0");
  CHECK(state.baseline.reviews.at("a1") == action_status::done);
  CHECK(events_of(when(state, facilitator, choose(earlier_session("s0")))).empty());

  state = evolve(std::move(state), chosen("s-older"));
  CHECK(state.baseline.session_id == "s-older");
  CHECK(state.baseline.reviews.empty());

  state = evolve(std::move(state), baseline_event(baseline_removed{}));
  CHECK(state.baseline.session_id.empty());
  CHECK(events_of(when(state, facilitator, baseline_command(remove_baseline{}))).empty());
}

TEST_CASE("baseline: a solo respondent chooses their own earlier assessment", "[baseline]") {
  const auto state = given({solo_created(), joined("p1")});
  auto own = earlier_session();
  own.municipality = "GM0363";  // the solo fixture's municipality
  CHECK(events_of(when(state, participant("p1"), choose(own))).size() == 1);
  CHECK(code_of(when(state, participant("p2"), choose(own))) == "not_a_participant");
  CHECK(code_of(when(state, participant("p1"), review("a1", action_status::done))) == "not_allowed");
}

TEST_CASE("baseline: the facilitator says where the baseline's actions stand", "[baseline]") {
  const auto without = given({workshop_created()});
  CHECK(code_of(when(without, facilitator, review("a1", action_status::done))) == "no_baseline");

  const auto state = given({workshop_created(), chosen("s0")});
  const auto decided = events_of(when(state, facilitator, review("a1", action_status::started)));
  REQUIRE(decided.size() == 1);
  CHECK(decided.front() ==
        session_event(baseline_event(baseline_action_reviewed{"a1", action_status::started})));
  CHECK(code_of(when(state, facilitator, review("a9", action_status::done, false))) == "unknown_action");
  CHECK(code_of(when(state, facilitator, review("a1", action_status::proposed))) == "invalid_status");
  CHECK(code_of(when(state, participant("p1"), review("a1", action_status::done))) == "not_allowed");

  const auto reviewed = given({workshop_created(), chosen("s0"),
                               baseline_event(baseline_action_reviewed{"a1", action_status::done})});
  CHECK(events_of(when(reviewed, facilitator, review("a1", action_status::done))).empty());  // no change
  CHECK(events_of(when(reviewed, facilitator, review("a1", action_status::dropped))).size() == 1);
}

TEST_CASE("baseline comparison: then, today and the change per statement and theme", "[baseline]") {
  // A year ago two people said level 1 now and 3 as ambition on statement 1; today 2 and 4, and 3 and 5.
  const auto then = summarize_session(
      fold({workshop_created(), joined("p1"), joined("p2"), answer_given{"p1", 1, aspect::current, 1, 1},
            answer_given{"p2", 1, aspect::current, 1, 1}, answer_given{"p1", 1, aspect::desired, 3, 1},
            answer_given{"p1", 7, aspect::current, 2, 1}}));
  const auto today = summarize_session(
      fold({workshop_created(), joined("q1"), joined("q2"), answer_given{"q1", 1, aspect::current, 2, 1},
            answer_given{"q2", 1, aspect::current, 3, 1}, answer_given{"q1", 1, aspect::desired, 4, 1},
            answer_given{"q2", 1, aspect::desired, 5, 1}, answer_given{"q1", 12, aspect::current, 4, 1}}));
  const auto comparison = compare_with_baseline(then, today);
  const auto& first = comparison.statements[0];
  CHECK(first.statement == 1);
  CHECK(*first.by_aspect[0].then == Approx(1.0));
  CHECK(*first.by_aspect[0].today == Approx(2.5));
  CHECK(*first.by_aspect[0].change() == Approx(1.5));
  CHECK(*first.by_aspect[1].change() == Approx(1.5));  // ambition 3 -> 4.5

  // Answered only then, or only today: no change is made up.
  CHECK(comparison.statements[6].by_aspect[0].then);
  CHECK_FALSE(comparison.statements[6].by_aspect[0].today);
  CHECK_FALSE(comparison.statements[6].by_aspect[0].change());
  CHECK_FALSE(comparison.statements[11].by_aspect[0].change());
  CHECK_FALSE(comparison.statements[20].by_aspect[1].then);

  // Themes follow their statements' means: strategy (1..3) went from 1 to 2.5 now.
  const auto& strategy = comparison.themes[theme_index(theme::strategy)];
  CHECK(*strategy.by_aspect[0].change() == Approx(1.5));

  nlohmann::json j = comparison;
  CHECK(j["statements"][0]["current"]["change"] == 1.5);
  CHECK(j["statements"][6]["current"]["change"].is_null());
  CHECK(j["themes"][0]["theme"] == "strategy");
}

TEST_CASE("baseline progress: the agreed roadmap of then, each action with its status now", "[baseline]") {
  const auto baseline =
      given({workshop_created(), joined("p1"), roadmap_event(action_proposed{"a2", 5, "p1", "t-a2"}),
             roadmap_event(action_proposed{"a1", 3, "p1", "t-a1"}),
             roadmap_event(action_proposed{"a3", 3, "p1", "t-a3"}),
             roadmap_event(action_proposed{"a4", 3, "p1", "t-a4"}),
             roadmap_event(action_status_set{"a1", action_status::agreed}),
             roadmap_event(action_status_set{"a2", action_status::started}),
             roadmap_event(action_status_set{"a3", action_status::agreed}),
             roadmap_event(action_owner_set{"a3", "t-owner"}),
             roadmap_event(action_status_set{"a4", action_status::dropped})});
  baseline_state reviews;
  reviews.session_id = "s0";
  reviews.reviews["a3"] = action_status::done;
  const auto progress = baseline_progress(baseline.roadmap, reviews);
  REQUIRE(progress.size() == 3);  // the dropped one and the proposals nobody agreed on are not the roadmap
  CHECK(progress[0].action_id == "a1");  // statement 3 first, in the order proposed
  CHECK(progress[1].action_id == "a3");
  CHECK(progress[2].action_id == "a2");
  CHECK((progress[0].now == action_status::agreed && !progress[0].reviewed));
  CHECK((progress[1].then == action_status::agreed && progress[1].now == action_status::done));
  CHECK(progress[1].reviewed);
  CHECK(progress[1].owner_text_id == "t-owner");
  CHECK(progress[2].now == action_status::started);
}
