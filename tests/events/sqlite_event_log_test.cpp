// The event log's contract seen from a caller, on both engines (SQLite and PostgreSQL, one suite): append
// and read back, expected versions, idempotency by command id, validation, subscriptions and reopening; and
// how opening each engine fails.
#include "events/sqlite_event_log.hpp"

#include <catch2/catch.hpp>

#include <vector>

#include "events/sqlite_handle.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/events/log_store.hpp"

using namespace scsa::events;
using scsa::events::testing::append_async;
using scsa::events::testing::engines;
using scsa::events::testing::log_store;
using scsa::events::testing::make_request;
using scsa::events::testing::temp_dir;

TEST_CASE("appended events read back with their envelope", "[events]") {
  log_store store(GENERATE(engines()));
  auto log = store.open();
  CHECK(log->last_sequence() == 0);

  append_request request;
  request.stream_id = "session-1";
  request.expected_version = no_stream;
  request.command_id = "cmd-1";
  request.actor = "alice";
  request.time_ms = 1'732'800'000'123;
  request.events = {{"session_created", 1, R"({"title":"Zwolle"})"},
                    {"participant_joined", 2, R"({"p":"x"})"}};
  const append_result first = log->append_and_wait(request);
  REQUIRE(first.status == append_status::committed);
  CHECK(first.first_sequence == 1);
  CHECK(first.last_sequence == 2);
  CHECK(first.stream_version == 2);

  const append_result second = log->append_and_wait(make_request("session-2", no_stream, "cmd-2", 3));
  REQUIRE(second.status == append_status::committed);
  CHECK(second.first_sequence == 3);
  CHECK(second.last_sequence == 5);
  CHECK(second.stream_version == 3);
  CHECK(log->last_sequence() == 5);

  const auto stream = log->read_stream("session-1");
  REQUIRE(stream.size() == 2);
  CHECK(stream[0] == recorded_event{1, "session-1", 1, "session_created", 1, R"({"title":"Zwolle"})", "alice",
                                    "cmd-1", 1'732'800'000'123});
  CHECK(stream[1] == recorded_event{2, "session-1", 2, "participant_joined", 2, R"({"p":"x"})", "alice",
                                    "cmd-1", 1'732'800'000'123});

  SECTION("read_stream from a version") {
    const auto tail = log->read_stream("session-2", 2);
    REQUIRE(tail.size() == 2);
    CHECK(tail[0].version == 2);
    CHECK(tail[0].payload == R"({"n":1})");
    CHECK(tail[1].version == 3);
    CHECK(log->read_stream("session-2", 2, 1).size() == 1);
    CHECK(log->read_stream("session-2", 4).empty());
    CHECK(log->read_stream("no-such-stream").empty());
  }
  SECTION("read_all_after with a limit") {
    const auto page = log->read_all_after(1, 3);
    REQUIRE(page.size() == 3);
    CHECK(page[0].sequence == 2);
    CHECK(page[1].sequence == 3);
    CHECK(page[2].sequence == 4);
    CHECK(page[1].stream_id == "session-2");
    CHECK(log->read_all_after(4, 100).size() == 1);
    CHECK(log->read_all_after(5, 100).empty());
    CHECK(log->read_all_after(0, 0).empty());
  }
  SECTION("read_all_after into a reused vector gives the same events, whatever it held") {
    std::vector<recorded_event> into(7,
                                     recorded_event{9, std::string(100, 'x'), 9, "t", 9, "{}", "a", "c", 9});
    log->read_all_after(0, 100, into);
    CHECK(into == log->read_all_after(0, 100));
    log->read_all_after(1, 2, into);  // fewer events than it holds, shorter strings in reused buffers
    CHECK(into == log->read_all_after(1, 2));
    log->read_all_after(3, 100, into);
    CHECK(into == log->read_all_after(3, 100));
    log->read_all_after(5, 100, into);
    CHECK(into.empty());
  }
}

