// A strict subset of RFC 8259 read in one pass; see the header for why anything outside it gives up.
#include "domain/flat_json.hpp"

namespace scsa::domain {

namespace {

class cursor {
 public:
  explicit cursor(std::string_view text) : text_(text) {}

  // JSON whitespace only (nlohmann accepts exactly these four).
  void skip_space() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++at_;
    }
  }
  bool done() const { return at_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[at_]; }
  bool take(char c) {
    if (peek() != c || done()) return false;
    ++at_;
    return true;
  }

  // A string without escapes, control characters or non-ASCII bytes (those need nlohmann's decoding and
  // UTF-8 checks); the opening quote is the current character.
  std::optional<std::string_view> plain_string() {
    if (!take('"')) return std::nullopt;
    const std::size_t start = at_;
    while (at_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') return text_.substr(start, at_++ - start);
      if (c == '\\' || c < 0x20 || c >= 0x80) return std::nullopt;
      ++at_;
    }
    return std::nullopt;
  }

  // -?(0|[1-9][0-9]{0,17}) not followed by a fraction, exponent or further digit: always fits int64.
  std::optional<std::int64_t> small_integer() {
    const bool negative = take('-');
    const std::size_t start = at_;
    std::int64_t value = 0;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
      if (at_ - start == 18) return std::nullopt;
      value = value * 10 + (text_[at_] - '0');
      ++at_;
    }
    const std::size_t digits = at_ - start;
    if (digits == 0 || (digits > 1 && text_[start] == '0')) return std::nullopt;
    const char next = peek();
    if (next == '.' || next == 'e' || next == 'E') return std::nullopt;
    return negative ? -value : value;
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

std::optional<flat_value> read_value(cursor& in) {
  flat_value value;
  switch (in.peek()) {
    case '"': {
      auto text = in.plain_string();
      if (!text) return std::nullopt;
      value.type = flat_value::kind::string;
      value.text = *text;
      return value;
    }
    case 't':
    case 'f': {
      const bool truth = in.peek() == 't';
      if (!in.literal(truth ? "true" : "false")) return std::nullopt;
      value.type = flat_value::kind::boolean;
      value.number = truth ? 1 : 0;
      return value;
    }
    case 'n':
      if (!in.literal("null")) return std::nullopt;
      value.type = flat_value::kind::null;
      return value;
    default: {
      auto number = in.small_integer();
      if (!number) return std::nullopt;
      value.type = flat_value::kind::integer;
      value.number = *number;
      return value;
    }
  }
}

}  // namespace

const flat_value* flat_object::find(std::string_view name) const {
  for (std::size_t i = size_; i-- > 0;)
    if (names_[i] == name) return &values_[i];
  return nullptr;
}

bool flat_object::add(std::string_view name, const flat_value& value) {
  if (size_ == max_fields) return false;
  names_[size_] = name;
  values_[size_] = value;
  ++size_;
  return true;
}

std::optional<flat_object> read_flat_object(std::string_view text) {
  cursor in(text);
  flat_object object;
  in.skip_space();
  if (!in.take('{')) return std::nullopt;
  in.skip_space();
  if (!in.take('}')) {
    for (;;) {
      in.skip_space();
      auto name = in.plain_string();
      if (!name) return std::nullopt;
      in.skip_space();
      if (!in.take(':')) return std::nullopt;
      in.skip_space();
      auto value = read_value(in);
      if (!value || !object.add(*name, *value)) return std::nullopt;
      in.skip_space();
      if (in.take(',')) continue;
      if (in.take('}')) break;
      return std::nullopt;
    }
  }
  in.skip_space();
  if (!in.done()) return std::nullopt;
  return object;
}

}  // namespace scsa::domain
