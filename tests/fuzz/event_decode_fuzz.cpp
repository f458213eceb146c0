// libFuzzer target: domain::decode_event_text on an arbitrary type, schema version and payload, as the log
// could hold them after corruption or a bad migration. Decoding never throws; an event that decodes has
// the type it was stored as, re-encodes to the fields it was read from, and that encoding decodes to the
// same event; and the in-place reader of flat payloads agrees with decoding the parsed DOM. Input:
// `<type>\n<version>\n<payload JSON>` (the payload may span lines).
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/event_codec.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

namespace domain = scsa::domain;
using nlohmann::json;
using scsa::fuzz::check;

// Splits off the text before the first '\n'.
std::string_view take_line(std::string_view& text) {
  const auto end = text.find('\n');
  const auto line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string type(take_line(text));
  const auto version_text = take_line(text);
  int version = 0;
  std::from_chars(version_text.data(), version_text.data() + version_text.size(), version);
  const std::string_view payload_text = text;

  std::variant<domain::session_event, domain::decode_error> decoded;
  try {
    decoded = domain::decode_event_text(type, version, payload_text);
  } catch (...) {
    check(false, "decode_event_text never throws");
  }
  // The in-place reader of flat payloads (domain/flat_json.hpp) must not change any answer: decoding the
  // parsed DOM gives the same event or the same message.
  const json parsed = json::parse(payload_text, nullptr, false);
  if (parsed.is_discarded()) {
    const auto* error = std::get_if<domain::decode_error>(&decoded);
    check(error != nullptr && error->message == type + ": payload is not valid JSON",
          "text nlohmann refuses is refused as not JSON");
  } else {
    const auto from_dom = domain::decode_event(type, version, parsed);
    check(from_dom.index() == decoded.index(), "the text and the DOM decode alike");
    if (const auto* error = std::get_if<domain::decode_error>(&decoded))
      check(std::get<domain::decode_error>(from_dom).message == error->message,
            "the text and the DOM give the same error", error->message);
    else
      check(std::get<domain::session_event>(from_dom) == std::get<domain::session_event>(decoded),
            "the text and the DOM give the same event");
  }

  if (const auto* error = std::get_if<domain::decode_error>(&decoded)) {
    check(!error->message.empty(), "a decode error says what is wrong");
    return 0;
  }

  const auto& event = std::get<domain::session_event>(decoded);
  check(version == domain::event_schema_version, "only the current schema version decodes");
  check(domain::event_type(event) == type, "an event decodes to the type it was stored as", type);

  // Re-encoding writes exactly the fields that were read: each has the stored value.
  const json& stored = parsed;
  const json encoded = domain::encode_event(event);
  check(encoded.is_object(), "an encoded event is an object");
  for (const auto& [name, value] : encoded.items()) {
    check(stored.contains(name) && stored[name] == value, "a re-encoded field equals the stored one",
          name + ": stored " + stored.dump(-1, ' ', false, json::error_handler_t::replace) + ", encoded " +
              value.dump());
  }

  // And the encoding decodes to the same event, also through its text.
  const std::string written = encoded.dump();
  const auto again = domain::decode_event_text(type, domain::event_schema_version, written);
  const auto* back = std::get_if<domain::session_event>(&again);
  check(back != nullptr && *back == event, "a re-encoded event decodes to itself", written);
  check(domain::encode_event(*back) == encoded, "encoding is stable", written);
  return 0;
}
