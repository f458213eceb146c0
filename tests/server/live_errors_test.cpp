// Every refusal of the live server through real sockets: malformed frames, the decider's rules, tokens,
// the rate limit and the 64 KiB message limit over WebSocket, and the HTTP API's errors. Each refusal must
// carry its stable code and echo the command id, leave the connection open (except the 1009 close), and
// the server must keep acknowledging an unrelated participant in between.
#include <array>

#include <sys/wait.h>

#include <catch2/catch.hpp>

#include "tests/server/live_support.hpp"
#include "tests/server/server_process.hpp"

namespace {

using namespace scsa::testing;

bool is_type(const json& frame, const std::string& type) {
  return frame.value("type", "") == type;
}

// A frame to send as raw text, the code it must be refused with, and the id the error must echo (null
// when the frame had no readable id).
struct refusal {
  std::string text;
  std::string code;
  json id;
};

// Sends the text and checks the error that answers it; the connection stays open.
void expect_refusal(live_peer& peer, const refusal& expected) {
  INFO("sent " << expected.text.substr(0, 200));
  REQUIRE(peer.send_text(expected.text));
  auto reply = peer.take([](const json& f) { return is_type(f, "error") || is_type(f, "ack"); });
  REQUIRE(reply);
  INFO("got " << reply->dump());
  CHECK(is_type(*reply, "error"));
  CHECK((*reply)["code"] == expected.code);
  CHECK((*reply)["id"] == expected.id);
  CHECK((*reply)["message"].is_string());
  CHECK(peer.socket().is_open());
}

void expect_refusal(live_peer& peer, const json& frame, const std::string& code) {
  expect_refusal(peer, refusal{frame.dump(), code, frame["id"]});
}

json expect_ack(live_peer& peer, const json& frame) {
  INFO("sent " << frame.dump());
  auto reply = peer.request(frame);
  REQUIRE(reply);
  INFO("got " << reply->dump());
  REQUIRE(is_type(*reply, "ack"));
  return *reply;
}

// Participants unrelated to the refusals: after each refusal one of them must still get an ack. Three take
// turns so none runs out of its rate-limit burst.
class bystanders {
 public:
  bystanders(std::uint16_t port, const std::string& code) {
    for (auto& peer : peers_) {
      REQUIRE(peer.connect(port));
      expect_ack(peer, {{"type", "join"}, {"id", "join"}, {"code", code}, {"name", "Bystander"}});
    }
  }
  void still_served() {
    auto& peer = peers_[static_cast<std::size_t>(turn_) % peers_.size()];
    const int k = turn_++;
    auto ack =
        expect_ack(peer, answer_frame("b-" + std::to_string(k), 1 + (k / 3) % 10, "current", 1 + k % 5));
    CHECK(ack["seq"].get<std::int64_t>() > last_seq_);
    last_seq_ = ack["seq"].get<std::int64_t>();
  }

 private:
  std::array<live_peer, 3> peers_;
  int turn_ = 0;
  std::int64_t last_seq_ = 0;
};

void facilitate(live_peer& facilitator, std::uint16_t port, const created_session& session) {
  REQUIRE(facilitator.connect(port));
  expect_ack(facilitator, {{"type", "facilitate"},
                           {"id", "f"},
                           {"session_id", session.session_id},
                           {"token", session.facilitator_token}});
}

json join_as(live_peer& peer, std::uint16_t port, const std::string& code, const std::string& name) {
  REQUIRE(peer.connect(port));
  return expect_ack(peer, {{"type", "join"}, {"id", "join"}, {"code", code}, {"name", name}});
}

}  // namespace

