// The rules of the roadmap dialogue (docs/roadmap.md): who may explain, propose, vote and moderate, the
// text limits, the vote budget, merges, and that a closed session takes nothing. Pure, like decide().
#pragma once

#include "domain/roadmap_commands.hpp"
#include "domain/session_commands.hpp"
#include "domain/session_decider.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

decision decide_roadmap(const roadmap_command& command, const actor& by, const session_state& state);

}  // namespace scsa::domain
