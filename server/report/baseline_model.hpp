// The baseline as every reader of a re-assessment sees it (the dashboard's JSON, both reports): which
// earlier session, the change per statement and theme since then, and the baseline's agreed actions with
// where they stand now, their texts filled in. Built from the hub's sessions; thread-safe like the hub.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/baseline_comparison.hpp"
#include "domain/catalogue.hpp"
#include "server/live/live_hub.hpp"
#include "server/report/baseline_rows.hpp"

namespace scsa::server::report {

struct baseline_model {
  std::string session_id;
  std::string title;
  domain::session_mode mode = domain::session_mode::workshop;
  std::int64_t created_ms = 0;  // its first event
  int participants = 0;         // active participants of the baseline
  int round = 1;                // the round compared (its last)
  domain::baseline_comparison comparison;
  std::vector<baseline_action_row> actions;
};

// The baseline of the session `today` (its state and current round's projection), or nullopt when it names
// none or that session is gone. `created_ms` tells when a session began.
std::optional<baseline_model> find_baseline(
    live_hub& hub, const domain::session_state& today, const domain::consensus_projection& today_projection,
    const std::function<std::int64_t(const std::string&)>& created_ms);

// {"session_id","title","mode","created","participants","round","comparison":{…},"actions":[{"action_id",
//  "statement","text","owner","horizon","then","now","reviewed"}]}
void to_json(nlohmann::json& j, const baseline_model& model);

}  // namespace scsa::server::report
