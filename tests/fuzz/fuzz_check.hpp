// What every fuzz target shares: an invariant check that aborts with a message (libFuzzer then keeps the
// input as a crash), and reading an input as text lines. Header-only; no state.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace scsa::fuzz {

// Aborts when an invariant does not hold; the message names it.
inline void check(bool holds, const char* invariant, std::string_view detail = {}) {
  if (holds) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n%.*s\n", invariant, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// The input's lines, without their '\n'; a last line without '\n' counts too.
inline std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    out.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  return out;
}

}  // namespace scsa::fuzz
