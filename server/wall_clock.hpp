// The wall clock as the server stamps what happens (events, submissions, mails): Unix milliseconds.
// Header-only; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>

namespace scsa::server {

inline std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace scsa::server
