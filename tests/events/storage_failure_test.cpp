// Storage failures (a "full disk" made with SQLite's max_page_count): every append of the failed batch
// reports storage_error, nothing of it is visible, and the writer works again once there is room.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "events/sqlite_event_log.hpp"
#include "events/sqlite_handle.hpp"
#include "tests/events/event_log_testing.hpp"

using namespace scsa::events;
using scsa::events::testing::append_async;
using scsa::events::testing::make_request;
using scsa::events::testing::temp_dir;
using scsa::events::testing::writer_gate;

namespace {

// An append whose payload needs many new pages.
append_request large_request(std::string stream_id, std::string command_id) {
  append_request request = make_request(std::move(stream_id), any_version, std::move(command_id));
  request.events[0].payload = "{\"blob\":\"" + std::string(64 * 1024, 'x') + "\"}";
  return request;
}

}  // namespace

TEST_CASE("a full disk fails the batch, and the writer recovers", "[events]") {
  temp_dir dir;
  const std::string path = dir.file("log.db");
  sqlite_options options;
  options.max_page_count = 1;  // clamped to the file's current size: it cannot grow
  auto log = sqlite_event_log::open(path, options);

  const append_result failed = log->append_and_wait(large_request("s", "c1"));
  CHECK(failed.status == append_status::storage_error);
  CHECK_THAT(failed.message, Catch::Matchers::Contains("full"));
  CHECK(failed.first_sequence == 0);
  CHECK(log->last_sequence() == 0);
  CHECK(log->statistics().failed_commits == 1);
  CHECK(log->statistics().commits == 0);

  SECTION("every append of the failing batch fails, even those that would fit") {
    writer_gate gate(*log);
    log->set_max_page_count(1'000'000);
    auto first = append_async(*log, make_request("warm-up", any_version, "c-first"));
    gate.wait_until_writer_held();
    log->set_max_page_count(1);  // applies before the next batch
    auto small = append_async(*log, make_request("s", no_stream, "c-small"));
    auto large = append_async(*log, large_request("s", "c-large"));
    auto after = append_async(*log, make_request("t", no_stream, "c-after"));
    gate.open();
    CHECK(first.get().status == append_status::committed);
    CHECK(small.get().status == append_status::storage_error);
    CHECK(large.get().status == append_status::storage_error);
    CHECK(after.get().status == append_status::storage_error);
    CHECK(log->last_sequence() == 1);
    CHECK(log->read_stream("s").empty());
    CHECK(log->statistics().failed_commits == 2);

    log->set_max_page_count(1'000'000);
    // The same command ids were never spent: retrying them commits.
    CHECK(log->append_and_wait(make_request("s", no_stream, "c-small")).status == append_status::committed);
    CHECK(log->append_and_wait(large_request("s", "c-large")).status == append_status::committed);
  }
  SECTION("the same append commits once there is room") {
    log->set_max_page_count(1'000'000);
    const append_result retried = log->append_and_wait(large_request("s", "c1"));
    CHECK(retried.status == append_status::committed);
    CHECK(retried.first_sequence == 1);
    CHECK(log->read_stream("s").size() == 1);
  }

  log->close();
  auto check = sqlite_connection::open(path, SQLITE_OPEN_READONLY);
  CHECK(check.query_text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("a failed commit leaves later appends unaffected", "[events]") {
  temp_dir dir;
  sqlite_options options;
  options.max_page_count = 1;
  auto log = sqlite_event_log::open(dir.file("log.db"), options);
  // Small appends fit into the pages the file already has; the large one does not.
  CHECK(log->append_and_wait(make_request("s", no_stream, "c1")).status == append_status::committed);
  CHECK(log->append_and_wait(large_request("s", "c2")).status == append_status::storage_error);
  const append_result next = log->append_and_wait(make_request("s", 1, "c3"));
  CHECK(next.status == append_status::committed);
  CHECK(next.first_sequence == 2);  // the rolled-back sequence is reused: no gap
}
