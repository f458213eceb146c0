// scsa-server migrate: a SQLite installation with a workshop (a named participant's answer, a snapshot)
// moves to an empty PostgreSQL database; the server started there serves the same session with the same
// answer and the name (the tables beside the log moved into PostgreSQL too); the log is the same on both
// sides, row for row; a second migration into the same database and a missing source are refused with a
// message.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "events/pg_handle.hpp"
#include "events/sqlite_handle.hpp"
#include "tests/events/log_store.hpp"
#include "tests/server/live_support.hpp"
#include "tests/server/run_command.hpp"
#include "tests/server/server_process.hpp"

using namespace scsa::testing;

TEST_CASE("migrate: a SQLite installation moves to PostgreSQL, verified, and serves the same sessions",
          "[postgres][migrate]") {
  scsa::events::testing::log_store store("postgres");
  const auto dir =
      std::filesystem::temp_directory_path() / ("scsa-migrate-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  const auto sqlite_db = (dir / "scsa.db").string();
  const std::string binary = SCSA_SERVER_BINARY;

  created_session session;
  {
    server_process before({"--db", sqlite_db});
    session = create_session(before.port(), "Voor de verhuizing");
    live_peer anne;
    REQUIRE(anne.connect(before.port()));
    REQUIRE(anne.request({{"type", "join"}, {"id", "j"}, {"code", session.join_code}, {"name", "Anne"}})
                ->value("type", "") == "ack");
    REQUIRE(anne.request(answer_frame("a1", 4, "current", 3))->value("type", "") == "ack");
    REQUIRE(before.terminate());  // a clean stop writes the history snapshot
  }

  const auto [status, output] =
      run_command(binary + " migrate --from " + sqlite_db + " --to " + store.location());
  INFO(output);
  REQUIRE(status == 0);
  CHECK(output.find("migrated") != std::string::npos);
  CHECK(output.find("1 snapshots") != std::string::npos);

  // Row for row the same log on both sides.
  auto sqlite = scsa::events::sqlite_connection::open(sqlite_db, SQLITE_OPEN_READONLY);
  auto pg = scsa::events::pg_connection::open(store.location());
  const auto events = sqlite.query_int("SELECT count(*) FROM events");
  CHECK(events == 3);  // created, joined, answered
  CHECK(pg.exec("SELECT count(*) FROM events").integer(0, 0) == events);
  CHECK(pg.exec("SELECT last_sequence FROM log_head WHERE id").integer(0, 0) ==
        sqlite.query_int("SELECT max(sequence) FROM events"));
  CHECK(pg.exec("SELECT payload FROM events WHERE sequence = 1").text(0, 0) ==
        sqlite.query_text("SELECT payload FROM events WHERE sequence = 1"));
  // The name moved with the log, into the same database.
  CHECK(pg.exec("SELECT name FROM participant_names").text(0, 0) == "Anne");
  CHECK(output.find("1 rows beside the log") != std::string::npos);

  {
    server_process after({"--db", store.location(), "--log-level", "info"});
    const auto results = fetch_results(after.port(), session.session_id, session.facilitator_token);
    CHECK(results["participants"] == 1);
    CHECK(results["rounds"][0]["consensus"]["statements"][3]["current"]["n"] == 1);
    live_peer host;
    REQUIRE(host.connect(after.port()));
    const auto facilitated = host.request({{"type", "facilitate"},
                                           {"id", "f"},
                                           {"session_id", session.session_id},
                                           {"token", session.facilitator_token}});
    REQUIRE(facilitated->value("type", "") == "ack");
    const auto snapshot = host.take([](const json& frame) { return frame.value("type", "") == "snapshot"; });
    REQUIRE(snapshot);
    CHECK((*snapshot)["participants"][0]["name"] == "Anne");
    CHECK(after.output().find("loaded 1 sessions from the snapshot") != std::string::npos);
  }

  // Refusals, each with its reason.
  const auto [again, again_output] =
      run_command(binary + " migrate --from " + sqlite_db + " --to " + store.location());
  CHECK(again == 1);
  CHECK(again_output.find("already holds a log") != std::string::npos);
  const auto [missing, missing_output] =
      run_command(binary + " migrate --from " + (dir / "nothing.db").string() + " --to " + store.location());
  CHECK(missing == 1);
  CHECK(missing_output.find("no such database") != std::string::npos);
  std::filesystem::remove_all(dir);
}
