// summarize() against distributions worked out by hand (the arithmetic is in the comments), including
// the edge cases n == 0 and n == 1 and the JSON the HTTP API serves.
#include "domain/statistics.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace scsa::domain;

namespace {

std::array<bool, level_count> modes_at(std::initializer_list<int> levels) {
  std::array<bool, level_count> modes{};
  for (int level : levels) modes[static_cast<std::size_t>(level - 1)] = true;
  return modes;
}

}  // namespace

TEST_CASE("everyone on the same level: consensus 1, no spread", "[statistics]") {
  const auto s = summarize({0, 0, 7, 0, 0});
  CHECK(s.n == 7);
  CHECK(s.mean == Approx(3));
  CHECK(s.median == Approx(3));
  CHECK(s.q1 == Approx(3));
  CHECK(s.q3 == Approx(3));
  CHECK(s.interquartile_range == Approx(0));
  CHECK(s.standard_deviation == Approx(0));
  CHECK(s.consensus == Approx(1));
  CHECK(s.iqr_consensus);
  CHECK(s.modes == modes_at({3}));
}

TEST_CASE("an even split between levels 1 and 5: consensus 0", "[statistics]") {
  // Sorted: 1 1 1 1 1 5 5 5 5 5. mean 3, every deviation 2, so SD 2.
  // Type 7: q1 at h = 9 * .25 = 2.25 -> x2 = x3 = 1; median h = 4.5 -> (1 + 5) / 2 = 3; q3 h = 6.75 -> 5.
  // Cns = 1 + 2 * .5 * log2(1 - 2/4) = 1 - 1 = 0.
  const auto s = summarize({5, 0, 0, 0, 5});
  CHECK(s.n == 10);
  CHECK(s.mean == Approx(3));
  CHECK(s.standard_deviation == Approx(2));
  CHECK(s.q1 == Approx(1));
  CHECK(s.median == Approx(3));
  CHECK(s.q3 == Approx(5));
  CHECK(s.interquartile_range == Approx(4));
  CHECK(s.consensus == Approx(0).margin(1e-12));
  CHECK(s.consensus >= 0);
  CHECK_FALSE(s.iqr_consensus);
  CHECK(s.modes == modes_at({1, 5}));
}

TEST_CASE("no answers: every number is zero and nothing claims consensus", "[statistics]") {
  const auto s = summarize({0, 0, 0, 0, 0});
  CHECK(s.n == 0);
  CHECK(s.mean == 0);
  CHECK(s.median == 0);
  CHECK(s.q1 == 0);
  CHECK(s.q3 == 0);
  CHECK(s.interquartile_range == 0);
  CHECK(s.standard_deviation == 0);
  CHECK(s.consensus == 0);
  CHECK_FALSE(s.iqr_consensus);
  CHECK(s.modes == modes_at({}));

  const nlohmann::json j = s;
  CHECK(j["n"] == 0);
  CHECK(j["mean"].is_null());
  CHECK(j["consensus"].is_null());
  CHECK(j["iqr_consensus"] == false);
  CHECK(j["modes"] == nlohmann::json::array());
}

TEST_CASE("one answer: it is the mean, median and both quartiles; consensus 1", "[statistics]") {
  const auto s = summarize({0, 0, 0, 1, 0});
  CHECK(s.n == 1);
  CHECK(s.mean == Approx(4));
  CHECK(s.median == Approx(4));
  CHECK(s.q1 == Approx(4));
  CHECK(s.q3 == Approx(4));
  CHECK(s.standard_deviation == 0);  // population SD; a sample SD would be undefined here
  CHECK(s.consensus == Approx(1));
  CHECK(s.iqr_consensus);
  CHECK(s.modes == modes_at({4}));
}

TEST_CASE("a skewed group: 1 1 2 2 2 5", "[statistics]") {
  // mean = 13/6 = 2.1667. Squared deviations: 2 * (7/6)^2 + 3 * (1/6)^2 + (17/6)^2 = 390/36;
  // population variance 390/216 = 1.80556, SD 1.34371.
  // Type 7 (n = 6): q1 h = 1.25 -> 1 + .25 * (2 - 1) = 1.25; median h = 2.5 -> 2; q3 h = 3.75 -> 2.
  // Cns = 1 + 1/3 log2(1 - 7/24) + 1/2 log2(1 - 1/24) + 1/6 log2(1 - 17/24)
  //     = 1 - .165833 - .030700 - .296268 = .507199.
  const auto s = summarize({2, 3, 0, 0, 1});
  CHECK(s.n == 6);
  CHECK(s.mean == Approx(13.0 / 6.0));
  CHECK(s.standard_deviation == Approx(1.343710).epsilon(1e-5));
  CHECK(s.q1 == Approx(1.25));
  CHECK(s.median == Approx(2));
  CHECK(s.q3 == Approx(2));
  CHECK(s.interquartile_range == Approx(0.75));
  CHECK(s.iqr_consensus);
  CHECK(s.consensus == Approx(0.507199).epsilon(1e-5));
  CHECK(s.modes == modes_at({2}));
}

