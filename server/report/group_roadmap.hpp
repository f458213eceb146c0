// What a workshop agreed, as both reports print it: the statements the group worked on in priority order
// (with why and the conclusion), and the actions it agreed on, started or finished. The workshop report
// shows it to the facilitator; the participant's own report shows the same roadmap, with the actions the
// participant proposed or voted for marked. Pure (the texts come in as a map).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/catalogue.hpp"
#include "domain/consensus_projection.hpp"
#include "domain/session_state.hpp"

namespace scsa::server::report {

struct roadmap_priority_row {
  int rank = 0;  // 1 = first
  int statement = 0;
  std::string title;
  double gap = 0;
  double agreement = 0;
  int votes = 0;
  std::string conclusion;  // "" when none
};

struct roadmap_action_row {
  int statement = 0;
  std::string text;
  std::string owner;  // "" when none
  int votes = 0;
  std::optional<domain::action_horizon> horizon;
  domain::action_status status = domain::action_status::agreed;
  bool proposed_by_reader = false;  // the participant whose report this is proposed it
  bool voted_by_reader = false;     // ... or voted for it (this round)
};

struct group_roadmap {
  std::vector<roadmap_priority_row> priorities;    // statements with actions or a conclusion
  std::vector<roadmap_action_row> agreed_actions;  // agreed, started or done; by horizon, then votes
  bool empty() const { return priorities.empty() && agreed_actions.empty(); }
};

// `reader`: the participant whose report it is ("" for the facilitator's). `texts`: the roadmap's texts by
// id; an erased or missing text prints as "".
group_roadmap build_group_roadmap(const domain::catalogue& catalogue, domain::language lang,
                                  const domain::session_state& session,
                                  const domain::consensus_projection& projection,
                                  const std::map<std::string, std::string>* texts, const std::string& reader);

void to_json(nlohmann::json& j, const group_roadmap& r);

}  // namespace scsa::server::report
