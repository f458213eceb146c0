// Schema migrations by user_version and the durability settings of the writer connection.
#include "events/schema.hpp"

#include <catch2/catch.hpp>

#include "events/sqlite_event_log.hpp"
#include "events/sqlite_settings.hpp"
#include "tests/events/event_log_testing.hpp"

using namespace scsa::events;
using scsa::events::testing::make_request;
using scsa::events::testing::temp_dir;

namespace {

std::int64_t count_tables(sqlite_connection& connection) {
  return connection.query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
}

}  // namespace

TEST_CASE("migrations are numbered in order", "[events]") {
  std::int64_t expected = 1;
  for (const migration& step : migrations()) CHECK(step.version == expected++);
  CHECK(latest_schema_version() == expected - 1);
}

TEST_CASE("migrating is idempotent", "[events]") {
  temp_dir dir;
  auto connection = sqlite_connection::open(dir.file("log.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  CHECK(connection.query_int("PRAGMA user_version") == 0);
  CHECK(apply_migrations(connection) == latest_schema_version());
  CHECK(connection.query_int("PRAGMA user_version") == latest_schema_version());
  const std::int64_t tables = count_tables(connection);
  CHECK(tables == 4);  // events, commands, snapshots, commands_indexed
  CHECK(apply_migrations(connection) == latest_schema_version());
  CHECK(count_tables(connection) == tables);
  CHECK_FALSE(connection.in_transaction());
}

TEST_CASE("a log reopened keeps its schema version and data", "[events]") {
  temp_dir dir;
  const std::string path = dir.file("log.db");
  for (int round = 0; round < 3; ++round) {
    auto log = sqlite_event_log::open(path);
    CHECK(log->append_and_wait(make_request("s", round, "c" + std::to_string(round))).status ==
          append_status::committed);
  }
  auto connection = sqlite_connection::open(path, SQLITE_OPEN_READWRITE);
  CHECK(connection.query_int("PRAGMA user_version") == latest_schema_version());
  CHECK(connection.query_int("SELECT count(*) FROM events") == 3);
  CHECK(connection.query_text("PRAGMA journal_mode") == "wal");  // WAL persists in the file
}

TEST_CASE("a database newer than the code is refused", "[events]") {
  temp_dir dir;
  {
    auto connection = sqlite_connection::open(dir.file("log.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    connection.exec("PRAGMA user_version=" + std::to_string(latest_schema_version() + 1));
  }
  CHECK_THROWS_WITH(sqlite_event_log::open(dir.file("log.db")), Catch::Matchers::Contains("newer"));
}

TEST_CASE("the writer connection runs WAL with synchronous=FULL", "[events]") {
  temp_dir dir;
  auto connection = sqlite_connection::open(dir.file("log.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  configure_writer(connection, std::chrono::milliseconds(1234));
  CHECK(connection.query_text("PRAGMA journal_mode") == "wal");
  CHECK(connection.query_int("PRAGMA synchronous") == 2);
  CHECK(connection.query_int("PRAGMA busy_timeout") == 1234);
}
