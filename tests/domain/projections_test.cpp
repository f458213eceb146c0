// The projections against folds worked out by hand: participant answers, consensus counts (replacement,
// withdrawal, removal, rounds), the session summary (theme means, gap and disagreement rankings) and the
// municipality averages (latest answers, national); then a property test against session_state recounts.
#include <catch2/catch.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/consensus_projection.hpp"
#include "domain/municipality_averages.hpp"
#include "domain/participant_projection.hpp"
#include "domain/session_state.hpp"
#include "domain/session_summary.hpp"
#include "domain/themes.hpp"

using namespace scsa::domain;

namespace {

session_event created(const std::string& municipality = "GM0363") {
  return session_created{"s", "Workshop", municipality, session_mode::workshop, "ABCD", "hash"};
}
session_event joined(const std::string& participant) {
  return participant_joined{participant, std::nullopt, "token"};
}
session_event removed(const std::string& participant) {
  return participant_removed{participant};
}
session_event answer(const std::string& participant, int statement, aspect which, int level, int round = 1) {
  return answer_given{participant, statement, which, level, round};
}
session_event withdrawn(const std::string& participant, int statement, aspect which, int round = 1) {
  return answer_withdrawn{participant, statement, which, round};
}

template <class projection>
projection fold(projection p, const std::vector<session_event>& events) {
  for (const auto& e : events) p = evolve(std::move(p), e);
  return p;
}

constexpr auto now = aspect::current;
constexpr auto ambition = aspect::desired;

}  // namespace

TEST_CASE("themes: every statement has one, in the published grouping", "[projections]") {
  CHECK(theme_of_statement(1) == theme::strategy);
  CHECK(theme_of_statement(3) == theme::strategy);
  CHECK(theme_of_statement(4) == theme::governance);
  CHECK(theme_of_statement(7) == theme::governance);
  CHECK(theme_of_statement(10) == theme::stakeholders);
  CHECK(theme_of_statement(11) == theme::services);
  CHECK(theme_of_statement(18) == theme::data);
  CHECK(theme_of_statement(21) == theme::technology);
  CHECK_FALSE(theme_of_statement(0));
  CHECK_FALSE(theme_of_statement(22));
  CHECK(parse_theme("data") == theme::data);
  CHECK_FALSE(parse_theme("Data"));
}

TEST_CASE("participant projection: levels per round, the current round, withdrawal and removal",
          "[projections]") {
  auto p = fold(initial_participant_projection,
                {created(), joined("a"), joined("b"), answer("a", 2, now, 3), answer("a", 2, ambition, 5),
                 answer("a", 2, now, 4), round_started{2}, answer("a", 2, now, 1, 2)});
  CHECK(p.active_count == 2);
  CHECK(p.level("a", 1, 2, now) == 4);  // answering again replaced the 3
  CHECK(p.level("a", 1, 2, ambition) == 5);
  CHECK(p.level("a", 2, 2, now) == 1);
  CHECK_FALSE(p.level("a", 2, 2, ambition));  // rounds are kept apart
  CHECK(p.current_sheet("a")[1][aspect_index(now)] == 1);
  CHECK_FALSE(p.level("b", 1, 2, now));

  p = fold(std::move(p), {withdrawn("a", 2, now, 2), removed("b")});
  CHECK_FALSE(p.level("a", 2, 2, now));
  CHECK(p.level("a", 1, 2, now) == 4);
  CHECK(p.active_count == 1);
  CHECK_FALSE(p.is_active("b"));

  const auto j = participant_answers_json(p, "a", 1);
  CHECK(j["round"] == 1);
  CHECK(j["active"] == true);
  CHECK(j["answers"][1]["statement"] == 2);
  CHECK(j["answers"][1]["current"] == 4);
  CHECK(j["answers"][1]["desired"] == 5);
  CHECK(j["answers"][0]["current"].is_null());
}

