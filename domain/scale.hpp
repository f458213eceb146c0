// The fixed shape of the assessment: 21 statements, 5 cumulative levels, two aspects, two languages.
// Every other part of the domain takes these numbers from here.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace scsa::domain {

inline constexpr int statement_count = 21;   // statements are numbered 1..21
inline constexpr int level_count = 5;        // levels are numbered 1..5, cumulative
inline constexpr int max_round = 1'000'000;  // rounds are numbered 1..max_round (the log stores no more)

// Which situation an answer describes.
enum class aspect {
  current,  // "huidige situatie": where the organisation is now
  desired,  // "gewenste situatie": where it wants to be in 3 to 5 years
};

// The languages every text of the catalogue exists in; Dutch is the default.
enum class language { nl, en };

constexpr bool is_valid_statement(int statement) {
  return statement >= 1 && statement <= statement_count;
}
constexpr bool is_valid_level(int level) {
  return level >= 1 && level <= level_count;
}

// Where an aspect sits in the per-statement pairs: [0] current, [1] desired.
constexpr std::size_t aspect_index(aspect a) {
  return a == aspect::current ? 0 : 1;
}

constexpr std::string_view to_string(aspect a) {
  return a == aspect::current ? "current" : "desired";
}
constexpr std::optional<aspect> parse_aspect(std::string_view text) {
  if (text == "current") return aspect::current;
  if (text == "desired") return aspect::desired;
  return std::nullopt;
}

constexpr std::string_view to_string(language l) {
  return l == language::nl ? "nl" : "en";
}
constexpr std::optional<language> parse_language(std::string_view text) {
  if (text == "nl") return language::nl;
  if (text == "en") return language::en;
  return std::nullopt;
}

}  // namespace scsa::domain
