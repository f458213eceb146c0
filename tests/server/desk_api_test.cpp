// [desk]: the provider's desk through the real scsa-server: two operators by label, the requests with their
// filters, notes, handled and reopened with the history saying who, a failed mail resent through a real
// SMTP relay (python3-aiosmtpd), erasure, the sessions and coverage, and who may do any of it: every other
// token gets 403, and wrong tokens are slowed down per address.
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/ops/operator_token.hpp"
#include "tests/server/server_process.hpp"
#include "tests/server/smtp_sink.hpp"
#include "tests/server/test_client.hpp"

using namespace scsa::testing;
using json = nlohmann::json;

namespace {

// Two operators in one token file, as `operator-token --add` writes it.
struct operators {
  std::filesystem::path file;
  std::string anna, bert;
  operators() {
    std::random_device entropy;
    file = std::filesystem::temp_directory_path() / ("scsa-desk-" + std::to_string(entropy()) + ".hash");
    anna = scsa::server::write_new_operator_token(file.string(), "anna");
    bert = scsa::server::write_new_operator_token(file.string(), "bert", true);
  }
  ~operators() {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
  }
};

header_list bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

json body_of(const http_result& result) {
  return json::parse(result.body, nullptr, false);
}

json submit(std::uint16_t port, const json& form) {
  const auto result = http_post(port, "/api/requests", form.dump(), {{"Content-Type", "application/json"}});
  REQUIRE(result.status == 201);
  return body_of(result);
}

// Polls `read` until `done` holds for what it returns (or 20 s pass); returns the last value.
template <typename Read, typename Done>
json wait_until(Read read, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  json value = read();
  while (!done(value) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    value = read();
  }
  return value;
}

json mail_of(const json& mail_list, const std::string& request_id) {
  for (const auto& message : mail_list["messages"])
    if (message["request_id"] == request_id) return message;
  return nullptr;
}

}  // namespace

