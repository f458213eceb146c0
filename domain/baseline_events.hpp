// The facts of a re-assessment: a session names an earlier session of the same municipality as its
// baseline, and the facilitator says where each of the baseline's roadmap actions stands a year later.
// Stored like every event (event_codec.cpp); change one only by adding an optional field or a new type.
#pragma once

#include <string>
#include <variant>

#include "domain/roadmap_events.hpp"

namespace scsa::domain {

// This session is compared with an earlier one (the server checked it: same municipality, earlier, and
// readable by whoever chose it). Choosing another replaces it, and the reviews of the old one's actions go.
struct baseline_chosen {
  std::string baseline_session_id;  // the earlier session's stream id
  bool operator==(const baseline_chosen&) const = default;
};

// No baseline any more.
struct baseline_removed {
  bool operator==(const baseline_removed&) const = default;
};

// Where one of the baseline's roadmap actions stands now, as the group says in this session.
struct baseline_action_reviewed {
  std::string action_id;  // an action of the baseline session's roadmap
  action_status status;   // agreed (not started yet), started, done or dropped
  bool operator==(const baseline_action_reviewed&) const = default;
};

using baseline_event = std::variant<baseline_chosen, baseline_removed, baseline_action_reviewed>;

}  // namespace scsa::domain
