// [mail]: the public forms through the real scsa-server and a real SMTP relay (Debian's python3-aiosmtpd,
// tests/interop/smtp_sink.py) on loopback: exactly one mail per valid submission with the expected
// headers, none for invalid input or the honeypot, a mail kept while the relay is down and delivered once
// it is back (across a restart), the rate limit, and the operator's list, export, handled mark and erasure.
#include <sys/wait.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/forms/form_store.hpp"
#include "server/ops/operator_token.hpp"
#include "tests/server/run_command.hpp"
#include "tests/server/server_process.hpp"
#include "tests/server/smtp_sink.hpp"
#include "tests/server/test_client.hpp"

using namespace scsa::testing;
using json = nlohmann::json;

namespace {

std::vector<std::string> mail_args(std::uint16_t smtp_port) {
  return {"--smtp-host", "127.0.0.1",
          "--smtp-port", std::to_string(smtp_port),
          "--mail-from", "noreply@scsa.example.org"};
}

json post_json(std::uint16_t port, std::string_view target, const json& body) {
  const auto result = http_post(port, target, body.dump(), {{"Content-Type", "application/json"}});
  json answer = json::parse(result.body, nullptr, false);
  return json{{"status", result.status}, {"body", answer}};
}

// Waits until the server's output contains `text` (or 20 s pass).
bool output_shows(const server_process& server, const std::string& text) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (server.output().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

TEST_CASE("forms mail: one mail per valid submission; none for invalid input or the honeypot",
          "[mail][live]") {
  smtp_sink relay;
  relay.start();
  server_process server(mail_args(relay.port()));

  const auto request = post_json(server.port(), "/api/requests",
                                 {{"name", "Anne de Vries"},
                                  {"email", "anne@gemeente.nl"},
                                  {"organisation", "Gemeente Ede"},
                                  {"message", "Graag een workshop in maart."},
                                  {"kind", "workshop"},
                                  {"language", "nl"}});
  REQUIRE(request["status"] == 201);
  const std::string request_id = request["body"]["id"];

  const auto report = post_json(server.port(), "/api/sample-report-requests",
                                {{"name", "Bert Jansen"}, {"email", "bert@example.org"}, {"language", "en"}});
  REQUIRE(report["status"] == 201);
  CHECK(report["body"]["report_url"] == "/api/sample-report.pdf?lang=en");

  const auto invalid = post_json(server.port(), "/api/requests", {{"name", "Anne"}, {"email", "anne@"}});
  CHECK(invalid["status"] == 400);
  CHECK(invalid["body"]["code"] == "invalid_fields");
  CHECK(invalid["body"]["fields"]["email"] ==
        "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.");
  const auto injection = post_json(
      server.port(), "/api/requests",
      {{"name", "Anne\r\nBcc: victim@example.org"}, {"email", "anne@gemeente.nl"}, {"language", "en"}});
  CHECK(injection["status"] == 400);
  CHECK(injection["body"]["fields"]["name"] ==
        "This field must not contain line breaks or control characters.");
  const auto missing = post_json(server.port(), "/api/sample-report-requests", {{"language", "en"}});
  CHECK(missing["status"] == 400);
  CHECK(missing["body"]["fields"].size() == 2);
  CHECK(http_post(server.port(), "/api/requests", "not json").status == 400);
  const auto robot = post_json(server.port(), "/api/requests",
                               {{"name", "Bot"}, {"email", "bot@spam.example.org"}, {"website", "http://x"}});
  CHECK(robot["status"] == 201);  // looks like success to the robot

  // A last valid submission: once its mail is in, every earlier one would have been delivered before it.
  const auto marker =
      post_json(server.port(), "/api/requests", {{"name", "Carla"}, {"email", "carla@gemeente.nl"}});
  REQUIRE(marker["status"] == 201);
  const auto mails = relay.wait_for(3);
  INFO(server.output());
  REQUIRE(mails.size() == 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(relay.mails().size() == 3);

  const auto& first = mails[0];
  CHECK(first["mail_from"] == "noreply@scsa.example.org");
  CHECK(first["rcpt_tos"] == json::array({"anne@gemeente.nl"}));
  CHECK(first["headers"]["From"] == "Smart City Self Assessment <noreply@scsa.example.org>");
  CHECK(first["headers"]["To"] == "anne@gemeente.nl");  // no typed name: the address is not confirmed
  CHECK(first["headers"]["Subject"] == "Uw aanvraag is ontvangen");
  CHECK(first["headers"]["Message-ID"] == "<" + request_id + "@scsa.example.org>");
  CHECK(first["headers"]["MIME-Version"] == "1.0");
  CHECK(first["headers"].contains("Date"));
  CHECK(first["content_type"] == "text/plain");
  const std::string text = first["text"];
  CHECK(text.find("Wat gebeurt er nu?") != std::string::npos);
  CHECK(text.find("Graag een workshop in maart.") == std::string::npos);  // nor the typed message

  const auto& second = mails[1];
  CHECK(second["rcpt_tos"] == json::array({"bert@example.org"}));
  CHECK(second["headers"]["Subject"] == "The sample report of the Smart City Self Assessment");
  CHECK(second["content_type"] == "multipart/mixed");
  REQUIRE(second["attachments"].size() == 1);
  CHECK(second["attachments"][0]["filename"] == "sample-report.pdf");
  CHECK(second["attachments"][0]["content_type"] == "application/pdf");
  CHECK(second["attachments"][0]["start"] == "%PDF-");
  CHECK(second["attachments"][0]["size"].get<int>() > 1000);
  CHECK(second["text"].get<std::string>().find("The sample report is attached.") != std::string::npos);
  CHECK(mails[2]["rcpt_tos"] == json::array({"carla@gemeente.nl"}));
}

TEST_CASE("forms mail: with the relay down the mail is kept, and delivered once after a restart",
          "[mail][live]") {
  smtp_sink relay;  // not started yet: its port refuses connections
  auto args = mail_args(relay.port());
  args.insert(args.end(), {"--log-level", "info"});  // to see when a mail is marked sent
  server_process server(args);
  const auto request = post_json(server.port(), "/api/requests",
                                 {{"name", "Anne"}, {"email", "anne@gemeente.nl"}, {"kind", "support"}});
  REQUIRE(request["status"] == 201);
  const std::string id = request["body"]["id"];
  REQUIRE(output_shows(server, "sending the confirmation of " + id + " failed (attempt 1)"));

  REQUIRE(server.terminate() == 0);
  relay.start();
  server.restart();
  auto mails = relay.wait_for(1);
  INFO(server.output());
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["headers"]["Message-ID"] == "<" + id + "@scsa.example.org>");

  // Never twice: after another restart only a new submission's mail arrives. The restart waits until the
  // server has marked the mail sent: stopped between the relay's 250 and that mark, it would send it again
  // (at least once, by design), which is not what this test is about.
  REQUIRE(output_shows(server, "confirmation of " + id + " sent"));
  server.restart();
  const auto next =
      post_json(server.port(), "/api/requests", {{"name", "Bert"}, {"email", "bert@gemeente.nl"}});
  REQUIRE(next["status"] == 201);
  mails = relay.wait_for(2);
  REQUIRE(mails.size() == 2);
  CHECK(mails[1]["rcpt_tos"] == json::array({"bert@gemeente.nl"}));
}

TEST_CASE("forms: without a relay the mail is queued and the server says so once", "[mail][live]") {
  server_process server;
  for (int i = 0; i < 2; ++i)
    REQUIRE(post_json(server.port(), "/api/requests",
                      {{"name", "Anne"}, {"email", "anne@gemeente.nl"}})["status"] == 201);
  REQUIRE(output_shows(server, "no --smtp-host configured"));
  const auto output = server.output();
  CHECK(output.find("no --smtp-host configured") == output.rfind("no --smtp-host configured"));
}

TEST_CASE("forms: one address may send a burst, then gets 429", "[live]") {
  server_process server;
  int accepted = 0;
  int limited = 0;
  for (int i = 0; i < 25; ++i) {
    const auto status = http_post(server.port(), "/api/requests", "{}").status;  // 400, but it counts
    if (status == 400) ++accepted;
    if (status == 429) ++limited;
  }
  CHECK(accepted == 20);
  CHECK(limited == 5);
  const auto refused = http_post(server.port(), "/api/sample-report-requests", R"({"language":"en"})");
  CHECK(refused.status == 429);
  CHECK(json::parse(refused.body)["code"] == "rate_limited");
}

TEST_CASE("forms: the operator lists, exports and marks requests handled; forget erases a person", "[live]") {
  const auto token_file = std::filesystem::temp_directory_path() /
                          ("scsa-forms-operator-" + std::to_string(::getpid()) + ".hash");
  const std::string token = scsa::server::write_new_operator_token(token_file.string());
  server_process server({"--operator-token-file", token_file.string()});
  std::filesystem::remove(token_file);  // read at start
  const header_list operator_auth{{"Authorization", "Bearer " + token}};

  const auto anne =
      post_json(server.port(), "/api/requests",
                {{"name", "Anne"}, {"email", "anne@gemeente.nl"}, {"message", "=1+1, \"quoted\""}});
  REQUIRE(anne["status"] == 201);
  REQUIRE(post_json(server.port(), "/api/sample-report-requests",
                    {{"name", "Bert"}, {"email", "bert@gemeente.nl"}})["status"] == 201);

  CHECK(http_get(server.port(), "/api/requests").status == 401);
  CHECK(http_get(server.port(), "/api/requests", {{"Authorization", "Bearer wrong"}}).status == 403);
  CHECK(http_get(server.port(), "/api/requests/export.csv", {{"Authorization", "Bearer wrong"}}).status ==
        403);
  auto list = http_get(server.port(), "/api/requests", operator_auth);
  REQUIRE(list.status == 200);
  auto all = json::parse(list.body);
  REQUIRE(all.size() == 2);
  // Newest first; the two may share a millisecond, and then their order is not defined, so each is found
  // by its id.
  CHECK(all[0]["created"].get<std::string>() >= all[1]["created"].get<std::string>());
  const std::string id = anne["body"]["id"];
  auto entry_of = [](const json& listed, const std::string& wanted) {
    for (const auto& entry : listed)
      if (entry["id"] == wanted) return entry;
    return json();
  };
  const auto bert_entry = all[0]["id"] == id ? all[1] : all[0];
  CHECK(entry_of(all, id)["kind"] == "information");
  CHECK(bert_entry["kind"] == "sample_report");
  CHECK(entry_of(all, id)["handled"].is_null());

  CHECK(http_post(server.port(), "/api/requests/" + id + "/handled", "", {{"Authorization", "Bearer wrong"}})
            .status == 403);
  CHECK(http_post(server.port(), "/api/requests/" + id + "/handled", "", operator_auth).status == 204);
  CHECK(http_post(server.port(), "/api/requests/f-0000/handled", "", operator_auth).status == 404);
  all = json::parse(http_get(server.port(), "/api/requests", operator_auth).body);
  CHECK(entry_of(all, id)["handled"].is_string());

  const auto csv = http_get(server.port(), "/api/requests/export.csv", operator_auth);
  REQUIRE(csv.status == 200);
  CHECK(csv.header("Content-Type").starts_with("text/csv"));
  CHECK(
      csv.body.starts_with("\xEF\xBB\xBFid;created;kind;language;name;email;organisation;message;handled;"
                           "handled_by;notes;mail\r\n"));
  CHECK(csv.body.find("\"'=1+1, \"\"quoted\"\"\"") !=
        std::string::npos);  // a formula is defused, quotes doubled

  const auto [status, output] =
      run_command(std::string(SCSA_SERVER_BINARY) + " forget --db " + server.db_path().string() +
                  " --email ANNE@gemeente.nl --name Anne");
  INFO(output);
  CHECK(status == 0);
  CHECK(output.find("erased 1 form submissions") != std::string::npos);
  all = json::parse(http_get(server.port(), "/api/requests", operator_auth).body);
  REQUIRE(all.size() == 1);
  CHECK(all[0]["email"] == "bert@gemeente.nl");
  CHECK(http_get(server.port(), "/healthz").status == 200);  // the event log was not touched
}

TEST_CASE("forms: submissions older than --request-retention-days are erased by the purge", "[live]") {
  const auto token_file = std::filesystem::temp_directory_path() /
                          ("scsa-forms-retention-" + std::to_string(::getpid()) + ".hash");
  const std::string token = scsa::server::write_new_operator_token(token_file.string());
  server_process server({"--operator-token-file", token_file.string(), "--request-retention-days", "1"});
  const auto fresh =
      post_json(server.port(), "/api/requests", {{"name", "Anne"}, {"email", "anne@gemeente.nl"}});
  REQUIRE(fresh["status"] == 201);
  {
    scsa::server::form_store store(server.db_path().string());  // a request of two days ago, as if kept
    scsa::server::stored_submission old;
    old.id = "f-00000000000000aa";
    old.created_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         (std::chrono::system_clock::now() - std::chrono::hours(48)).time_since_epoch())
                         .count();
    old.form.name = "Oud";
    old.form.email = "oud@gemeente.nl";
    store.add(old);
  }
  const header_list operator_auth{{"Authorization", "Bearer " + token}};
  CHECK(json::parse(http_get(server.port(), "/api/requests", operator_auth).body).size() == 2);
  server.restart();  // the purge runs at start, then hourly
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  json all;
  do {
    all = json::parse(http_get(server.port(), "/api/requests", operator_auth).body);
    if (all.size() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  std::filesystem::remove(token_file);
  REQUIRE(all.size() == 1);
  CHECK(all[0]["id"] == fresh["body"]["id"]);
}
