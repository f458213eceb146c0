// The token buckets under every open-write limit: a burst, then a steady refill; keys are independent;
// a refusal says how long until the next token; "BURST/PERIOD" as operators write it.
#include <catch2/catch.hpp>

#include "server/limits/rate_limit_spec.hpp"
#include "server/limits/rate_limiter.hpp"

using namespace std::chrono_literals;
using scsa::server::rate_limit;
using scsa::server::rate_limiter;

TEST_CASE("rate limiter: a burst, then one per refill interval, per key", "[limits]") {
  rate_limiter limiter(rate_limit{3, 1000ms});
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  CHECK(limiter.take("10.0.0.1", t0).allowed);
  CHECK(limiter.take("10.0.0.1", t0).allowed);
  CHECK(limiter.take("10.0.0.1", t0).allowed);
  const auto refused = limiter.take("10.0.0.1", t0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after == 1000ms);
  CHECK(limiter.take("10.0.0.2", t0).allowed);  // another key has its own bucket
  CHECK(limiter.take("10.0.0.1", t0 + 400ms).retry_after == 600ms);
  CHECK_FALSE(limiter.check("10.0.0.1", t0 + 999ms).allowed);
  CHECK(limiter.check("10.0.0.1", t0 + 1000ms).allowed);  // check() takes nothing...
  CHECK(limiter.take("10.0.0.1", t0 + 1000ms).allowed);   // ...so the token is still there
  CHECK_FALSE(limiter.take("10.0.0.1", t0 + 1000ms).allowed);
  CHECK(limiter.take("10.0.0.1", t0 + 1h).allowed);  // refilled, but never beyond the burst
  CHECK(limiter.take("10.0.0.1", t0 + 1h).allowed);
  CHECK(limiter.take("10.0.0.1", t0 + 1h).allowed);
  CHECK_FALSE(limiter.take("10.0.0.1", t0 + 1h).allowed);
}

TEST_CASE("rate limiter: memory is bounded; full buckets are forgotten first", "[limits]") {
  rate_limiter limiter(rate_limit{2, 1000ms}, 2);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  CHECK(limiter.take("a", t0).allowed);
  CHECK(limiter.take("b", t0).allowed);
  CHECK_FALSE(limiter.take("c", t0).allowed);  // both buckets are in use: a flood of keys is refused
  CHECK(limiter.take("c", t0 + 10s).allowed);  // a and b are full again and forgotten
}

TEST_CASE("rate limits are written BURST/PERIOD", "[limits]") {
  using scsa::server::format_rate_limit;
  using scsa::server::parse_rate_limit;
  CHECK(parse_rate_limit("60/10m") == rate_limit{60, 10s});
  CHECK(parse_rate_limit("600/1m") == rate_limit{600, 100ms});
  CHECK(parse_rate_limit("20/2h") == rate_limit{20, 360s});
  CHECK(parse_rate_limit("5/5s") == rate_limit{5, 1s});
  for (const char* bad : {"", "60", "60/", "/10m", "60/10", "60/10x", "0/1m", "-1/1m", "60/0m", "5000/1s",
                          "6 0/1m", "60/1m ", "1/1000001h"})
    CHECK_FALSE(parse_rate_limit(bad).has_value());
  CHECK(parse_rate_limit("off")->unlimited());
  rate_limiter unlimited(*parse_rate_limit("off"));
  for (int i = 0; i < 1000; ++i)
    REQUIRE(unlimited.take("one", std::chrono::steady_clock::time_point{}).allowed);
  for (const char* text :
       {"off", "60/10m", "1200/10m", "600/1m", "10000/1m", "100/10m", "20/10m", "3/2h", "7/7s"})
    CHECK(format_rate_limit(*parse_rate_limit(text)) == text);
}
