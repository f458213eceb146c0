// The forms' per-address token bucket: a burst, then a steady refill; addresses are independent.
#include <catch2/catch.hpp>

#include "server/forms/rate_limiter.hpp"

using namespace std::chrono_literals;

TEST_CASE("rate limiter: a burst, then one per refill interval, per address", "[forms]") {
  scsa::server::rate_limiter limiter(3, 1000ms);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  CHECK(limiter.allow("10.0.0.1", t0));
  CHECK(limiter.allow("10.0.0.1", t0));
  CHECK(limiter.allow("10.0.0.1", t0));
  CHECK_FALSE(limiter.allow("10.0.0.1", t0));
  CHECK(limiter.allow("10.0.0.2", t0));  // another address has its own bucket
  CHECK_FALSE(limiter.allow("10.0.0.1", t0 + 999ms));
  CHECK(limiter.allow("10.0.0.1", t0 + 1000ms));
  CHECK_FALSE(limiter.allow("10.0.0.1", t0 + 1000ms));
  CHECK(limiter.allow("10.0.0.1", t0 + 1h));  // refilled, but never beyond the burst
  CHECK(limiter.allow("10.0.0.1", t0 + 1h));
  CHECK(limiter.allow("10.0.0.1", t0 + 1h));
  CHECK_FALSE(limiter.allow("10.0.0.1", t0 + 1h));
}

TEST_CASE("rate limiter: memory is bounded; full buckets are forgotten first", "[forms]") {
  scsa::server::rate_limiter limiter(2, 1000ms, 2);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  CHECK(limiter.allow("a", t0));
  CHECK(limiter.allow("b", t0));
  CHECK_FALSE(limiter.allow("c", t0));  // both buckets are in use: a flood of addresses is refused
  CHECK(limiter.allow("c", t0 + 10s));  // a and b are full again and forgotten
}
