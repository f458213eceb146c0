// The roadmap dialogue's rules, GIVEN past events, WHEN a command, THEN events or a rejection: explanations
// go with answers, actions are proposed by participants or the facilitator, dot votes keep to a budget and
// one per action, merges carry votes over without counting anyone twice, only the facilitator moderates,
// and a closed session takes nothing.
#include <catch2/catch.hpp>

#include "domain/roadmap_decider.hpp"
#include "domain/roadmap_export.hpp"
#include "domain/roadmap_priority.hpp"
#include "tests/domain/decider_testing.hpp"

using namespace scsa::domain;
using namespace scsa::domain::testing;

namespace {

roadmap_command propose(const std::string& id, int statement, const std::string& text = "Open data portal") {
  return propose_action{id, statement, text, "t-" + id};
}

session_event proposed(const std::string& id, int statement, const std::string& by = "p1") {
  return roadmap_event(action_proposed{id, statement, by, "t-" + id});
}

session_event voted(const std::string& participant, const std::string& action, int round = 1) {
  return roadmap_event(vote_cast{participant, action, round});
}

// A workshop with two participants who answered statement 3, and two actions on it.
std::vector<session_event> workshop_with_actions() {
  return {workshop_created(),
          joined("p1"),
          joined("p2"),
          answer_given{"p1", 3, aspect::current, 2, 1},
          answer_given{"p1", 3, aspect::desired, 4, 1},
          proposed("a1", 3),
          proposed("a2", 3, "p2")};
}

template <class event_type>
event_type only_roadmap_event(const decision& d) {
  const auto decided = events_of(d);
  REQUIRE(decided.size() == 1);
  const auto& roadmap = std::get<roadmap_event>(decided.front());
  REQUIRE(std::holds_alternative<event_type>(roadmap));
  return std::get<event_type>(roadmap);
}

}  // namespace

TEST_CASE("roadmap: an explanation goes with the participant's own answer, 1..500 characters", "[roadmap]") {
  auto state = given(workshop_with_actions());
  const auto given_event = only_roadmap_event<explanation_given>(when(
      state, participant("p1"), give_explanation{3, aspect::desired, "Omdat we data delen", "x1", true}));
  CHECK(given_event == explanation_given{"p1", 3, aspect::desired, "x1", true});

  CHECK(code_of(when(state, participant("p2"),
                     give_explanation{3, aspect::current, "Geen antwoord", "x2"})) == "no_answer");
  CHECK(code_of(when(state, participant("p1"), give_explanation{3, aspect::current, "", "x3"})) ==
        "invalid_text");
  // 500 characters of two bytes each are 500 characters, not 1,000.
  std::string five_hundred;
  for (int i = 0; i < 500; ++i) five_hundred += "\xC3\xA9";  // é
  CHECK_FALSE(
      is_rejection(when(state, participant("p1"), give_explanation{3, aspect::current, five_hundred, "x4"})));
  CHECK(code_of(when(state, participant("p1"),
                     give_explanation{3, aspect::current, five_hundred + "e", "x5"})) == "invalid_text");
  CHECK(code_of(when(state, facilitator, give_explanation{3, aspect::current, "Ik", "x6"})) ==
        "not_a_participant");
  CHECK(code_of(when(state, participant("p1"), give_explanation{22, aspect::current, "x", "x7"})) ==
        "invalid_statement");
}

TEST_CASE("roadmap: the facilitator shows and hides a statement's explanations", "[roadmap]") {
  auto state = given(workshop_with_actions());
  CHECK(only_roadmap_event<explanations_shown>(when(state, facilitator, show_explanations{3})).statement ==
        3);
  CHECK(code_of(when(state, participant("p1"), show_explanations{3})) == "not_allowed");
  auto shown = given({workshop_created(), roadmap_event(explanations_shown{3})});
  CHECK(shown.roadmap.explanations_visible[2]);
  CHECK(events_of(when(shown, facilitator, show_explanations{3})).empty());  // already shown
  CHECK(only_roadmap_event<explanations_hidden>(when(shown, facilitator, hide_explanations{3})).statement ==
        3);
}

