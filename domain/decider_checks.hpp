// The checks every part of the decider shares: who is asking, and whether a statement exists. Each returns
// the rejection (with its documented code) or nothing; session_decider.cpp and roadmap_decider.cpp use them.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "domain/session_commands.hpp"
#include "domain/session_decider.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

rejection reject(std::string code, std::string message);

bool is_facilitator(const actor& by);

// The participant that sends a command, or the reason they may not.
std::variant<const participant_state*, rejection> active_participant(const actor& by, const session_state& s);

// The facilitator of a workshop (a solo session has no facilitator controls).
std::optional<rejection> check_facilitator_control(const actor& by, const session_state& s);

std::optional<rejection> check_statement(int statement);

// Characters (Unicode code points) in UTF-8 text; invalid bytes count one each.
std::size_t text_length(const std::string& text);

}  // namespace scsa::domain
