// Joining again with a client-made token: the same participant, never a second one; a token is one session's.
#include <catch2/catch.hpp>

#include "tests/server/live_support.hpp"
#include "tests/server/server_process.hpp"

using namespace scsa::testing;

namespace {

bool is_type(const json& frame, const char* type) {
  return frame.value("type", "") == type;
}

json join_frame(const std::string& id, const std::string& code, const std::string& token) {
  return {{"type", "join"}, {"id", id}, {"code", code}, {"name", "Bram"}, {"token", token}};
}

}  // namespace

TEST_CASE("live: a join sent again with its client token finds the same participant", "[live]") {
  server_process server;
  const auto port = server.port();
  const auto session = create_session(port, "Join twice");
  const std::string token(64, 'a');

  live_peer first;
  REQUIRE(first.connect(port));
  auto joined = first.request(join_frame("j1", session.join_code, token));
  REQUIRE(joined);
  REQUIRE(is_type(*joined, "ack"));
  CHECK((*joined)["token"] == token);
  const std::string participant_id = (*joined)["participant_id"];

  // The ack was "lost": the client sends the same join again on a new connection.
  live_peer again;
  REQUIRE(again.connect(port));
  auto rejoined = again.request(join_frame("j1", session.join_code, token));
  REQUIRE(rejoined);
  REQUIRE(is_type(*rejoined, "ack"));
  CHECK((*rejoined)["participant_id"] == participant_id);
  auto answered = again.request(answer_frame("a1", 4, "desired", 5));
  REQUIRE(answered);
  CHECK(is_type(*answered, "ack"));

  auto results = fetch_results(port, session.session_id, session.facilitator_token);
  CHECK(results["participants"] == 1);
  int joins = 0;
  for (const auto& e : read_session_log(server.db_path(), session.session_id))
    if (e.type == "participant_joined") ++joins;
  CHECK(joins == 1);

  SECTION("a token of one session is refused in another") {
    const auto other = create_session(port, "Another");
    live_peer stranger;
    REQUIRE(stranger.connect(port));
    auto refused = stranger.request(join_frame("j2", other.join_code, token));
    REQUIRE(refused);
    CHECK((*refused)["code"] == "token_in_use");
  }
  SECTION("a short client token is refused") {
    live_peer careless;
    REQUIRE(careless.connect(port));
    auto refused = careless.request(join_frame("j3", session.join_code, "short"));
    REQUIRE(refused);
    CHECK((*refused)["code"] == "bad_message");
  }
}
