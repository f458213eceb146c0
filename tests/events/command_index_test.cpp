// The SQLite writer's command index (events/command_index.hpp): commands held in memory are found like
// written ones, are written to the commands table once enough are held, and the commands of events the
// table does not cover (a crash before the flush) are indexed when the log opens.
#include "events/command_index.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "events/schema.hpp"
#include "events/sqlite_event_log.hpp"
#include "events/sqlite_handle.hpp"
#include "tests/events/event_log_testing.hpp"

using namespace scsa::events;
using scsa::events::testing::make_request;
using scsa::events::testing::temp_dir;

namespace {

std::int64_t query(const std::string& path, const std::string& sql) {
  auto connection = sqlite_connection::open(path, SQLITE_OPEN_READONLY);
  return connection.query_int(sql);
}

constexpr const char* indexed_through = "SELECT through_sequence FROM commands_indexed";
constexpr const char* commands_written = "SELECT count(*) FROM commands";

}  // namespace

TEST_CASE("held commands count as duplicates and are written once enough are held", "[events]") {
  temp_dir dir;
  const std::string path = dir.file("log.db");
  sqlite_options options;
  options.commands_held = 3;
  auto log = sqlite_event_log::open(path, options);
  std::int64_t version = 0;
  for (int i = 1; i <= 5; ++i) {
    const auto result = log->append_and_wait(make_request("s", version, "c" + std::to_string(i)));
    REQUIRE(result.status == append_status::committed);
    version = result.stream_version;
    if (i == 2) CHECK(query(path, commands_written) == 0);  // still held
  }
  // The third commit reached three held commands: they were written, the last two are held.
  CHECK(query(path, commands_written) == 3);
  CHECK(query(path, indexed_through) == 3);

  const auto written = log->append_and_wait(make_request("s", any_version, "c1"));
  CHECK(written.status == append_status::duplicate);
  CHECK(written.first_sequence == 1);
  CHECK(written.stream_version == 1);
  const auto held = log->append_and_wait(make_request("other", any_version, "c5"));
  CHECK(held.status == append_status::duplicate);
  CHECK(held.last_sequence == 5);
  CHECK(held.message.find("recorded for stream 's'") != std::string::npos);
  CHECK(log->last_sequence() == 5);

  log->close();  // writes what is held
  CHECK(query(path, commands_written) == 5);
  CHECK(query(path, indexed_through) == 5);
}

TEST_CASE("commands of events the index does not cover are indexed when the log opens", "[events]") {
  temp_dir dir;
  const std::string path = dir.file("log.db");
  {
    auto log = sqlite_event_log::open(path);
    REQUIRE(log->append_and_wait(make_request("s", no_stream, "before", 2)).status ==
            append_status::committed);
  }
  {
    // What a crash after a commit and before the flush leaves: events whose command is in no table row.
    auto raw = sqlite_connection::open(path, SQLITE_OPEN_READWRITE);
    raw.exec(
        "INSERT INTO events (stream_id, version, type, schema_version, payload, actor, command_id, time_ms) "
        "VALUES ('s', 3, 't', 1, '{}', 'a', 'lost', 0), ('s', 4, 't', 1, '{}', 'a', 'lost', 0), "
        "('u', 1, 't', 1, '{}', 'a', 'lost-too', 0)");
  }
  REQUIRE(query(path, indexed_through) == 2);
  auto log = sqlite_event_log::open(path);
  CHECK(query(path, commands_written) == 3);
  CHECK(query(path, indexed_through) == 5);

  const auto retry = log->append_and_wait(make_request("s", 4, "lost", 2));
  CHECK(retry.status == append_status::duplicate);
  CHECK(retry.first_sequence == 3);
  CHECK(retry.last_sequence == 4);
  CHECK(retry.stream_version == 4);
  CHECK(log->append_and_wait(make_request("u", any_version, "lost-too")).status == append_status::duplicate);
  CHECK(log->append_and_wait(make_request("s", 4, "new")).status == append_status::committed);
  CHECK(log->read_stream("s").size() == 5);
}

TEST_CASE("a log from before the command index keeps its commands and indexes from its end", "[events]") {
  temp_dir dir;
  const std::string path = dir.file("log.db");
  {
    // Schema version 2 as released: the commands table complete, no commands_indexed.
    auto raw = sqlite_connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    for (const auto& step : migrations())
      if (step.version <= 2) raw.exec(std::string(step.sql));
    raw.exec("PRAGMA user_version=2");
    raw.exec(
        "INSERT INTO events (stream_id, version, type, schema_version, payload, actor, command_id, time_ms) "
        "VALUES ('s', 1, 't', 1, '{}', 'a', 'old', 0);"
        "INSERT INTO commands VALUES ('old', 's', 1, 1, 1)");
  }
  auto log = sqlite_event_log::open(path);
  CHECK(query(path, indexed_through) == 1);
  CHECK(query(path, commands_written) == 1);
  CHECK(log->append_and_wait(make_request("s", any_version, "old")).status == append_status::duplicate);
}
