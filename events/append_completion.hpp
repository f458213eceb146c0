// What both engines' writers do when an append ends: call its completion without letting an exception
// escape the writer thread, and build a storage_error result. Internal to events/.
#pragma once

#include <string>

#include "events/event_log.hpp"

namespace scsa::events {

// Calls `completion`; an exception from it is logged and dropped (the writer thread goes on).
void complete(const append_callback& completion, append_result result) noexcept;

append_result storage_error(std::string message);

// What both engines do first with an append: an invalid request (see validate) is completed at once as
// rejected, with the reason. Returns true when it was.
bool rejected_as_invalid(const append_request& request, const append_callback& completion);

}  // namespace scsa::events
