// The roadmap dialogue's state, folded from its events (roadmap_events.hpp): the actions with their plan,
// the dot votes per round, explanations and conclusions by text id. Part of session_state, so the decider
// judges budgets and moderation against it; the live views and the replay read it. Pure.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "domain/roadmap_commands.hpp"
#include "domain/roadmap_events.hpp"
#include "domain/scale.hpp"

namespace scsa::domain {

struct roadmap_action {
  std::string action_id;
  int statement = 0;
  std::string proposer;       // participant id; empty: the facilitator
  std::string text_id;        // the current wording
  std::int64_t order = 0;     // 1 for the first action proposed in the session, and so on
  bool hidden = false;        // hidden by the facilitator: nobody votes on it, participants do not see it
  std::string merged_into;    // set when it was a duplicate: its votes went there
  std::string owner_text_id;  // empty: no owner yet
  std::optional<action_horizon> horizon;
  action_status status = action_status::proposed;
  bool operator==(const roadmap_action&) const = default;

  // Visible, not a duplicate: what participants see and vote on.
  bool open_for_votes() const { return !hidden && merged_into.empty(); }
};

// A participant's explanation of one answer.
struct explanation_ref {
  std::string text_id;  // empty: none
  bool is_signed = false;
  bool operator==(const explanation_ref&) const = default;
};

struct roadmap_board {
  int vote_budget = default_vote_budget;
  std::map<std::string, roadmap_action> actions;  // by id
  // round -> participant -> the actions they voted for (after merges, the surviving ones)
  std::map<int, std::map<std::string, std::set<std::string>>> votes;
  std::map<int, std::map<std::string, int>> tally;         // round -> action -> votes
  std::array<std::string, statement_count> conclusions{};  // text ids; empty: none
  // participant -> [statement - 1][aspect_index]
  std::map<std::string, std::array<std::array<explanation_ref, 2>, statement_count>> explanations;
  std::array<bool, statement_count> explanations_visible{};  // participants see them
  bool operator==(const roadmap_board&) const = default;

  const roadmap_action* find(const std::string& action_id) const;
  int votes_for(const std::string& action_id, int round) const;
  std::size_t votes_used(const std::string& participant_id, int round) const;
  bool has_voted(const std::string& participant_id, const std::string& action_id, int round) const;
  std::size_t proposals_by(const std::string& participant_id) const;

  void apply(const explanation_given& e);
  void apply(const explanations_shown& e);
  void apply(const explanations_hidden& e);
  void apply(const action_proposed& e);
  void apply(const action_reworded& e);
  void apply(const action_hidden& e);
  void apply(const action_shown& e);
  void apply(const actions_merged& e);
  void apply(const action_owner_set& e);
  void apply(const action_horizon_set& e);
  void apply(const action_status_set& e);
  void apply(const vote_cast& e);
  void apply(const vote_withdrawn& e);
  void apply(const vote_budget_set& e);
  void apply(const conclusion_recorded& e);
  void apply(const roadmap_event& e);
};

}  // namespace scsa::domain
