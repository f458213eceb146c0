// The rule for a join's own token (see join_token.hpp).
#include "domain/join_token.hpp"

namespace scsa::domain {

join_token_decision decide_join_token(const std::optional<token_owner>& owner,
                                      const std::string& session_id) {
  if (!owner) return join_as_new{};
  if (owner->session_id != session_id) return rejection{"token_in_use", "make a new token for each session"};
  return join_again{owner->participant_id};
}

}  // namespace scsa::domain
