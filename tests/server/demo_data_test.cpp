// Tests of the demo data plan: deterministic per seed, within the scale, enough respondents per
// municipality to compare, and, folded through the real municipality averages, the content brief's
// pattern of largest and smallest gaps, desired above current, and a converging second round.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/municipality_averages.hpp"
#include "domain/session_events.hpp"
#include "domain/statistics.hpp"
#include "server/live/demo_data.hpp"

namespace {

using scsa::domain::aspect;
using scsa::domain::session_mode;
using scsa::server::demo_plan;
using scsa::server::demo_session;
using scsa::server::make_demo_plan;

constexpr std::array<int, 5> largest_gaps{19, 14, 7, 20, 2};
constexpr std::array<int, 6> smallest_gaps{11, 12, 3, 4, 8, 17};

// Folds the plan into the averages the way the server's events would: created, joined, answered.
scsa::domain::municipality_averages fold(const demo_plan& plan) {
  auto averages = scsa::domain::initial_municipality_averages;
  for (std::size_t i = 0; i < plan.sessions.size(); ++i) {
    const auto& session = plan.sessions[i];
    const std::string id = "demo-" + std::to_string(i);
    averages = evolve(std::move(averages), id,
                      scsa::domain::session_created{id, session.title, session.municipality, session.mode,
                                                    "J" + std::to_string(i), "facilitator-hash"});
    for (std::size_t p = 0; p < session.participants.size(); ++p) {
      const auto& who = session.participants[p];
      const std::string participant_id = "p" + std::to_string(p);
      averages = evolve(std::move(averages), id,
                        scsa::domain::participant_joined{participant_id, who.department, "token-hash"});
      for (const auto& a : who.answers)
        averages = evolve(std::move(averages), id,
                          scsa::domain::answer_given{participant_id, a.statement, a.which, a.level, a.round});
    }
  }
  return averages;
}

double gap_of(const scsa::domain::municipality_average& a, int statement) {
  const auto& s = a.statements[static_cast<std::size_t>(statement - 1)];
  return *s[scsa::domain::aspect_index(aspect::desired)].mean -
         *s[scsa::domain::aspect_index(aspect::current)].mean;
}

double overall_current_mean(const scsa::domain::municipality_average& a) {
  double sum = 0;
  for (const auto& s : a.statements) sum += *s[scsa::domain::aspect_index(aspect::current)].mean;
  return sum / static_cast<double>(a.statements.size());
}

// Counts per level of one round's answers to one statement and aspect in one session.
scsa::domain::level_counts counts_in(const demo_session& session, int round, int statement, aspect which) {
  scsa::domain::level_counts counts{};
  for (const auto& who : session.participants)
    for (const auto& a : who.answers)
      if (a.round == round && a.statement == statement && a.which == which)
        ++counts[static_cast<std::size_t>(a.level - 1)];
  return counts;
}

}  // namespace

TEST_CASE("the same seed gives the same plan, another seed another", "[demo]") {
  CHECK(make_demo_plan() == make_demo_plan(2026));
  CHECK(make_demo_plan(7) == make_demo_plan(7));
  CHECK_FALSE(make_demo_plan(2026) == make_demo_plan(2027));
  CHECK_FALSE(make_demo_plan(1) == make_demo_plan(2));
}

TEST_CASE("every answer is within the scale and the session's rounds", "[demo]") {
  const auto seed = GENERATE(as<std::uint64_t>{}, 2026, 1, 42);
  const auto plan = make_demo_plan(seed);
  REQUIRE_FALSE(plan.sessions.empty());
  for (const auto& session : plan.sessions) {
    INFO(session.title);
    CHECK(session.municipality.size() == 6);
    CHECK(session.municipality.rfind("GM", 0) == 0);
    CHECK_FALSE(session.title.empty());
    CHECK(session.title.size() <= 200);
    CHECK(session.rounds >= 1);
    CHECK(session.rounds <= 2);
    CHECK(std::is_sorted(session.closed_statements.begin(), session.closed_statements.end()));
    CHECK(std::adjacent_find(session.closed_statements.begin(), session.closed_statements.end()) ==
          session.closed_statements.end());
    for (const int s : session.closed_statements) CHECK(scsa::domain::is_valid_statement(s));
    if (session.mode == session_mode::solo) {
      CHECK(session.participants.size() == 1);
      CHECK(session.rounds == 1);
    }
    for (const auto& who : session.participants) {
      CHECK_FALSE(who.name.empty());
      if (who.department) CHECK(who.department->size() <= 100);
      std::set<std::pair<int, int>> first_round;  // (statement, aspect) answered in round 1
      int previous_round = 1;
      for (const auto& a : who.answers) {
        CHECK(scsa::domain::is_valid_level(a.level));
        CHECK(scsa::domain::is_valid_statement(a.statement));
        CHECK(a.round >= previous_round);
        CHECK(a.round <= session.rounds);
        previous_round = a.round;
        if (a.round == 1)
          CHECK(
              first_round.emplace(a.statement, static_cast<int>(scsa::domain::aspect_index(a.which))).second);
      }
      // Solo respondents answer everything; a workshop participant skips a few statements at most.
      if (session.mode == session_mode::solo)
        CHECK(first_round.size() == 2 * scsa::domain::statement_count);
      else
        CHECK(first_round.size() >= 2 * scsa::domain::statement_count - 6);
    }
  }
}

