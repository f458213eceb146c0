// One function per roadmap command; every refusal's code is documented in docs/protocol.md.
#include "domain/roadmap_decider.hpp"

#include "domain/decider_checks.hpp"
#include "domain/overloaded.hpp"

namespace scsa::domain {

namespace {

using events = std::vector<session_event>;

std::optional<rejection> check_open(const session_state& s) {
  if (s.closed) return reject("session_closed", "this session is closed");
  return std::nullopt;
}

std::optional<rejection> check_text(const std::string& text, std::size_t at_most, bool may_be_empty,
                                    const std::string& text_id) {
  const auto length = text_length(text);
  if ((!may_be_empty && length == 0) || length > at_most)
    return reject("invalid_text", "the text must be " + std::string(may_be_empty ? "0" : "1") + ".." +
                                      std::to_string(at_most) + " characters");
  if (length > 0 && text_id.empty()) return reject("invalid_command", "a text needs an id");
  return std::nullopt;
}

// The facilitator of an open workshop.
std::optional<rejection> check_moderator(const actor& by, const session_state& s) {
  if (auto refused = check_facilitator_control(by, s)) return refused;
  return check_open(s);
}

// An action that exists and is no duplicate: what moderation and votes act on.
std::variant<const roadmap_action*, rejection> live_action(const std::string& action_id,
                                                           const session_state& s) {
  const auto* action = s.roadmap.find(action_id);
  if (action == nullptr) return reject("unknown_action", "no such action in this session");
  if (!action->merged_into.empty())
    return reject("action_merged", "this action was merged into " + action->merged_into);
  return action;
}

decision decide_explanation(const give_explanation& c, const actor& by, const session_state& s) {
  auto who = active_participant(by, s);
  if (auto* refused = std::get_if<rejection>(&who)) return *refused;
  if (auto refused = check_statement(c.statement)) return *refused;
  if (auto refused = check_open(s)) return *refused;
  if (auto refused = check_text(c.text, max_explanation_length, false, c.text_id)) return *refused;
  // An explanation goes with an answer: why this level.
  if (!s.answer(s.round, by.participant_id, c.statement, c.which))
    return reject("no_answer", "answer the statement before you explain your answer");
  return events{explanation_given{by.participant_id, c.statement, c.which, c.text_id, c.is_signed}};
}

decision decide_show_explanations(int statement, bool show, const actor& by, const session_state& s) {
  if (auto refused = check_facilitator_control(by, s)) return *refused;
  if (auto refused = check_statement(statement)) return *refused;
  if (s.roadmap.explanations_visible[static_cast<std::size_t>(statement - 1)] == show) return events{};
  if (show) return events{explanations_shown{statement}};
  return events{explanations_hidden{statement}};
}

decision decide_propose(const propose_action& c, const actor& by, const session_state& s) {
  std::string proposer;
  if (!is_facilitator(by)) {
    auto who = active_participant(by, s);
    if (auto* refused = std::get_if<rejection>(&who)) return *refused;
    proposer = by.participant_id;
  } else if (s.mode == session_mode::solo) {
    return reject("solo_session", "a solo self-assessment has no facilitator controls");
  }
  if (auto refused = check_statement(c.statement)) return *refused;
  if (auto refused = check_open(s)) return *refused;
  if (auto refused = check_text(c.text, max_action_length, false, c.text_id)) return *refused;
  if (c.action_id.empty()) return reject("invalid_command", "an action needs an id");
  if (s.roadmap.actions.contains(c.action_id)) return reject("action_exists", "this action already exists");
  if (s.roadmap.actions.size() >= max_actions_per_session)
    return reject("too_many_actions",
                  "this session has " + std::to_string(max_actions_per_session) + " actions");
  if (!proposer.empty() && s.roadmap.proposals_by(proposer) >= max_actions_per_participant)
    return reject("too_many_actions",
                  "you proposed " + std::to_string(max_actions_per_participant) + " actions already");
  return events{action_proposed{c.action_id, c.statement, proposer, c.text_id}};
}

decision decide_reword(const reword_action& c, const actor& by, const session_state& s) {
  if (auto refused = check_moderator(by, s)) return *refused;
  auto action = live_action(c.action_id, s);
  if (auto* refused = std::get_if<rejection>(&action)) return *refused;
  if (auto refused = check_text(c.text, max_action_length, false, c.text_id)) return *refused;
  return events{action_reworded{c.action_id, c.text_id}};
}

decision decide_visibility(const std::string& action_id, bool hide, const actor& by, const session_state& s) {
  if (auto refused = check_moderator(by, s)) return *refused;
  const auto* action = s.roadmap.find(action_id);
  if (action == nullptr) return reject("unknown_action", "no such action in this session");
  if (action->hidden == hide) return events{};
  if (hide) return events{action_hidden{action_id}};
  return events{action_shown{action_id}};
}

decision decide_merge(const merge_actions& c, const actor& by, const session_state& s) {
  if (auto refused = check_moderator(by, s)) return *refused;
  if (c.action_id == c.into) return reject("invalid_merge", "an action cannot be merged into itself");
  auto duplicate = live_action(c.action_id, s);
  if (auto* refused = std::get_if<rejection>(&duplicate)) return *refused;
  auto kept = live_action(c.into, s);
  if (auto* refused = std::get_if<rejection>(&kept)) return *refused;
  if (std::get<const roadmap_action*>(duplicate)->statement !=
      std::get<const roadmap_action*>(kept)->statement)
    return reject("invalid_merge", "only actions of the same statement can be merged");
  return events{actions_merged{c.action_id, c.into}};
}

decision decide_owner(const set_action_owner& c, const actor& by, const session_state& s) {
  if (auto refused = check_moderator(by, s)) return *refused;
  auto action = live_action(c.action_id, s);
  if (auto* refused = std::get_if<rejection>(&action)) return *refused;
  if (auto refused = check_text(c.text, max_owner_length, true, c.text_id)) return *refused;
  const std::string text_id = c.text.empty() ? std::string() : c.text_id;
  if (text_id.empty() && std::get<const roadmap_action*>(action)->owner_text_id.empty()) return events{};
  return events{action_owner_set{c.action_id, text_id}};
}

decision decide_horizon(const set_action_horizon& c, const actor& by, const session_state& s) {
  if (auto refused = check_moderator(by, s)) return *refused;
  auto action = live_action(c.action_id, s);
  if (auto* refused = std::get_if<rejection>(&action)) return *refused;
  if (std::get<const roadmap_action*>(action)->horizon == c.horizon) return events{};
  return events{action_horizon_set{c.action_id, c.horizon}};
}

decision decide_status(const set_action_status& c, const actor& by, const session_state& s) {
  if (auto refused = check_moderator(by, s)) return *refused;
  auto action = live_action(c.action_id, s);
  if (auto* refused = std::get_if<rejection>(&action)) return *refused;
  if (std::get<const roadmap_action*>(action)->status == c.status) return events{};
  return events{action_status_set{c.action_id, c.status}};
}

decision decide_vote(const cast_vote& c, const actor& by, const session_state& s) {
  auto who = active_participant(by, s);
  if (auto* refused = std::get_if<rejection>(&who)) return *refused;
  if (auto refused = check_open(s)) return *refused;
  auto action = live_action(c.action_id, s);
  if (auto* refused = std::get_if<rejection>(&action)) return *refused;
  if (std::get<const roadmap_action*>(action)->hidden)
    return reject("action_hidden", "the facilitator hid this action");
  if (s.roadmap.has_voted(by.participant_id, c.action_id, s.round))
    return reject("already_voted", "you voted for this action already");
  if (s.roadmap.votes_used(by.participant_id, s.round) >= static_cast<std::size_t>(s.roadmap.vote_budget))
    return reject("no_votes_left",
                  "you used all " + std::to_string(s.roadmap.vote_budget) + " votes; take one back first");
  return events{vote_cast{by.participant_id, c.action_id, s.round}};
}

decision decide_unvote(const withdraw_vote& c, const actor& by, const session_state& s) {
  auto who = active_participant(by, s);
  if (auto* refused = std::get_if<rejection>(&who)) return *refused;
  if (auto refused = check_open(s)) return *refused;
  if (s.roadmap.find(c.action_id) == nullptr)
    return reject("unknown_action", "no such action in this session");
  if (!s.roadmap.has_voted(by.participant_id, c.action_id, s.round)) return events{};
  return events{vote_withdrawn{by.participant_id, c.action_id, s.round}};
}

decision decide_budget(const set_vote_budget& c, const actor& by, const session_state& s) {
  if (auto refused = check_moderator(by, s)) return *refused;
  if (c.budget < 1 || c.budget > max_vote_budget)
    return reject("invalid_budget", "the vote budget must be 1.." + std::to_string(max_vote_budget));
  if (s.roadmap.vote_budget == c.budget) return events{};
  return events{vote_budget_set{c.budget}};
}

decision decide_conclusion(const record_conclusion& c, const actor& by, const session_state& s) {
  if (auto refused = check_moderator(by, s)) return *refused;
  if (auto refused = check_statement(c.statement)) return *refused;
  if (auto refused = check_text(c.text, max_conclusion_length, true, c.text_id)) return *refused;
  const std::string text_id = c.text.empty() ? std::string() : c.text_id;
  if (text_id.empty() && s.roadmap.conclusions[static_cast<std::size_t>(c.statement - 1)].empty())
    return events{};
  return events{conclusion_recorded{c.statement, text_id}};
}

}  // namespace

decision decide_roadmap(const roadmap_command& command, const actor& by, const session_state& s) {
  return std::visit(
      overloaded{
          [&](const give_explanation& c) { return decide_explanation(c, by, s); },
          [&](const show_explanations& c) { return decide_show_explanations(c.statement, true, by, s); },
          [&](const hide_explanations& c) { return decide_show_explanations(c.statement, false, by, s); },
          [&](const propose_action& c) { return decide_propose(c, by, s); },
          [&](const reword_action& c) { return decide_reword(c, by, s); },
          [&](const hide_action& c) { return decide_visibility(c.action_id, true, by, s); },
          [&](const show_action& c) { return decide_visibility(c.action_id, false, by, s); },
          [&](const merge_actions& c) { return decide_merge(c, by, s); },
          [&](const set_action_owner& c) { return decide_owner(c, by, s); },
          [&](const set_action_horizon& c) { return decide_horizon(c, by, s); },
          [&](const set_action_status& c) { return decide_status(c, by, s); },
          [&](const cast_vote& c) { return decide_vote(c, by, s); },
          [&](const withdraw_vote& c) { return decide_unvote(c, by, s); },
          [&](const set_vote_budget& c) { return decide_budget(c, by, s); },
          [&](const record_conclusion& c) { return decide_conclusion(c, by, s); },
      },
      command);
}

}  // namespace scsa::domain