TEST_CASE("expected versions guard a stream", "[events]") {
  log_store store(GENERATE(engines()));
  auto log = store.open();
  REQUIRE(log->append_and_wait(make_request("s", no_stream, "c1", 2)).status == append_status::committed);

  SECTION("a stale expected version conflicts and writes nothing") {
    const append_result conflict = log->append_and_wait(make_request("s", 1, "c2"));
    CHECK(conflict.status == append_status::version_conflict);
    CHECK(conflict.stream_version == 2);
    CHECK(conflict.first_sequence == 0);
    CHECK_FALSE(conflict.message.empty());
    CHECK(log->last_sequence() == 2);
    // The command id of a conflicting append is not spent.
    CHECK(log->append_and_wait(make_request("s", 2, "c2")).status == append_status::committed);
  }
  SECTION("no_stream conflicts once the stream has events") {
    const append_result conflict = log->append_and_wait(make_request("s", no_stream, "c2"));
    CHECK(conflict.status == append_status::version_conflict);
    CHECK(conflict.stream_version == 2);
    CHECK(log->append_and_wait(make_request("other", no_stream, "c3")).status == append_status::committed);
  }
  SECTION("a version ahead of the stream conflicts") {
    CHECK(log->append_and_wait(make_request("s", 5, "c2")).status == append_status::version_conflict);
    CHECK(log->append_and_wait(make_request("fresh", 1, "c3")).stream_version == 0);
  }
  SECTION("the exact version appends with the next versions") {
    const append_result next = log->append_and_wait(make_request("s", 2, "c2", 2));
    CHECK(next.status == append_status::committed);
    CHECK(next.stream_version == 4);
    const auto events = log->read_stream("s");
    REQUIRE(events.size() == 4);
    for (std::size_t i = 0; i < events.size(); ++i)
      CHECK(events[i].version == static_cast<std::int64_t>(i + 1));
  }
  SECTION("any_version skips the check") {
    CHECK(log->append_and_wait(make_request("s", any_version, "c2")).stream_version == 3);
    CHECK(log->append_and_wait(make_request("new", any_version, "c3")).stream_version == 1);
  }
}

TEST_CASE("a command id lands once", "[events]") {
  log_store store(GENERATE(engines()));
  auto log = store.open();
  REQUIRE(log->append_and_wait(make_request("a", no_stream, "first", 1)).status == append_status::committed);
  const append_result original = log->append_and_wait(make_request("s", no_stream, "cmd", 3));
  REQUIRE(original.status == append_status::committed);
  REQUIRE(log->append_and_wait(make_request("s", 3, "later")).status == append_status::committed);

  // The retry's expected version would now conflict: it is still a duplicate, answered with the original.
  const append_result retry = log->append_and_wait(make_request("s", no_stream, "cmd", 3));
  CHECK(retry.status == append_status::duplicate);
  CHECK(retry.first_sequence == original.first_sequence);
  CHECK(retry.last_sequence == original.last_sequence);
  CHECK(retry.stream_version == 3);
  CHECK(log->last_sequence() == 5);
  CHECK(log->read_stream("s").size() == 4);

  SECTION("even for another stream") {
    const append_result elsewhere = log->append_and_wait(make_request("t", any_version, "cmd"));
    CHECK(elsewhere.status == append_status::duplicate);
    CHECK(elsewhere.first_sequence == original.first_sequence);
    CHECK(log->read_stream("t").empty());
  }
  SECTION("and after reopening") {
    log->close();
    log.reset();
    log = store.open();
    const append_result again = log->append_and_wait(make_request("s", any_version, "cmd"));
    CHECK(again.status == append_status::duplicate);
    CHECK(again.last_sequence == original.last_sequence);
    CHECK(log->last_sequence() == 5);
  }
}

TEST_CASE("invalid requests are rejected with a message and write nothing", "[events]") {
  log_store store(GENERATE(engines()));
  auto log = store.open();
  append_request request = make_request("s", no_stream, "c");
  std::string expected_words;
  SECTION("empty stream id") {
    request.stream_id.clear();
    expected_words = "stream id";
  }
  SECTION("empty command id") {
    request.command_id.clear();
    expected_words = "command id";
  }
  SECTION("no events") {
    request.events.clear();
    expected_words = "at least one event";
  }
  SECTION("payload that is not JSON") {
    request.events.push_back(new_event{"broken", 1, "{\"a\":"});
    expected_words = "not valid JSON";
  }
  SECTION("empty type") {
    request.events[0].type.clear();
    expected_words = "type";
  }
  SECTION("schema version 0") {
    request.events[0].schema_version = 0;
    expected_words = "schema version";
  }
  SECTION("expected version below any_version") {
    request.expected_version = -2;
    expected_words = "expected version";
  }
  const append_result result = log->append_and_wait(request);
  CHECK(result.status == append_status::rejected);
  CHECK_THAT(result.message, Catch::Matchers::Contains(expected_words));
  CHECK(log->last_sequence() == 0);
  CHECK(log->statistics().appends == 0);
}

