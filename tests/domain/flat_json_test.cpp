// The in-place reader of flat payloads: what it reads, what it leaves to nlohmann::json, and that decoding
// through it gives exactly what decoding a parsed DOM gives (events and error messages alike).
#include "domain/flat_json.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "domain/event_codec.hpp"

using namespace scsa::domain;
using json = nlohmann::json;

TEST_CASE("a flat object's strings, integers, booleans and nulls are read in place", "[flat_json]") {
  const std::string text = R"( { "a" : "x y", "n":-42,"z":0, "t":true, "f":false, "e":null, "s":"" } )";
  const auto object = read_flat_object(text);
  REQUIRE(object.has_value());
  CHECK(object->size() == 7);
  REQUIRE(object->find("a") != nullptr);
  CHECK(object->find("a")->type == flat_value::kind::string);
  CHECK(object->find("a")->text == "x y");
  CHECK(object->find("n")->type == flat_value::kind::integer);
  CHECK(object->find("n")->number == -42);
  CHECK(object->find("z")->number == 0);
  CHECK(object->find("t")->type == flat_value::kind::boolean);
  CHECK(object->find("t")->number == 1);
  CHECK(object->find("f")->number == 0);
  CHECK(object->find("e")->type == flat_value::kind::null);
  CHECK(object->find("s")->text.empty());
  CHECK(object->find("missing") == nullptr);
  CHECK(read_flat_object("{}").has_value());
  CHECK(read_flat_object("\t{\r\n}\n").has_value());
}

TEST_CASE("of duplicate keys the last one counts, as in nlohmann::json", "[flat_json]") {
  const auto object = read_flat_object(R"({"level":1,"level":4})");
  REQUIRE(object.has_value());
  CHECK(object->find("level")->number == 4);
  CHECK(json::parse(R"({"level":1,"level":4})")["level"] == 4);
}

TEST_CASE("anything outside the flat subset is left to the full parser", "[flat_json]") {
  const std::vector<std::string> others{
      "",
      "[]",
      "\"text\"",
      "42",
      "{",
      "{\"a\":1",
      "{\"a\":1,}",
      "{\"a\" 1}",
      "{a:1}",
      "{\"a\":1} x",
      "{\"a\":1}{}",
      R"({"a":"line\nbreak"})",
      R"({"a":"quote\""})",
      "{\"a\":\"tab\there\"}",
      "{\"a\":\"caf\xc3\xa9\"}",
      "{\"a\":\"\xff\"}",
      "\xef\xbb\xbf{}",
      R"({"a":[1]})",
      R"({"a":{"b":1}})",
      R"({"a":1.5})",
      R"({"a":1e3})",
      R"({"a":1E3})",
      R"({"a":01})",
      R"({"a":-})",
      R"({"a":+1})",
      R"({"a":1234567890123456789})",
      R"({"a":tru})",
      R"({"a":nul})",
      R"({"a":True})",
      std::string("{\"a\":1}\0", 8),
      R"({"1":1,"2":2,"3":3,"4":4,"5":5,"6":6,"7":7,"8":8,"9":9,"10":10,"11":11,"12":12,"13":13,"14":14,"15":15,"16":16,"17":17})",
  };
  for (const auto& text : others) {
    INFO(text);
    CHECK_FALSE(read_flat_object(text).has_value());
  }
  CHECK(read_flat_object(R"({"a":123456789012345678})")->find("a")->number == 123456789012345678);
}

