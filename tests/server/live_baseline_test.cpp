// [baseline]: a re-assessment through the real server: workshop A a year ago (answers, an agreed action),
// workshop B of the same municipality takes A as its baseline over /ws; the refusals (own session, another
// municipality, a later one, a small one without its key); the change since then served by GET …/baseline
// and moving with B's answers; A's action reviewed in B; both in B's workshop report (by the PDF's text);
// the choice in the replay's timeline, across a restart; the candidates and the municipality's trend.
#include <catch2/catch.hpp>

#include "tests/server/live_support.hpp"
#include "tests/server/pdf_text.hpp"
#include "tests/server/server_process.hpp"

using namespace scsa::testing;

namespace {

bool is_type(const json& frame, const std::string& type) {
  return frame.value("type", "") == type;
}

header_list bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

void facilitate(live_peer& peer, std::uint16_t port, const created_session& s) {
  REQUIRE(peer.connect(port));
  REQUIRE(is_type(*peer.request({{"type", "facilitate"},
                                 {"id", "f"},
                                 {"session_id", s.session_id},
                                 {"token", s.facilitator_token}}),
                  "ack"));
}

void join(live_peer& peer, std::uint16_t port, const created_session& s, const std::string& name) {
  REQUIRE(peer.connect(port));
  REQUIRE(
      is_type(*peer.request({{"type", "join"}, {"id", "j"}, {"code", s.join_code}, {"name", name}}), "ack"));
}

std::string code_of(const std::optional<json>& reply) {
  REQUIRE(reply);
  return reply->value("code", is_type(*reply, "ack") ? "ack" : "?");
}

json get_json(std::uint16_t port, const std::string& target, const std::string& token) {
  const auto result = http_get(port, target, bearer(token));
  INFO(target << " -> " << result.status << " " << result.body);
  REQUIRE(result.status == 200);
  return json::parse(result.body);
}

}  // namespace

