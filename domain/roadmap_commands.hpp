// What people ask of the roadmap dialogue (roadmap_events.hpp). A command that carries text carries it whole,
// so the decider judges its length; the server keeps the text outside the log under `text_id` and the event
// names only the id.
#pragma once

#include <cstddef>
#include <string>
#include <variant>

#include "domain/roadmap_events.hpp"
#include "domain/scale.hpp"

namespace scsa::domain {

// Limits, in characters (Unicode code points).
inline constexpr std::size_t max_explanation_length = 500;
inline constexpr std::size_t max_action_length = 280;
inline constexpr std::size_t max_owner_length = 100;
inline constexpr std::size_t max_conclusion_length = 500;
inline constexpr int default_vote_budget = 5;
inline constexpr int max_vote_budget = 20;
inline constexpr std::size_t max_actions_per_participant = 50;  // per session: proposals, not votes
inline constexpr std::size_t max_actions_per_session = 2000;

// A participant explains their answer to a statement (participant).
struct give_explanation {
  int statement;
  aspect which;
  std::string text;     // 1..500 characters
  std::string text_id;  // made by the server
  bool is_signed = false;
};

// The facilitator shows participants the explanations of one statement, or hides them again.
struct show_explanations {
  int statement;
};
struct hide_explanations {
  int statement;
};

// A participant or the facilitator proposes an action for a statement.
struct propose_action {
  std::string action_id;  // made by the server
  int statement;
  std::string text;  // 1..280 characters
  std::string text_id;
};

// The facilitator's moderation and plan (facilitator only).
struct reword_action {
  std::string action_id;
  std::string text;  // 1..280 characters
  std::string text_id;
};
struct hide_action {
  std::string action_id;
};
struct show_action {
  std::string action_id;
};
struct merge_actions {
  std::string action_id;  // the duplicate
  std::string into;       // the action that stays
};
struct set_action_owner {
  std::string action_id;
  std::string text;  // 0..100 characters; empty: no owner
  std::string text_id;
};
struct set_action_horizon {
  std::string action_id;
  action_horizon horizon;
};
struct set_action_status {
  std::string action_id;
  action_status status;
};

// Dot votes (participants) and their budget (facilitator).
struct cast_vote {
  std::string action_id;
};
struct withdraw_vote {
  std::string action_id;
};
struct set_vote_budget {
  int budget;  // 1..20 per participant per round
};

// The facilitator records what the group concluded about a statement.
struct record_conclusion {
  int statement;
  std::string text;  // 0..500 characters; empty clears it
  std::string text_id;
};

// Every roadmap command: one alternative of command_body (roadmap_decider.hpp decides them).
using roadmap_command =
    std::variant<give_explanation, show_explanations, hide_explanations, propose_action, reword_action,
                 hide_action, show_action, merge_actions, set_action_owner, set_action_horizon,
                 set_action_status, cast_vote, withdraw_vote, set_vote_budget, record_conclusion>;

}  // namespace scsa::domain
