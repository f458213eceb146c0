// Session events as stored in the log: a type name, a schema version and a JSON payload.
// Decoding never throws: a stored event that does not fit gives a message naming what is wrong.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/session_events.hpp"

namespace scsa::domain {

// The schema version every event is written with today; older versions get an upcaster in decode_event.
inline constexpr int event_schema_version = 1;

// The stored type name of an event, in past tense: "answer_given".
std::string_view event_type(const session_event& event);

// The stored payload; enums are strings, absent optional fields are left out.
nlohmann::json encode_event(const session_event& event);

struct decode_error {
  std::string message;  // e.g. "answer_given: level 7 is outside 1..5"
};

std::variant<session_event, decode_error> decode_event(std::string_view type, int schema_version,
                                                       const nlohmann::json& payload);
// The same, from the payload's JSON text as the log stores it.
std::variant<session_event, decode_error> decode_event_text(std::string_view type, int schema_version,
                                                            std::string_view payload_json);

}  // namespace scsa::domain