TEST_CASE("roadmap: participants and the facilitator propose actions of 1..280 characters", "[roadmap]") {
  auto state = given(workshop_with_actions());
  CHECK(only_roadmap_event<action_proposed>(when(state, participant("p2"), propose("a3", 5))) ==
        action_proposed{"a3", 5, "p2", "t-a3"});
  CHECK(only_roadmap_event<action_proposed>(when(state, facilitator, propose("a4", 5))).proposer.empty());
  CHECK(code_of(when(state, participant("p1"), propose("a5", 5, ""))) == "invalid_text");
  CHECK(code_of(when(state, participant("p1"), propose("a5", 5, std::string(281, 'x')))) == "invalid_text");
  CHECK(code_of(when(state, participant("p1"), propose("a1", 5))) == "action_exists");
  CHECK(code_of(when(state, anonymous, propose("a6", 5))) == "not_a_participant");
  CHECK(code_of(when(state, participant("p1"), propose("a7", 0))) == "invalid_statement");

  // A participant may propose 50 actions; the 51st is refused, another participant still proposes.
  auto history = workshop_with_actions();
  for (int i = 0; i < 49; ++i) history.push_back(proposed("b" + std::to_string(i), 1));
  auto busy = given(history);
  CHECK(code_of(when(busy, participant("p1"), propose("c1", 1))) == "too_many_actions");
  CHECK_FALSE(is_rejection(when(busy, participant("p2"), propose("c2", 1))));
}

TEST_CASE("roadmap: a dot vote per action, within the budget, and it can be taken back", "[roadmap]") {
  auto state = given(workshop_with_actions());
  CHECK(only_roadmap_event<vote_cast>(when(state, participant("p1"), cast_vote{"a1"})) ==
        vote_cast{"p1", "a1", 1});

  auto once = given([] {
    auto h = workshop_with_actions();
    h.push_back(voted("p1", "a1"));
    return h;
  }());
  CHECK(once.roadmap.votes_for("a1", 1) == 1);
  CHECK(code_of(when(once, participant("p1"), cast_vote{"a1"})) == "already_voted");
  CHECK(code_of(when(once, participant("p1"), cast_vote{"nope"})) == "unknown_action");
  CHECK(code_of(when(once, facilitator, cast_vote{"a2"})) == "not_a_participant");
  CHECK(only_roadmap_event<vote_withdrawn>(when(once, participant("p1"), withdraw_vote{"a1"})) ==
        vote_withdrawn{"p1", "a1", 1});
  CHECK(events_of(when(once, participant("p2"), withdraw_vote{"a1"})).empty());  // nothing to take back

  // A budget of 2: the third vote waits until one is taken back.
  auto history = workshop_with_actions();
  history.push_back(roadmap_event(vote_budget_set{2}));
  history.push_back(proposed("a3", 3));
  history.push_back(voted("p1", "a1"));
  history.push_back(voted("p1", "a2"));
  auto spent = given(history);
  CHECK(code_of(when(spent, participant("p1"), cast_vote{"a3"})) == "no_votes_left");
  CHECK_FALSE(is_rejection(when(spent, participant("p2"), cast_vote{"a3"})));
  history.push_back(roadmap_event(vote_withdrawn{"p1", "a2", 1}));
  CHECK_FALSE(is_rejection(when(given(history), participant("p1"), cast_vote{"a3"})));

  // A new round is a new budget.
  history.push_back(voted("p1", "a2"));
  history.push_back(round_started{2});
  CHECK(only_roadmap_event<vote_cast>(when(given(history), participant("p1"), cast_vote{"a3"})).round == 2);
}

