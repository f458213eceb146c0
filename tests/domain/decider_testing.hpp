// What the decider's given/when/then tests share: actors, the usual first events, folding a history, and
// reading a decision's events or rejection code.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "domain/session_decider.hpp"

namespace scsa::domain::testing {

inline const actor facilitator{actor_role::facilitator, {}};
inline const actor anonymous{actor_role::anonymous, {}};
inline actor participant(const std::string& id) {
  return actor{actor_role::participant, id};
}

inline session_created workshop_created() {
  return session_created{"s1", "Werksessie Utrecht", "GM0344", session_mode::workshop, "KX7P2M", "fhash"};
}
inline session_created solo_created() {
  return session_created{"s2", "Zelfevaluatie", "GM0363", session_mode::solo, "QW3R4T", "fhash"};
}
inline participant_joined joined(const std::string& id) {
  return participant_joined{id, std::nullopt, "h-" + id};
}

inline session_state given(const std::vector<session_event>& history) {
  session_state state = initial_session_state;
  int n = 0;
  for (const auto& e : history)
    state = evolve(std::move(state), stamped_event{"past-" + std::to_string(++n), e});
  return state;
}

inline decision when(const session_state& state, const actor& by, command_body body,
                     std::string id = "cmd-1") {
  return decide(command{std::move(id), by, std::move(body)}, state);
}

inline std::vector<session_event> events_of(const decision& d) {
  REQUIRE_FALSE(is_rejection(d));
  return std::get<std::vector<session_event>>(d);
}

inline std::string code_of(const decision& d) {
  REQUIRE(is_rejection(d));
  return std::get<rejection>(d).code;
}

}  // namespace scsa::domain::testing
