// The decider's part for re-assessments: choosing and removing a baseline, and reviewing its actions.
#pragma once

#include "domain/baseline_commands.hpp"
#include "domain/session_commands.hpp"
#include "domain/session_decider.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

decision decide_baseline(const baseline_command& command, const actor& by, const session_state& state);

}  // namespace scsa::domain