TEST_CASE("live: malformed frames are refused with their code while the server serves others", "[live]") {
  server_process server;
  const auto port = server.port();
  const auto session = create_session(port, "Errors");
  bystanders others(port, session.join_code);

  live_peer errant;
  join_as(errant, port, session.join_code, "Errant");
  const std::string long_id(65, 'i');
  const std::vector<refusal> malformed{
      {R"({"type":"answer","id":"a1","statement":1,)", "bad_json", nullptr},
      {"not json at all", "bad_json", nullptr},
      {"[1,2,3]", "bad_message", nullptr},
      {R"("a string")", "bad_message", nullptr},
      {R"({"type":"answer","statement":1,"aspect":"current","level":3})", "bad_message", nullptr},
      {R"({"type":"answer","id":"","statement":1,"aspect":"current","level":3})", "bad_message", nullptr},
      {R"({"type":"ping","id":7})", "bad_message", nullptr},
      {R"({"type":"ping","id":")" + long_id + R"("})", "bad_message", nullptr},
      {R"({"id":"t1"})", "bad_message", "t1"},
      {R"({"id":"t2","type":5})", "bad_message", "t2"},
      {R"({"type":"answer","id":"w1","statement":"one","aspect":"current","level":3})", "bad_message", "w1"},
      {R"({"type":"answer","id":"w2","statement":1,"aspect":"current","level":"3"})", "bad_message", "w2"},
      {R"({"type":"answer","id":"w3","statement":1,"aspect":"current","level":2.5})", "bad_message", "w3"},
      {R"({"type":"answer","id":"w4","statement":1,"aspect":"now","level":3})", "bad_message", "w4"},
      {R"({"type":"answer","id":"w5","statement":1,"level":3})", "bad_message", "w5"},
      {R"({"type":"answer","id":"w6","statement":1,"aspect":"current"})", "bad_message", "w6"},
      {R"({"type":"resume","id":"w7","token":5})", "bad_message", "w7"},
      {R"({"type":"join","id":"w8"})", "bad_message", "w8"},
      {R"({"type":"open","id":"w9","statement":"some"})", "bad_message", "w9"},
      {R"({"type":"remove","id":"w10"})", "bad_message", "w10"},
      {R"({"type":"rename","id":"w11","name":")" + std::string(81, 'n') + R"("})", "bad_message", "w11"},
      {R"({"type":"dance","id":"u1"})", "unknown_type", "u1"},
      {R"({"type":"ANSWER","id":"u2","statement":1,"aspect":"current","level":3})", "unknown_type", "u2"},
  };
  for (const auto& expected : malformed) {
    expect_refusal(errant, expected);
    others.still_served();
  }

  // The errant participant was never disconnected and still answers.
  expect_ack(errant, answer_frame("fine", 1, "desired", 4));
}

