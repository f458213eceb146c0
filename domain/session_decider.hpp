// The rules of an assessment session: decide(command, state) gives the events that happen, or a rejection
// with a stable machine-readable code. Pure: ids and credentials come in with the command.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "domain/session_commands.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

// A refusal the user caused; `code` is stable (documented in docs/protocol.md), `message` is for people.
struct rejection {
  std::string code;
  std::string message;
};

// Either the events to append (possibly none: the command changes nothing or was handled before)
// or the reason the command is refused.
using decision = std::variant<std::vector<session_event>, rejection>;

inline const session_state initial_session_state{};

decision decide(const command& cmd, const session_state& state);

// A session that is closed takes no answers, but it can be reopened, so no session is ever terminal.
constexpr bool is_terminal(const session_state&) {
  return false;
}

inline bool is_rejection(const decision& d) {
  return std::holds_alternative<rejection>(d);
}

}  // namespace scsa::domain
