// [postgres]: the real scsa-server on PostgreSQL (a fresh database in ctest's test cluster): an answer the
// server acknowledged survives kill -9 and a restart, as on SQLite; a database the server cannot open stops
// it at start with a message that names the database (never its password), instead of the silent SQLite
// folder named "postgresql:" it once made.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include <catch2/catch.hpp>

#include "tests/events/log_store.hpp"
#include "tests/server/live_support.hpp"
#include "tests/server/run_command.hpp"
#include "tests/server/server_process.hpp"

using namespace scsa::testing;

TEST_CASE("server on PostgreSQL: an acknowledged answer survives kill -9", "[live][postgres]") {
  scsa::events::testing::log_store store("postgres");
  server_process server({"--db", store.location()});
  const auto session = create_session(server.port(), "Op PostgreSQL");
  live_peer anne;
  REQUIRE(anne.connect(server.port()));
  REQUIRE(anne.request({{"type", "join"}, {"id", "j"}, {"code", session.join_code}, {"name", "Anne"}})
              ->value("type", "") == "ack");
  const auto ack = anne.request(answer_frame("a1", 4, "current", 3));
  REQUIRE(ack);
  REQUIRE(ack->value("type", "") == "ack");

  server.kill();
  server.restart();
  const auto results = fetch_results(server.port(), session.session_id, session.facilitator_token);
  CHECK(results["participants"] == 1);
  const auto& statement = results["rounds"][0]["consensus"]["statements"][3];
  CHECK(statement["current"]["n"] == 1);
  // The log is PostgreSQL's, not a SQLite file somewhere: the answer is a row there.
  auto rows = scsa::events::pg_connection::open(store.location())
                  .exec("SELECT count(*) FROM events WHERE type = 'answer_given'");
  CHECK(rows.integer(0, 0) == 1);
  // The name lives beside the log in the same database, never in a SQLite file.
  CHECK(scsa::events::pg_connection::open(store.location())
            .exec("SELECT name FROM participant_names")
            .text(0, 0) == "Anne");
}

TEST_CASE("server on PostgreSQL: a database it cannot open stops it with a clear message", "[postgres]") {
  const auto [status, output] =
      run_command(std::string(SCSA_SERVER_BINARY) + " --port 0 --data-dir " + SCSA_DATA_DIR +
                  " --db postgresql://scsa:geheim@127.0.0.1:1/scsa");
  CHECK(status == 1);
  CHECK(output.find("cannot open the PostgreSQL database postgresql://scsa:***@127.0.0.1:1/scsa") !=
        std::string::npos);
  CHECK(output.find("geheim") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists("postgresql:"));
  const auto [checked, check_output] =
      run_command(std::string(SCSA_SERVER_BINARY) + " --check-config --data-dir " + SCSA_DATA_DIR +
                  " --db postgresql://scsa@127.0.0.1:1/scsa");
  CHECK(checked == 1);
  CHECK(check_output.find("--db: cannot open the PostgreSQL database") != std::string::npos);
}
