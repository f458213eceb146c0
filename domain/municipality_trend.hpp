// A municipality's assessments over the years, as its trend page charts them: each workshop with at least k
// respondents on its own, and the solo respondents of a year together, only when they are k or more. Below
// k nothing is shown (a small group's means would be a few people's answers), and a point never mixes
// years. And the points left out never add up to fewer than k: the municipality's average covers everyone,
// so the shown points subtracted from it would give the left-out ones' means; while those are 1..k-1
// respondents together, the smallest shown point is left out too. The respondents' latest levels come from
// the municipality averages' per-session fold. Pure.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/department_comparison.hpp"
#include "domain/municipality_averages.hpp"

namespace scsa::domain {

// One session of the municipality, as the caller found it.
struct trend_session {
  std::string session_id;
  std::string title;
  session_mode mode = session_mode::workshop;
  std::int64_t created_ms = 0;                       // its first event
  int year = 0;                                      // of created_ms (UTC)
  const session_respondents* respondents = nullptr;  // its respondents' latest levels; null: none
};

struct trend_point {
  int year = 0;
  bool workshop = true;         // one workshop, or the year's solo respondents together
  std::string session_id;       // workshops only
  std::string title;            // workshops only
  std::int64_t created_ms = 0;  // the workshop's start; for the solo group its first respondent's
  int respondents = 0;          // active respondents with an answer
  aspect_means overall;         // over every answered statement
  std::array<aspect_means, theme_count> themes{};
};

// Oldest first by created_ms (ties: workshops before a solo group, then by session id).
std::vector<trend_point> municipality_trend(const std::vector<trend_session>& sessions, int min_respondents);

}  // namespace scsa::domain
