// Fail-stop: a failed fsync (SQLITE_IOERR) stops the writer for good, unlike a full disk (SQLITE_FULL, see
// storage_failure_test), because after a failed fsync the kernel may have dropped the pages it could not
// write, and a retry that "succeeds" would acknowledge what is not on disk.
#include <catch2/catch.hpp>

#include <string>

#include "events/sqlite_event_log.hpp"
#include "events/sqlite_handle.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/events/faulty_vfs.hpp"

using namespace scsa::events;
using scsa::events::testing::faulty_vfs;
using scsa::events::testing::make_request;
using scsa::events::testing::temp_dir;

TEST_CASE("a failed fsync stops the writer instead of retrying", "[events]") {
  temp_dir dir;
  const std::string path = dir.file("log.db");
  {
    faulty_vfs disk;
    auto log = sqlite_event_log::open(path);
    REQUIRE(log->append_and_wait(make_request("s", no_stream, "c1")).status == append_status::committed);
    CHECK(log->writer_failure().empty());

    disk.fail_sync(true);
    const append_result failed = log->append_and_wait(make_request("s", 1, "c2"));
    CHECK(disk.failed_syncs() > 0);
    CHECK(failed.status == append_status::storage_error);
    CHECK_THAT(failed.message, Catch::Matchers::Contains("I/O error"));
    CHECK_THAT(log->writer_failure(), Catch::Matchers::Contains("I/O error"));  // what /healthz reports

    // The disk works again, but the writer does not trust it: nothing more is written until a restart.
    disk.fail_sync(false);
    const std::uint64_t commits_before = log->statistics().commits;
    const append_result after = log->append_and_wait(make_request("t", no_stream, "c3"));
    CHECK(after.status == append_status::storage_error);
    CHECK_THAT(after.message, Catch::Matchers::Contains("stopped after an I/O error"));
    CHECK(log->statistics().commits == commits_before);
    CHECK(log->statistics().failed_commits == 1);  // c3 was never tried
    log->close();
  }
  // A restart recovers from the file: what was committed is there, what was refused is not, and the log
  // takes appends again.
  auto reopened = sqlite_event_log::open(path);
  CHECK(reopened->read_stream("s").size() >= 1);
  CHECK(reopened->read_stream("t").empty());
  CHECK(reopened->append_and_wait(make_request("t", no_stream, "c3")).status == append_status::committed);
  reopened->close();
  auto check = sqlite_connection::open(path, SQLITE_OPEN_READONLY);
  CHECK(check.query_text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("a full disk does not stop the writer", "[events]") {
  temp_dir dir;
  sqlite_options options;
  options.max_page_count = 1;
  auto log = sqlite_event_log::open(dir.file("log.db"), options);
  append_request large = make_request("s", no_stream, "big");
  large.events[0].payload = "{\"blob\":\"" + std::string(64 * 1024, 'x') + "\"}";
  const append_result full = log->append_and_wait(large);
  CHECK(full.status == append_status::storage_error);
  CHECK_THAT(full.message, !Catch::Matchers::Contains("stopped"));
  CHECK(log->writer_failure().empty());  // not fail-stop: /healthz stays ok
  log->set_max_page_count(1'000'000);
  CHECK(log->append_and_wait(large).status == append_status::committed);
}