TEST_CASE("decoding a payload's text gives what decoding its parsed DOM gives", "[flat_json][codec]") {
  struct stored {
    std::string type;
    std::string payload;
  };
  const std::vector<stored> samples{
      {"answer_given", R"({"participant_id":"p-1","statement":4,"aspect":"current","level":3,"round":1})"},
      {"answer_given", R"({"round":2,"level":5,"aspect":"desired","statement":21,"participant_id":"p"})"},
      {"answer_given", R"({"participant_id":"p","statement":4,"aspect":"current","level":7,"round":1})"},
      {"answer_given", R"({"participant_id":"p","statement":4,"aspect":"current","level":-9,"round":1})"},
      {"answer_given", R"({"participant_id":"p","statement":4,"aspect":"later","level":3,"round":1})"},
      {"answer_given", R"({"participant_id":"p","statement":4,"aspect":7,"level":3,"round":1})"},
      {"answer_given", R"({"participant_id":"","statement":4,"aspect":"current","level":3,"round":1})"},
      {"answer_given", R"({"participant_id":null,"statement":4,"aspect":"current","level":3,"round":1})"},
      {"answer_given", R"({"participant_id":"p","statement":true,"aspect":"current","level":3,"round":1})"},
      {"answer_given", R"({"participant_id":"p","statement":"4","aspect":"current","level":3,"round":1})"},
      {"answer_given", R"({"participant_id":"p","statement":4.0,"aspect":"current","level":3,"round":1})"},
      {"answer_given", R"({"statement":2,"aspect":"current","level":3,"round":1})"},
      {"answer_given",
       R"({"participant_id":"p","statement":4,"aspect":"current","level":3,"round":1,"x":[1]})"},
      {"answer_given",
       R"({"participant_id":"p\u00e9","statement":4,"aspect":"current","level":3,"round":1})"},
      {"answer_withdrawn", R"({"participant_id":"p","statement":1,"aspect":"desired","round":1})"},
      {"participant_joined", R"({"participant_id":"p","token_hash":"h"})"},
      {"participant_joined", R"({"participant_id":"p","token_hash":"h","department":"Dept A"})"},
      {"participant_joined", R"({"participant_id":"p","token_hash":"h","department":null})"},
      {"participant_joined", R"({"participant_id":"p","token_hash":"h","department":3})"},
      {"participant_joined", R"({"participant_id":"p","token_hash":"h","department":""})"},
      {"participant_renamed", R"({"participant_id":"p"})"},
      {"participant_removed", R"({"participant_id":"p"})"},
      {"statement_opened", R"({"statement":7})"},
      {"statement_closed", R"({"statement":0})"},
      {"statement_opened", R"({"statement":"7"})"},
      {"round_started", R"({"round":1000001})"},
      {"round_started", R"({"round":2})"},
      {"results_revealed", "{}"},
      {"results_hidden", R"({"extra":"ignored"})"},
      {"session_closed", "{}"},
      {"session_reopened", "{}"},
      {"session_created",
       R"({"session_id":"s","title":"T","municipality":"GM0363","mode":"solo","join_code":"ABC234","facilitator_token_hash":"h"})"},
      {"session_created",
       R"({"session_id":"s","title":"T","municipality":"GM0363","mode":"both","join_code":"ABC234","facilitator_token_hash":"h"})"},
      {"answer_teleported", "{}"},
      {"statement_opened", "[1,2]"},
  };
  for (const auto& sample : samples) {
    INFO(sample.type << " " << sample.payload);
    for (int version : {1, 2}) {
      const auto from_text = decode_event_text(sample.type, version, sample.payload);
      const auto from_dom = decode_event(sample.type, version, json::parse(sample.payload));
      REQUIRE(from_text.index() == from_dom.index());
      if (const auto* event = std::get_if<session_event>(&from_text))
        CHECK(*event == std::get<session_event>(from_dom));
      else
        CHECK(std::get<decode_error>(from_text).message == std::get<decode_error>(from_dom).message);
    }
  }
}

TEST_CASE("a payload that is not JSON is still named as such", "[flat_json][codec]") {
  for (const std::string text : {"{not json", "{\"statement\":7", "", "{\"statement\":01}"}) {
    INFO(text);
    const auto decoded = decode_event_text("statement_opened", 1, text);
    REQUIRE(std::holds_alternative<decode_error>(decoded));
    CHECK(std::get<decode_error>(decoded).message == "statement_opened: payload is not valid JSON");
  }
}
