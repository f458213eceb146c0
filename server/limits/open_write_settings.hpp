// How many open writes (without an account) one client address, and all of them together, may make:
// the configuration's part of open_write_limits, free of its machinery.
#pragma once

#include <chrono>

#include "server/limits/rate_limiter.hpp"

namespace scsa::server {

struct open_write_settings {
  // 30 colleagues starting a solo assessment after a talk, behind one address, fit in the burst.
  rate_limit sessions_per_address{60, std::chrono::seconds(10)};    // --limit-sessions 60/10m
  rate_limit sessions_total{1200, std::chrono::milliseconds(500)};  // --limit-sessions-total 1200/10m
  // Per address *and session*: a town hall's 300 phones behind one address join within the burst.
  rate_limit joins_per_address{600, std::chrono::milliseconds(100)};  // --limit-joins 600/1m
  rate_limit joins_total{10'000, std::chrono::milliseconds(6)};       // --limit-joins-total 10000/1m
  // Codes that match no session: a room's typos fit, an enumeration of codes does not get far.
  rate_limit code_guesses_per_address{100, std::chrono::seconds(6)};  // --limit-code-guesses 100/10m
  rate_limit forms_per_address{20, std::chrono::seconds(30)};         // --limit-forms 20/10m
  // Wrong operator tokens: a person mistyping fits, guessing a 256-bit token goes nowhere.
  rate_limit token_guesses_per_address{10, std::chrono::seconds(60)};  // --limit-token-guesses 10/10m
};

}  // namespace scsa::server
