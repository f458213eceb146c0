// Every session ever held, in a few bytes each: what a list of sessions shows, the join code and the
// participants' token hashes that find a session, the facilitator's token hash that admits to it. A
// long-lived projection (folded from every event of every session, like the municipality averages) that
// stays in memory while the sessions themselves leave it once nobody uses them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

#include "domain/session_events.hpp"

namespace scsa::domain {

// One session as a list shows it.
struct directory_entry {
  bool created = false;                        // false until session_created
  std::string title;                           // as created
  std::string municipality;                    // CBS code
  session_mode mode = session_mode::workshop;  // workshop or solo
  std::string join_code;                       // what participants type
  std::string facilitator_token_hash;          // who may facilitate
  std::int64_t created_ms = 0;                 // time of the session's first event, ms since the epoch
  std::int64_t events = 0;                     // events in its stream (the stream's version)
  int round = 1;                               // the current round
  bool closed = false;                         // closed sessions take no answers
  std::map<std::string, bool> participants;    // participant id -> removed by the facilitator

  std::size_t active_participants() const;  // joined and not removed
  bool operator==(const directory_entry&) const = default;
};

// Where a known participant token belongs.
struct token_owner {
  std::string session_id;      // the session the token joined
  std::string participant_id;  // as whom
  bool operator==(const token_owner&) const = default;
};

struct session_directory {
  std::unordered_map<std::string, directory_entry> sessions;  // by session id
  std::unordered_map<std::string, std::string> join_codes;    // join code -> session id
  std::unordered_map<std::string, token_owner> tokens;        // participant token hash -> participant
  bool operator==(const session_directory&) const = default;
};

// Folds one event of the session `session_id`, appended at `time_ms`; sessions may interleave freely.
session_directory evolve(session_directory directory, const std::string& session_id, std::int64_t time_ms,
                         const session_event& event);

}  // namespace scsa::domain