TEST_CASE("desk: requests, notes, handled by whom, a failed mail resent, erasure, sessions, coverage",
          "[desk][mail][live]") {
  operators ops;
  smtp_sink relay;  // not started: the first attempt fails
  server_process server({"--operator-token-file", ops.file.string(), "--demo", "--smtp-host", "127.0.0.1",
                         "--smtp-port", std::to_string(relay.port()), "--mail-from",
                         "noreply@scsa.example.org", "--mail-first-retry-s", "3600"});
  const auto port = server.port();
  const auto anna = bearer(ops.anna);
  const auto bert = bearer(ops.bert);

  CHECK(body_of(http_get(port, "/api/desk/me", anna))["label"] == "anna");
  CHECK(body_of(http_get(port, "/api/desk/me", bert))["label"] == "bert");

  const std::string utrecht = submit(port, {{"name", "Anne de Vries"},
                                            {"email", "anne@utrecht.nl"},
                                            {"organisation", "Gemeente Utrecht"},
                                            {"kind", "workshop"},
                                            {"message", "Graag een workshop in maart."}})["id"];
  const std::string ede =
      submit(port, {{"name", "Bert"}, {"email", "bert@ede.nl"}, {"organisation", "Gemeente Ede"}})["id"];

  SECTION("the list filters by state, kind and text") {
    auto ids = [&](const std::string& query) {
      std::vector<std::string> found;
      for (const auto& r : body_of(http_get(port, "/api/requests" + query, anna))) found.push_back(r["id"]);
      return found;
    };
    CHECK(ids("").size() == 2);
    CHECK(ids("?q=UTRECHT") == std::vector{utrecht});  // the organisation, any case
    CHECK(ids("?q=maart") == std::vector{utrecht});    // the message
    CHECK(ids("?kind=workshop") == std::vector{utrecht});
    CHECK(ids("?kind=information") == std::vector{ede});
    CHECK(ids("?state=handled").empty());
    CHECK(http_get(port, "/api/requests?state=done", anna).status == 400);
    CHECK(body_of(http_get(port, "/api/requests?kind=pizza", anna))["code"] == "invalid_kind");
    const auto csv = http_get(port, "/api/requests/export.csv?q=ede", anna);
    CHECK(csv.body.find("bert@ede.nl") != std::string::npos);
    CHECK(csv.body.find("anne@utrecht.nl") == std::string::npos);
    const auto listed = body_of(http_get(port, "/api/requests?q=utrecht", anna))[0];
    CHECK(listed["days_left"] == 364);  // the default 365 days, from today
    CHECK(listed["erase_on"].get<std::string>().size() == 10);
  }

  SECTION("notes and handled, reopened: the history says who") {
    const auto path = "/api/requests/" + utrecht;
    CHECK(http_post(port, path + "/notes", R"({"text":"Belde terug; wil 14 maart."})", anna).status == 201);
    CHECK(body_of(http_post(port, path + "/notes", R"({"text":""})", anna))["code"] == "invalid_text");
    CHECK(body_of(http_post(port, path + "/notes", R"({"text":)", anna))["code"] == "bad_json");
    CHECK(http_post(port, path + "/notes", json{{"text", std::string(2001, 'x')}}.dump(), anna).status ==
          400);
    CHECK(http_post(port, path + "/handled", "", anna).status == 204);
    CHECK(body_of(http_get(port, "/api/requests?state=handled", anna))[0]["handled_by"] == "anna");
    CHECK(http_post(port, path + "/reopen", "", bert).status == 204);
    CHECK(http_post(port, path + "/handled", "", bert).status == 204);
    CHECK(http_post(port, "/api/requests/f-0000000000000000/handled", "", anna).status == 404);
    const auto one = body_of(http_get(port, path, anna));
    CHECK(one["handled_by"] == "bert");
    CHECK(one["notes"] == 1);
    std::vector<std::string> actions, by;
    for (const auto& line : one["history"]) {
      actions.push_back(line["action"]);
      by.push_back(line["by"].is_null() ? "-" : line["by"].get<std::string>());
    }
    CHECK(actions == std::vector<std::string>{"received", "note", "handled", "reopened", "handled"});
    CHECK(by == std::vector<std::string>{"-", "anna", "anna", "bert", "bert"});
    CHECK(one["history"][1]["text"] == "Belde terug; wil 14 maart.");
  }

  SECTION("a failed mail waits an hour; resent from the desk it goes now") {
    auto mail = [&] { return body_of(http_get(port, "/api/mail", anna)); };
    auto failed = wait_until(mail, [&](const json& m) { return mail_of(m, ede)["state"] == "retrying"; });
    REQUIRE(mail_of(failed, ede)["state"] == "retrying");
    CHECK(mail_of(failed, ede)["attempts"] == 1);
    CHECK_FALSE(mail_of(failed, ede)["last_error"].get<std::string>().empty());
    CHECK(failed["relay"]["configured"] == true);
    CHECK(failed["relay"]["port"] == relay.port());
    CHECK(failed["relay"]["last_error"].is_string());
    CHECK(failed["relay"]["last_sent"].is_null());

    relay.start();
    CHECK(relay.wait_for(1, std::chrono::milliseconds(1500)).empty());  // the retry is an hour away
    const auto resent = http_post(port, "/api/mail/" + ede + "/resend", "", bert);
    CHECK(resent.status == 202);
    const auto mails = relay.wait_for(1);
    REQUIRE(mails.size() == 1);
    CHECK(mails[0]["rcpt_tos"] == json::array({"bert@ede.nl"}));
    const auto sent = wait_until(mail, [&](const json& m) { return mail_of(m, ede)["state"] == "sent"; });
    CHECK(mail_of(sent, ede)["state"] == "sent");
    CHECK(sent["relay"]["last_sent"].is_string());
    CHECK(body_of(http_get(port, "/api/requests/" + ede, anna))["history"].back()["action"] == "mail_resent");
    CHECK(http_post(port, "/api/mail/f-0000000000000000/resend", "", anna).status == 404);
  }

  SECTION("erased now: gone, with its mail") {
    CHECK(http_call(port, "DELETE", "/api/requests/" + ede, "", anna).status == 204);
    CHECK(http_get(port, "/api/requests/" + ede, anna).status == 404);
    CHECK(http_call(port, "DELETE", "/api/requests/" + ede, "", anna).status == 404);
    CHECK(mail_of(body_of(http_get(port, "/api/mail", anna)), ede).is_null());
    CHECK(body_of(http_get(port, "/api/requests", anna)).size() == 1);
  }

  SECTION("sessions with rounds, a review link, the coverage") {
    const auto sessions = body_of(http_get(port, "/api/sessions", anna))["sessions"];
    REQUIRE(sessions.size() > 0);
    CHECK(sessions[0]["rounds"].get<int>() >= 1);
    const std::string session_id = sessions[0]["session_id"];
    const auto link = http_post(port, "/api/sessions/" + session_id + "/review-tokens", "", anna);
    REQUIRE(link.status == 201);
    const std::string review = body_of(link)["review_token"];
    CHECK(http_get(port, "/api/sessions/" + session_id + "/results", bearer(review)).status == 200);
    CHECK(http_get(port, "/api/sessions/" + session_id + "/report.pdf", anna).status == 200);

    const auto coverage = body_of(http_get(port, "/api/coverage", anna));
    const int k = coverage["min_respondents"];
    REQUIRE(coverage["municipalities"].size() > 0);
    int previous = 1 << 30;
    for (const auto& m : coverage["municipalities"]) {
      CHECK(m["respondents"].get<int>() <= previous);  // most first
      previous = m["respondents"];
      CHECK(m["comparable"] == (m["respondents"].get<int>() >= k));
      CHECK(m["name"].is_string());
    }
  }
}

