// Snapshots beside the log, on both engines: written and read back by name, replaced by the next, kept
// across a reopen; a payload changed behind the log's back, or one that covers events the log does not
// have, is refused with the reason rather than handed out.
#include <catch2/catch.hpp>

#include <string>

#include "events/pg_handle.hpp"
#include "events/sqlite_handle.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/events/log_store.hpp"

using namespace scsa::events;
using scsa::events::testing::engines;
using scsa::events::testing::log_store;
using scsa::events::testing::make_request;

namespace {

// Runs SQL on the store behind the log (as a damaged disk or a careless hand would).
void tamper(const log_store& store, const std::string& sql) {
  if (store.engine() == "sqlite") {
    auto connection = sqlite_connection::open(store.location(), SQLITE_OPEN_READWRITE);
    connection.exec(sql);
  } else {
    pg_connection::open(store.location()).exec(sql);
  }
}

}  // namespace

TEST_CASE("a snapshot is kept by name, replaced by the next and survives a reopen", "[events][snapshots]") {
  log_store store(GENERATE(engines()));
  {
    auto log = store.open();
    CHECK_FALSE(log->read_snapshot("history").snapshot.has_value());
    CHECK(log->read_snapshot("history").damage.empty());
    for (int i = 0; i < 4; ++i)
      REQUIRE(log->append_and_wait(make_request("s", any_version, "c" + std::to_string(i))).status ==
              append_status::committed);
    log->write_snapshot("history", log_snapshot{3, 1, R"({"through":3,"text":"één"})", 1'700'000'000'000});
    const auto first = log->read_snapshot("history");
    REQUIRE(first.snapshot.has_value());
    CHECK(first.snapshot->covers_sequence == 3);
    CHECK(first.snapshot->schema_version == 1);
    CHECK(first.snapshot->payload == R"({"through":3,"text":"één"})");
    CHECK(first.snapshot->written_ms == 1'700'000'000'000);

    log->write_snapshot("history", log_snapshot{4, 2, "second", 1'700'000'000'500});
    log->write_snapshot("other", log_snapshot{1, 1, "another name", 1});
  }
  auto log = store.open();
  const auto read = log->read_snapshot("history");
  REQUIRE(read.snapshot.has_value());
  CHECK(read.snapshot->covers_sequence == 4);
  CHECK(read.snapshot->schema_version == 2);
  CHECK(read.snapshot->payload == "second");
  CHECK(log->read_snapshot("other").snapshot->payload == "another name");
}

TEST_CASE("a damaged snapshot, or one ahead of the log, is refused with the reason", "[events][snapshots]") {
  log_store store(GENERATE(engines()));
  auto log = store.open();
  REQUIRE(log->append_and_wait(make_request("s", any_version, "c1", 2)).status == append_status::committed);
  log->write_snapshot("history", log_snapshot{2, 1, "0123456789", 5});
  REQUIRE(log->read_snapshot("history").snapshot.has_value());

  tamper(store, "UPDATE snapshots SET payload = '01234' WHERE name = 'history'");
  auto cut = log->read_snapshot("history");
  CHECK_FALSE(cut.snapshot.has_value());
  CHECK_THAT(cut.damage, Catch::Matchers::Contains("digest"));

  log->write_snapshot("history", log_snapshot{9, 1, "ahead", 5});
  auto ahead = log->read_snapshot("history");
  CHECK_FALSE(ahead.snapshot.has_value());
  CHECK_THAT(ahead.damage, Catch::Matchers::Contains("log ends at 2"));
}

TEST_CASE("the snapshot digest tells payloads apart", "[events][snapshots]") {
  CHECK(snapshot_digest("") == "cbf29ce484222325");  // FNV-1a 64 of nothing: its offset basis
  CHECK(snapshot_digest("a") == "af63dc4c8601ec8c");
  CHECK(snapshot_digest("ab") != snapshot_digest("ba"));
}
