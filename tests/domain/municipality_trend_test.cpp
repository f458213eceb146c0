// A municipality's trend: workshops from k respondents on, solo respondents per year together from k on,
// oldest first, and what is left out never fewer than k together (so subtracting the shown points from the
// municipality's average reveals nobody).
#include <catch2/catch.hpp>

#include "domain/municipality_trend.hpp"

using namespace scsa::domain;

namespace {

// A session whose `count` respondents all said `now` and `ambition` on statement 1 (strategy).
session_respondents people(int count, int now, int ambition) {
  session_respondents session;
  for (int i = 0; i < count; ++i) {
    respondent r;
    r.participant = static_cast<std::uint32_t>(i);
    r.joined = true;
    round_levels first;
    first.levels[0][0] = static_cast<std::uint8_t>(now);
    first.levels[0][1] = static_cast<std::uint8_t>(ambition);
    r.rounds.push_back(first);
    r.latest_count = 2;
    session.participants.push_back(r);
  }
  return session;
}

trend_session workshop(const std::string& id, int year, const session_respondents& who) {
  return trend_session{id, "Workshop " + id, session_mode::workshop, year * 1000LL, year, &who};
}

trend_session solo(const std::string& id, int year, const session_respondents& who) {
  return trend_session{id, "Zelfevaluatie", session_mode::solo, year * 1000LL + 1, year, &who};
}

}  // namespace

TEST_CASE("trend: workshops from k on, the year's solo respondents together from k on", "[trend]") {
  const auto big_2025 = people(6, 2, 4);
  const auto big_2026 = people(5, 3, 4);
  const auto solo_a = people(1, 1, 3);
  const auto solo_b = people(1, 3, 5);
  const auto solo_c = people(1, 2, 4);
  const auto late_solo = people(1, 4, 5);
  const std::vector<trend_session> sessions{workshop("w2", 2026, big_2026), workshop("w1", 2025, big_2025),
                                            solo("s1", 2025, solo_a),       solo("s2", 2025, solo_b),
                                            solo("s3", 2025, solo_c),       solo("s4", 2027, late_solo)};
  // k = 3: the lone solo of 2027 is below k; alone it would be inferable, so the smallest shown point goes
  // too (the 2025 solo group of three), leaving four out together.
  const auto points = municipality_trend(sessions, 3);
  REQUIRE(points.size() == 2);
  CHECK((points[0].year == 2025 && points[0].workshop && points[0].session_id == "w1"));
  CHECK(points[0].respondents == 6);
  CHECK(*points[0].overall[0] == Approx(2.0));
  CHECK(*points[0].themes[theme_index(theme::strategy)][1] == Approx(4.0));
  CHECK(!points[0].themes[theme_index(theme::data)][0]);
  CHECK((points[1].year == 2026 && points[1].session_id == "w2"));

  // Without the lone 2027 solo, the 2025 solo group stands on its own: mean now (1+3+2)/3.
  const std::vector<trend_session> fewer(sessions.begin(), sessions.end() - 1);
  const auto shown = municipality_trend(fewer, 3);
  REQUIRE(shown.size() == 3);
  CHECK((shown[1].year == 2025 && !shown[1].workshop && shown[1].respondents == 3));
  CHECK(shown[1].session_id.empty());
  CHECK(*shown[1].overall[0] == Approx(2.0));
}

TEST_CASE("trend: what is left out is never fewer than k together", "[trend]") {
  // Random-ish mixes: for every k and mix, the respondents not shown are 0 or at least k.
  const std::vector<int> sizes{1, 2, 3, 4, 5, 7, 9, 12};
  for (int k = 2; k <= 6; ++k) {
    for (std::size_t skip = 0; skip < sizes.size(); ++skip) {
      std::vector<session_respondents> groups;
      groups.reserve(sizes.size());
      for (std::size_t i = 0; i < sizes.size(); ++i)
        if (i != skip) groups.push_back(people(sizes[i], 2, 3));
      std::vector<trend_session> sessions;
      int total = 0;
      for (std::size_t i = 0; i < groups.size(); ++i) {
        sessions.push_back(workshop("w" + std::to_string(i), 2020 + static_cast<int>(i % 3), groups[i]));
        total += static_cast<int>(groups[i].participants.size());
      }
      int shown = 0;
      for (const auto& p : municipality_trend(sessions, k)) {
        CHECK(p.respondents >= k);
        shown += p.respondents;
      }
      const int left_out = total - shown;
      INFO("k " << k << ", left out " << left_out);
      CHECK((left_out == 0 || left_out >= k));
    }
  }
}