TEST_CASE("desk: every other token gets 403, none 401, and wrong tokens are slowed down", "[desk][live]") {
  operators ops;
  server_process server({"--operator-token-file", ops.file.string(), "--limit-token-guesses", "18/10m"});
  const auto port = server.port();
  const auto created = body_of(
      http_post(port, "/api/sessions", R"({"title":"Werksessie","municipality":"GM0344","mode":"workshop"})",
                {{"Content-Type", "application/json"}}));
  const std::string facilitator = created["facilitator_token"];
  const std::string review =
      body_of(http_post(port, "/api/sessions/" + std::string(created["session_id"]) + "/review-tokens", "",
                        bearer(facilitator)))["review_token"];
  const std::string id = submit(port, {{"name", "Anne"}, {"email", "anne@utrecht.nl"}})["id"];

  struct route {
    std::string method, target, body;
  };
  const std::vector<route> routes{{"GET", "/api/desk/me", ""},
                                  {"GET", "/api/requests", ""},
                                  {"GET", "/api/requests/" + id, ""},
                                  {"POST", "/api/requests/" + id + "/handled", ""},
                                  {"POST", "/api/requests/" + id + "/notes", R"({"text":"x"})"},
                                  {"DELETE", "/api/requests/" + id, ""},
                                  {"GET", "/api/mail", ""},
                                  {"POST", "/api/mail/" + id + "/resend", ""},
                                  {"GET", "/api/coverage", ""}};
  for (const auto& r : routes) {
    INFO(r.method << " " << r.target);
    CHECK(http_call(port, r.method, r.target, r.body, {{"Content-Type", "application/json"}}).status == 401);
    CHECK(http_call(port, r.method, r.target, r.body, bearer(facilitator)).status == 403);
    CHECK(http_call(port, r.method, r.target, r.body, bearer(review)).status == 403);
  }
  // 18 wrong tokens (two per route) emptied the bucket of 18: this address is refused now, the right token
  // included.
  const auto refused = http_get(port, "/api/desk/me", bearer(ops.anna));
  CHECK(refused.status == 429);
  CHECK_FALSE(refused.header("Retry-After").empty());
  CHECK(server.output().find(ops.anna) == std::string::npos);  // tokens never reach the log
  CHECK(server.output().find(facilitator) == std::string::npos);
  CHECK(server.output().find("a wrong token from") != std::string::npos);
  // The session's own readers are not operators' routes: a facilitator still reads its session.
  CHECK(
      http_get(port, "/api/sessions/" + std::string(created["session_id"]) + "/results", bearer(facilitator))
          .status == 200);
}
