// Exports for a Dutch Excel: ISO UTC times, decimal commas, ';' fields quoted and guarded against
// formulas, the byte order mark and CRLF; which answers count; the results table; redacted payloads.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/session_export.hpp"

using namespace scsa::domain;

namespace {

std::vector<std::string> lines(const std::string& csv) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < csv.size()) {
    auto end = csv.find("\r\n", start);
    REQUIRE(end != std::string::npos);  // every line ends with CRLF
    out.push_back(csv.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("export: ISO 8601 UTC times with milliseconds", "[export]") {
  CHECK(format_iso_time(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_iso_time(1'700'000'000'123) == "2023-11-14T22:13:20.123Z");
  CHECK(format_iso_time(951'782'400'000) == "2000-02-29T00:00:00.000Z");
  CHECK(format_iso_time(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(format_iso_time(4'102'444'799'999) == "2099-12-31T23:59:59.999Z");
}

TEST_CASE("export: numbers with a decimal comma and no trailing zeros", "[export]") {
  CHECK(format_decimal(2.1666666) == "2,167");
  CHECK(format_decimal(3.0) == "3");
  CHECK(format_decimal(4.5) == "4,5");
  CHECK(format_decimal(-0.5) == "-0,5");
  CHECK(format_decimal(-0.0001) == "0");
  CHECK(format_decimal(1.0 / 3, 2) == "0,33");
}

TEST_CASE("export: fields are quoted and never run as formulas", "[export]") {
  CHECK(csv_field("ICT") == "ICT");
  CHECK(csv_field("Sociaal; Domein") == "\"Sociaal; Domein\"");
  CHECK(csv_field("de \"wijk\"") == "\"de \"\"wijk\"\"\"");
  CHECK(csv_field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(csv_field("+31") == "'+31");
  CHECK(csv_field("@a") == "'@a");
  CHECK(csv_field("Financiën") == "Financiën");
  CHECK(csv_field("") == "");
}

TEST_CASE("export: answers as CSV, with the answers that still count marked", "[export]") {
  std::vector<replay_event> events;
  auto add = [&](session_event event) {
    auto v = static_cast<std::int64_t>(events.size()) + 1;
    events.push_back(replay_event{v * 3, v, 1'700'000'000'000 + v * 1000, std::move(event)});
  };
  add(session_created{"s-1", "Replay", "GM0363", session_mode::workshop, "ABCDEF", "hash"});
  add(participant_joined{"p-1", std::string("Sociaal; Domein"), "t1"});
  add(participant_joined{"p-2", std::nullopt, "t2"});
  add(answer_given{"p-1", 3, aspect::current, 2, 1});
  add(answer_given{"p-1", 3, aspect::current, 4, 1});  // replaces the 2
  add(answer_given{"p-2", 3, aspect::desired, 5, 1});
  add(answer_given{"p-2", 4, aspect::desired, 1, 1});
  add(answer_withdrawn{"p-2", 4, aspect::desired, 1});
  add(round_started{2});
  add(answer_given{"p-2", 3, aspect::current, 3, 2});
  add(participant_removed{"p-2"});

  const std::string csv = answers_csv(events);
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  const auto rows = lines(csv.substr(3));
  REQUIRE(rows.size() == 6);
  CHECK(rows[0] == "time;round;participant;department;statement;aspect;level;counted");
  CHECK(rows[1] == "2023-11-14T22:13:24.000Z;1;p-1;\"Sociaal; Domein\";3;current;2;0");
  CHECK(rows[2] == "2023-11-14T22:13:25.000Z;1;p-1;\"Sociaal; Domein\";3;current;4;1");
  CHECK(rows[3] == "2023-11-14T22:13:26.000Z;1;p-2;;3;desired;5;0");  // p-2 was removed
  CHECK(rows[4] == "2023-11-14T22:13:27.000Z;1;p-2;;4;desired;1;0");  // withdrawn
  CHECK(rows[5] == "2023-11-14T22:13:30.000Z;2;p-2;;3;current;3;0");
}

TEST_CASE("export: the results table per round, statement and aspect", "[export]") {
  replay_state state;
  for (const session_event& event : std::vector<session_event>{
           session_created{"s-1", "Replay", "GM0363", session_mode::workshop, "ABCDEF", "hash"},
           participant_joined{"p-1", std::nullopt, "t"}, participant_joined{"p-2", std::nullopt, "t"},
           participant_joined{"p-3", std::nullopt, "t"}, answer_given{"p-1", 1, aspect::current, 2, 1},
           answer_given{"p-2", 1, aspect::current, 2, 1}, answer_given{"p-3", 1, aspect::current, 3, 1},
           answer_given{"p-1", 1, aspect::desired, 4, 1}})
    state = evolve(std::move(state), event);
  const std::string csv = results_csv(state);
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  const auto rows = lines(csv.substr(3));
  REQUIRE(rows.size() == 1 + 21 * 2);
  CHECK(rows[0] ==
        "round;statement;theme;aspect;n;mean;median;q1;q3;interquartile_range;standard_deviation;consensus;"
        "iqr_consensus;gap");
  // 2 2 3: mean 2.333, median 2, q1 2, q3 2.5, IQR .5, SD .471; gap 4 - 2.333 = 1.667
  CHECK(rows[1].rfind("1;1;strategy;current;3;2,333;2;2;2,5;0,5;0,471;", 0) == 0);
  CHECK(rows[1].substr(rows[1].size() - 8) == ";1;1,667");
  CHECK(rows[2] == "1;1;strategy;desired;1;4;4;4;4;0;0;1;1;1,667");
  CHECK(rows[3] == "1;2;strategy;current;0;;;;;;;;;");
}

TEST_CASE("export: served payloads never hold credentials or the join code", "[export]") {
  auto created = redact_payload(nlohmann::json{
      {"session_id", "s-1"}, {"join_code", "ABCDEF"}, {"facilitator_token_hash", "f"}, {"title", "T"}});
  CHECK(created == nlohmann::json{{"session_id", "s-1"}, {"title", "T"}});
  auto joined = redact_payload(nlohmann::json{{"participant_id", "p-1"}, {"token_hash", "x"}});
  CHECK(joined == nlohmann::json{{"participant_id", "p-1"}});
  CHECK(redact_payload(nlohmann::json::array({1})) == nlohmann::json::array({1}));
}
