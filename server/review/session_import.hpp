// `scsa-server import`: appends a session exported as NDJSON (GET /api/sessions/{id}/export/events.ndjson)
// to an event log, through the log's ordinary appends, so the imported session folds to the same results.
// Credentials were withheld on export, so the import mints new ones: a facilitator token (returned, shown
// once), a join code, and unusable participant token hashes. Lines of type "typed_text" (after the events)
// carry the roadmap's texts, which live outside the log. Checks every line before writing anything.
// Not thread-safe itself (one import at a time); the log is.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "events/event_log.hpp"

namespace scsa::server {

struct imported_session {
  std::string session_id;                    // the session's id, as exported
  std::int64_t events = 0;                   // events appended
  std::string facilitator_token;             // new; only its hash is stored
  std::string join_code;                     // new (the export withholds the old one)
  std::map<std::string, std::string> texts;  // the roadmap's typed texts by id ("typed_text" lines): the
                                             // caller stores them beside the log, where the events find them
};

// Appends the session in `ndjson` to `log`; the error names the line and the problem. Refuses a session the
// log already holds. A storage failure half-way leaves the events before it (the message says so).
std::variant<imported_session, std::string> import_session(events::event_log& log, std::string_view ndjson);

}  // namespace scsa::server