TEST_CASE("consensus projection: answers, replacement, withdrawal, removal", "[projections]") {
  auto p = fold(initial_consensus_projection,
                {created(), joined("a"), joined("b"), joined("c"), answer("a", 5, now, 2),
                 answer("b", 5, now, 2), answer("c", 5, now, 4), answer("a", 5, ambition, 5)});
  CHECK(p.counts(1, 5, now) == level_counts{0, 2, 0, 1, 0});
  CHECK(p.counts(1, 5, ambition) == level_counts{0, 0, 0, 0, 1});

  SECTION("answering again moves the count") {
    p = evolve(std::move(p), answer("b", 5, now, 3));
    CHECK(p.counts(1, 5, now) == level_counts{0, 1, 1, 1, 0});
    p = evolve(std::move(p), answer("b", 5, now, 3));  // the same level twice counts once
    CHECK(p.counts(1, 5, now) == level_counts{0, 1, 1, 1, 0});
  }
  SECTION("withdrawing takes the answer out") {
    p = evolve(std::move(p), withdrawn("c", 5, now));
    CHECK(p.counts(1, 5, now) == level_counts{0, 2, 0, 0, 0});
    p = evolve(std::move(p), withdrawn("c", 5, now));  // nothing left to withdraw
    CHECK(p.counts(1, 5, now) == level_counts{0, 2, 0, 0, 0});
  }
  SECTION("a removed participant's answers stop counting, in every round") {
    p = fold(std::move(p),
             {round_started{2}, answer("a", 5, now, 1, 2), answer("b", 5, now, 1, 2), removed("a")});
    CHECK(p.counts(1, 5, now) == level_counts{0, 1, 0, 1, 0});
    CHECK(p.counts(1, 5, ambition) == level_counts{0, 0, 0, 0, 0});
    CHECK(p.counts(2, 5, now) == level_counts{1, 0, 0, 0, 0});
    CHECK(p.answers.active_count == 2);
    CHECK(p.summary(1, 5, now).n == 2);
  }
  SECTION("answers before joining count from the join on") {
    p = evolve(std::move(p), answer("d", 5, now, 5));
    CHECK(p.counts(1, 5, now) == level_counts{0, 2, 0, 1, 0});
    p = evolve(std::move(p), joined("d"));
    CHECK(p.counts(1, 5, now) == level_counts{0, 2, 0, 1, 1});
  }
}

TEST_CASE("consensus projection: rounds are kept apart", "[projections]") {
  auto p = fold(initial_consensus_projection,
                {created(), joined("a"), joined("b"), answer("a", 1, now, 1), answer("b", 1, now, 5)});
  CHECK(p.summary(1, 1, now).consensus == Approx(0).margin(1e-12));
  p = fold(std::move(p), {round_started{2}});
  CHECK(p.current_round() == 2);
  CHECK(p.rounds.contains(2));
  CHECK(p.summary(2, 1, now).n == 0);  // a new round starts empty
  p = fold(std::move(p), {answer("a", 1, now, 3, 2), answer("b", 1, now, 3, 2)});
  CHECK(p.summary(2, 1, now).consensus == Approx(1));
  CHECK(p.counts(1, 1, now) == level_counts{1, 0, 0, 0, 1});  // round 1 is unchanged

  const nlohmann::json j = consensus_of(p, 2);
  CHECK(j["round"] == 2);
  CHECK(j["statements"].size() == 21);
  CHECK(j["statements"][0]["statement"] == 1);
  CHECK(j["statements"][0]["current"]["counts"] == nlohmann::json::array({0, 0, 2, 0, 0}));
  CHECK(j["statements"][0]["desired"]["n"] == 0);
  CHECK(j["statements"][0]["desired"]["mean"].is_null());
}