TEST_CASE("three workshops, one with a second round, and enough municipalities to compare", "[demo]") {
  const auto plan = make_demo_plan();
  std::vector<const demo_session*> workshops;
  for (const auto& session : plan.sessions)
    if (session.mode == session_mode::workshop) workshops.push_back(&session);
  REQUIRE(workshops.size() == 3);
  CHECK(std::count_if(workshops.begin(), workshops.end(), [](auto* w) { return w->rounds == 2; }) == 1);
  for (const auto* w : workshops) {
    CHECK(w->participants.size() >= 10);
    std::set<std::string> names;
    for (const auto& who : w->participants) names.insert(who.name);
    CHECK(names.size() == w->participants.size());  // names in one room are told apart
  }

  const auto averages = fold(plan);
  int comparable = 0;
  int too_few = 0;
  for (const auto& code : averages.municipalities_with_data()) {
    const int n = averages.averages_for(code).respondents;
    if (n >= 6) ++comparable;
    if (n < 5) ++too_few;
  }
  CHECK(comparable >= 6);
  CHECK(too_few >= 2);
}

TEST_CASE("the national averages follow the brief's pattern of gaps", "[demo]") {
  const auto seed = GENERATE(as<std::uint64_t>{}, 2026, 1, 42, 99);
  const auto national = fold(make_demo_plan(seed)).national_average();
  INFO("seed " << seed);
  for (const int large : largest_gaps)
    for (const int small : smallest_gaps) {
      INFO("statement " << large << " against " << small);
      CHECK(gap_of(national, large) > gap_of(national, small));
    }
  for (int s = 1; s <= scsa::domain::statement_count; ++s) {
    INFO("statement " << s);
    CHECK(gap_of(national, s) >= 0);
    const auto& current = national.statements[static_cast<std::size_t>(s - 1)][0];
    CHECK(*current.mean >= 1.0);
    CHECK(*current.mean <= 3.5);  // current levels mostly 1-3
  }
}

TEST_CASE("desired is at least current for nearly everyone, and larger cities are a bit further", "[demo]") {
  const auto plan = make_demo_plan();
  int pairs = 0;
  int below = 0;
  int current_low = 0;
  int current_total = 0;
  for (const auto& session : plan.sessions)
    for (const auto& who : session.participants) {
      std::map<int, std::array<int, 2>> levels;  // round-1 statement -> {current, desired}
      for (const auto& a : who.answers) {
        if (a.round != 1) continue;
        levels[a.statement][scsa::domain::aspect_index(a.which)] = a.level;
        if (a.which == aspect::current) {
          ++current_total;
          if (a.level <= 3) ++current_low;
        }
      }
      for (const auto& [statement, pair] : levels) {
        if (pair[0] == 0 || pair[1] == 0) continue;
        ++pairs;
        if (pair[1] < pair[0]) ++below;
      }
    }
  CHECK(below * 50 < pairs);                     // under 2% want less than they have
  CHECK(current_low * 10 >= current_total * 8);  // at least 80% of current levels are 1-3

  const auto averages = fold(plan);
  CHECK(overall_current_mean(averages.averages_for("GM0344")) >
        overall_current_mean(averages.averages_for("GM0193")));
  CHECK(overall_current_mean(averages.averages_for("GM0772")) >
        overall_current_mean(averages.averages_for("GM0193")));
}

