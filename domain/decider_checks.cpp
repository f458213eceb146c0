// The shared checks of the decider.
#include "domain/decider_checks.hpp"

namespace scsa::domain {

rejection reject(std::string code, std::string message) {
  return rejection{std::move(code), std::move(message)};
}

bool is_facilitator(const actor& by) {
  return by.role == actor_role::facilitator;
}

std::variant<const participant_state*, rejection> active_participant(const actor& by,
                                                                     const session_state& s) {
  if (by.role != actor_role::participant) return reject("not_a_participant", "only participants answer");
  auto found = s.participants.find(by.participant_id);
  if (found == s.participants.end()) return reject("not_a_participant", "join the session first");
  if (found->second.removed)
    return reject("participant_removed", "the facilitator removed you from the session");
  return &found->second;
}

std::optional<rejection> check_facilitator_control(const actor& by, const session_state& s) {
  if (!is_facilitator(by)) return reject("not_allowed", "only the facilitator can do this");
  if (s.mode == session_mode::solo)
    return reject("solo_session", "a solo self-assessment has no facilitator controls");
  return std::nullopt;
}

std::optional<rejection> check_statement(int statement) {
  if (!is_valid_statement(statement))
    return reject("invalid_statement", "statement must be 1.." + std::to_string(statement_count));
  return std::nullopt;
}

std::size_t text_length(const std::string& text) {
  std::size_t characters = 0;
  for (const char c : text) {
    // Every byte but a UTF-8 continuation byte (10xxxxxx) starts a character.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
  }
  return characters;
}

}  // namespace scsa::domain
