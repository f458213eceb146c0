// Parsing client frames: every message type, and every malformed frame answered with a named error.
#include "server/live/protocol.hpp"

#include <catch2/catch.hpp>

using namespace scsa;
using namespace scsa::server;

namespace {

client_message parsed(std::string_view text) {
  auto result = parse_client_message(text);
  INFO(text);
  REQUIRE(std::holds_alternative<client_message>(result));
  return std::get<client_message>(result);
}

protocol_error refused(std::string_view text) {
  auto result = parse_client_message(text);
  INFO(text);
  REQUIRE(std::holds_alternative<protocol_error>(result));
  return std::get<protocol_error>(result);
}

template <class body_type>
body_type command_of(const client_message& message) {
  const auto& body = std::get<domain::command_body>(message.body);
  REQUIRE(std::holds_alternative<body_type>(body));
  return std::get<body_type>(body);
}

}  // namespace

TEST_CASE("join, resume and facilitate are parsed with their fields", "[protocol]") {
  auto join = parsed(R"({"type":"join","id":"c1","code":"kx7p2m","name":"Anne","department":"ICT"})");
  CHECK(join.id == "c1");
  const auto& j = std::get<join_message>(join.body);
  CHECK(j.code == "kx7p2m");
  CHECK(j.name == "Anne");
  CHECK(j.department == "ICT");

  auto bare_join = std::get<join_message>(parsed(R"({"type":"join","id":"c1","code":"KX7P2M"})").body);
  CHECK_FALSE(bare_join.name);

  auto resume =
      std::get<resume_message>(parsed(R"({"type":"resume","id":"c2","token":"abc","after":41})").body);
  CHECK(resume.token == "abc");
  CHECK(resume.after == 41);

  auto facilitate = std::get<facilitate_message>(
      parsed(R"({"type":"facilitate","id":"c3","session_id":"s-1","token":"t"})").body);
  CHECK(facilitate.session_id == "s-1");
  CHECK(facilitate.token == "t");
}

TEST_CASE("session commands map onto domain commands", "[protocol]") {
  auto answer = command_of<domain::give_answer>(
      parsed(R"({"type":"answer","id":"a","statement":7,"aspect":"desired","level":4})"));
  CHECK(answer.statement == 7);
  CHECK(answer.which == domain::aspect::desired);
  CHECK(answer.level == 4);

  auto withdraw = command_of<domain::withdraw_answer>(
      parsed(R"({"type":"withdraw","id":"w","statement":2,"aspect":"current"})"));
  CHECK(withdraw.statement == 2);

  CHECK(command_of<domain::open_statements>(parsed(R"({"type":"open","id":"o","statement":"all"})"))
            .statement == std::nullopt);
  CHECK(
      command_of<domain::close_statements>(parsed(R"({"type":"close","id":"o","statement":5})")).statement ==
      5);
  command_of<domain::reveal_results>(parsed(R"({"type":"reveal","id":"r"})"));
  command_of<domain::hide_results>(parsed(R"({"type":"hide","id":"h"})"));
  command_of<domain::start_round>(parsed(R"({"type":"new_round","id":"n"})"));
  command_of<domain::close_session>(parsed(R"({"type":"close_session","id":"c"})"));
  command_of<domain::reopen_session>(parsed(R"({"type":"reopen_session","id":"c"})"));
  CHECK(command_of<domain::remove_participant>(parsed(R"({"type":"remove","id":"x","participant_id":"p-1"})"))
            .participant_id == "p-1");
}

TEST_CASE("out-of-range levels and statements reach the decider, which names them", "[protocol]") {
  // The protocol checks types; ranges are rules of the assessment and live in the domain.
  CHECK(command_of<domain::give_answer>(
            parsed(R"({"type":"answer","id":"a","statement":22,"aspect":"current","level":0})"))
            .statement == 22);
  CHECK(command_of<domain::give_answer>(
            parsed(R"({"type":"answer","id":"a","statement":1,"aspect":"current","level":99999999999})"))
            .level == -1);
}

