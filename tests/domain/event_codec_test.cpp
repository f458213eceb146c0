// Stored events: golden fixtures of every type decode and encode back unchanged; bad payloads are named.
#include "domain/event_codec.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace scsa::domain;
using json = nlohmann::json;

namespace {

const std::filesystem::path fixtures = std::filesystem::path(SCSA_TEST_SOURCE_DIR) / "fixtures" / "events-v1";

json read_fixture(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

std::string error_of(const std::variant<session_event, decode_error>& decoded) {
  REQUIRE(std::holds_alternative<decode_error>(decoded));
  return std::get<decode_error>(decoded).message;
}

}  // namespace

TEST_CASE("every golden v1 fixture decodes and encodes back to the same payload", "[codec]") {
  std::set<std::string> types;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures)) {
    if (entry.path().extension() != ".json") continue;
    json stored = read_fixture(entry.path());
    std::string type = stored["type"];
    INFO(type);
    auto decoded = decode_event(type, stored["schema_version"].get<int>(), stored["payload"]);
    REQUIRE(std::holds_alternative<session_event>(decoded));
    const auto& event = std::get<session_event>(decoded);
    CHECK(event_type(event) == type);
    CHECK(encode_event(event) == stored["payload"]);
    types.insert(type);
  }
  // One fixture per event type: a new event type needs its fixture. The roadmap's events are one
  // alternative of session_event, holding their own variant.
  CHECK(types.size() == std::variant_size_v<session_event> - 2 + std::variant_size_v<roadmap_event> +
                            std::variant_size_v<baseline_event>);
}

TEST_CASE("encoding then decoding gives the same event", "[codec]") {
  const std::vector<session_event> samples{
      session_created{"s", "T", "GM0363", session_mode::solo, "ABC234", "h"},
      participant_joined{"p", std::nullopt, "h"},
      answer_given{"p", 21, aspect::current, 1, 3},
      answer_withdrawn{"p", 1, aspect::desired, 1},
  };
  for (const auto& event : samples) {
    auto decoded = decode_event_text(event_type(event), event_schema_version, encode_event(event).dump());
    REQUIRE(std::holds_alternative<session_event>(decoded));
    CHECK(std::get<session_event>(decoded) == event);
  }
}

TEST_CASE("a stored event that does not fit is refused with a message naming the problem", "[codec]") {
  CHECK(error_of(decode_event_text(
            "answer_given", 1,
            R"({"participant_id":"p","statement":4,"aspect":"current","level":7,"round":1})")) ==
        "answer_given: level 7 is outside 1..5");
  CHECK(error_of(decode_event_text(
            "answer_given", 1,
            R"({"participant_id":"p","statement":22,"aspect":"current","level":3,"round":1})")) ==
        "answer_given: statement 22 is outside 1..21");
  CHECK(error_of(decode_event_text(
            "answer_given", 1,
            R"({"participant_id":"p","statement":2,"aspect":"later","level":3,"round":1})")) ==
        "answer_given: aspect must be \"current\" or \"desired\"");
  CHECK(error_of(decode_event_text("answer_given", 1,
                                   R"({"statement":2,"aspect":"current","level":3,"round":1})")) ==
        "answer_given: participant_id is missing");
  CHECK(error_of(decode_event_text("statement_opened", 1, R"({"statement":"7"})")) ==
        "statement_opened: statement must be an integer");
  CHECK(error_of(decode_event_text("statement_opened", 1, "[1,2]")) ==
        "statement_opened: payload is not an object");
  CHECK(error_of(decode_event_text("statement_opened", 1, "{not json")) ==
        "statement_opened: payload is not valid JSON");
  CHECK(error_of(decode_event_text("answer_teleported", 1, "{}")) ==
        "unknown event type 'answer_teleported'");
  CHECK(error_of(decode_event_text("results_revealed", 2, "{}")) ==
        "results_revealed: unknown schema version 2");
}
