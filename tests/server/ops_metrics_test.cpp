// GET /metrics through real sockets: after a session, joins, answers and a malformed frame, the counters
// moved by exactly what happened; events appended equal the log's growth; histograms count what they
// should; proxied and remote requests need the operator token. Also the metrics text format itself.
#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "server/ops/metrics.hpp"
#include "server/ops/metrics_api.hpp"
#include "server/tokens.hpp"
#include "tests/server/live_support.hpp"
#include "tests/server/server_process.hpp"

namespace {

using namespace scsa::testing;

// "name{labels} value" lines by "name{labels}"; comments skipped. Fails the test on a malformed line.
std::map<std::string, double> parse_metrics(const std::string& text) {
  std::map<std::string, double> values;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.rfind(' ');
    INFO(line);
    REQUIRE(space != std::string::npos);
    const std::string value = line.substr(space + 1);
    values[line.substr(0, space)] = value == "+Inf" ? HUGE_VAL : std::stod(value);
  }
  return values;
}

std::map<std::string, double> scrape(std::uint16_t port, const header_list& headers = {}) {
  const auto response = http_get(port, "/metrics", headers);
  INFO(response.body);
  REQUIRE(response.status == 200);
  CHECK(response.header("Content-Type").starts_with("text/plain; version=0.0.4"));
  return parse_metrics(response.body);
}

double value(const std::map<std::string, double>& metrics, const std::string& key) {
  const auto found = metrics.find(key);
  return found == metrics.end() ? 0.0 : found->second;
}

}  // namespace

TEST_CASE("metrics: counters move by what clients did through real sockets", "[live][metrics]") {
  server_process server;
  const auto port = server.port();
  const auto before = scrape(port);
  CHECK(value(before, "scsa_websocket_connections_open") == 0);
  CHECK(before.count("scsa_commit_latency_seconds_bucket{le=\"+Inf\"}") == 1);
  CHECK(before.count("scsa_sessions") == 1);

  const auto session = create_session(port, "Metrics workshop");
  std::vector<std::unique_ptr<live_peer>> peers;
  for (int i = 0; i < 3; ++i) {
    peers.push_back(std::make_unique<live_peer>());
    REQUIRE(peers.back()->connect(port));
    auto joined = peers.back()->request({{"type", "join"}, {"id", "j"}, {"code", session.join_code}});
    REQUIRE(joined);
    REQUIRE((*joined)["type"] == "ack");
    for (int statement = 1; statement <= 2; ++statement) {
      auto answered =
          peers.back()->request(answer_frame("a" + std::to_string(statement), statement, "current", 3));
      REQUIRE(answered);
      REQUIRE((*answered)["type"] == "ack");
    }
  }
  auto refused = peers.front()->request(answer_frame("bad", 99, "current", 3));  // no statement 99
  REQUIRE(refused);
  CHECK((*refused)["type"] == "error");
  REQUIRE(peers.front()->send_text("{not json"));
  REQUIRE(peers.front()->take([](const json& f) { return f.value("code", "") == "bad_json"; }));
  REQUIRE(peers.front()->sync());  // one ping, answered with a pong

  const auto after = scrape(port);
  auto delta = [&](const std::string& key) { return value(after, key) - value(before, key); };
  CHECK(delta("scsa_commands_total{type=\"join\",result=\"ok\"}") == 3);
  CHECK(delta("scsa_commands_total{type=\"answer\",result=\"ok\"}") == 6);
  CHECK(delta("scsa_commands_total{type=\"invalid\",result=\"error\"}") == 1);
  CHECK(delta("scsa_commands_total{type=\"ping\",result=\"ok\"}") == 1);
  const double refused_answers = delta("scsa_commands_total{type=\"answer\",result=\"error\"}");
  CHECK(refused_answers == 1);
  CHECK(delta("scsa_ack_latency_seconds_count") == 3 + 6 + 1 + 1 + refused_answers);
  // Each committed answer's way through the log, stage by stage (joins answer with their snapshot).
  double stages = 0;
  for (const char* stage : {"decide", "queue", "commit", "reply"}) {
    INFO(stage);
    const std::string labels = std::string("{stage=\"") + stage + "\"}";
    CHECK(delta("scsa_ack_stage_seconds_count" + labels) == 6);
    stages += delta("scsa_ack_stage_seconds_sum" + labels);
  }
  CHECK(stages > 0);
  CHECK(stages <= delta("scsa_ack_latency_seconds_sum"));
  CHECK(value(after, "scsa_websocket_connections_open") == 3);
  CHECK(delta("scsa_websocket_connections_total") == 3);
  CHECK(delta("scsa_http_requests_total") >= 2);  // the session's creation and the first scrape
  CHECK(value(after, "scsa_sessions") == 1);

  // Every event the log grew by was counted, in commits the histograms saw.
  const double appended = delta("scsa_events_appended_total");
  CHECK(appended == delta("scsa_last_sequence"));
  CHECK(appended >= 1 + 3 + 6);
  CHECK(delta("scsa_commits_total") >= 1);
  CHECK(delta("scsa_commit_batch_appends_count") == delta("scsa_commits_total"));
  CHECK(delta("scsa_commit_latency_seconds_count") == delta("scsa_commits_total"));
  CHECK(delta("scsa_commit_batch_appends_sum") >= 1 + 3 + 6);  // the session, the joins, the answers
  CHECK(value(after, "scsa_commit_latency_seconds_bucket{le=\"+Inf\"}") ==
        value(after, "scsa_commits_total"));

  peers.clear();  // the server sees three closes
  std::map<std::string, double> closed;
  for (int attempt = 0; attempt < 100; ++attempt) {
    closed = scrape(port);
    if (value(closed, "scsa_websocket_connections_open") == 0) break;
    std::this_thread::sleep_for(20ms);
  }
  CHECK(value(closed, "scsa_websocket_connections_open") == 0);
}

