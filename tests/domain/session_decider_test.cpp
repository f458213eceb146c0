// The rules of a session, written as GIVEN past events, WHEN a command, THEN events or a rejection.
#include "domain/session_decider.hpp"

#include <catch2/catch.hpp>

#include <vector>

#include "tests/domain/decider_testing.hpp"

using namespace scsa::domain;

using namespace scsa::domain::testing;

TEST_CASE("a session is created once, by a facilitator or the operator", "[decider]") {
  create_session create{"s1", "Werksessie", "GM0344", session_mode::workshop, "KX7P2M", "fhash"};
  auto decided = events_of(when(initial_session_state, actor{actor_role::operator_, {}}, create));
  REQUIRE(decided == std::vector<session_event>{session_created{"s1", "Werksessie", "GM0344",
                                                                session_mode::workshop, "KX7P2M", "fhash"}});

  CHECK(code_of(when(given({workshop_created()}), facilitator, create)) == "session_exists");
  CHECK(code_of(when(initial_session_state, anonymous, create)) == "not_allowed");

  auto untitled = create;
  untitled.title = "";
  CHECK(code_of(when(initial_session_state, facilitator, untitled)) == "invalid_title");
  auto long_title = create;
  long_title.title = std::string(201, 'x');
  CHECK(code_of(when(initial_session_state, facilitator, long_title)) == "invalid_title");
  auto nowhere = create;
  nowhere.municipality = "";
  CHECK(code_of(when(initial_session_state, facilitator, nowhere)) == "invalid_municipality");
}

TEST_CASE("commands on a session that does not exist are refused", "[decider]") {
  CHECK(code_of(when(initial_session_state, anonymous, join_session{"p1", {}, "h"})) == "session_not_found");
  CHECK(code_of(when(initial_session_state, participant("p1"), give_answer{1, aspect::current, 3})) ==
        "session_not_found");
}

TEST_CASE("a new workshop starts with every statement open", "[decider]") {
  auto state = given({workshop_created()});
  for (bool open : state.open) CHECK(open);
  CHECK(state.round == 1);
  CHECK_FALSE(state.revealed);
  CHECK_FALSE(state.closed);
}

TEST_CASE("participants join, once each; a solo session has one respondent", "[decider]") {
  auto state = given({workshop_created()});
  auto decided = events_of(when(state, anonymous, join_session{"p1", "Financiën", "h1"}));
  REQUIRE(decided == std::vector<session_event>{participant_joined{"p1", "Financiën", "h1"}});

  CHECK(code_of(when(given({workshop_created(), joined("p1")}), anonymous, join_session{"p1", {}, "h"})) ==
        "already_joined");
  CHECK(code_of(when(given({solo_created(), joined("p1")}), anonymous, join_session{"p2", {}, "h"})) ==
        "solo_session_full");
  CHECK(code_of(when(given({workshop_created(), session_closed{}}), anonymous,
                     join_session{"p2", {}, "h"})) == "session_closed");
  CHECK(code_of(when(state, anonymous, join_session{"p3", std::string(101, 'd'), "h"})) ==
        "invalid_department");
}

TEST_CASE("only joined participants answer, on levels 1..5 and statements 1..21", "[decider]") {
  auto state = given({workshop_created(), joined("p1")});
  auto decided = events_of(when(state, participant("p1"), give_answer{4, aspect::desired, 5}));
  REQUIRE(decided == std::vector<session_event>{answer_given{"p1", 4, aspect::desired, 5, 1}});

  CHECK(code_of(when(state, participant("stranger"), give_answer{4, aspect::current, 3})) ==
        "not_a_participant");
  CHECK(code_of(when(state, anonymous, give_answer{4, aspect::current, 3})) == "not_a_participant");
  CHECK(code_of(when(state, facilitator, give_answer{4, aspect::current, 3})) == "not_a_participant");
  CHECK(code_of(when(state, participant("p1"), give_answer{4, aspect::current, 0})) == "invalid_level");
  CHECK(code_of(when(state, participant("p1"), give_answer{4, aspect::current, 6})) == "invalid_level");
  CHECK(code_of(when(state, participant("p1"), give_answer{0, aspect::current, 3})) == "invalid_statement");
  CHECK(code_of(when(state, participant("p1"), give_answer{22, aspect::current, 3})) == "invalid_statement");
}

TEST_CASE("a removed participant can no longer answer", "[decider]") {
  auto state = given({workshop_created(), joined("p1"), participant_removed{"p1"}});
  CHECK(code_of(when(state, participant("p1"), give_answer{1, aspect::current, 2})) == "participant_removed");
  CHECK(state.active_participant_count() == 0);
}