TEST_CASE("roadmap: the vote budget is the facilitator's, 1..20", "[roadmap]") {
  auto state = given(workshop_with_actions());
  CHECK(state.roadmap.vote_budget == 5);
  CHECK(only_roadmap_event<vote_budget_set>(when(state, facilitator, set_vote_budget{3})).budget == 3);
  CHECK(code_of(when(state, facilitator, set_vote_budget{0})) == "invalid_budget");
  CHECK(code_of(when(state, facilitator, set_vote_budget{21})) == "invalid_budget");
  CHECK(code_of(when(state, participant("p1"), set_vote_budget{9})) == "not_allowed");
  CHECK(events_of(when(state, facilitator, set_vote_budget{5})).empty());
}

TEST_CASE("roadmap: merging duplicates carries votes over and counts nobody twice", "[roadmap]") {
  auto history = workshop_with_actions();
  history.push_back(voted("p1", "a1"));
  history.push_back(voted("p1", "a2"));  // p1 voted for both
  history.push_back(voted("p2", "a2"));  // p2 only for the duplicate
  auto state = given(history);
  CHECK(only_roadmap_event<actions_merged>(when(state, facilitator, merge_actions{"a2", "a1"})) ==
        actions_merged{"a2", "a1"});

  history.push_back(roadmap_event(actions_merged{"a2", "a1"}));
  auto merged = given(history);
  CHECK(merged.roadmap.votes_for("a1", 1) == 2);  // p1 once, p2 carried over
  CHECK(merged.roadmap.votes_for("a2", 1) == 0);
  CHECK(merged.roadmap.votes_used("p1", 1) == 1);  // the other vote is back in p1's budget
  CHECK(merged.roadmap.find("a2")->merged_into == "a1");
  CHECK(code_of(when(merged, participant("p1"), cast_vote{"a2"})) == "action_merged");
  CHECK(code_of(when(merged, facilitator, merge_actions{"a1", "a2"})) == "action_merged");
  CHECK(code_of(when(merged, facilitator, merge_actions{"a1", "a1"})) == "invalid_merge");

  history.push_back(proposed("z1", 7));
  CHECK(code_of(when(given(history), facilitator, merge_actions{"z1", "a1"})) ==
        "invalid_merge");  // other statement
  CHECK(code_of(when(given(history), participant("p1"), merge_actions{"z1", "a1"})) == "not_allowed");
}

TEST_CASE("roadmap: the facilitator rewords, hides, and plans actions", "[roadmap]") {
  auto state = given(workshop_with_actions());
  CHECK(only_roadmap_event<action_reworded>(
            when(state, facilitator, reword_action{"a1", "Eén dataportaal", "t9"})) ==
        action_reworded{"a1", "t9"});
  CHECK(code_of(when(state, participant("p1"), reword_action{"a1", "Mijn versie", "t9"})) == "not_allowed");
  CHECK(code_of(when(state, facilitator, reword_action{"a1", "", "t9"})) == "invalid_text");

  CHECK(only_roadmap_event<action_hidden>(when(state, facilitator, hide_action{"a2"})).action_id == "a2");
  auto hidden = given([] {
    auto h = workshop_with_actions();
    h.push_back(roadmap_event(action_hidden{"a2"}));
    return h;
  }());
  CHECK(code_of(when(hidden, participant("p1"), cast_vote{"a2"})) == "action_hidden");
  CHECK(events_of(when(hidden, facilitator, hide_action{"a2"})).empty());
  CHECK(only_roadmap_event<action_shown>(when(hidden, facilitator, show_action{"a2"})).action_id == "a2");

  CHECK(only_roadmap_event<action_owner_set>(when(
            state, facilitator, set_action_owner{"a1", "Team Data", "o1"})) == action_owner_set{"a1", "o1"});
  CHECK(code_of(when(state, facilitator, set_action_owner{"a1", std::string(101, 'x'), "o1"})) ==
        "invalid_text");
  CHECK(events_of(when(state, facilitator, set_action_owner{"a1", "", "o2"})).empty());  // no owner to clear
  CHECK(only_roadmap_event<action_horizon_set>(
            when(state, facilitator, set_action_horizon{"a1", action_horizon::within_a_year})) ==
        action_horizon_set{"a1", action_horizon::within_a_year});
  CHECK(only_roadmap_event<action_status_set>(
            when(state, facilitator, set_action_status{"a1", action_status::agreed})) ==
        action_status_set{"a1", action_status::agreed});
  CHECK(events_of(when(state, facilitator, set_action_status{"a1", action_status::proposed})).empty());
  CHECK(code_of(when(state, facilitator, set_action_status{"zz", action_status::agreed})) ==
        "unknown_action");
}