TEST_CASE("metrics: only loopback without proxy headers, or the operator token", "[live][metrics]") {
  const std::string token = "operator-token-for-the-metrics-test";
  const auto hash_file =
      std::filesystem::temp_directory_path() / ("scsa-metrics-" + std::to_string(::getpid()));
  std::ofstream(hash_file) << scsa::server::hash_token(token) << "\n";
  server_process server({"--operator-token-file", hash_file.string()});
  std::filesystem::remove(hash_file);
  const auto port = server.port();

  CHECK(http_get(port, "/metrics").status == 200);
  const auto proxied = http_get(port, "/metrics", {{"X-Forwarded-For", "203.0.113.9"}});
  CHECK(proxied.status == 403);
  CHECK(proxied.body.find("operator token") != std::string::npos);
  CHECK(http_get(port, "/metrics", {{"X-Real-IP", "203.0.113.9"}}).status == 403);
  CHECK(http_get(port, "/metrics", {{"Forwarded", "for=203.0.113.9"}}).status == 403);
  CHECK(http_get(port, "/metrics", {{"X-Forwarded-For", "1.2.3.4"}, {"Authorization", "Bearer wrong"}})
            .status == 403);
  CHECK(http_get(port, "/metrics", {{"X-Forwarded-For", "1.2.3.4"}, {"Authorization", "Bearer " + token}})
            .status == 200);
  CHECK(http_post(port, "/metrics", "").status == 405);
  // Every response names its request; a proxy's id is kept.
  CHECK_FALSE(http_get(port, "/healthz").header("X-Request-Id").empty());
  CHECK(http_get(port, "/healthz", {{"X-Request-Id", "abc-123"}}).header("X-Request-Id") == "abc-123");
  CHECK(http_get(port, "/healthz", {{"X-Request-Id", "bad id\"<>"}}).header("X-Request-Id") != "bad id\"<>");
}

TEST_CASE("metrics: loopback addresses, histogram buckets and the text format", "[metrics]") {
  using scsa::server::is_loopback_address;
  CHECK(is_loopback_address("127.0.0.1"));
  CHECK(is_loopback_address("127.8.9.10"));
  CHECK(is_loopback_address("::1"));
  CHECK(is_loopback_address("::ffff:127.0.0.1"));
  CHECK_FALSE(is_loopback_address("10.0.0.1"));
  CHECK_FALSE(is_loopback_address("::ffff:10.0.0.1"));
  CHECK_FALSE(is_loopback_address("::2"));
  CHECK_FALSE(is_loopback_address("unknown"));
  CHECK_FALSE(is_loopback_address(""));

  scsa::server::histogram h{1, 2, 4};
  for (double v : {0.5, 1.0, 1.5, 3.0, 100.0}) h.observe(v);
  std::string out;
  h.render(out, "x");
  const auto values = parse_metrics(out);
  CHECK(values.at("x_bucket{le=\"1\"}") == 2);  // le: less than or equal
  CHECK(values.at("x_bucket{le=\"2\"}") == 3);
  CHECK(values.at("x_bucket{le=\"4\"}") == 4);
  CHECK(values.at("x_bucket{le=\"+Inf\"}") == 5);
  CHECK(values.at("x_count") == 5);
  CHECK(values.at("x_sum") == Approx(106.0));

  scsa::server::server_metrics m;
  m.command_answered(scsa::server::command_type::answer, scsa::server::command_result::ok,
                     std::chrono::milliseconds(3));
  m.set_gauge("scsa_example", "an example", [] { return 7.0; });
  m.set_gauge("scsa_example", "an example", [] { return 8.0; });  // replaced, not doubled
  m.set_mail_outbox_size(3);
  const auto text = m.render();
  CHECK(text.find("# TYPE scsa_commands_total counter") != std::string::npos);
  CHECK(text.find("# TYPE scsa_ack_latency_seconds histogram") != std::string::npos);
  const auto rendered = parse_metrics(text);
  CHECK(rendered.at("scsa_commands_total{type=\"answer\",result=\"ok\"}") == 1);
  CHECK(rendered.at("scsa_ack_latency_seconds_bucket{le=\"0.0025\"}") == 0);
  CHECK(rendered.at("scsa_ack_latency_seconds_bucket{le=\"0.005\"}") == 1);
  CHECK(rendered.at("scsa_example") == 8);
  CHECK(rendered.at("scsa_mail_outbox_size") == 3);
  m.remove_gauge("scsa_example");
  CHECK(m.render().find("scsa_example") == std::string::npos);
}

TEST_CASE("metrics: the mail outbox's size counts a queued confirmation mail", "[live][metrics]") {
  server_process server;  // no --smtp-host: mails stay queued
  CHECK(value(scrape(server.port()), "scsa_mail_outbox_size") == 0);
  const auto submitted = http_post(server.port(), "/api/requests",
                                   json{{"name", "Anne de Vries"}, {"email", "anne@gemeente.nl"}}.dump(),
                                   {{"Content-Type", "application/json"}});
  REQUIRE(submitted.status == 201);
  double queued = 0;
  for (int attempt = 0; attempt < 200 && queued == 0; ++attempt) {  // the worker counts after its pass
    queued = value(scrape(server.port()), "scsa_mail_outbox_size");
    if (queued == 0) std::this_thread::sleep_for(20ms);
  }
  CHECK(queued == 1);
}