TEST_CASE("session summary: means, theme means, gaps and rankings", "[projections]") {
  // Statement 1: now 1 2 3 (mean 2), ambition 4 4 4 (mean 4): gap 2.
  //   Cns now: mean 2, 1 + 2 * 1/3 log2(1 - 1/4) = 1 - .276691 = .723309; ambition 1.
  // Statement 2: now 3 3 (mean 3, Cns 1), ambition 4 5 (mean 4.5, Cns 1 + log2(.875) = .807355): gap 1.5.
  // Statement 3: now 1 5 (mean 3, Cns 0, type-7 IQR 4 - 2 = 2), no ambition: no gap.
  // Statement 14: now 2, ambition 5: gap 3.
  // Strategy (1-3): now mean of 2, 3, 3 = 8/3; ambition mean of 4 and 4.5 = 4.25; gap 4.25 - 8/3 = 1.583333.
  //   (The pooled mean over all 7 answers now would be 18/7 = 2.571: each statement weighs the same.)
  // Data (14-18): now 2, ambition 5, gap 3. Governance: no answers.
  // By gap: 14 (3), 1 (2), 2 (1.5). By disagreement: 3 (now, 0), 1 (now, .723), 2 (ambition, .807), 14 (1).
  const auto p =
      fold(initial_consensus_projection,
           {created(), joined("a"), joined("b"), joined("c"), answer("a", 1, now, 1), answer("b", 1, now, 2),
            answer("c", 1, now, 3), answer("a", 1, ambition, 4), answer("b", 1, ambition, 4),
            answer("c", 1, ambition, 4), answer("a", 2, now, 3), answer("b", 2, now, 3),
            answer("a", 2, ambition, 4), answer("b", 2, ambition, 5), answer("a", 3, now, 1),
            answer("b", 3, now, 5), answer("a", 14, now, 2), answer("a", 14, ambition, 5)});
  const auto s = summarize_session(p);
  CHECK(s.round == 1);
  CHECK(s.participant_count == 3);

  const auto& st1 = s.statements[0];
  CHECK(st1.statement == 1);
  CHECK(st1.in_theme == theme::strategy);
  CHECK(st1.by_aspect[aspect_index(now)].n == 3);
  CHECK(st1.by_aspect[aspect_index(now)].mean == Approx(2));
  CHECK(st1.by_aspect[aspect_index(ambition)].mean == Approx(4));
  CHECK(st1.gap == Approx(2));
  CHECK(s.statements[1].gap == Approx(1.5));
  CHECK_FALSE(s.statements[2].gap);
  CHECK(s.statements[2].by_aspect[aspect_index(ambition)].n == 0);
  CHECK(s.statements[13].gap == Approx(3));
  CHECK_FALSE(s.statements[20].gap);

  const auto& strategy = s.themes[theme_index(theme::strategy)];
  CHECK(strategy.which == theme::strategy);
  CHECK(*strategy.mean[aspect_index(now)] == Approx(8.0 / 3.0));
  CHECK(*strategy.mean[aspect_index(ambition)] == Approx(4.25));
  CHECK(*strategy.gap == Approx(4.25 - 8.0 / 3.0));
  CHECK(*s.themes[theme_index(theme::data)].gap == Approx(3));
  CHECK_FALSE(s.themes[theme_index(theme::governance)].mean[aspect_index(now)]);
  CHECK_FALSE(s.themes[theme_index(theme::governance)].gap);

  REQUIRE(s.by_gap.size() == 3);
  CHECK(s.by_gap[0].statement == 14);
  CHECK(s.by_gap[0].gap == Approx(3));
  CHECK(s.by_gap[1].statement == 1);
  CHECK(s.by_gap[2].statement == 2);

  REQUIRE(s.by_disagreement.size() == 4);
  CHECK(s.by_disagreement[0].statement == 3);
  CHECK(s.by_disagreement[0].which == now);
  CHECK(s.by_disagreement[0].consensus == Approx(0).margin(1e-12));
  CHECK(s.by_disagreement[0].interquartile_range == Approx(2));  // 1 5: q1 = 1 + .25 * 4, q3 = 1 + .75 * 4
  CHECK(s.by_disagreement[1].statement == 1);
  CHECK(s.by_disagreement[1].consensus == Approx(0.723308).epsilon(1e-5));
  CHECK(s.by_disagreement[2].statement == 2);
  CHECK(s.by_disagreement[2].which == ambition);
  CHECK(s.by_disagreement[2].consensus == Approx(0.807355).epsilon(1e-5));
  CHECK(s.by_disagreement[3].statement == 14);
  CHECK(s.by_disagreement[3].which == now);  // a tie between aspects names the current situation

  const nlohmann::json j = s;
  CHECK(j["round"] == 1);
  CHECK(j["participant_count"] == 3);
  CHECK(j["statements"][0]["theme"] == "strategy");
  CHECK(j["statements"][0]["current"]["n"] == 3);
  CHECK(j["statements"][0]["gap"].get<double>() == Approx(2));
  CHECK(j["statements"][2]["gap"].is_null());
  CHECK(j["themes"][0]["theme"] == "strategy");
  CHECK(j["themes"][0]["desired"].get<double>() == Approx(4.25));
  CHECK(j["themes"][1]["current"].is_null());
  CHECK(j["ranked_by_gap"][0] == nlohmann::json({{"statement", 14}, {"gap", 3.0}}));
  CHECK(j["ranked_by_disagreement"][2]["aspect"] == "desired");

  SECTION("removing a participant updates the summary") {
    const auto after = summarize_session(evolve(p, removed("c")));
    CHECK(after.participant_count == 2);
    CHECK(after.statements[0].by_aspect[aspect_index(now)].mean == Approx(1.5));
  }
  SECTION("a new round summarises from scratch; the old one stays available") {
    const auto next = evolve(p, round_started{2});
    CHECK(summarize_session(next).round == 2);
    CHECK(summarize_session(next).by_gap.empty());
    CHECK(summarize_session(next, 1).by_gap.size() == 3);
  }
}

