// Per round, statement and aspect: how many active participants' current answers sit on each level.
// Incremental: an answer moves one count (O(log participants)), never a recount; removing or re-admitting
// a participant moves only their own answers. The distribution_summary is computed from the counts on
// demand (5 levels, constant cost).
#pragma once

#include <array>
#include <map>
#include <nlohmann/json_fwd.hpp>

#include "domain/participant_projection.hpp"
#include "domain/scale.hpp"
#include "domain/session_events.hpp"
#include "domain/statistics.hpp"

namespace scsa::domain {

// Counts for every statement and aspect of one round: [statement - 1][aspect_index(which)].
using round_counts = std::array<std::array<level_counts, 2>, statement_count>;

struct consensus_projection {
  participant_projection answers;      // each participant's answers and standing: what an event replaces
  std::map<int, round_counts> rounds;  // round -> counts over active participants; a started round is present

  // The session's current round.
  int current_round() const { return answers.round; }
  // Counts per level for a statement and aspect in a round (all zero for an unknown round or statement).
  level_counts counts(int in_round, int statement, aspect which) const;
  // The statistics of those counts.
  distribution_summary summary(int in_round, int statement, aspect which) const {
    return summarize(counts(in_round, statement, which));
  }
};

inline const consensus_projection initial_consensus_projection{};

consensus_projection evolve(consensus_projection projection, const session_event& event);

// One round's statistics for every statement and aspect: what the HTTP API serves as "consensus".
struct round_consensus {
  int round = 1;                                                                    // which round
  std::array<std::array<distribution_summary, 2>, statement_count> by_statement{};  // [statement-1][aspect]
};

round_consensus consensus_of(const consensus_projection& projection, int in_round);

// {"round": r, "statements": [{"statement": 1, "current": {summary}, "desired": {summary}}, ..]}
void to_json(nlohmann::json& j, const round_consensus& c);

}  // namespace scsa::domain
