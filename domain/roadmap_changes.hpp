// What changed in the roadmap's views since the last update, so an update carries those entries and not the
// whole roadmap (docs/protocol.md, "roadmap_changes"). Noted per event under the same lock as the state, and
// read by id at flush time: an action changed and changed back is still sent, so a watcher whose snapshot
// fell between two updates ends where everyone else does. Pure.
#pragma once

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/consensus_projection.hpp"
#include "domain/roadmap_view.hpp"
#include "domain/session_events.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

struct roadmap_changes {
  bool everything = false;        // a new round or a removed participant: every count changed
  std::set<std::string> actions;  // actions whose entry changed (text, plan, visibility, merges)
  std::set<std::string> votes;    // actions whose vote count alone changed: sent as counts, not entries
  std::set<int> statements;       // statements whose explanations or conclusion changed
  bool budget = false;            // the vote budget changed

  bool any() const {
    return everything || budget || !actions.empty() || !votes.empty() || !statements.empty();
  }
  void clear() { *this = roadmap_changes{}; }

  // Notes what `event` changed; `after` is the state with the event applied.
  void note(const session_event& event, const session_state& after);
};

// The facilitator's changes: the changed actions (every one, hidden and merged too), the new counts of those
// whose votes alone changed, the changed statements' explanations and conclusions, and always the priorities
// and the shown statements (the answers move the priorities; both are 21 entries at most).
nlohmann::json facilitator_roadmap_changes_json(const session_state& state, const round_consensus& consensus,
                                                const text_lookup& texts, const name_lookup& names,
                                                const roadmap_changes& changes);

// A participant's changes: the changed actions still open for votes, the ids of those no longer open
// (hidden or merged), the new counts of those whose votes alone changed, and the changed statements' shown
// explanations and conclusions.
nlohmann::json participant_roadmap_changes_json(const session_state& state, const text_lookup& texts,
                                                const name_lookup& names, const roadmap_changes& changes);

}  // namespace scsa::domain