TEST_CASE("live: the decider's refusals arrive through the socket with their code and id", "[live]") {
  server_process server;
  const auto port = server.port();
  const auto session = create_session(port, "Rules");
  live_peer facilitator;
  facilitate(facilitator, port, session);
  bystanders others(port, session.join_code);

  live_peer errant;
  join_as(errant, port, session.join_code, "Errant");
  const std::vector<json> refused{
      answer_frame("l0", 1, "current", 0),
      answer_frame("l6", 1, "current", 6),
      answer_frame("l-1", 1, "desired", -1),
      answer_frame("lbig", 1, "desired", 2'000'000'000),
      answer_frame("s0", 0, "current", 3),
      answer_frame("s22", 22, "current", 3),
      {{"type", "withdraw"}, {"id", "ws22"}, {"statement", 22}, {"aspect", "current"}},
  };
  const std::vector<std::string> codes{"invalid_level",    "invalid_level",     "invalid_level",
                                       "invalid_level",    "invalid_statement", "invalid_statement",
                                       "invalid_statement"};
  for (std::size_t i = 0; i < refused.size(); ++i) {
    expect_refusal(errant, refused[i], codes[i]);
    others.still_served();
  }

  // Facilitator commands from a participant.
  for (const json& frame :
       std::vector<json>{{{"type", "reveal"}, {"id", "p-reveal"}},
                         {{"type", "hide"}, {"id", "p-hide"}},
                         {{"type", "close"}, {"id", "p-close"}, {"statement", 3}},
                         {{"type", "open"}, {"id", "p-open"}, {"statement", "all"}},
                         {{"type", "new_round"}, {"id", "p-round"}},
                         {{"type", "close_session"}, {"id", "p-close-session"}},
                         {{"type", "remove"}, {"id", "p-remove"}, {"participant_id", "p-x"}}}) {
    expect_refusal(errant, frame, "not_allowed");
    others.still_served();
  }

  // Before joining: nothing but join, resume, facilitate and ping.
  live_peer newcomer;
  REQUIRE(newcomer.connect(port));
  expect_refusal(newcomer, answer_frame("early", 1, "current", 3), "not_joined");
  expect_refusal(newcomer, json{{"type", "reveal"}, {"id", "early-reveal"}}, "not_joined");
  expect_refusal(newcomer, json{{"type", "rename"}, {"id", "early-rename"}, {"name", "Nobody"}},
                 "not_joined");
  expect_refusal(newcomer, json{{"type", "join"}, {"id", "bad-code"}, {"code", "ZZZZZZ"}}, "unknown_code");
  expect_refusal(newcomer, json{{"type", "join"}, {"id", "other-code"}, {"code", session.join_code + "X"}},
                 "unknown_code");
  others.still_served();

  // The facilitator is no participant, and can only remove participants that exist.
  expect_refusal(facilitator, answer_frame("f-answer", 1, "current", 3), "not_a_participant");
  expect_refusal(facilitator, json{{"type", "remove"}, {"id", "f-remove"}, {"participant_id", "p-nobody"}},
                 "unknown_participant");
  expect_refusal(facilitator, json{{"type", "close"}, {"id", "f-close-22"}, {"statement", 22}},
                 "invalid_statement");
  others.still_served();

  // A closed statement refuses answers until it opens again.
  expect_ack(facilitator, {{"type", "close"}, {"id", "f-close-21"}, {"statement", 21}});
  expect_refusal(errant, answer_frame("closed-21", 21, "current", 2), "statement_closed");
  expect_refusal(errant,
                 json{{"type", "withdraw"}, {"id", "closed-21-w"}, {"statement", 21}, {"aspect", "current"}},
                 "statement_closed");
  others.still_served();
  expect_ack(facilitator, {{"type", "open"}, {"id", "f-open-21"}, {"statement", 21}});
  expect_ack(errant, answer_frame("open-21", 21, "current", 2));

  // A removed participant is refused, and their answers stop counting.
  live_peer removed;
  auto removed_join = join_as(removed, port, session.join_code, "Leaves");
  expect_ack(removed, answer_frame("before", 21, "current", 5));
  expect_ack(facilitator,
             {{"type", "remove"}, {"id", "f-remove-p"}, {"participant_id", removed_join["participant_id"]}});
  expect_refusal(removed, answer_frame("after", 20, "current", 5), "participant_removed");
  expect_refusal(removed, json{{"type", "rename"}, {"id", "rename"}, {"name", "Still here"}},
                 "participant_removed");
  others.still_served();
  auto results = fetch_results(port, session.session_id, session.facilitator_token);
  CHECK(results["rounds"][0]["consensus"]["statements"][20]["current"]["counts"] == json({0, 1, 0, 0, 0}));

  // A closed session refuses answers, joins and new rounds; reopened, it accepts them again.
  const auto closing = create_session(port, "Closing");
  live_peer closing_facilitator;
  facilitate(closing_facilitator, port, closing);
  live_peer member;
  join_as(member, port, closing.join_code, "Member");
  expect_ack(closing_facilitator, {{"type", "close_session"}, {"id", "close-s"}});
  expect_refusal(member, answer_frame("late", 1, "current", 3), "session_closed");
  expect_refusal(closing_facilitator, json{{"type", "new_round"}, {"id", "round-closed"}}, "session_closed");
  live_peer latecomer;
  REQUIRE(latecomer.connect(port));
  expect_refusal(latecomer, json{{"type", "join"}, {"id", "late-join"}, {"code", closing.join_code}},
                 "session_closed");
  others.still_served();
  expect_ack(closing_facilitator, {{"type", "reopen_session"}, {"id", "reopen-s"}});
  expect_ack(member, answer_frame("late", 1, "current", 3));

  // A solo self-assessment has one respondent and no facilitator controls.
  const auto solo = create_session(port, "Solo", "solo");
  live_peer respondent;
  join_as(respondent, port, solo.join_code, "Alone");
  live_peer second;
  REQUIRE(second.connect(port));
  expect_refusal(second, json{{"type", "join"}, {"id", "second"}, {"code", solo.join_code}},
                 "solo_session_full");
  live_peer solo_facilitator;
  facilitate(solo_facilitator, port, solo);
  expect_refusal(solo_facilitator, json{{"type", "reveal"}, {"id", "solo-reveal"}}, "solo_session");
  others.still_served();
}

TEST_CASE("live: a flood is rate limited and an oversized frame closes with 1009", "[live]") {
  server_process server;
  const auto port = server.port();
  const auto session = create_session(port, "Limits");
  bystanders others(port, session.join_code);

  // 120 pings at once: the burst of 60 passes, then the limit answers; every frame gets exactly one reply.
  live_peer flooder;
  REQUIRE(flooder.connect(port));
  constexpr int flood = 120;
  for (int i = 0; i < flood; ++i)
    REQUIRE(flooder.send(json{{"type", "ping"}, {"id", "flood-" + std::to_string(i)}}));
  int pongs = 0;
  int limited = 0;
  for (int i = 0; i < flood; ++i) {
    auto reply = flooder.take([](const json& f) { return is_type(f, "pong") || is_type(f, "error"); });
    REQUIRE(reply);
    if (is_type(*reply, "pong")) {
      ++pongs;
    } else {
      INFO(reply->dump());
      CHECK((*reply)["code"] == "rate_limited");
      ++limited;
    }
  }
  CHECK(pongs >= 60);
  CHECK(limited >= 1);
  CHECK(pongs + limited == flood);
  CHECK(flooder.socket().is_open());
  others.still_served();

  // Exactly 64 KiB is allowed; 65 KiB closes the connection with 1009 (message too big).
  live_peer big;
  REQUIRE(big.connect(port));
  json at_limit{{"type", "ping"}, {"id", "at-limit"}, {"pad", ""}};
  at_limit["pad"] = std::string(64 * 1024 - at_limit.dump().size(), 'x');
  REQUIRE(at_limit.dump().size() == 64 * 1024);
  REQUIRE(big.send(at_limit));
  CHECK(big.take([](const json& f) { return is_type(f, "pong"); }));
  json over_limit{{"type", "ping"}, {"id", "over-limit"}, {"pad", std::string(65 * 1024, 'x')}};
  REQUIRE(big.send(over_limit));
  CHECK(big.socket().wait_closed(5s) == std::optional<std::uint16_t>(1009));
  others.still_served();
}

TEST_CASE("live: a rate-limited frame's error echoes its command id", "[live]") {
  server_process server;
  live_peer flooder;
  REQUIRE(flooder.connect(server.port()));
  constexpr int flood = 100;
  for (int i = 0; i < flood; ++i)
    REQUIRE(flooder.send(json{{"type", "ping"}, {"id", "flood-" + std::to_string(i)}}));
  auto limited = flooder.take([](const json& f) { return is_type(f, "error"); });
  REQUIRE(limited);
  INFO(limited->dump());
  CHECK((*limited)["code"] == "rate_limited");
  // docs/protocol.md: "the server answers each one with exactly one ack or error carrying that id".
  CHECK((*limited)["id"].is_string());
}

TEST_CASE("live: HTTP errors carry their status and code", "[live]") {
  server_process server;
  const auto port = server.port();
  const auto session = create_session(port, "HTTP");
  const header_list json_type{{"Content-Type", "application/json"}};
  struct http_case {
    http_result result;
    int status;
    std::string code;
  };
  const std::vector<http_case> cases{
      {http_post(port, "/api/sessions", "{\"title\":", json_type), 400, "bad_json"},
      {http_post(port, "/api/sessions", "[1,2]", json_type), 400, "bad_json"},
      {http_post(port, "/api/sessions", R"({"title":"T","municipality":"GM9999","mode":"workshop"})",
                 json_type),
       400, "unknown_municipality"},
      {http_post(port, "/api/sessions", R"({"title":"","municipality":"GM0344","mode":"workshop"})",
                 json_type),
       400, "invalid_title"},
      {http_post(port, "/api/sessions", R"({"title":"T","municipality":"GM0344","mode":"party"})", json_type),
       400, "invalid_mode"},
      {http_get(port, "/api/sessions/" + session.session_id + "/results"), 401, "unauthorized"},
      {http_get(port, "/api/sessions/" + session.session_id + "/results",
                {{"Authorization", "Bearer wrong"}}),
       403, "forbidden"},
      {http_get(port, "/api/sessions/s-unknown/results",
                {{"Authorization", "Bearer " + session.facilitator_token}}),
       403, "forbidden"},
      {http_get(port, "/api/nope"), 404, "not_found"},
      {http_get(port, "/api/catalog?lang=de"), 400, "invalid_language"},
      // GET /api/sessions is the operator's list (docs/api.md); other methods than GET and POST are not.
      {http_get(port, "/api/sessions"), 401, "unauthorized"},
      {http_call(port, "DELETE", "/api/sessions"), 405, "method_not_allowed"},
  };
  for (const auto& c : cases) {
    INFO(c.result.status << " " << c.result.body);
    CHECK(c.result.status == c.status);
    CHECK(c.result.header("Content-Type").find("application/json") != std::string::npos);
    json body = json::parse(c.result.body, nullptr, false);
    REQUIRE(body.is_object());
    CHECK(body["code"] == c.code);
    CHECK(body["message"].is_string());
  }
  // And the good paths still answer.
  CHECK(http_get(port, "/api/catalog?lang=en").status == 200);
  CHECK(fetch_results(port, session.session_id, session.facilitator_token)["participants"] == 0);

  // With no connection left to close, SIGTERM ends the server at once with exit code 0.
  auto status = server.terminate();
  REQUIRE(status);
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == 0);
}
