// --log-format json: every log line of a real server is one JSON object with time, level, thread and the
// message, whatever characters the message holds; request ids appear in the debug lines.
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/ops/log_format.hpp"
#include "tests/server/server_process.hpp"
#include "tests/server/test_client.hpp"

using namespace scsa::testing;

TEST_CASE("log format: JSON escaping of messages", "[logs]") {
  using scsa::server::json_escaped;
  CHECK(json_escaped("plain") == "plain");
  CHECK(json_escaped("a \"quote\" and \\ back") == "a \\\"quote\\\" and \\\\ back");
  CHECK(json_escaped("line\nnext\ttab\r") == "line\\nnext\\ttab\\r");
  CHECK(json_escaped(std::string("nul\0bell\a", 9)) == "nul\\u0000bell\\u0007");
  CHECK(json_escaped("ünïcode ✓") == "ünïcode ✓");
  const std::string tricky = "{\"x\": \"\\n\"}\x01";
  CHECK(nlohmann::json::parse("\"" + json_escaped(tricky) + "\"").get<std::string>() == tricky);
}

TEST_CASE("log format: a server with --log-format json writes one JSON object per line", "[live][logs]") {
  server_process server({"--log-format", "json", "--log-level", "debug"});
  CHECK(http_get(server.port(), "/healthz", {{"X-Request-Id", "trace-me-42"}}).status == 200);
  CHECK(http_get(server.port(), "/nothing-here").status == 404);
  REQUIRE(server.terminate());
  std::istringstream lines(server.output());
  std::string line;
  int logged = 0;
  bool request_seen = false;
  bool stopped_seen = false;
  while (std::getline(lines, line)) {
    if (line.starts_with("scsa-server listening on")) continue;  // stdout, for people and scripts
    INFO(line);
    const auto object = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_FALSE(object.is_discarded());
    CHECK(object["time"].get<std::string>().ends_with("Z"));
    CHECK(object.contains("level"));
    CHECK(object["thread"].is_number());
    const auto message = object["message"].get<std::string>();
    request_seen = request_seen || message.find("request trace-me-42 ") != std::string::npos;
    stopped_seen = stopped_seen || message == "stopped";
    ++logged;
  }
  CHECK(logged >= 2);
  CHECK(request_seen);
  CHECK(stopped_seen);
}
