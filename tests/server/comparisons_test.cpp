// k-anonymity of the comparisons through the real server: with k - 1 respondents a municipality is not
// offered (with_data), its averages answer 404 too_few_respondents, the national average waits for k too,
// and a facilitator's results carry no municipality average yet; the k-th respondent opens all of them.
#include <catch2/catch.hpp>

#include "tests/server/server_process.hpp"
#include "tests/server/solo_respondent.hpp"

using namespace scsa::testing;

namespace {

bool lists(std::uint16_t port, const std::string& code) {
  auto response = http_get(port, "/api/municipalities?with_data=true");
  REQUIRE(response.status == 200);
  for (const auto& m : json::parse(response.body))
    if (m["code"] == code) return true;
  return false;
}

json error_of(const http_result& response) {
  return json::parse(response.body, nullptr, false);
}

}  // namespace

TEST_CASE("live: k - 1 respondents are not offered, not averaged and not in the national average",
          "[live][comparisons]") {
  constexpr int k = 3;
  server_process server({"--min-respondents", std::to_string(k)});
  const auto port = server.port();

  // Utrecht: k - 1 solo respondents; a workshop in Utrecht whose facilitator asks for results.
  std::vector<respondent_ids> utrecht;
  for (int i = 0; i < k - 1; ++i) utrecht.push_back(solo_respondent(port, "GM0344", flat_sheet(2, 4)));

  CHECK_FALSE(lists(port, "GM0344"));
  auto averages = http_get(port, "/api/municipalities/GM0344/averages");
  CHECK(averages.status == 404);
  CHECK(error_of(averages)["code"] == "too_few_respondents");
  auto national = http_get(port, "/api/averages/national");
  CHECK(national.status == 404);
  CHECK(error_of(national)["code"] == "too_few_respondents");
  auto results = fetch_results(port, utrecht[0].session_id, utrecht[0].facilitator_token);
  CHECK(results["municipality_average"].is_null());

  // The k-th respondent (levels 5 and 5) opens Utrecht and the nation; the means are (2+2+5)/3 and (4+4+5)/3.
  solo_respondent(port, "GM0344", flat_sheet(5, 5));
  CHECK(lists(port, "GM0344"));
  averages = http_get(port, "/api/municipalities/GM0344/averages");
  REQUIRE(averages.status == 200);
  auto body = json::parse(averages.body);
  CHECK(body["respondents"] == k);
  CHECK(body["name"] == "Utrecht");
  CHECK(body["statements"][0]["current"]["mean"].get<double>() == Approx(3.0));
  CHECK(body["statements"][20]["desired"]["mean"].get<double>() == Approx(13.0 / 3.0));
  national = http_get(port, "/api/averages/national");
  REQUIRE(national.status == 200);
  CHECK(json::parse(national.body)["respondents"] == k);
  CHECK(json::parse(national.body)["municipality"].is_null());
  results = fetch_results(port, utrecht[0].session_id, utrecht[0].facilitator_token);
  CHECK(results["municipality_average"]["respondents"] == k);

  // Another municipality with one respondent stays hidden, and so does its answer in the nation: the
  // national average minus Utrecht's would be that one person's.
  solo_respondent(port, "GM0363", flat_sheet(1, 2));
  CHECK_FALSE(lists(port, "GM0363"));
  CHECK(http_get(port, "/api/municipalities/GM0363/averages").status == 404);
  national = http_get(port, "/api/averages/national");
  CHECK(json::parse(national.body)["respondents"] == k);
  CHECK(json::parse(national.body)["statements"][0]["current"]["mean"].get<double>() == Approx(3.0));
  // Once the hidden ones are k together (two municipalities), the nation counts them all.
  for (int i = 0; i < k - 1; ++i) solo_respondent(port, "GM0014", flat_sheet(1, 2));
  national = http_get(port, "/api/averages/national");
  CHECK(json::parse(national.body)["respondents"] == 2 * k);
  CHECK(json::parse(national.body)["statements"][0]["current"]["mean"].get<double>() == Approx(12.0 / 6));
  CHECK(http_get(port, "/api/municipalities/GM0014/averages").status == 404);
  CHECK(http_get(port, "/api/municipalities/GM9999/averages").status == 404);
}