TEST_CASE("subscribers see each commit's events in sequence order before the appends complete", "[events]") {
  log_store store(GENERATE(engines()));
  auto log = store.open();
  std::vector<recorded_event> seen;  // written by the writer thread, read after append_and_wait returned
  const auto id = log->subscribe([&seen](const std::vector<recorded_event>& events) {
    seen.insert(seen.end(), events.begin(), events.end());
  });
  REQUIRE(log->append_and_wait(make_request("s", no_stream, "c1", 2)).status == append_status::committed);
  REQUIRE(seen.size() == 2);  // the completion ran after the subscriber
  CHECK(seen[0].sequence == 1);
  CHECK(seen[1].sequence == 2);
  CHECK(seen == log->read_all_after(0, 10));

  // Duplicates, conflicts and rejections record nothing, so subscribers hear nothing of them.
  CHECK(log->append_and_wait(make_request("s", no_stream, "c1")).status == append_status::duplicate);
  CHECK(log->append_and_wait(make_request("s", 7, "c2")).status == append_status::version_conflict);
  CHECK(seen.size() == 2);

  log->unsubscribe(id);
  REQUIRE(log->append_and_wait(make_request("s", 2, "c3")).status == append_status::committed);
  CHECK(seen.size() == 2);
}

TEST_CASE("a subscriber that throws does not stop the writer", "[events]") {
  log_store store(GENERATE(engines()));
  auto log = store.open();
  log->subscribe([](const std::vector<recorded_event>&) { throw std::runtime_error("subscriber bug"); });
  CHECK(log->append_and_wait(make_request("s", no_stream, "c1")).status == append_status::committed);
  CHECK(log->append_and_wait(make_request("s", 1, "c2")).status == append_status::committed);
}

TEST_CASE("a reopened log has everything, and close drains the queue", "[events]") {
  log_store store(GENERATE(engines()));
  std::vector<std::future<append_result>> pending;
  {
    auto log = store.open();
    for (int i = 0; i < 50; ++i) {
      pending.push_back(append_async(
          *log, make_request("s" + std::to_string(i % 5), any_version, "c" + std::to_string(i), 2)));
    }
  }  // the destructor writes everything queued before it returns
  for (auto& result : pending) CHECK(result.get().status == append_status::committed);

  auto log = store.open();
  CHECK(log->last_sequence() == 100);
  CHECK(log->read_all_after(0, 1000).size() == 100);
  CHECK(log->read_stream("s3").size() == 20);
  const append_result next = log->append_and_wait(make_request("s3", 20, "c-next"));
  CHECK(next.status == append_status::committed);
  CHECK(next.first_sequence == 101);

  log->close();
  const append_result after_close = log->append_and_wait(make_request("s3", any_version, "c-late"));
  CHECK(after_close.status == append_status::storage_error);
  CHECK_THAT(after_close.message, Catch::Matchers::Contains("closed"));
  CHECK(log->last_sequence() == 101);  // reads still work once the writer is gone
}

TEST_CASE("opening fails loudly when the file cannot be used", "[events]") {
  temp_dir dir;
  SECTION("a missing directory") {
    CHECK_THROWS_AS(sqlite_event_log::open(dir.file("missing/log.db")), storage_failure);
  }
  SECTION("a database without WAL (in memory)") {
    CHECK_THROWS_WITH(sqlite_event_log::open(":memory:"), Catch::Matchers::Contains("wal"));
  }
  SECTION("a batch size of 0") {
    sqlite_options options;
    options.max_batch_size = 0;
    CHECK_THROWS_AS(sqlite_event_log::open(dir.file("log.db"), options), std::invalid_argument);
  }
}

TEST_CASE("opening PostgreSQL fails loudly and names the database without its password",
          "[events][postgres]") {
  const std::string cluster = scsa::events::testing::test_cluster_uri();
  const std::string host = cluster.substr(cluster.find('@') + 1, cluster.rfind('/') - cluster.find('@') - 1);
  SECTION("a database that does not exist") {
    CHECK_THROWS_WITH(postgres_event_log::open("postgresql://postgres@" + host + "/no_such_db"),
                      Catch::Matchers::Contains("cannot open the PostgreSQL database") &&
                          Catch::Matchers::Contains("no_such_db"));
  }
  SECTION("a password never appears in the message") {
    CHECK_THROWS_WITH(postgres_event_log::open("postgresql://someone:s3cret@127.0.0.1:1/scsa"),
                      !Catch::Matchers::Contains("s3cret") && Catch::Matchers::Contains("someone:***@"));
  }
  CHECK(is_postgres_uri("postgresql://a@b/c"));
  CHECK(is_postgres_uri("postgres://a@b/c"));
  CHECK_FALSE(is_postgres_uri("data/scsa.db"));
  CHECK(redacted_uri("postgresql://u:p@h:5/d") == "postgresql://u:***@h:5/d");
  CHECK(redacted_uri("postgresql://u@h/d") == "postgresql://u@h/d");
}
