// What people ask of a session: the commands the decider judges against the session's state.
// Ids and credentials arrive inside the command (made by the server), so deciding stays pure.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "domain/baseline_commands.hpp"
#include "domain/roadmap_commands.hpp"
#include "domain/session_events.hpp"

namespace scsa::domain {

// Who sends a command, as the server authenticated them.
enum class actor_role {
  anonymous,    // not (yet) known to the session: may only join
  participant,  // a joined participant, by their token
  facilitator,  // holder of the session's facilitator token
  operator_,    // the service's operator (creates sessions on behalf of facilitators)
};

struct actor {
  actor_role role = actor_role::anonymous;
  std::string participant_id;  // set when role is participant
};

struct create_session {
  std::string session_id;              // made by the server
  std::string title;                   // 1..200 characters
  std::string municipality;            // CBS code, already checked against the registry by the caller
  session_mode mode;                   // workshop or solo
  std::string join_code;               // made by the server
  std::string facilitator_token_hash;  // hash of the facilitator token handed to the creator
};

struct join_session {
  std::string participant_id;             // made by the server
  std::optional<std::string> department;  // optional, at most 100 characters
  std::string token_hash;                 // hash of the token handed to the participant
};

struct rename_participant {
  std::string participant_id;  // the participant themselves, or anyone when the facilitator asks
};

struct remove_participant {
  std::string participant_id;  // facilitator only
};

// Open or close one statement, or all of them when `statement` is empty (facilitator only).
struct open_statements {
  std::optional<int> statement;
};
struct close_statements {
  std::optional<int> statement;
};

// Take every participant to one statement (facilitator only); it need not be open.
struct focus_statement {
  int statement;  // 1..21
};

struct reveal_results {};
struct hide_results {};
struct start_round {};
struct close_session {};
struct reopen_session {};

struct give_answer {
  int statement;  // 1..21
  aspect which;   // current or desired
  int level;      // 1..5
};

struct withdraw_answer {
  int statement;  // 1..21
  aspect which;   // current or desired
};

using command_body =
    std::variant<create_session, join_session, rename_participant, remove_participant, open_statements,
                 close_statements, focus_statement, reveal_results, hide_results, start_round, close_session,
                 reopen_session, give_answer, withdraw_answer, roadmap_command, baseline_command>;

struct command {
  std::string command_id;  // client-made; the same id twice decides no new events
  actor by;                // who asks
  command_body body;       // what they ask
};

}  // namespace scsa::domain
