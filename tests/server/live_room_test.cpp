// The room as a facilitator runs it, through real sockets: "everyone to statement N" reaches every phone,
// the join page can check a code before asking for a name, a removed participant stops counting as
// connected, and the dashboard compares departments with at least k participants, live.
#include <algorithm>

#include <catch2/catch.hpp>

#include "tests/server/live_support.hpp"
#include "tests/server/server_process.hpp"

namespace {

using namespace scsa::testing;

bool is_type(const json& frame, const std::string& type) {
  return frame.value("type", "") == type;
}

void facilitate(live_peer& peer, std::uint16_t port, const created_session& session) {
  REQUIRE(peer.connect(port));
  auto ack = peer.request({{"type", "facilitate"},
                           {"id", "f-1"},
                           {"session_id", session.session_id},
                           {"token", session.facilitator_token}});
  REQUIRE(ack);
  REQUIRE(is_type(*ack, "ack"));
  REQUIRE(peer.take([](const json& f) { return is_type(f, "snapshot"); }));
}

std::string join(live_peer& peer, std::uint16_t port, const std::string& code, const std::string& id,
                 std::optional<std::string> department = std::nullopt) {
  REQUIRE(peer.connect(port));
  json frame{{"type", "join"}, {"id", id}, {"code", code}, {"name", "P " + id}};
  if (department) frame["department"] = *department;
  auto ack = peer.request(frame);
  REQUIRE(ack);
  REQUIRE(is_type(*ack, "ack"));
  return (*ack)["participant_id"];
}

// A server with one session whose facilitator's dashboard is connected.
struct room {
  explicit room(const std::string& title) : session(create_session(port, title)) {
    facilitate(facilitator, port, session);
  }
  server_process server;
  std::uint16_t port = server.port();
  created_session session;
  live_peer facilitator;
};

}  // namespace

TEST_CASE("live: everyone to statement N reaches every participant, each time it is sent", "[live][room]") {
  room room("Focus");
  const auto port = room.port;
  const auto& session = room.session;
  auto& facilitator = room.facilitator;
  live_peer phone;
  join(phone, port, session.join_code, "j-1");
  auto first = phone.take([](const json& f) { return is_type(f, "snapshot"); });
  REQUIRE(first);
  CHECK((*first)["session"]["focus"].is_null());

  for (int number = 1; number <= 2; ++number) {
    const std::string id = "focus-" + std::to_string(number);
    auto ack = facilitator.request({{"type", "focus"}, {"id", id}, {"statement", 7}});
    REQUIRE(ack);
    REQUIRE(is_type(*ack, "ack"));
    auto update = phone.take([&](const json& f) {
      return is_type(f, "update") && f.contains("session") && f["session"]["focus"].is_object() &&
             f["session"]["focus"]["number"] == number;
    });
    REQUIRE(update);
    CHECK((*update)["session"]["focus"]["statement"] == 7);
  }

  auto refused = phone.request({{"type", "focus"}, {"id", "p-focus"}, {"statement", 3}});
  REQUIRE(refused);
  CHECK((*refused)["code"] == "not_allowed");
  auto invalid = facilitator.request({{"type", "focus"}, {"id", "bad"}, {"statement", 22}});
  REQUIRE(invalid);
  CHECK((*invalid)["code"] == "invalid_statement");

  // A phone that joins later learns where the room is from its snapshot.
  live_peer late;
  join(late, port, session.join_code, "j-2");
  auto snapshot = late.take([](const json& f) { return is_type(f, "snapshot"); });
  REQUIRE(snapshot);
  CHECK((*snapshot)["session"]["focus"] == json{{"statement", 7}, {"number", 2}});
}

TEST_CASE("GET /api/join/{code}: the join page checks a code before it asks for a name", "[live][room]") {
  server_process server;
  const auto port = server.port();
  const auto session = create_session(port, "Werksessie Utrecht");

  auto known = http_get(port, "/api/join/" + session.join_code);
  REQUIRE(known.status == 200);
  auto body = json::parse(known.body);
  CHECK(body["session_id"] == session.session_id);
  CHECK(body["title"] == "Werksessie Utrecht");
  CHECK(body["closed"] == false);

  // Any case, with a dash or a space, as people type it.
  std::string typed = session.join_code;
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  typed.insert(3, "-");
  CHECK(http_get(port, "/api/join/" + typed).status == 200);

  auto unknown = http_get(port, "/api/join/ZZZZZZ");
  CHECK(unknown.status == 404);
  CHECK(json::parse(unknown.body)["code"] == "unknown_code");
}