TEST_CASE("municipality averages: latest answers, two municipalities and the nation", "[projections]") {
  // GM0363 holds sessions A and B, GM0599 session C; events of the sessions interleave.
  // a1: statement 1 now 2 in round 1, then 4 in round 2 -> latest 4.
  // a2: 3 in round 1; 5 in round 2, withdrawn -> falls back to 3.
  // a3: 1, then removed -> excluded.
  // b1: now 5, ambition 5.   c1: now 1.
  // GM0363 now: 4, 3, 5 -> mean 4 over 3 respondents; ambition 5 over 1. GM0599 now: 1 over 1.
  // Nation now: 4 + 3 + 5 + 1 = 13 over 4 -> 3.25; ambition 5 over 1; 4 respondents.
  municipality_averages a = initial_municipality_averages;
  auto step = [&a](const std::string& session, const session_event& e) {
    a = evolve(std::move(a), session, e);
  };
  step("A", created("GM0363"));
  step("C", created("GM0599"));
  step("A", joined("a1"));
  step("A", joined("a2"));
  step("C", joined("c1"));
  step("A", joined("a3"));
  step("A", answer("a1", 1, now, 2));
  step("C", answer("c1", 1, now, 1));
  step("A", answer("a2", 1, now, 3));
  step("A", answer("a3", 1, now, 1));
  step("B", created("GM0363"));
  step("B", joined("a1"));  // the same participant id in another session is another respondent
  step("A", round_started{2});
  step("B", answer("a1", 1, now, 5));
  step("A", answer("a1", 1, now, 4, 2));
  step("A", answer("a2", 1, now, 5, 2));
  step("B", answer("a1", 1, ambition, 5));
  step("A", withdrawn("a2", 1, now, 2));
  step("A", removed("a3"));

  const auto amsterdam = a.averages_for("GM0363");
  CHECK(amsterdam.municipality == "GM0363");
  CHECK(amsterdam.respondents == 3);
  CHECK(amsterdam.statements[0][aspect_index(now)].respondents == 3);
  CHECK(*amsterdam.statements[0][aspect_index(now)].mean == Approx(4));
  CHECK(*amsterdam.statements[0][aspect_index(ambition)].mean == Approx(5));
  CHECK(amsterdam.statements[0][aspect_index(ambition)].respondents == 1);
  CHECK_FALSE(amsterdam.statements[1][aspect_index(now)].mean);
  CHECK(*amsterdam.themes[theme_index(theme::strategy)][aspect_index(now)] == Approx(4));

  const auto other = a.averages_for("GM0599");
  CHECK(other.respondents == 1);
  CHECK(*other.statements[0][aspect_index(now)].mean == Approx(1));

  const auto nation = a.national_average();
  CHECK(nation.municipality.empty());
  CHECK(nation.respondents == 4);
  CHECK(nation.statements[0][aspect_index(now)].respondents == 4);
  CHECK(*nation.statements[0][aspect_index(now)].mean == Approx(3.25));
  CHECK(*nation.statements[0][aspect_index(ambition)].mean == Approx(5));

  CHECK(a.municipalities_with_data() == std::vector<std::string>{"GM0363", "GM0599"});
  const auto unknown = a.averages_for("GM9999");
  CHECK(unknown.respondents == 0);
  CHECK_FALSE(unknown.statements[0][aspect_index(now)].mean);

  const nlohmann::json j = amsterdam;
  CHECK(j["municipality"] == "GM0363");
  CHECK(j["respondents"] == 3);
  CHECK(j["statements"][0]["current"]["mean"].get<double>() == Approx(4));
  CHECK(j["statements"][0]["desired"]["respondents"] == 1);
  CHECK(j["statements"][1]["current"]["mean"].is_null());
  CHECK(j["themes"][0]["theme"] == "strategy");
  CHECK(nlohmann::json(nation)["municipality"].is_null());

  SECTION("a later answer in an earlier round does not override a later round") {
    step("A", answer("a1", 1, now, 1, 1));  // a1's latest stays the round-2 answer, 4
    CHECK(*a.averages_for("GM0363").statements[0][aspect_index(now)].mean == Approx(4));
  }
  SECTION("withdrawing a respondent's only answer makes them no respondent") {
    step("C", withdrawn("c1", 1, now));
    CHECK(a.averages_for("GM0599").respondents == 0);
    CHECK(a.national_average().respondents == 3);
    CHECK(*a.national_average().statements[0][aspect_index(now)].mean == Approx(4));
    CHECK(a.municipalities_with_data() == std::vector<std::string>{"GM0363"});
  }
  SECTION("a removed respondent who joins again counts again") {
    step("A", joined("a3"));
    CHECK(a.averages_for("GM0363").respondents == 4);
    CHECK(*a.averages_for("GM0363").statements[0][aspect_index(now)].mean == Approx(13.0 / 4.0));
  }
}

