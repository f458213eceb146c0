// Folding session events into counts per level; one lambda per event, no catch-all. Each lambda reads
// the participant projection as it was before the event, then the participant projection folds it.
#include "domain/consensus_projection.hpp"

#include <nlohmann/json.hpp>
#include <utility>

#include "domain/overloaded.hpp"

namespace scsa::domain {

namespace {

std::size_t cell(int statement) {
  return static_cast<std::size_t>(statement - 1);
}

void move_count(consensus_projection& p, int in_round, int statement, aspect which, int level, int delta) {
  if (level == 0) return;  // 0 means "not answered": nothing to count
  p.rounds[in_round][cell(statement)][aspect_index(which)][static_cast<std::size_t>(level - 1)] += delta;
}

// Adds (+1) or takes out (-1) every answer a participant gave, in every round.
void count_all(consensus_projection& p, const std::string& participant_id, int delta) {
  auto who = p.answers.participants.find(participant_id);
  if (who == p.answers.participants.end()) return;
  for (const auto& [in_round, levels] : who->second.rounds)
    for (int statement = 1; statement <= statement_count; ++statement)
      for (aspect which : {aspect::current, aspect::desired})
        move_count(p, in_round, statement, which, levels[cell(statement)][aspect_index(which)], delta);
}

// An active participant's level for a cell (0 when not answered) with one lookup; -1 when the participant
// is unknown or their answers do not count.
int active_level(const consensus_projection& p, const std::string& participant_id, int in_round,
                 int statement, aspect which) {
  auto who = p.answers.participants.find(participant_id);
  if (who == p.answers.participants.end() || !who->second.active()) return -1;
  auto in = who->second.rounds.find(in_round);
  if (in == who->second.rounds.end()) return 0;
  return in->second[cell(statement)][aspect_index(which)];
}

}  // namespace

level_counts consensus_projection::counts(int in_round, int statement, aspect which) const {
  if (!is_valid_statement(statement)) return {};
  auto found = rounds.find(in_round);
  if (found == rounds.end()) return {};
  return found->second[cell(statement)][aspect_index(which)];
}

consensus_projection evolve(consensus_projection p, const session_event& event) {
  std::visit(overloaded{
                 [&](const session_created&) { p.rounds.try_emplace(p.answers.round); },
                 [&](const participant_joined& e) {
                   if (!p.answers.is_active(e.participant_id)) count_all(p, e.participant_id, +1);
                 },
                 [&](const participant_renamed&) {},
                 [&](const participant_removed& e) {
                   if (p.answers.is_active(e.participant_id)) count_all(p, e.participant_id, -1);
                 },
                 [&](const statement_opened&) {},
                 [&](const statement_closed&) {},
                 [&](const statement_focused&) {},
                 [&](const results_revealed&) {},
                 [&](const results_hidden&) {},
                 [&](const round_started& e) { p.rounds.try_emplace(e.round); },
                 [&](const answer_given& e) {
                   if (!is_valid_statement(e.statement) || !is_valid_level(e.level)) return;
                   const int before = active_level(p, e.participant_id, e.round, e.statement, e.which);
                   if (before < 0) return;  // not active: stored below, counted on (re)join
                   move_count(p, e.round, e.statement, e.which, before, -1);  // answering again replaces
                   move_count(p, e.round, e.statement, e.which, e.level, +1);
                 },
                 [&](const answer_withdrawn& e) {
                   if (!is_valid_statement(e.statement)) return;
                   const int before = active_level(p, e.participant_id, e.round, e.statement, e.which);
                   if (before > 0) move_count(p, e.round, e.statement, e.which, before, -1);
                 },
                 [&](const session_closed&) {},
                 [&](const session_reopened&) {},
                 [&](const roadmap_event&) {},
                 [&](const baseline_event&) {},
             },
             event);
  p.answers = evolve(std::move(p.answers), event);
  return p;
}

round_consensus consensus_of(const consensus_projection& projection, int in_round) {
  round_consensus c;
  c.round = in_round;
  for (int statement = 1; statement <= statement_count; ++statement)
    for (aspect which : {aspect::current, aspect::desired})
      c.by_statement[cell(statement)][aspect_index(which)] = projection.summary(in_round, statement, which);
  return c;
}

void to_json(nlohmann::json& j, const round_consensus& c) {
  auto statements = nlohmann::json::array();
  for (int statement = 1; statement <= statement_count; ++statement) {
    const auto& row = c.by_statement[cell(statement)];
    statements.push_back({{"statement", statement},
                          {to_string(aspect::current), row[aspect_index(aspect::current)]},
                          {to_string(aspect::desired), row[aspect_index(aspect::desired)]}});
  }
  j = nlohmann::json{{"round", c.round}, {"statements", std::move(statements)}};
}

}  // namespace scsa::domain
