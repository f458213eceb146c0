// A stored event read back as the domain's: every reader of the log (start-up, a session woken, another
// node's commits, a catch-up, replay) decodes the same way and names the event it cannot read.
#pragma once

#include "domain/session_events.hpp"
#include "events/event_log.hpp"

namespace scsa::server {

// Throws std::runtime_error ("event N cannot be read: ...") for a type, version or payload it cannot read.
domain::session_event decode_stored(const events::recorded_event& recorded);

}  // namespace scsa::server
