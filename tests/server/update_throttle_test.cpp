// The leading-edge throttle behind live updates, on made-up instants: the first change after a quiet
// interval is due at once, a burst within the interval is due once at its end, and keys are independent.
#include "server/live/update_throttle.hpp"

#include <catch2/catch.hpp>

#include <string>

using scsa::server::update_throttle;
using namespace std::chrono_literals;
using time_point = std::chrono::steady_clock::time_point;

namespace {
const time_point t0 = time_point{} + 1h;

// A flush as the hub makes it: take what is due at `at`, flush it in no time, report it done.
template <typename Key>
std::vector<Key> flush(update_throttle<Key>& throttle, time_point at) {
  auto taken = throttle.take_due(at);
  for (const auto& key : taken) throttle.flushed(key, at);
  return taken;
}
}  // namespace

TEST_CASE("a change after a quiet interval is due at once", "[update_throttle]") {
  update_throttle<std::string> throttle(50ms);
  CHECK_FALSE(throttle.next_due());
  CHECK(throttle.changed("s", t0) == t0);
  CHECK(throttle.next_due() == t0);
  CHECK(flush(throttle, t0) == std::vector<std::string>{"s"});
  CHECK_FALSE(throttle.next_due());
  // Quiet for a whole interval: the next change is due at once again.
  CHECK(throttle.changed("s", t0 + 50ms) == t0 + 50ms);
  CHECK(flush(throttle, t0 + 50ms) == std::vector<std::string>{"s"});
}

TEST_CASE("a burst within the interval is flushed once, at the end of the interval", "[update_throttle]") {
  update_throttle<std::string> throttle(50ms);
  throttle.changed("s", t0);
  REQUIRE(flush(throttle, t0).size() == 1);
  int flushes = 0;
  for (auto at = t0 + 1ms; at < t0 + 50ms; at += 1ms) {
    CHECK(throttle.changed("s", at) == t0 + 50ms);  // coalesced into the flush at the interval's end
    flushes += static_cast<int>(flush(throttle, at).size());
  }
  CHECK(flushes == 0);
  CHECK(flush(throttle, t0 + 50ms) == std::vector<std::string>{"s"});
  // A change right after that flush waits for the next interval's end, not less.
  CHECK(throttle.changed("s", t0 + 51ms) == t0 + 100ms);
  CHECK(flush(throttle, t0 + 99ms).empty());
  CHECK(flush(throttle, t0 + 100ms).size() == 1);
}

TEST_CASE("over a long busy stretch a key is flushed at most once per interval", "[update_throttle]") {
  update_throttle<int> throttle(50ms);
  int flushes = 0;
  for (auto at = t0; at < t0 + 1000ms; at += 1ms) {  // a change every millisecond for a second
    throttle.changed(7, at);
    flushes += static_cast<int>(flush(throttle, at).size());
  }
  CHECK(flushes == 20);  // at t0, then at every 50 ms
}

TEST_CASE("keys are throttled independently", "[update_throttle]") {
  update_throttle<std::string> throttle(50ms);
  throttle.changed("a", t0);
  REQUIRE(flush(throttle, t0).size() == 1);
  CHECK(throttle.changed("a", t0 + 10ms) == t0 + 50ms);
  CHECK(throttle.changed("b", t0 + 10ms) == t0 + 10ms);  // b was quiet: it does not wait for a
  CHECK(throttle.next_due() == t0 + 10ms);
  CHECK(flush(throttle, t0 + 10ms) == std::vector<std::string>{"b"});
  CHECK(throttle.next_due() == t0 + 50ms);
}

TEST_CASE("a flush slower than the interval is followed by a whole quiet interval", "[update_throttle]") {
  update_throttle<std::string> throttle(50ms);
  throttle.changed("s", t0);
  REQUIRE(throttle.take_due(t0).size() == 1);            // the flush starts at t0 ...
  CHECK(throttle.changed("s", t0 + 10ms) == t0 + 50ms);  // ... a change comes while it runs ...
  throttle.flushed("s", t0 + 80ms);                      // ... and it ends only at t0 + 80 ms
  CHECK(throttle.next_due() == t0 + 130ms);
  CHECK(throttle.take_due(t0 + 129ms).empty());
  CHECK(throttle.take_due(t0 + 130ms).size() == 1);
}
