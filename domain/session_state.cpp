// Folding session events into the decider's state; one lambda per event, no catch-all.
#include "domain/session_state.hpp"

#include "domain/overloaded.hpp"

#include <algorithm>
#include <utility>

namespace scsa::domain {

std::optional<int> session_state::answer(int in_round, const std::string& participant_id, int statement,
                                         aspect which) const {
  if (!is_valid_statement(statement)) return std::nullopt;
  auto by_round = answers.find(in_round);
  if (by_round == answers.end()) return std::nullopt;
  auto sheet = by_round->second.find(participant_id);
  if (sheet == by_round->second.end()) return std::nullopt;
  int level = sheet->second[static_cast<std::size_t>(statement - 1)][aspect_index(which)];
  if (level == 0) return std::nullopt;
  return level;
}

std::size_t session_state::active_participant_count() const {
  return static_cast<std::size_t>(std::count_if(participants.begin(), participants.end(),
                                                [](const auto& p) { return !p.second.removed; }));
}

namespace {

// The header's fold, in place: the live state folds its own header part without moving it out and back
// (a rebuild folds every event twice, into the committed and the pending state).
void fold_header(session_header& h, const session_event& event) {
  std::visit(overloaded{
                 [&](const session_created& e) {
                   h.created = true;
                   h.session_id = e.session_id;
                   h.title = e.title;
                   h.municipality = e.municipality;
                   h.mode = e.mode;
                   h.open.fill(true);  // a new session is self-paced until the facilitator closes some
                 },
                 [&](const participant_joined&) {},
                 [&](const participant_renamed&) {},
                 [&](const participant_removed&) {},
                 [&](const statement_opened& e) {
                   if (is_valid_statement(e.statement))
                     h.open[static_cast<std::size_t>(e.statement - 1)] = true;
                 },
                 [&](const statement_closed& e) {
                   if (is_valid_statement(e.statement))
                     h.open[static_cast<std::size_t>(e.statement - 1)] = false;
                 },
                 [&](const statement_focused& e) {
                   if (!is_valid_statement(e.statement)) return;
                   h.focus = e.statement;
                   ++h.focus_number;
                 },
                 [&](const results_revealed&) { h.revealed = true; },
                 [&](const results_hidden&) { h.revealed = false; },
                 [&](const round_started& e) { h.round = e.round; },
                 [&](const answer_given&) {},
                 [&](const answer_withdrawn&) {},
                 [&](const session_closed&) { h.closed = true; },
                 [&](const session_reopened&) { h.closed = false; },
                 [&](const roadmap_event&) {},
                 [&](const baseline_event& e) { h.baseline.apply(e); },
             },
             event);
  ++h.version;
}

}  // namespace

session_header evolve(session_header h, const session_event& event) {
  fold_header(h, event);
  return h;
}

session_state evolve(session_state state, const session_event& event) {
  // The shared facts through the header's fold; then what only the live state keeps.
  fold_header(state, event);
  std::visit(
      overloaded{
          [&](const session_created& e) {
            state.join_code = e.join_code;
            state.facilitator_token_hash = e.facilitator_token_hash;
          },
          [&](const participant_joined& e) {
            state.participants[e.participant_id] = participant_state{e.department, e.token_hash, false};
          },
          [&](const participant_renamed&) {},  // the name lives outside the log
          [&](const participant_removed& e) { state.participants[e.participant_id].removed = true; },
          [&](const statement_opened&) {}, [&](const statement_closed&) {}, [&](const statement_focused&) {},
          [&](const results_revealed&) {}, [&](const results_hidden&) {}, [&](const round_started&) {},
          [&](const answer_given& e) {
            auto& sheet = state.answers[e.round][e.participant_id];
            sheet[static_cast<std::size_t>(e.statement - 1)][aspect_index(e.which)] =
                static_cast<std::uint8_t>(e.level);
          },
          [&](const answer_withdrawn& e) {
            auto& sheet = state.answers[e.round][e.participant_id];
            sheet[static_cast<std::size_t>(e.statement - 1)][aspect_index(e.which)] = 0;
          },
          [&](const session_closed&) {}, [&](const session_reopened&) {},
          [&](const roadmap_event& e) { state.roadmap.apply(e); },
          [&](const baseline_event&) {},  // in the header
      },
      event);
  return state;
}

session_state evolve(session_state state, const stamped_event& event) {
  if (!event.command_id.empty()) state.handled_commands.insert(event.command_id);
  return evolve(std::move(state), event.event);
}

}  // namespace scsa::domain