TEST_CASE("in a paced workshop the statement must be open", "[decider]") {
  auto state = given({workshop_created(), joined("p1"), statement_closed{3}});
  CHECK(code_of(when(state, participant("p1"), give_answer{3, aspect::current, 2})) == "statement_closed");
  CHECK_FALSE(is_rejection(when(state, participant("p1"), give_answer{2, aspect::current, 2})));

  auto reopened = given({workshop_created(), joined("p1"), statement_closed{3}, statement_opened{3}});
  CHECK_FALSE(is_rejection(when(reopened, participant("p1"), give_answer{3, aspect::current, 2})));
}

TEST_CASE("a closed session takes no answers until it is reopened", "[decider]") {
  auto closed = given({workshop_created(), joined("p1"), session_closed{}});
  CHECK(code_of(when(closed, participant("p1"), give_answer{1, aspect::current, 2})) == "session_closed");
  CHECK(code_of(when(closed, participant("p1"), withdraw_answer{1, aspect::current})) == "session_closed");

  auto reopened = given({workshop_created(), joined("p1"), session_closed{}, session_reopened{}});
  CHECK_FALSE(is_rejection(when(reopened, participant("p1"), give_answer{1, aspect::current, 2})));
}

TEST_CASE("answering again replaces the earlier answer in that round", "[decider]") {
  auto state = given({workshop_created(), joined("p1"), answer_given{"p1", 1, aspect::current, 2, 1}});
  auto decided = events_of(when(state, participant("p1"), give_answer{1, aspect::current, 4}));
  REQUIRE(decided == std::vector<session_event>{answer_given{"p1", 1, aspect::current, 4, 1}});

  auto after = evolve(state, decided.front());
  CHECK(after.answer(1, "p1", 1, aspect::current) == 4);
  // The same level again changes nothing, so nothing is decided.
  CHECK(events_of(when(after, participant("p1"), give_answer{1, aspect::current, 4}, "cmd-2")).empty());
}

TEST_CASE("each round keeps its own answers", "[decider]") {
  auto state = given({workshop_created(), joined("p1"), answer_given{"p1", 1, aspect::current, 2, 1}});
  auto next = events_of(when(state, facilitator, start_round{}));
  REQUIRE(next == std::vector<session_event>{round_started{2}});
  state = evolve(state, next.front());

  auto decided = events_of(when(state, participant("p1"), give_answer{1, aspect::current, 2}));
  REQUIRE(decided == std::vector<session_event>{answer_given{"p1", 1, aspect::current, 2, 2}});
  state = evolve(state, decided.front());
  CHECK(state.answer(1, "p1", 1, aspect::current) == 2);
  CHECK(state.answer(2, "p1", 1, aspect::current) == 2);
  CHECK_FALSE(state.answer(2, "p1", 1, aspect::desired));
}

TEST_CASE("an answer can be withdrawn; withdrawing nothing decides nothing", "[decider]") {
  auto state = given({workshop_created(), joined("p1"), answer_given{"p1", 5, aspect::desired, 3, 1}});
  auto decided = events_of(when(state, participant("p1"), withdraw_answer{5, aspect::desired}));
  REQUIRE(decided == std::vector<session_event>{answer_withdrawn{"p1", 5, aspect::desired, 1}});
  state = evolve(state, decided.front());
  CHECK_FALSE(state.answer(1, "p1", 5, aspect::desired));
  CHECK(events_of(when(state, participant("p1"), withdraw_answer{5, aspect::desired}, "cmd-2")).empty());
}

TEST_CASE("the same command id twice decides no new events", "[decider]") {
  auto state = given({workshop_created(), joined("p1")});
  command answer{"c-42", participant("p1"), give_answer{1, aspect::current, 3}};
  auto first = events_of(decide(answer, state));
  REQUIRE(first.size() == 1);
  state = evolve(state, stamped_event{"c-42", first.front()});

  answer.body = give_answer{1, aspect::current, 5};  // even with other content: the id was handled
  CHECK(events_of(decide(answer, state)).empty());
  CHECK(state.answer(1, "p1", 1, aspect::current) == 3);
}

TEST_CASE("only the facilitator paces, reveals, starts rounds and removes", "[decider]") {
  auto state = given({workshop_created(), joined("p1")});
  const std::vector<command_body> controls{
      open_statements{}, close_statements{}, reveal_results{},         hide_results{},    start_round{},
      close_session{},   reopen_session{},   remove_participant{"p1"}, focus_statement{4}};
  for (const auto& body : controls) {
    CHECK(code_of(when(state, participant("p1"), body)) == "not_allowed");
    CHECK(code_of(when(state, anonymous, body)) == "not_allowed");
  }
}