TEST_CASE("malformed frames get a named error and keep the id when it was readable", "[protocol]") {
  struct bad_frame {
    const char* text;
    const char* code;
    const char* id;
  };
  const bad_frame cases[] = {
      {"{not json", "bad_json", ""},
      {"", "bad_json", ""},
      {"[1,2,3]", "bad_message", ""},
      {"\"answer\"", "bad_message", ""},
      {R"({"id":"a1"})", "bad_message", "a1"},
      {R"({"type":7,"id":"a1"})", "bad_message", "a1"},
      {R"({"type":"fly","id":"a1"})", "unknown_type", "a1"},
      {R"({"type":"answer","statement":1,"aspect":"current","level":3})", "bad_message", ""},
      {R"({"type":"answer","id":"","statement":1,"aspect":"current","level":3})", "bad_message", ""},
      {R"({"type":"answer","id":42,"statement":1,"aspect":"current","level":3})", "bad_message", ""},
      {R"({"type":"answer","id":"a1","statement":"1","aspect":"current","level":3})", "bad_message", "a1"},
      {R"({"type":"answer","id":"a1","statement":1.5,"aspect":"current","level":3})", "bad_message", "a1"},
      {R"({"type":"answer","id":"a1","statement":1,"aspect":"later","level":3})", "bad_message", "a1"},
      {R"({"type":"answer","id":"a1","statement":1,"aspect":"current"})", "bad_message", "a1"},
      {R"({"type":"answer","id":"a1","statement":1,"aspect":"current","level":null})", "bad_message", "a1"},
      {R"({"type":"join","id":"j"})", "bad_message", "j"},
      {R"({"type":"join","id":"j","code":7})", "bad_message", "j"},
      {R"({"type":"resume","id":"r","token":"t","after":-1})", "bad_message", "r"},
      {R"({"type":"open","id":"o","statement":"some"})", "bad_message", "o"},
      {R"({"type":"rename","id":"n","name":""})", "bad_message", "n"},
  };
  for (const auto& c : cases) {
    auto error = refused(c.text);
    CHECK(error.code == c.code);
    CHECK(error.id == c.id);
    CHECK_FALSE(error.message.empty());
  }
}

TEST_CASE("over-long ids, names and departments are refused", "[protocol]") {
  std::string long_id(max_id_length + 1, 'x');
  CHECK(refused(R"({"type":"ping","id":")" + long_id + R"("})").code == "bad_message");
  std::string long_name(max_name_length + 1, 'n');
  CHECK(refused(R"({"type":"join","id":"j","code":"ABCDEF","name":")" + long_name + R"("})").code ==
        "bad_message");
  std::string long_department(101, 'd');
  CHECK(
      refused(R"({"type":"join","id":"j","code":"ABCDEF","department":")" + long_department + R"("})").code ==
      "bad_message");
}

TEST_CASE("a plain ack is byte for byte the dumped object", "[protocol]") {
  for (const std::string id :
       {"c1", "", "quote\" and \\ backslash", "caf\xc3\xa9 \u00e9", "tab\there", "\x01"}) {
    INFO(id);
    CHECK(ack_frame(id, 17) == nlohmann::json{{"type", "ack"}, {"id", id}, {"seq", 17}}.dump());
    CHECK(ack_frame(id, std::nullopt) == nlohmann::json{{"type", "ack"}, {"id", id}}.dump());
    CHECK(ack_frame(id, 17) == ack_frame(id, 17, nlohmann::json::object()));
  }
  CHECK(ack_frame("c", -1) == R"({"id":"c","seq":-1,"type":"ack"})");
  CHECK_THROWS(ack_frame("\xff", 1));  // invalid UTF-8 is refused as dumping the object refuses it
  CHECK_THROWS(ack_frame("\xff", 1, nlohmann::json::object()));
}

TEST_CASE("server frames are valid JSON with type and id", "[protocol]") {
  auto ack = nlohmann::json::parse(ack_frame("c1", 17, {{"participant_id", "p-1"}}));
  CHECK(ack["type"] == "ack");
  CHECK(ack["id"] == "c1");
  CHECK(ack["seq"] == 17);
  CHECK(ack["participant_id"] == "p-1");

  auto error = nlohmann::json::parse(error_frame("", "bad_json", "the frame is not valid JSON"));
  CHECK(error["id"].is_null());
  CHECK(error["code"] == "bad_json");

  // Invalid UTF-8 from a client never makes the server produce invalid JSON.
  auto echoed = nlohmann::json::parse(error_frame("a\xff", "x", "m"));
  CHECK(echoed["type"] == "error");
}