namespace {

// A tiny deterministic generator (Knuth's MMIX LCG), so the test needs no <random>.
struct lcg {
  std::uint64_t state;
  std::uint32_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  }
  int below(int bound) { return static_cast<int>(next() % static_cast<std::uint32_t>(bound)); }
};

// A random but well-formed event for a session in `state`: some answers go to earlier rounds and to
// participants who have not joined (or were removed), to exercise every path of the folds.
session_event random_event(lcg& g, const session_state& state) {
  const std::string who = "p" + std::to_string(g.below(6));
  const int statement = 1 + g.below(statement_count);
  const aspect which = g.below(2) == 0 ? aspect::current : aspect::desired;
  const int in_round = g.below(5) == 0 ? 1 + g.below(state.round) : state.round;
  const int roll = g.below(100);
  if (roll < 10) return joined(who);
  if (roll < 14) return removed(who);
  if (roll < 60) return answer(who, statement, which, 1 + g.below(level_count), in_round);
  if (roll < 78) return withdrawn(who, statement, which, in_round);
  if (roll < 82) return round_started{state.round + 1};
  if (roll < 86) return participant_renamed{who};
  if (roll < 90) return statement_closed{statement};
  if (roll < 94) return statement_opened{statement};
  if (roll < 97) return results_revealed{};
  return results_hidden{};
}

struct simulated_session {
  std::string id;            // stream id
  std::string municipality;  // CBS code
  session_state state;       // the decider's state: the reference for recounts
  consensus_projection consensus;
};

}  // namespace

