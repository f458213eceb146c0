// What people ask of a re-assessment (baseline_events.hpp). The decider does no I/O, so the server looks the
// named session up and hands over what it found inside the command.
#pragma once

#include <string>
#include <variant>

#include "domain/roadmap_events.hpp"

namespace scsa::domain {

// What the server knows of a session named as a baseline.
struct baseline_candidate {
  std::string session_id;    // as named
  bool exists = false;       // a session with this id is in the log
  std::string municipality;  // its CBS code
  bool earlier = false;      // it was created before the session that names it
  bool readable = false;     // the chooser showed its facilitator or review token, or it has k participants
};

// Compare this session with an earlier one (the facilitator; in a solo session also its respondent).
struct choose_baseline {
  baseline_candidate candidate;
};

struct remove_baseline {};

// Where one of the baseline's actions stands now (facilitator of a workshop).
struct review_baseline_action {
  std::string action_id;
  action_status status;      // agreed, started, done or dropped
  bool in_baseline = false;  // the server found the action in the baseline's roadmap
};

using baseline_command = std::variant<choose_baseline, remove_baseline, review_baseline_action>;

}  // namespace scsa::domain
