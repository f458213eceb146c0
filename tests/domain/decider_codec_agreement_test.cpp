// The decider never decides an event the codec refuses to read back: what is appended today must load at
// the next start. Found by reading the fuzz targets' invariant (every decided event decodes to itself)
// against the codec's bounds: the round number is the one field the decider can grow without limit.
#include <catch2/catch.hpp>

#include <variant>

#include "domain/event_codec.hpp"
#include "domain/session_decider.hpp"

using namespace scsa::domain;

TEST_CASE("a new round past the last round the log can store is refused, not appended", "[decider][codec]") {
  // GIVEN a workshop in the last round the codec accepts
  session_state state = initial_session_state;
  state = evolve(std::move(state), session_event{session_created{"s1", "Werksessie", "GM0344",
                                                                 session_mode::workshop, "KX7P2M", "fh"}});
  state = evolve(std::move(state), session_event{round_started{max_round}});
  REQUIRE(state.round == max_round);

  // WHEN the facilitator starts another round
  const auto decision = decide(command{"r", actor{actor_role::facilitator, {}}, start_round{}}, state);

  // THEN it is refused, since round_started{max_round + 1} would make the log unreadable at the next start
  if (const auto* events = std::get_if<std::vector<session_event>>(&decision)) {
    for (const auto& event : *events) {
      const auto back = decode_event(event_type(event), event_schema_version, encode_event(event));
      CHECK(std::holds_alternative<session_event>(back));
    }
    FAIL("round " << max_round + 1 << " was decided");
  }
  CHECK(std::get<rejection>(decision).code == "too_many_rounds");
}