TEST_CASE("property: incremental folds equal recounts from the final session states", "[projections]") {
  for (std::uint64_t seed : {1ULL, 7ULL, 42ULL, 2024ULL, 99991ULL}) {
    CAPTURE(seed);
    lcg g{seed};
    std::vector<simulated_session> sessions{
        {"s1", "GM0363", {}, {}}, {"s2", "GM0363", {}, {}}, {"s3", "GM0599", {}, {}}};
    municipality_averages averages = initial_municipality_averages;
    for (auto& s : sessions) {
      const session_event e = session_created{s.id, "t", s.municipality, session_mode::workshop, "J", "h"};
      s.state = evolve(std::move(s.state), e);
      s.consensus = evolve(std::move(s.consensus), e);
      averages = evolve(std::move(averages), s.id, e);
    }
    for (int i = 0; i < 1500; ++i) {
      auto& s = sessions[static_cast<std::size_t>(g.below(3))];
      const session_event e = random_event(g, s.state);
      s.state = evolve(std::move(s.state), e);
      s.consensus = evolve(std::move(s.consensus), e);
      averages = evolve(std::move(averages), s.id, e);
    }

    // Consensus counts and participant answers against session_state.
    for (const auto& s : sessions) {
      CHECK(s.consensus.current_round() == s.state.round);
      CHECK(s.consensus.answers.active_count == s.state.active_participant_count());
      for (const auto& [in_round, sheets] : s.state.answers) {
        round_counts recount{};
        for (const auto& [participant, sheet] : sheets) {
          auto found = s.state.participants.find(participant);
          const bool active = found != s.state.participants.end() && !found->second.removed;
          for (std::size_t st = 0; st < sheet.size(); ++st)
            for (std::size_t k = 0; k < 2; ++k) {
              CHECK(s.consensus.answers.sheet(participant, in_round)[st][k] == sheet[st][k]);
              if (active && sheet[st][k] != 0) ++recount[st][k][static_cast<std::size_t>(sheet[st][k] - 1)];
            }
        }
        for (int st = 1; st <= statement_count; ++st)
          for (aspect which : {aspect::current, aspect::desired})
            CHECK(s.consensus.counts(in_round, st, which) ==
                  recount[static_cast<std::size_t>(st - 1)][aspect_index(which)]);
      }
    }

    // Municipality and national averages against the latest answers in the final states.
    auto recount = [&](const std::string& municipality) {
      averages_tally t;
      for (const auto& s : sessions) {
        if (!municipality.empty() && s.municipality != municipality) continue;
        for (const auto& [participant, standing] : s.state.participants) {
          if (standing.removed) continue;
          bool any = false;
          for (std::size_t st = 0; st < static_cast<std::size_t>(statement_count); ++st)
            for (std::size_t k = 0; k < 2; ++k)
              for (auto r = s.state.answers.rbegin(); r != s.state.answers.rend(); ++r) {
                auto sheet = r->second.find(participant);
                if (sheet == r->second.end() || sheet->second[st][k] == 0) continue;
                t.sums[st][k] += sheet->second[st][k];
                ++t.answered[st][k];
                any = true;
                break;
              }
          if (any) ++t.respondents;
        }
      }
      return t;
    };
    auto same = [](const municipality_average& folded, const averages_tally& expected) {
      CHECK(folded.respondents == expected.respondents);
      for (std::size_t st = 0; st < static_cast<std::size_t>(statement_count); ++st)
        for (std::size_t k = 0; k < 2; ++k) {
          const auto& cell = folded.statements[st][k];
          CHECK(cell.respondents == expected.answered[st][k]);
          if (expected.answered[st][k] == 0) {
            CHECK_FALSE(cell.mean);
          } else {
            REQUIRE(cell.mean);
            CHECK(*cell.mean == Approx(static_cast<double>(expected.sums[st][k]) / expected.answered[st][k]));
          }
        }
    };
    same(averages.averages_for("GM0363"), recount("GM0363"));
    same(averages.averages_for("GM0599"), recount("GM0599"));
    same(averages.national_average(), recount(""));
  }
}
