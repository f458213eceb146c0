// The facts of an assessment session: every event the decider can decide and every projection folds.
// Events are the storage format (see event_codec.hpp): change one only by adding an optional field or a
// new versioned type. Events hold no personal data; names live outside the log, keyed by participant id.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "domain/baseline_events.hpp"
#include "domain/roadmap_events.hpp"
#include "domain/scale.hpp"

namespace scsa::domain {

// How a session is run.
enum class session_mode {
  workshop,  // a facilitator and many participants, live
  solo,      // one respondent on their own: the original online self-assessment
};

struct session_created {
  std::string session_id;              // stream id of the session, made by the server
  std::string title;                   // shown to participants and on the dashboard
  std::string municipality;            // CBS code, e.g. GM0363
  session_mode mode;                   // workshop or solo
  std::string join_code;               // short code participants type to join
  std::string facilitator_token_hash;  // hash of the facilitator's token; the token itself is never stored
  bool operator==(const session_created&) const = default;
};

struct participant_joined {
  std::string participant_id;             // made by the server, unique within the session
  std::optional<std::string> department;  // optional, organisational (not personal) data
  std::string token_hash;                 // hash of the participant's resume token
  bool operator==(const participant_joined&) const = default;
};

// The display name changed; the name itself is personal data and lives outside the log.
struct participant_renamed {
  std::string participant_id;  // who changed their name
  bool operator==(const participant_renamed&) const = default;
};

struct participant_removed {
  std::string participant_id;  // who the facilitator removed; their answers no longer count
  bool operator==(const participant_removed&) const = default;
};

struct statement_opened {
  int statement;  // 1..21, now accepting answers
  bool operator==(const statement_opened&) const = default;
};

struct statement_closed {
  int statement;  // 1..21, no longer accepting answers
  bool operator==(const statement_closed&) const = default;
};

// The facilitator sent everyone to this statement ("everyone to statement N"): phones go there.
struct statement_focused {
  int statement;  // 1..21, where participants are taken
  bool operator==(const statement_focused&) const = default;
};

// Participants now see the group's distributions.
struct results_revealed {
  bool operator==(const results_revealed&) const = default;
};
// Participants no longer see them.
struct results_hidden {
  bool operator==(const results_hidden&) const = default;
};

struct round_started {
  int round;  // the new round's number (the first round, 1, starts with the session)
  bool operator==(const round_started&) const = default;
};

struct answer_given {
  std::string participant_id;  // who answered
  int statement;               // 1..21
  aspect which;                // current or desired
  int level;                   // 1..5, cumulative: level N means levels 1..N all hold
  int round;                   // the round the answer belongs to
  bool operator==(const answer_given&) const = default;
};

struct answer_withdrawn {
  std::string participant_id;  // whose answer
  int statement;               // 1..21
  aspect which;                // current or desired
  int round;                   // the round it was given in
  bool operator==(const answer_withdrawn&) const = default;
};

// No more answers until reopened.
struct session_closed {
  bool operator==(const session_closed&) const = default;
};
// Answers are taken again.
struct session_reopened {
  bool operator==(const session_reopened&) const = default;
};

using session_event =
    std::variant<session_created, participant_joined, participant_renamed, participant_removed,
                 statement_opened, statement_closed, statement_focused, results_revealed, results_hidden,
                 round_started, answer_given, answer_withdrawn, session_closed, session_reopened,
                 roadmap_event, baseline_event>;

// An event with the id of the command that decided it: the session state remembers handled commands.
struct stamped_event {
  std::string command_id;  // the client-made id of the deciding command
  session_event event;     // what happened
  bool operator==(const stamped_event&) const = default;
};

constexpr std::string_view to_string(session_mode m) {
  return m == session_mode::workshop ? "workshop" : "solo";
}
constexpr std::optional<session_mode> parse_session_mode(std::string_view text) {
  if (text == "workshop") return session_mode::workshop;
  if (text == "solo") return session_mode::solo;
  return std::nullopt;
}

}  // namespace scsa::domain
