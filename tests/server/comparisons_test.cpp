// k-anonymity of the comparisons through the real server: with k - 1 respondents a municipality is not
// offered (with_data), its averages answer 404 too_few_respondents, the national average waits for k too,
// and a facilitator's results carry no municipality average yet; the k-th respondent opens all of them.
#include <catch2/catch.hpp>

#include <algorithm>

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

TEST_CASE("live: the open figures hold every cell of k answers or more, and nothing else",
          "[live][comparisons]") {
  constexpr int k = 3;
  server_process server({"--min-respondents", std::to_string(k)});
  const auto port = server.port();
  for (int i = 0; i < k; ++i) solo_respondent(port, "GM0344", flat_sheet(2, 4));  // Utrecht: k
  solo_respondent(port, "GM0363", flat_sheet(1, 1));                              // Amsterdam: 1

  const auto as_json = http_get(port, "/api/open-data/statements.json");
  REQUIRE(as_json.status == 200);
  CHECK(as_json.header("Link") == "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"");
  const auto figures = json::parse(as_json.body);
  CHECK(figures["licence"] == "CC BY 4.0");
  CHECK(figures["min_respondents"] == k);
  REQUIRE(figures["rows"].size() == 21);
  for (const auto& row : figures["rows"]) {
    CHECK(row["municipality"] == "GM0344");
    CHECK(row["name"] == "Utrecht");
    CHECK(row["current_mean"] == 2.0);
    CHECK(row["desired_mean"] == 4.0);
    CHECK(row["current_respondents"] == k);
  }
  const auto as_csv = http_get(port, "/api/open-data/statements.csv");
  REQUIRE(as_csv.status == 200);
  CHECK(as_csv.header("Content-Type") == "text/csv; charset=utf-8");
  CHECK(as_csv.body.starts_with(
      "municipality,name,statement,current_mean,current_respondents,desired_mean,desired_respondents\n"
      "GM0344,Utrecht,1,2.000,3,4.000,3\n"));
  CHECK(std::count(as_csv.body.begin(), as_csv.body.end(), '\n') == 22);
  CHECK(as_csv.body.find("GM0363") == std::string::npos);
  // Amsterdam's one answer is not in the nation either: the nation minus Utrecht would be that person.
  CHECK(json::parse(http_get(port, "/api/averages/national").body)["respondents"] == k);
}
