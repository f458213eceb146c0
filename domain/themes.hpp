// The six themes the 21 statements fall into, in one place: the catalogue file (loaded by the server)
// names them too, but pure folds such as the session summary need the mapping without any I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "domain/scale.hpp"

namespace scsa::domain {

enum class theme {
  strategy,      // statements 1-3
  governance,    // statements 4-7
  stakeholders,  // statements 8-10
  services,      // statements 11-13
  data,          // statements 14-18
  technology,    // statements 19-21
};

inline constexpr int theme_count = 6;

// The first and last statement of a theme (inclusive); statements of a theme are consecutive.
struct statement_range {
  int first;  // lowest statement number of the theme
  int last;   // highest statement number of the theme
};

constexpr statement_range statements_of(theme t) {
  switch (t) {
    case theme::strategy:
      return {1, 3};
    case theme::governance:
      return {4, 7};
    case theme::stakeholders:
      return {8, 10};
    case theme::services:
      return {11, 13};
    case theme::data:
      return {14, 18};
    case theme::technology:
      return {19, 21};
  }
  return {1, 0};  // unreachable: every enumerator is handled above
}

// The theme of a valid statement (1..21); statements outside the scale have none.
constexpr std::optional<theme> theme_of_statement(int statement) {
  if (!is_valid_statement(statement)) return std::nullopt;
  if (statement <= 3) return theme::strategy;
  if (statement <= 7) return theme::governance;
  if (statement <= 10) return theme::stakeholders;
  if (statement <= 13) return theme::services;
  if (statement <= 18) return theme::data;
  return theme::technology;
}

constexpr std::size_t theme_index(theme t) {
  return static_cast<std::size_t>(t);
}

constexpr std::string_view to_string(theme t) {
  switch (t) {
    case theme::strategy:
      return "strategy";
    case theme::governance:
      return "governance";
    case theme::stakeholders:
      return "stakeholders";
    case theme::services:
      return "services";
    case theme::data:
      return "data";
    case theme::technology:
      return "technology";
  }
  return "";  // unreachable
}

constexpr std::optional<theme> parse_theme(std::string_view text) {
  for (int i = 0; i < theme_count; ++i) {
    const auto t = static_cast<theme>(i);
    if (to_string(t) == text) return t;
  }
  return std::nullopt;
}

// The mapping is the same in both directions: checked when this header compiles.
static_assert([] {
  for (int s = 1; s <= statement_count; ++s) {
    const auto range = statements_of(*theme_of_statement(s));
    if (s < range.first || s > range.last) return false;
  }
  return statements_of(theme::strategy).first == 1 &&
         statements_of(theme::technology).last == statement_count;
}());

}  // namespace scsa::domain