TEST_CASE("interpolated quartiles: 1 2 4 5", "[statistics]") {
  // mean 3, SD sqrt((4 + 1 + 1 + 4) / 4) = sqrt(2.5) = 1.58114.
  // Type 7 (n = 4): q1 h = .75 -> 1 + .75 * 1 = 1.75; median h = 1.5 -> 2 + .5 * 2 = 3; q3 h = 2.25 -> 4.25.
  // Cns = 1 + 2 * .25 log2(1 - 2/4) + 2 * .25 log2(1 - 1/4) = 1 - .5 - .207519 = .292481.
  const auto s = summarize({1, 1, 0, 1, 1});
  CHECK(s.mean == Approx(3));
  CHECK(s.standard_deviation == Approx(1.581139).epsilon(1e-5));
  CHECK(s.q1 == Approx(1.75));
  CHECK(s.median == Approx(3));
  CHECK(s.q3 == Approx(4.25));
  CHECK(s.interquartile_range == Approx(2.5));
  CHECK_FALSE(s.iqr_consensus);
  CHECK(s.consensus == Approx(0.292481).epsilon(1e-5));
  CHECK(s.modes == modes_at({1, 2, 4, 5}));
}

TEST_CASE("two neighbouring levels: IQR exactly 1 still counts as consensus", "[statistics]") {
  // 4 4 4 5 5 5: mean 4.5, SD .5; q1 h = 1.25 -> 4; median 4.5; q3 h = 3.75 -> 5; IQR 1.
  // Cns = 1 + log2(1 - .5/4) = 1 + log2(.875) = .807355 (Tastle and Wierman's own example).
  const auto s = summarize({0, 0, 0, 3, 3});
  CHECK(s.standard_deviation == Approx(0.5));
  CHECK(s.median == Approx(4.5));
  CHECK(s.interquartile_range == Approx(1));
  CHECK(s.iqr_consensus);
  CHECK(s.consensus == Approx(0.807355).epsilon(1e-5));
}

TEST_CASE("uniform over the scale", "[statistics]") {
  // mean 3, SD sqrt(2); q1 2, q3 4; Cns = 1 + .2 (2 log2 .5 + 2 log2 .75) = 1 - .566015 = .433985.
  const auto s = summarize({1, 1, 1, 1, 1});
  CHECK(s.standard_deviation == Approx(1.414214).epsilon(1e-5));
  CHECK(s.q1 == Approx(2));
  CHECK(s.q3 == Approx(4));
  CHECK(s.consensus == Approx(0.433985).epsilon(1e-5));
}

TEST_CASE("IQR and Tastle-Wierman can disagree: three on 1, one on 5", "[statistics]") {
  // 1 1 1 5: q1 h = .75 -> 1; q3 h = 2.25 -> 1 + .25 * 4 = 2; IQR 1 -> the Delphi rule says consensus.
  // mean 2: Cns = 1 + .75 log2(1 - 1/4) + .25 log2(1 - 3/4) = 1 - .311278 - .5 = .188722: far from it.
  const auto s = summarize({3, 0, 0, 0, 1});
  CHECK(s.interquartile_range == Approx(1));
  CHECK(s.iqr_consensus);
  CHECK(s.consensus == Approx(0.188722).epsilon(1e-5));
  CHECK(s.standard_deviation == Approx(1.732051).epsilon(1e-5));
}

TEST_CASE("quantile at the ends of the range is the minimum and the maximum", "[statistics]") {
  CHECK(quantile({0, 2, 0, 1, 0}, 0) == Approx(2));
  CHECK(quantile({0, 2, 0, 1, 0}, 1) == Approx(4));
  CHECK(quantile({0, 0, 0, 0, 0}, 0.5) == 0);
}

TEST_CASE("the JSON of a summary", "[statistics]") {
  const nlohmann::json j = summarize({0, 1, 2, 1, 0});
  CHECK(j["counts"] == nlohmann::json::array({0, 1, 2, 1, 0}));
  CHECK(j["n"] == 4);
  CHECK(j["mean"].get<double>() == Approx(3));
  CHECK(j["median"].get<double>() == Approx(3));
  CHECK(j["q1"].get<double>() == Approx(2.75));
  CHECK(j["q3"].get<double>() == Approx(3.25));
  CHECK(j["interquartile_range"].get<double>() == Approx(0.5));
  CHECK(j["standard_deviation"].get<double>() == Approx(0.707107).epsilon(1e-5));
  CHECK(j["consensus"].get<double>() == Approx(0.792481).epsilon(1e-5));
  CHECK(j["iqr_consensus"] == true);
  CHECK(j["modes"] == nlohmann::json::array({3}));
}