TEST_CASE("some statements have strong consensus, others are split", "[demo]") {
  const auto plan = make_demo_plan();
  std::array<scsa::domain::level_counts, scsa::domain::statement_count> current{};
  for (const auto& session : plan.sessions)
    for (int s = 1; s <= scsa::domain::statement_count; ++s) {
      const auto counts = counts_in(session, 1, s, aspect::current);
      for (std::size_t l = 0; l < counts.size(); ++l)
        current[static_cast<std::size_t>(s - 1)][l] += counts[l];
    }
  double lowest = 5;
  double highest = 0;
  for (const auto& counts : current) {
    const double sd = scsa::domain::summarize(counts).standard_deviation;
    lowest = std::min(lowest, sd);
    highest = std::max(highest, sd);
  }
  CHECK(highest - lowest > 0.4);
}

TEST_CASE("a second round converges on the statements answered again", "[demo]") {
  const auto seed = GENERATE(as<std::uint64_t>{}, 2026, 1, 42);
  const auto plan = make_demo_plan(seed);
  const auto two_rounds = std::find_if(plan.sessions.begin(), plan.sessions.end(),
                                       [](const demo_session& s) { return s.rounds == 2; });
  REQUIRE(two_rounds != plan.sessions.end());

  std::set<int> again;
  for (const auto& who : two_rounds->participants)
    for (const auto& a : who.answers)
      if (a.round == 2) again.insert(a.statement);
  CHECK(again.size() >= 3);
  CHECK(again.size() <= 8);  // a handful, not the whole assessment

  double spread_one = 0;
  double spread_two = 0;
  for (const int s : again)
    for (const aspect which : {aspect::current, aspect::desired}) {
      const auto one = scsa::domain::summarize(counts_in(*two_rounds, 1, s, which));
      const auto two = scsa::domain::summarize(counts_in(*two_rounds, 2, s, which));
      CHECK(two.n >= 10);
      spread_one += one.standard_deviation;
      spread_two += two.standard_deviation;
    }
  INFO("seed " << seed << ": mean SD round 1 " << spread_one / static_cast<double>(2 * again.size())
               << ", round 2 " << spread_two / static_cast<double>(2 * again.size()));
  CHECK(spread_two < spread_one);
  // The statements not answered again are closed; the re-answered ones stay open.
  for (const int s : again)
    CHECK(std::find(two_rounds->closed_statements.begin(), two_rounds->closed_statements.end(), s) ==
          two_rounds->closed_statements.end());
}

TEST_CASE("a demo session's schedule plays like a real one: joins, then answers statement by statement",
          "[demo]") {
  const auto plan = make_demo_plan();
  constexpr std::int64_t now = 1'796'000'000'000;  // some moment in 2026
  for (std::size_t index = 0; index < plan.sessions.size(); ++index) {
    const auto& session = plan.sessions[index];
    INFO(session.title);
    const auto start = scsa::server::demo_start_ms(index, plan.sessions.size(), now);
    CHECK(start < now);
    const auto when = scsa::server::schedule_demo(session, start);
    CHECK(when.created_ms == start);
    REQUIRE(when.joined_ms.size() == session.participants.size());
    std::int64_t last_join = start;
    for (auto joined : when.joined_ms) {
      CHECK(joined > last_join);  // one after another, never at one instant
      last_join = joined;
    }
    std::set<std::int64_t> distinct;
    std::int64_t first_answer = INT64_MAX, last_answer = 0;
    for (std::size_t p = 0; p < session.participants.size(); ++p) {
      const auto& answers = session.participants[p].answers;
      REQUIRE(when.answered_ms[p].size() == answers.size());
      for (std::size_t a = 0; a < answers.size(); ++a) {
        const auto at = when.answered_ms[p][a];
        CHECK(at > last_join);
        if (answers[a].round > 1)
          CHECK(at > when.round_started_ms.at(static_cast<std::size_t>(answers[a].round - 2)));
        distinct.insert(at);
        first_answer = std::min(first_answer, at);
        last_answer = std::max(last_answer, at);
      }
      // Within a round a participant reaches statement N before statement N + 1.
      for (std::size_t a = 0; a + 1 < answers.size(); ++a)
        if (answers[a].round == answers[a + 1].round && answers[a].statement < answers[a + 1].statement)
          CHECK(when.answered_ms[p][a] < when.answered_ms[p][a + 1]);
    }
    CHECK(when.finished_ms > last_answer);
    if (session.mode == scsa::domain::session_mode::workshop) {
      CHECK(last_answer - first_answer >= 20 * 60 * 1000);   // a workshop takes its time
      CHECK(distinct.size() > session.participants.size());  // not everyone at one moment
    }
  }
  // Sessions start on different days, the workshops (first in the plan) most recently.
  CHECK(scsa::server::demo_start_ms(0, 3, now) > scsa::server::demo_start_ms(1, 3, now));
}
