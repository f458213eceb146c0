// A reader for the common shape of a stored event's payload: one JSON object whose values are all plain
// strings (no escapes, ASCII), integers, booleans or null. It reads the text in place, without building a
// DOM or allocating, and gives up (nullopt) on anything else: the caller then parses with nlohmann::json,
// which also gives the error for text that is not JSON. So it never accepts what nlohmann would refuse and
// never reads a value differently (tests/fuzz/event_decode_fuzz.cpp checks both paths agree).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace scsa::domain {

// One value of a flat object, pointing into the text it was read from.
struct flat_value {
  enum class kind : std::uint8_t { string, integer, boolean, null, other };
  kind type = kind::other;
  std::string_view text;    // kind::string: the characters between the quotes
  std::int64_t number = 0;  // kind::integer: the value; kind::boolean: 0 or 1
};

class flat_object {
 public:
  static constexpr std::size_t max_fields = 16;  // more fields: give up (no stored event has that many)

  // The value of the LAST field with this name (as nlohmann::json keeps the last of duplicate keys).
  const flat_value* find(std::string_view name) const;
  std::size_t size() const { return size_; }
  bool add(std::string_view name, const flat_value& value);

 private:
  std::array<std::string_view, max_fields> names_{};
  std::array<flat_value, max_fields> values_{};
  std::size_t size_ = 0;
};

// The object in `text`, or nullopt when the text is not a flat object this reader handles (which includes
// every text that is not valid JSON).
std::optional<flat_object> read_flat_object(std::string_view text);

}  // namespace scsa::domain
