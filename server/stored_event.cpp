// Decoding a stored event (see stored_event.hpp).
#include "server/stored_event.hpp"

#include <stdexcept>
#include <string>

#include "domain/event_codec.hpp"

namespace scsa::server {

domain::session_event decode_stored(const events::recorded_event& recorded) {
  auto decoded = domain::decode_event_text(recorded.type, recorded.schema_version, recorded.payload);
  if (auto* error = std::get_if<domain::decode_error>(&decoded))
    throw std::runtime_error("event " + std::to_string(recorded.sequence) +
                             " cannot be read: " + error->message);
  return std::get<domain::session_event>(std::move(decoded));
}

}  // namespace scsa::server