TEST_CASE("roadmap: the facilitator records a conclusion per statement, and may clear it", "[roadmap]") {
  auto state = given(workshop_with_actions());
  CHECK(only_roadmap_event<conclusion_recorded>(when(
            state, facilitator, record_conclusion{3, "Eerst data", "c1"})) == conclusion_recorded{3, "c1"});
  CHECK(events_of(when(state, facilitator, record_conclusion{3, "", "c2"})).empty());
  auto recorded = given({workshop_created(), roadmap_event(conclusion_recorded{3, "c1"})});
  CHECK(recorded.roadmap.conclusions[2] == "c1");
  CHECK(only_roadmap_event<conclusion_recorded>(
            when(recorded, facilitator, record_conclusion{3, "", "c2"})) == conclusion_recorded{3, ""});
  CHECK(code_of(when(state, participant("p1"), record_conclusion{3, "Ik", "c3"})) == "not_allowed");
  CHECK(code_of(when(state, facilitator, record_conclusion{3, std::string(501, 'x'), "c3"})) ==
        "invalid_text");
}

TEST_CASE("roadmap: a closed session takes no explanation, action, vote or moderation", "[roadmap]") {
  auto history = workshop_with_actions();
  history.push_back(session_closed{});
  auto closed = given(history);
  CHECK(code_of(when(closed, participant("p1"), give_explanation{3, aspect::current, "x", "x1"})) ==
        "session_closed");
  CHECK(code_of(when(closed, participant("p1"), propose("a9", 3))) == "session_closed");
  CHECK(code_of(when(closed, participant("p1"), cast_vote{"a1"})) == "session_closed");
  CHECK(code_of(when(closed, participant("p1"), withdraw_vote{"a1"})) == "session_closed");
  CHECK(code_of(when(closed, facilitator, merge_actions{"a2", "a1"})) == "session_closed");
  CHECK(code_of(when(closed, facilitator, set_action_status{"a1", action_status::agreed})) ==
        "session_closed");
  CHECK(code_of(when(closed, facilitator, record_conclusion{3, "x", "c"})) == "session_closed");
}

TEST_CASE("roadmap: a removed participant may not vote, and their votes no longer count", "[roadmap]") {
  auto history = workshop_with_actions();
  history.push_back(voted("p2", "a1"));
  history.push_back(participant_removed{"p2"});
  auto state = given(history);
  CHECK(code_of(when(state, participant("p2"), cast_vote{"a2"})) == "participant_removed");
  CHECK(counted_votes(state, "a1", 1) == 0);
}

TEST_CASE("roadmap: a solo respondent explains answers but has no facilitator to moderate", "[roadmap]") {
  auto state = given({solo_created(), joined("p1"), answer_given{"p1", 1, aspect::current, 3, 1}});
  CHECK_FALSE(
      is_rejection(when(state, participant("p1"), give_explanation{1, aspect::current, "Waarom", "x1"})));
  CHECK(code_of(when(state, facilitator, propose("a1", 1))) == "solo_session");
  CHECK(code_of(when(state, facilitator, record_conclusion{1, "x", "c"})) == "solo_session");
}

