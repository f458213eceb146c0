// A join that brings its own token (so a client may send the same join again when the ack was lost): the
// rule for a token the log already knows. Which session a token belongs to is the hub's index across
// sessions; what that means for the join is decided here. Pure.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "domain/session_decider.hpp"
#include "domain/session_directory.hpp"  // token_owner

namespace scsa::domain {

struct join_as_new {};  // the token is new: decide a join_session as usual
struct join_again {     // the same join again: answer as the first one did, with this participant
  std::string participant_id;
};
using join_token_decision = std::variant<join_as_new, join_again, rejection>;

// `owner`: who the token already belongs to, if anyone. A token is per session: one of another session is
// refused (token_in_use), so a client cannot be two participants of two sessions with one secret.
join_token_decision decide_join_token(const std::optional<token_owner>& owner, const std::string& session_id);

}  // namespace scsa::domain