TEST_CASE("opening and closing one or all statements decides only what changes", "[decider]") {
  auto state = given({workshop_created()});
  auto closed_all = events_of(when(state, facilitator, close_statements{}));
  CHECK(closed_all.size() == 21);
  CHECK(closed_all.front() == session_event{statement_closed{1}});
  CHECK(closed_all.back() == session_event{statement_closed{21}});
  for (const auto& e : closed_all) state = evolve(state, e);

  auto opened = events_of(when(state, facilitator, open_statements{7}));
  REQUIRE(opened == std::vector<session_event>{statement_opened{7}});
  state = evolve(state, opened.front());
  CHECK(events_of(when(state, facilitator, open_statements{7})).empty());
  CHECK(events_of(when(state, facilitator, open_statements{})).size() == 20);
  CHECK(code_of(when(state, facilitator, open_statements{22})) == "invalid_statement");
}

TEST_CASE("the facilitator sends everyone to a statement, again and again, open or not", "[decider]") {
  auto state = given({workshop_created(), statement_closed{9}});
  GIVEN("a statement, open or closed") {
    auto focused = events_of(when(state, facilitator, focus_statement{9}));
    REQUIRE(focused == std::vector<session_event>{statement_focused{9}});
    state = evolve(state, focused.front());
    CHECK(state.focus == 9);
    CHECK(state.focus_number == 1);
    THEN("the same statement again is a new focus: it brings back those who wandered off") {
      auto again = events_of(when(state, facilitator, focus_statement{9}));
      REQUIRE(again == std::vector<session_event>{statement_focused{9}});
      CHECK(evolve(state, again.front()).focus_number == 2);
    }
  }
  CHECK(code_of(when(state, facilitator, focus_statement{0})) == "invalid_statement");
  CHECK(code_of(when(state, facilitator, focus_statement{22})) == "invalid_statement");
  state = evolve(state, session_closed{});
  CHECK(code_of(when(state, facilitator, focus_statement{3})) == "session_closed");
}

TEST_CASE("reveal, hide, close and reopen are idempotent by state", "[decider]") {
  auto state = given({workshop_created()});
  REQUIRE(events_of(when(state, facilitator, reveal_results{})) ==
          std::vector<session_event>{results_revealed{}});
  state = evolve(state, results_revealed{});
  CHECK(state.revealed);
  CHECK(events_of(when(state, facilitator, reveal_results{})).empty());
  REQUIRE(events_of(when(state, facilitator, hide_results{})) ==
          std::vector<session_event>{results_hidden{}});

  CHECK(events_of(when(state, facilitator, reopen_session{})).empty());
  REQUIRE(events_of(when(state, facilitator, close_session{})) ==
          std::vector<session_event>{session_closed{}});
  state = evolve(state, session_closed{});
  CHECK(events_of(when(state, facilitator, close_session{})).empty());
  CHECK(code_of(when(state, facilitator, start_round{})) == "session_closed");
  REQUIRE(events_of(when(state, facilitator, reopen_session{})) ==
          std::vector<session_event>{session_reopened{}});
}

TEST_CASE("the facilitator removes a participant; removing twice decides nothing", "[decider]") {
  auto state = given({workshop_created(), joined("p1")});
  REQUIRE(events_of(when(state, facilitator, remove_participant{"p1"})) ==
          std::vector<session_event>{participant_removed{"p1"}});
  CHECK(code_of(when(state, facilitator, remove_participant{"nobody"})) == "unknown_participant");
  state = evolve(state, participant_removed{"p1"});
  CHECK(events_of(when(state, facilitator, remove_participant{"p1"})).empty());
}

TEST_CASE("a solo session has no facilitator controls but can be closed", "[decider]") {
  auto state = given({solo_created(), joined("p1")});
  CHECK(code_of(when(state, facilitator, reveal_results{})) == "solo_session");
  CHECK(code_of(when(state, facilitator, close_statements{})) == "solo_session");
  CHECK(code_of(when(state, facilitator, start_round{})) == "solo_session");
  CHECK_FALSE(is_rejection(when(state, facilitator, close_session{})));
  CHECK_FALSE(is_rejection(when(state, participant("p1"), give_answer{21, aspect::desired, 5})));
}

TEST_CASE("participants rename themselves; the facilitator may rename anyone", "[decider]") {
  auto state = given({workshop_created(), joined("p1"), joined("p2")});
  REQUIRE(events_of(when(state, participant("p1"), rename_participant{"p1"})) ==
          std::vector<session_event>{participant_renamed{"p1"}});
  CHECK(code_of(when(state, participant("p1"), rename_participant{"p2"})) == "not_allowed");
  CHECK_FALSE(is_rejection(when(state, facilitator, rename_participant{"p2"})));
  CHECK(code_of(when(state, facilitator, rename_participant{"p9"})) == "unknown_participant");
}

TEST_CASE("a session is never terminal: a closed one can be reopened", "[decider]") {
  CHECK_FALSE(is_terminal(given({workshop_created(), session_closed{}})));
}
