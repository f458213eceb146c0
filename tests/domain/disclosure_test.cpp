// The k rule cell by cell, and what differencing can learn: a municipality below k respondents, or a
// statement below k answers, is never shown; the nation counts the rest only when it holds k or more, so the
// national average minus the municipalities shown never reveals fewer than k people's answers.
#include <catch2/catch.hpp>

#include <string>

#include "domain/disclosure.hpp"

using namespace scsa::domain;

namespace {

constexpr int k = 5;

// `people` respondents in a solo session each, in `code`, answering statement 1 (now) with `level`, and
// `statement_two` of them statement 2 (now) with level 4.
void add(municipality_averages& averages, const std::string& code, int people, int level,
         int statement_two = 0) {
  static int next = 0;
  for (int i = 0; i < people; ++i) {
    const std::string session = "s" + std::to_string(++next);
    averages = evolve(std::move(averages), session,
                      session_created{session, "T", code, session_mode::solo, "C" + session, "h"});
    averages = evolve(std::move(averages), session, participant_joined{"p", std::nullopt, "t"});
    averages = evolve(std::move(averages), session, answer_given{"p", 1, aspect::current, level, 1});
    if (i < statement_two)
      averages = evolve(std::move(averages), session, answer_given{"p", 2, aspect::current, 4, 1});
  }
}

const aspect_average& now_of(const municipality_average& a, int statement) {
  return a.statements[static_cast<std::size_t>(statement - 1)][aspect_index(aspect::current)];
}

}  // namespace

TEST_CASE("disclosure: a municipality from k respondents on, a statement from k answers on", "[disclosure]") {
  municipality_averages averages;
  add(averages, "GM0344", 6, 3, /*statement_two=*/2);
  add(averages, "GM0363", 4, 1);
  const auto utrecht = disclosed_average(averages, "GM0344", k);
  CHECK(utrecht.respondents == 6);
  CHECK(now_of(utrecht, 1).mean == 3.0);
  CHECK(now_of(utrecht, 1).respondents == 6);
  CHECK_FALSE(now_of(utrecht, 2).mean);  // 2 answers: not shown
  CHECK(now_of(utrecht, 2).respondents == 0);
  const auto amsterdam = disclosed_average(averages, "GM0363", k);  // 4 respondents
  CHECK(amsterdam.respondents == 0);
  CHECK_FALSE(now_of(amsterdam, 1).mean);
  CHECK(disclosed_average(averages, "GM0014", k).respondents == 0);
}

TEST_CASE("disclosure: the nation minus the municipalities shown never reveals fewer than k",
          "[disclosure]") {
  municipality_averages averages;
  add(averages, "GM0344", 6, 3, 2);
  add(averages, "GM0599", 5, 5);
  add(averages, "GM0363", 2, 1);  // one small municipality: 2 people
  auto national = disclosed_national_average(averages, k);
  // Only the shown cells: (6 x 3 + 5 x 5) / 11; Amsterdam's two are left out, as is statement 2 (2 answers).
  CHECK(national.respondents == 11);
  CHECK(now_of(national, 1).respondents == 11);
  CHECK(now_of(national, 1).mean == Approx(43.0 / 11));
  CHECK_FALSE(now_of(national, 2).mean);
  // Differencing: national x n minus the shown municipalities' sums is empty, not Amsterdam's answers.
  const auto utrecht = disclosed_average(averages, "GM0344", k);
  const auto rotterdam = disclosed_average(averages, "GM0599", k);
  const double rest = *now_of(national, 1).mean * now_of(national, 1).respondents -
                      *now_of(utrecht, 1).mean * now_of(utrecht, 1).respondents -
                      *now_of(rotterdam, 1).mean * now_of(rotterdam, 1).respondents;
  CHECK(rest == Approx(0).margin(1e-9));

  // Once the rest holds k people (two small municipalities together), the nation counts all of them.
  add(averages, "GM0014", 3, 2);
  national = disclosed_national_average(averages, k);
  CHECK(national.respondents == 16);
  CHECK(now_of(national, 1).respondents == 16);
  CHECK(now_of(national, 1).mean == Approx((18.0 + 25 + 2 + 6) / 16));
}

TEST_CASE("disclosure: a nation of fewer than k shows nothing", "[disclosure]") {
  municipality_averages averages;
  add(averages, "GM0344", 3, 3);
  CHECK(disclosed_national_average(averages, k).respondents == 0);
  CHECK_FALSE(now_of(disclosed_national_average(averages, k), 1).mean);
}