TEST_CASE("roadmap priority: the gap, the agreement and the votes, each part shown", "[roadmap]") {
  // Statement 3: everyone at 2 now, at 4 as ambition (gap 2, full agreement). Statement 5: a split group
  // (1 and 5 now, 5 as ambition). Statement 8: no answers, but the actions with the votes.
  std::vector<session_event> history{workshop_created(), joined("p1"), joined("p2")};
  for (const char* p : {"p1", "p2"}) {
    history.push_back(answer_given{p, 3, aspect::current, 2, 1});
    history.push_back(answer_given{p, 3, aspect::desired, 4, 1});
    history.push_back(answer_given{p, 5, aspect::desired, 5, 1});
  }
  history.push_back(answer_given{"p1", 5, aspect::current, 1, 1});
  history.push_back(answer_given{"p2", 5, aspect::current, 5, 1});
  history.push_back(proposed("a8", 8));
  history.push_back(proposed("a3", 3));
  history.push_back(voted("p1", "a8"));
  history.push_back(voted("p2", "a8"));
  history.push_back(voted("p1", "a3"));
  const auto state = given(history);
  consensus_projection projection = initial_consensus_projection;
  for (const auto& e : history) projection = evolve(std::move(projection), e);

  const auto ranked = rank_priorities(consensus_of(projection, 1), state, 1);
  REQUIRE(ranked.size() == statement_count);
  CHECK(ranked[0].statement == 3);
  CHECK(ranked[0].gap == Approx(2.0));
  CHECK(ranked[0].agreement == Approx(1.0));
  CHECK(ranked[0].votes == 1);
  CHECK(ranked[0].gap_part == Approx(0.25));
  CHECK(ranked[0].agreement_part == Approx(0.2));
  CHECK(ranked[0].votes_part == Approx(0.15));
  CHECK(ranked[0].score == Approx(0.6));
  CHECK(ranked[1].statement == 8);  // votes alone: 0.3
  CHECK(ranked[1].score == Approx(0.3));
  const auto split =
      std::find_if(ranked.begin(), ranked.end(), [](const auto& p) { return p.statement == 5; });
  CHECK(split->gap == Approx(2.0));
  CHECK(split->agreement == Approx(0.0));  // 1 and 5: no shared picture of where we stand
  CHECK(split->score == Approx(0.25));
  CHECK(ranked.back().score == 0);
  CHECK(ranked.back().statement == 21);  // ties keep the lower number first

  // Dropped actions' votes do not count.
  auto dropped_history = history;
  dropped_history.push_back(roadmap_event(action_status_set{"a8", action_status::dropped}));
  const auto dropped = rank_priorities(consensus_of(projection, 1), given(dropped_history), 1);
  CHECK(dropped[0].statement == 3);
  CHECK(dropped[0].votes_part == Approx(0.3));
}

TEST_CASE("roadmap CSV: statements by priority, actions by votes, merged duplicates left out", "[roadmap]") {
  auto history = workshop_with_actions();
  history.push_back(proposed("a3", 7));
  history.push_back(voted("p1", "a2"));
  history.push_back(voted("p2", "a2"));
  history.push_back(voted("p1", "a3"));
  history.push_back(roadmap_event(action_status_set{"a2", action_status::agreed}));
  history.push_back(roadmap_event(conclusion_recorded{9, "c9"}));
  history.push_back(proposed("a4", 3));
  history.push_back(roadmap_event(actions_merged{"a4", "a2"}));
  const auto state = given(history);
  consensus_projection projection = initial_consensus_projection;
  for (const auto& e : history) projection = evolve(std::move(projection), e);
  const text_lookup texts{
      {"t-a1", "Portaal"}, {"t-a2", "Datateam; met =macro"}, {"t-a3", "Visie"}, {"c9", "Later"}};

  const std::string csv = roadmap_csv(state, consensus_of(projection, 1), texts);
  CHECK(csv ==
        "\xEF\xBB\xBF"
        "priority;statement;action;by;votes;status;horizon;owner;hidden;conclusion\r\n"
        "1;3;\"Datateam; met =macro\";participant;2;agreed;;;0;\r\n"
        "1;3;Portaal;participant;0;proposed;;;0;\r\n"
        "2;7;Visie;participant;1;proposed;;;0;\r\n"
        "9;9;;;;;;;0;Later\r\n");  // ninth: after 3 and 7, the statements without votes in order
}
