// The decider's rules, one function per command; every refusal names its code here (the roadmap's in
// roadmap_decider.cpp) and nowhere else.
#include "domain/session_decider.hpp"

#include <string_view>

#include "domain/baseline_decider.hpp"
#include "domain/decider_checks.hpp"
#include "domain/overloaded.hpp"
#include "domain/roadmap_decider.hpp"

namespace scsa::domain {

namespace {

constexpr std::size_t max_title_length = 200;
constexpr std::size_t max_department_length = 100;

using events = std::vector<session_event>;

decision decide_create(const create_session& c, const actor& by, const session_state& s) {
  if (s.created) return reject("session_exists", "this session already exists");
  if (by.role != actor_role::operator_ && by.role != actor_role::facilitator)
    return reject("not_allowed", "only a facilitator or the operator creates sessions");
  if (c.session_id.empty() || c.join_code.empty() || c.facilitator_token_hash.empty())
    return reject("invalid_command", "a session needs an id, a join code and a facilitator token");
  if (c.title.empty() || c.title.size() > max_title_length)
    return reject("invalid_title",
                  "the title must be 1.." + std::to_string(max_title_length) + " characters");
  if (c.municipality.empty()) return reject("invalid_municipality", "choose a municipality");
  return events{
      session_created{c.session_id, c.title, c.municipality, c.mode, c.join_code, c.facilitator_token_hash}};
}

decision decide_join(const join_session& c, const actor&, const session_state& s) {
  if (s.closed) return reject("session_closed", "this session is closed");
  if (c.participant_id.empty() || c.token_hash.empty())
    return reject("invalid_command", "a participant needs an id and a token");
  if (s.participants.contains(c.participant_id))
    return reject("already_joined", "this participant already joined");
  if (s.mode == session_mode::solo && !s.participants.empty())
    return reject("solo_session_full", "a solo self-assessment has one respondent");
  if (c.department && c.department->size() > max_department_length)
    return reject("invalid_department",
                  "the department must be at most " + std::to_string(max_department_length) + " characters");
  return events{participant_joined{c.participant_id, c.department, c.token_hash}};
}

decision decide_rename(const rename_participant& c, const actor& by, const session_state& s) {
  auto found = s.participants.find(c.participant_id);
  if (found == s.participants.end())
    return reject("unknown_participant", "no such participant in this session");
  bool self = by.role == actor_role::participant && by.participant_id == c.participant_id;
  if (!self && !is_facilitator(by)) return reject("not_allowed", "you can only rename yourself");
  if (found->second.removed) return reject("participant_removed", "this participant was removed");
  return events{participant_renamed{c.participant_id}};
}

decision decide_remove(const remove_participant& c, const actor& by, const session_state& s) {
  if (auto refused = check_facilitator_control(by, s)) return *refused;
  auto found = s.participants.find(c.participant_id);
  if (found == s.participants.end())
    return reject("unknown_participant", "no such participant in this session");
  if (found->second.removed) return events{};
  return events{participant_removed{c.participant_id}};
}

// Opens (open = true) or closes the chosen statements that are not already so.
decision decide_pacing(std::optional<int> statement, bool open, const actor& by, const session_state& s) {
  if (auto refused = check_facilitator_control(by, s)) return *refused;
  if (statement) {
    if (auto refused = check_statement(*statement)) return *refused;
  }
  events decided;
  for (int st = 1; st <= statement_count; ++st) {
    if (statement && *statement != st) continue;
    if (s.open[static_cast<std::size_t>(st - 1)] == open) continue;
    if (open)
      decided.emplace_back(statement_opened{st});
    else
      decided.emplace_back(statement_closed{st});
  }
  return decided;
}

// Focusing again on the same statement is a new event: it takes back those who wandered off since.
decision decide_focus(const focus_statement& c, const actor& by, const session_state& s) {
  if (auto refused = check_facilitator_control(by, s)) return *refused;
  if (auto refused = check_statement(c.statement)) return *refused;
  if (s.closed) return reject("session_closed", "reopen the session to guide participants");
  return events{statement_focused{c.statement}};
}

decision decide_reveal(bool reveal, const actor& by, const session_state& s) {
  if (auto refused = check_facilitator_control(by, s)) return *refused;
  if (s.revealed == reveal) return events{};
  if (reveal) return events{results_revealed{}};
  return events{results_hidden{}};
}

decision decide_new_round(const actor& by, const session_state& s) {
  if (auto refused = check_facilitator_control(by, s)) return *refused;
  if (s.closed) return reject("session_closed", "reopen the session to start a new round");
  if (s.round >= max_round)
    return reject("too_many_rounds", "a session has at most " + std::to_string(max_round) + " rounds");
  return events{round_started{s.round + 1}};
}

decision decide_close(bool close, const actor& by, const session_state& s) {
  if (!is_facilitator(by)) return reject("not_allowed", "only the facilitator can do this");
  if (s.closed == close) return events{};
  if (close) return events{session_closed{}};
  return events{session_reopened{}};
}

// The checks every answer and withdrawal share: a live participant on an open statement of an open session.
std::optional<rejection> check_answerable(int statement, const actor& by, const session_state& s) {
  auto who = active_participant(by, s);
  if (auto* refused = std::get_if<rejection>(&who)) return *refused;
  if (auto refused = check_statement(statement)) return *refused;
  if (s.closed) return reject("session_closed", "this session is closed");
  if (!s.open[static_cast<std::size_t>(statement - 1)])
    return reject("statement_closed", "statement " + std::to_string(statement) + " is not open");
  return std::nullopt;
}

decision decide_answer(const give_answer& c, const actor& by, const session_state& s) {
  if (auto refused = check_answerable(c.statement, by, s)) return *refused;
  if (!is_valid_level(c.level))
    return reject("invalid_level", "level must be 1.." + std::to_string(level_count));
  if (s.answer(s.round, by.participant_id, c.statement, c.which) == c.level) return events{};
  return events{answer_given{by.participant_id, c.statement, c.which, c.level, s.round}};
}

decision decide_withdraw(const withdraw_answer& c, const actor& by, const session_state& s) {
  if (auto refused = check_answerable(c.statement, by, s)) return *refused;
  if (!s.answer(s.round, by.participant_id, c.statement, c.which)) return events{};
  return events{answer_withdrawn{by.participant_id, c.statement, c.which, s.round}};
}

}  // namespace

decision decide(const command& cmd, const session_state& s) {
  if (!cmd.command_id.empty() && s.handled_commands.contains(cmd.command_id)) return events{};
  if (!s.created && !std::holds_alternative<create_session>(cmd.body))
    return reject("session_not_found", "no such session");
  const actor& by = cmd.by;
  return std::visit(overloaded{
                        [&](const create_session& c) { return decide_create(c, by, s); },
                        [&](const join_session& c) { return decide_join(c, by, s); },
                        [&](const rename_participant& c) { return decide_rename(c, by, s); },
                        [&](const remove_participant& c) { return decide_remove(c, by, s); },
                        [&](const open_statements& c) { return decide_pacing(c.statement, true, by, s); },
                        [&](const close_statements& c) { return decide_pacing(c.statement, false, by, s); },
                        [&](const focus_statement& c) { return decide_focus(c, by, s); },
                        [&](const reveal_results&) { return decide_reveal(true, by, s); },
                        [&](const hide_results&) { return decide_reveal(false, by, s); },
                        [&](const start_round&) { return decide_new_round(by, s); },
                        [&](const close_session&) { return decide_close(true, by, s); },
                        [&](const reopen_session&) { return decide_close(false, by, s); },
                        [&](const give_answer& c) { return decide_answer(c, by, s); },
                        [&](const withdraw_answer& c) { return decide_withdraw(c, by, s); },
                        [&](const roadmap_command& c) { return decide_roadmap(c, by, s); },
                        [&](const baseline_command& c) { return decide_baseline(c, by, s); },
                    },
                    cmd.body);
}

}  // namespace scsa::domain