TEST_CASE("live: a removed participant is told at once and no longer counts as connected", "[live][room]") {
  room room("Remove");
  const auto port = room.port;
  const auto& session = room.session;
  auto& facilitator = room.facilitator;
  live_peer phone;
  const auto participant_id = join(phone, port, session.join_code, "j-1");
  REQUIRE(facilitator.take([](const json& f) {
    return is_type(f, "update") && f["presence"]["participants"] == 1 && f["presence"]["connected"] == 1;
  }));

  auto removed =
      facilitator.request({{"type", "remove"}, {"id", "rm-1"}, {"participant_id", participant_id}});
  REQUIRE(removed);
  REQUIRE(is_type(*removed, "ack"));
  auto told = phone.take(
      [](const json& f) { return is_type(f, "update") && f.contains("you") && f["you"]["removed"] == true; });
  CHECK(told);
  // The page stays open, but the counts agree: nobody takes part and nobody is counted as connected.
  auto presence = facilitator.take([](const json& f) {
    return is_type(f, "update") && f.contains("presence") && f["presence"]["participants"] == 0;
  });
  REQUIRE(presence);
  CHECK((*presence)["presence"]["connected"] == 0);
}

TEST_CASE("live: presence counts follow pages that close and come back while answers flow", "[live][room]") {
  room room("Presence");
  const auto port = room.port;
  const auto& session = room.session;
  auto& facilitator = room.facilitator;
  live_peer first, second;
  join(first, port, session.join_code, "j-1");
  REQUIRE(second.connect(port));
  auto second_ack =
      second.request({{"type", "join"}, {"id", "j-2"}, {"code", session.join_code}, {"name", "B"}});
  REQUIRE(second_ack);
  const std::string token = (*second_ack)["token"];
  auto presence_is = [&](int participants, int connected, int answered) {
    return facilitator.take([=](const json& f) {
      return is_type(f, "update") && f.contains("presence") &&
             f["presence"]["participants"] == participants && f["presence"]["connected"] == connected &&
             f["presence"]["answered"][0]["current"] == answered;
    });
  };
  // Answers alone change nothing of who is there: the counts stay while the answered ones grow.
  REQUIRE(first.request(answer_frame("a-1", 1, "current", 3)));
  CHECK(presence_is(2, 2, 1));
  second.socket().close();
  REQUIRE(first.request(answer_frame("a-2", 2, "current", 3)));
  CHECK(presence_is(2, 1, 1));
  live_peer back;
  REQUIRE(back.connect(port));
  auto resumed = back.request({{"type", "resume"}, {"id", "r-1"}, {"token", token}});
  REQUIRE(resumed);
  REQUIRE(is_type(*resumed, "ack"));
  REQUIRE(back.request(answer_frame("a-3", 1, "current", 4)));
  CHECK(presence_is(2, 2, 2));
}

TEST_CASE("live: the dashboard compares departments with at least k participants", "[live][room]") {
  room room("Departments");
  const auto port = room.port;
  const auto& session = room.session;
  auto& facilitator = room.facilitator;

  // Five from ICT (k = 5) and two from Mobiliteit: only ICT may be shown.
  std::vector<std::unique_ptr<live_peer>> phones;
  std::int64_t last_seq = 0;
  for (int i = 0; i < 7; ++i) {
    phones.push_back(std::make_unique<live_peer>());
    const std::string department = i < 5 ? "ICT" : "Mobiliteit";
    join(*phones.back(), port, session.join_code, "j-" + std::to_string(i), department);
    auto ack = phones.back()->request(answer_frame("a-" + std::to_string(i), 1, "current", 2 + i % 2));
    REQUIRE(ack);
    REQUIRE(is_type(*ack, "ack"));
    last_seq = std::max(last_seq, (*ack)["seq"].get<std::int64_t>());
  }
  // An update with seq >= the last ack's has seen every answer (docs/protocol.md): an earlier one may count
  // the fifth ICT participant before their answer.
  auto update = facilitator.take([last_seq](const json& f) {
    if (!is_type(f, "update") || !f.contains("departments") || f.value("seq", std::int64_t{0}) < last_seq)
      return false;
    const auto& rows = f["departments"]["rows"];
    return rows.size() == 1 && rows[0]["participants"] == 5 && !rows[0]["current"].is_null();
  });
  REQUIRE(update);
  const auto& departments = (*update)["departments"];
  CHECK(departments["min_respondents"] == 5);
  CHECK(departments["rows"][0]["department"] == "ICT");
  // Levels 2,3,2,3,2 on statement 1 (strategy): mean 2.4.
  CHECK(departments["rows"][0]["themes"][0]["theme"] == "strategy");
  CHECK(departments["rows"][0]["themes"][0]["current"].get<double>() == Approx(2.4));
}
