// [postgres]: what only PostgreSQL has to prove. Two nodes (two logs on one database) append at once while a
// reader tails the log by sequence: it never skips an event that commits after it looked (the classic bug
// of event stores on a plain sequence), and every event lands once, numbered without gaps. And a
// PostgreSQL restart in the middle: the appends caught in it fail with storage_error (never an ack), the
// writer reconnects by itself, and an append sent again with its command id lands exactly once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "events/postgres_event_log.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/events/log_store.hpp"
#include "tests/postgres/own_cluster.hpp"

using namespace scsa::events;
using scsa::events::testing::log_store;
using scsa::events::testing::make_request;

TEST_CASE("two nodes append at once; a reader tailing by sequence never skips an event",
          "[events][postgres]") {
  log_store store("postgres");
  auto node_a = store.open();
  auto node_b = store.open();

  constexpr int writers_per_node = 4;
  constexpr int appends_per_writer = 60;
  std::atomic<bool> writing{true};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> writers;
  for (int node = 0; node < 2; ++node) {
    for (int w = 0; w < writers_per_node; ++w) {
      writers.emplace_back([&, node, w] {
        auto& log = node == 0 ? *node_a : *node_b;
        for (int i = 0; i < appends_per_writer; ++i) {
          const std::string id = std::to_string(node) + "-" + std::to_string(w) + "-" + std::to_string(i);
          const auto r =
              log.append_and_wait(make_request("s" + std::to_string(i % 7), any_version, id, 1 + i % 2));
          if (r.status != append_status::committed) ++unexpected;
        }
      });
    }
  }
  // The tail: each read continues after the last sequence it saw; a skipped event would never be read.
  std::vector<recorded_event> tail;
  std::thread reader([&] {
    std::int64_t after = 0;
    std::vector<recorded_event> page;
    while (writing || after < node_a->last_sequence()) {
      node_b->read_all_after(after, 100, page);
      for (auto& e : page) {
        after = e.sequence;
        tail.push_back(std::move(e));
      }
    }
  });
  for (auto& w : writers) w.join();
  writing = false;
  reader.join();

  CHECK(unexpected == 0);
  const auto all = node_a->read_all_after(0, SIZE_MAX);
  REQUIRE(tail.size() == all.size());
  std::set<std::string> commands;
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].sequence == static_cast<std::int64_t>(i + 1));  // gap-free over both nodes
    CHECK(tail[i] == all[i]);                                    // the tail saw each, in order
    commands.insert(all[i].command_id);
  }
  CHECK(commands.size() == 2 * writers_per_node * appends_per_writer);  // every append once
  CHECK(node_a->last_sequence() == node_b->last_sequence());
}

TEST_CASE("PostgreSQL away fails the appends it catches; back, the writer reconnects by itself",
          "[events][postgres]") {
  scsa::testing::own_cluster cluster;
  const auto& uri = cluster.uri();
  auto log = postgres_event_log::open(uri);
  REQUIRE(log->append_and_wait(make_request("s", no_stream, "before")).status == append_status::committed);
  REQUIRE(log->read_stream("s").size() == 1);  // a reader connection waits in the pool

  // A restart between two batches: the writer's and the pooled reader's connections died with the server.
  // Nothing of the next batch was sent on the dead one, so it is opened again and the append lands at once;
  // a read is run again on a fresh connection too.
  REQUIRE(cluster.run("restart") == 0);
  CHECK(log->append_and_wait(make_request("s", 1, "after a restart")).status == append_status::committed);
  CHECK(log->read_stream("s").size() == 2);

  // Away for a while: what is appended meanwhile fails (never an ack), and lands once when it is back.
  REQUIRE(cluster.run("down") == 0);
  const auto caught = log->append_and_wait(make_request("s", 2, "while away"));
  CHECK(caught.status == append_status::storage_error);
  CHECK_THROWS_AS(log->read_stream("s"), storage_failure);
  REQUIRE(cluster.run("up") == 0);
  int tries = 0;
  append_result settled = caught;
  while (settled.status == append_status::storage_error && ++tries < 50) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    settled = log->append_and_wait(make_request("s", 2, "while away"));  // sent again, same command id
  }
  REQUIRE(settled.status == append_status::committed);
  const auto again = log->append_and_wait(make_request("s", 2, "while away"));
  CHECK(again.status == append_status::duplicate);
  CHECK(again.first_sequence == settled.first_sequence);
  CHECK(log->read_stream("s").size() == 3);  // once, whatever the first attempt did
  CHECK(log->statistics().failed_commits >= 1);
}

TEST_CASE("each node's follower hears every commit of the other node, in order, once, and none of its own",
          "[events][postgres]") {
  log_store store("postgres");
  auto node_a = store.open();
  auto node_b = store.open();
  std::mutex mutex;
  std::vector<std::int64_t> heard_by_a, heard_by_b;
  auto follower = [&](std::vector<std::int64_t>& heard) {
    return [&mutex, &heard](const std::vector<recorded_event>& events) {
      std::lock_guard lock(mutex);
      for (const auto& e : events) heard.push_back(e.sequence);
    };
  };
  node_a->follow_others(0, follower(heard_by_a));
  node_b->follow_others(0, follower(heard_by_b));

  std::mutex own_mutex;
  std::set<std::int64_t> own_a, own_b;
  std::vector<std::thread> writers;
  for (int node = 0; node < 2; ++node)
    for (int w = 0; w < 3; ++w)
      writers.emplace_back([&, node, w] {
        auto& log = node == 0 ? *node_a : *node_b;
        auto& own = node == 0 ? own_a : own_b;
        for (int i = 0; i < 40; ++i) {
          const auto result = log.append_and_wait(make_request(
              "s" + std::to_string(node) + "-" + std::to_string(w), any_version,
              "n" + std::to_string(node) + "w" + std::to_string(w) + "i" + std::to_string(i), 1 + i % 3));
          REQUIRE(result.status == append_status::committed);
          std::lock_guard lock(own_mutex);
          for (auto s = result.first_sequence; s <= result.last_sequence; ++s) own.insert(s);
        }
      });
  for (auto& writer : writers) writer.join();
  const auto total = static_cast<std::size_t>(node_a->last_sequence());
  REQUIRE(own_a.size() + own_b.size() == total);
  // Within moments (a notification wakes each follower); a read every second would catch a lost one.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (heard_by_a.size() >= own_b.size() && heard_by_b.size() >= own_a.size()) break;
    }
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // nothing more comes
  std::lock_guard lock(mutex);
  CHECK(std::is_sorted(heard_by_a.begin(), heard_by_a.end()));
  CHECK(std::is_sorted(heard_by_b.begin(), heard_by_b.end()));
  CHECK(std::set<std::int64_t>(heard_by_a.begin(), heard_by_a.end()) == own_b);
  CHECK(std::set<std::int64_t>(heard_by_b.begin(), heard_by_b.end()) == own_a);
  CHECK(heard_by_a.size() == own_b.size());  // each once
  CHECK(heard_by_b.size() == own_a.size());
}
