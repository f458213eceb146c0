// The facts of the dialogue towards a roadmap (docs/roadmap.md): explanations of answers, proposed actions,
// dot votes, the facilitator's moderation and plan, and conclusions per statement. Like every event they
// are the storage format and hold no personal data: what people typed lives outside the log under a text
// id (the server's text store), so it can be erased without rewriting history.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "domain/scale.hpp"

namespace scsa::domain {

// When an action is to happen.
enum class action_horizon { now, within_a_year, one_to_three_years, three_to_five_years };
// Where an action stands: proposed by someone, agreed by the group, dropped; a year later started or done.
enum class action_status { proposed, agreed, dropped, started, done };

// A participant explained an answer (why this level). A new one replaces the earlier.
struct explanation_given {
  std::string participant_id;  // who
  int statement;               // 1..21
  aspect which;                // the answer explained
  std::string text_id;         // the text, outside the log
  bool is_signed;              // the facilitator may show the author's name with it
  bool operator==(const explanation_given&) const = default;
};

// Participants see (or no longer see) the explanations of one statement.
struct explanations_shown {
  int statement;
  bool operator==(const explanations_shown&) const = default;
};
struct explanations_hidden {
  int statement;
  bool operator==(const explanations_hidden&) const = default;
};

struct action_proposed {
  std::string action_id;  // made by the server, unique within the session
  int statement;          // the statement it takes from its current level towards the ambition
  std::string proposer;   // the participant's id; empty when the facilitator proposed it
  std::string text_id;    // the wording, outside the log
  bool operator==(const action_proposed&) const = default;
};

// The facilitator's moderation and plan.
struct action_reworded {
  std::string action_id;
  std::string text_id;  // the new wording
  bool operator==(const action_reworded&) const = default;
};
struct action_hidden {
  std::string action_id;
  bool operator==(const action_hidden&) const = default;
};
struct action_shown {
  std::string action_id;
  bool operator==(const action_shown&) const = default;
};
// `action_id` was a duplicate of `into`: its votes carry over, a participant who voted for both counts once.
struct actions_merged {
  std::string action_id;
  std::string into;
  bool operator==(const actions_merged&) const = default;
};
struct action_owner_set {
  std::string action_id;
  std::string text_id;  // a department or free text, outside the log; empty: no owner
  bool operator==(const action_owner_set&) const = default;
};
struct action_horizon_set {
  std::string action_id;
  action_horizon horizon;
  bool operator==(const action_horizon_set&) const = default;
};
struct action_status_set {
  std::string action_id;
  action_status status;
  bool operator==(const action_status_set&) const = default;
};

// Dot votes: each participant has a budget per round, at most one vote per action.
struct vote_cast {
  std::string participant_id;
  std::string action_id;
  int round;
  bool operator==(const vote_cast&) const = default;
};
struct vote_withdrawn {
  std::string participant_id;
  std::string action_id;
  int round;
  bool operator==(const vote_withdrawn&) const = default;
};
struct vote_budget_set {
  int budget;  // votes per participant per round
  bool operator==(const vote_budget_set&) const = default;
};

// What the group concluded about a statement.
struct conclusion_recorded {
  int statement;
  std::string text_id;  // outside the log; empty clears the conclusion
  bool operator==(const conclusion_recorded&) const = default;
};

// Every roadmap event: one alternative of session_event, so the projections that do not care about the
// roadmap (consensus, averages, answers) pass it with one line.
using roadmap_event =
    std::variant<explanation_given, explanations_shown, explanations_hidden, action_proposed, action_reworded,
                 action_hidden, action_shown, actions_merged, action_owner_set, action_horizon_set,
                 action_status_set, vote_cast, vote_withdrawn, vote_budget_set, conclusion_recorded>;

constexpr std::string_view to_string(action_horizon h) {
  switch (h) {
    case action_horizon::now:
      return "now";
    case action_horizon::within_a_year:
      return "within_1_year";
    case action_horizon::one_to_three_years:
      return "1_3_years";
    case action_horizon::three_to_five_years:
      return "3_5_years";
  }
  return "now";
}
constexpr std::optional<action_horizon> parse_action_horizon(std::string_view text) {
  for (auto h : {action_horizon::now, action_horizon::within_a_year, action_horizon::one_to_three_years,
                 action_horizon::three_to_five_years})
    if (to_string(h) == text) return h;
  return std::nullopt;
}
constexpr std::string_view to_string(action_status s) {
  switch (s) {
    case action_status::proposed:
      return "proposed";
    case action_status::agreed:
      return "agreed";
    case action_status::dropped:
      return "dropped";
    case action_status::started:
      return "started";
    case action_status::done:
      return "done";
  }
  return "proposed";
}
constexpr std::optional<action_status> parse_action_status(std::string_view text) {
  for (auto s : {action_status::proposed, action_status::agreed, action_status::dropped,
                 action_status::started, action_status::done})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

}  // namespace scsa::domain
