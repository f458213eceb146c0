// Folding session events into each participant's answers; one lambda per event, no catch-all.
#include "domain/participant_projection.hpp"

#include <nlohmann/json.hpp>
#include <utility>

#include "domain/overloaded.hpp"

namespace scsa::domain {

namespace {

std::size_t cell(int statement) {
  return static_cast<std::size_t>(statement - 1);
}

// Keeps active_count in step when a participant's standing changes.
void set_standing(participant_projection& p, participant_answers& who, bool joined, bool removed) {
  const bool before = who.active();
  who.joined = joined;
  who.removed = removed;
  if (before && !who.active()) --p.active_count;
  if (!before && who.active()) ++p.active_count;
}

}  // namespace

std::optional<int> participant_projection::level(const std::string& participant_id, int in_round,
                                                 int statement, aspect which) const {
  if (!is_valid_statement(statement)) return std::nullopt;
  const int found = sheet(participant_id, in_round)[cell(statement)][aspect_index(which)];
  if (found == 0) return std::nullopt;
  return found;
}

answer_sheet participant_projection::sheet(const std::string& participant_id, int in_round) const {
  auto who = participants.find(participant_id);
  if (who == participants.end()) return {};
  auto in = who->second.rounds.find(in_round);
  if (in == who->second.rounds.end()) return {};
  return in->second;
}

bool participant_projection::is_active(const std::string& participant_id) const {
  auto who = participants.find(participant_id);
  return who != participants.end() && who->second.active();
}

participant_projection evolve(participant_projection p, const session_event& event) {
  std::visit(
      overloaded{
          [&](const session_created&) {},
          [&](const participant_joined& e) {
            // Joining again after removal lets the answers count again (as session_state does).
            set_standing(p, p.participants[e.participant_id], true, false);
          },
          [&](const participant_renamed&) {},  // names live outside the log
          [&](const participant_removed& e) {
            auto& who = p.participants[e.participant_id];
            set_standing(p, who, who.joined, true);
          },
          [&](const statement_opened&) {},
          [&](const statement_closed&) {},
          [&](const statement_focused&) {},
          [&](const results_revealed&) {},
          [&](const results_hidden&) {},
          [&](const round_started& e) { p.round = e.round; },
          [&](const answer_given& e) {
            if (!is_valid_statement(e.statement) || !is_valid_level(e.level)) return;
            p.participants[e.participant_id].rounds[e.round][cell(e.statement)][aspect_index(e.which)] =
                static_cast<std::uint8_t>(e.level);
          },
          [&](const answer_withdrawn& e) {
            if (!is_valid_statement(e.statement)) return;
            auto who = p.participants.find(e.participant_id);
            if (who == p.participants.end()) return;
            auto in = who->second.rounds.find(e.round);
            if (in == who->second.rounds.end()) return;
            in->second[cell(e.statement)][aspect_index(e.which)] = 0;
          },
          [&](const session_closed&) {},
          [&](const session_reopened&) {},
          [&](const roadmap_event&) {},
          [&](const baseline_event&) {},
      },
      event);
  return p;
}

nlohmann::json participant_answers_json(const participant_projection& projection,
                                        const std::string& participant_id, int in_round) {
  const answer_sheet levels = projection.sheet(participant_id, in_round);
  auto level_json = [](std::uint8_t level) {
    return level == 0 ? nlohmann::json(nullptr) : nlohmann::json(static_cast<int>(level));
  };
  auto answers = nlohmann::json::array();
  for (int statement = 1; statement <= statement_count; ++statement) {
    const auto& row = levels[cell(statement)];
    answers.push_back({{"statement", statement},
                       {to_string(aspect::current), level_json(row[aspect_index(aspect::current)])},
                       {to_string(aspect::desired), level_json(row[aspect_index(aspect::desired)])}});
  }
  return {{"participant", participant_id},
          {"round", in_round},
          {"active", projection.is_active(participant_id)},
          {"answers", std::move(answers)}};
}

}  // namespace scsa::domain