TEST_CASE("live: a workshop a year later compares with its baseline and reviews its actions",
          "[live][baseline]") {
  server_process server({"--min-respondents", "2"});
  const auto port = server.port();

  // A: two people, statement 1 now 1 and 2 (mean 1.5), ambition 3; an action agreed.
  const auto a = create_session(port, "Werksessie 2025");
  live_peer a_board, a1, a2;
  facilitate(a_board, port, a);
  join(a1, port, a, "Anne");
  join(a2, port, a, "Bert");
  REQUIRE(is_type(*a1.request(answer_frame("a1-1", 1, "current", 1)), "ack"));
  REQUIRE(is_type(*a2.request(answer_frame("a2-1", 1, "current", 2)), "ack"));
  REQUIRE(is_type(*a1.request(answer_frame("a1-2", 1, "desired", 3)), "ack"));
  const auto proposed =
      a_board.request({{"type", "propose"}, {"id", "p"}, {"statement", 1}, {"text", "Een dataregister"}});
  REQUIRE(is_type(*proposed, "ack"));
  const std::string action_id = (*proposed)["action_id"];
  REQUIRE(is_type(
      *a_board.request({{"type", "set_status"}, {"id", "s"}, {"action_id", action_id}, {"status", "agreed"}}),
      "ack"));
  // A small one (one person) and one of another municipality, both earlier than B.
  const auto small = create_session(port, "Klein");
  live_peer small_person;
  join(small_person, port, small, "Carla");
  const auto elsewhere_response =
      http_post(port, "/api/sessions", R"({"title":"Elders","municipality":"GM0363"})",
                {{"Content-Type", "application/json"}});
  REQUIRE(elsewhere_response.status == 201);
  const std::string elsewhere = json::parse(elsewhere_response.body)["session_id"];

  const auto b = create_session(port, "Werksessie 2026");
  const auto later = create_session(port, "Later");
  live_peer b_board, b1;
  facilitate(b_board, port, b);
  join(b1, port, b, "Dirk");

  auto choose = [&](const std::string& id, std::optional<std::string> token = std::nullopt) {
    json frame{{"type", "choose_baseline"}, {"id", "c-" + id}, {"baseline_session_id", id}};
    if (token) frame["token"] = *token;
    return code_of(b_board.request(frame));
  };
  CHECK(choose(b.session_id) == "invalid_baseline");
  CHECK(choose(elsewhere) == "other_municipality");
  CHECK(choose(later.session_id) == "baseline_not_earlier");
  CHECK(choose("s-0000000000000000") == "unknown_baseline");
  CHECK(choose(small.session_id) == "baseline_not_shared");           // one participant, k = 2
  CHECK(choose(small.session_id, small.facilitator_token) == "ack");  // its key opens it
  CHECK(code_of(
            b1.request({{"type", "choose_baseline"}, {"id", "x"}, {"baseline_session_id", a.session_id}})) ==
        "not_allowed");

  // The candidates: earlier, same municipality, at least k participants.
  const auto candidates =
      get_json(port, "/api/sessions/" + b.session_id + "/baseline-candidates", b.facilitator_token);
  REQUIRE(candidates["sessions"].size() == 1);
  CHECK(candidates["sessions"][0]["session_id"] == a.session_id);

  CHECK(choose(a.session_id) == "ack");
  auto baseline =
      get_json(port, "/api/sessions/" + b.session_id + "/baseline", b.facilitator_token)["baseline"];
  REQUIRE(baseline.is_object());
  CHECK(baseline["session_id"] == a.session_id);
  CHECK(baseline["participants"] == 2);
  const auto& first = baseline["comparison"]["statements"][0];
  CHECK(first["current"]["then"] == 1.5);
  CHECK(first["current"]["today"].is_null());
  REQUIRE(baseline["actions"].size() == 1);
  CHECK(baseline["actions"][0]["text"] == "Een dataregister");
  CHECK(baseline["actions"][0]["now"] == "agreed");
  CHECK(baseline["actions"][0]["reviewed"] == false);

  // B answers: the change appears; A's action is reviewed as done.
  REQUIRE(is_type(*b1.request(answer_frame("b1-1", 1, "current", 3)), "ack"));
  CHECK(
      code_of(b_board.request(
          {{"type", "review_baseline_action"}, {"id", "r0"}, {"action_id", "a-none"}, {"status", "done"}})) ==
      "unknown_action");
  CHECK(code_of(b_board.request({{"type", "review_baseline_action"},
                                 {"id", "r1"},
                                 {"action_id", action_id},
                                 {"status", "done"}})) == "ack");
  baseline = get_json(port, "/api/sessions/" + b.session_id + "/baseline", b.facilitator_token)["baseline"];
  CHECK(baseline["comparison"]["statements"][0]["current"]["change"] == 1.5);  // 1.5 -> 3
  CHECK(baseline["actions"][0]["now"] == "done");
  CHECK(baseline["actions"][0]["reviewed"] == true);
  // The dashboard hears of it in the session's header.
  const auto header = b_board.take([&](const json& f) {
    return f.contains("session") && f["session"]["baseline"].is_object() &&
           f["session"]["baseline"]["reviews"].contains(action_id);
  });
  REQUIRE(header);
  CHECK((*header)["session"]["baseline"]["session_id"] == a.session_id);

  // The workshop report says it.
  const auto pdf =
      http_get(port, "/api/sessions/" + b.session_id + "/report.pdf", bearer(b.facilitator_token));
  REQUIRE(pdf.status == 200);
  const auto text = pdf_text(pdf.body);
  CHECK(text.find("Sinds de nulmeting") != std::string::npos);
  CHECK(text.find("Werksessie 2025") != std::string::npos);
  CHECK(text.find("Een dataregister") != std::string::npos);
  CHECK(text.find("klaar") != std::string::npos);  // done, in Dutch
  CHECK(overlapping_words(pdf_words(pdf.body)).empty());

  // Events: the replay's timeline marks the choice, also after a restart; the baseline still stands.
  server.restart();
  const auto port2 = server.port();
  const auto timeline = get_json(port2, "/api/sessions/" + b.session_id + "/timeline", b.facilitator_token);
  int chosen = 0, reviewed = 0;
  for (const auto& marker : timeline["timeline"]["markers"]) {
    chosen += marker["kind"] == "baseline_chosen";
    reviewed += marker["kind"] == "baseline_action_reviewed";
  }
  CHECK(chosen == 2);  // the small one, then A
  CHECK(reviewed == 1);
  baseline = get_json(port2, "/api/sessions/" + b.session_id + "/baseline", b.facilitator_token)["baseline"];
  CHECK(baseline["session_id"] == a.session_id);
  CHECK(baseline["actions"][0]["now"] == "done");
}

TEST_CASE("live: a municipality's trend for its facilitators and the operator, never below k",
          "[live][baseline]") {
  server_process server({"--min-respondents", "2"});
  const auto port = server.port();
  const auto a = create_session(port, "Groot");
  live_peer p1, p2, q1;
  join(p1, port, a, "Anne");
  join(p2, port, a, "Bert");
  REQUIRE(is_type(*p1.request(answer_frame("1", 1, "current", 2)), "ack"));
  REQUIRE(is_type(*p2.request(answer_frame("2", 1, "current", 4)), "ack"));
  const auto small = create_session(port, "Klein");
  join(q1, port, small, "Carla");
  REQUIRE(is_type(*q1.request(answer_frame("3", 1, "current", 5)), "ack"));

  // One left out (the small one) would be inferable from the municipality's average: the other goes too.
  const auto trend = get_json(port, "/api/municipalities/GM0344/trend", a.facilitator_token);
  CHECK(trend["name"] == "Utrecht");
  CHECK(trend["points"].empty());
  live_peer p3;
  join(p3, port, small, "Dirk");
  REQUIRE(is_type(*p3.request(answer_frame("4", 1, "current", 1)), "ack"));
  const auto both = get_json(port, "/api/municipalities/GM0344/trend", small.facilitator_token);
  REQUIRE(both["points"].size() == 2);
  CHECK(both["points"][0]["kind"] == "workshop");
  CHECK(both["points"][0]["overall"]["current"] == 3.0);

  CHECK(http_get(port, "/api/municipalities/GM0344/trend").status == 401);
  CHECK(http_get(port, "/api/municipalities/GM0363/trend", bearer(a.facilitator_token)).status == 403);
  CHECK(http_get(port, "/api/municipalities/GM9999/trend", bearer(a.facilitator_token)).status == 404);
}
