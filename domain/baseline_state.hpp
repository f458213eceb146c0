// A session's link to its baseline, folded from the baseline events (baseline_events.hpp): which earlier
// session it is compared with, and where the group says that session's roadmap actions stand now. Part of
// session_state, so the decider judges against it and the live views, reports and replay read it. Pure.
#pragma once

#include <map>
#include <string>

#include "domain/baseline_events.hpp"

namespace scsa::domain {

struct baseline_state {
  std::string session_id;                        // the baseline session; "" when there is none
  std::map<std::string, action_status> reviews;  // baseline action id -> where it stands now
  bool operator==(const baseline_state&) const = default;

  void apply(const baseline_event& event);
};

}  // namespace scsa::domain
