// [interop]: Debian's python3-websockets, an independent RFC 6455 implementation, drives the real server
// through tests/interop/websockets_client.py (join, answer and its ack, fragments, ping, resume, the 1000,
// 1003 and 1009 closes). Needs /usr/bin/python3 with the python3-websockets package (ops/setup).
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "tests/server/live_support.hpp"
#include "tests/server/run_command.hpp"
#include "tests/server/server_process.hpp"

using scsa::testing::run_command;

TEST_CASE("interop: python3-websockets joins, answers and gets the ack", "[interop][live]") {
  const std::filesystem::path script =
      std::filesystem::path(SCSA_DATA_DIR).parent_path() / "tests" / "interop" / "websockets_client.py";
  REQUIRE(std::filesystem::exists(script));
  const auto [has_module, why] = run_command("/usr/bin/python3 -c 'import websockets'");
  INFO(why);
  REQUIRE(has_module == 0);  // apt-get install python3-websockets (ops/setup)

  scsa::testing::server_process server;
  const auto session = scsa::testing::create_session(server.port(), "Interop");
  const auto [status, output] = run_command("timeout 60 /usr/bin/python3 " + script.string() + " --port " +
                                            std::to_string(server.port()) + " --code " + session.join_code);
  INFO(output);
  INFO(server.output());
  CHECK(status == 0);
  CHECK(output.find("interop ok") != std::string::npos);
}
