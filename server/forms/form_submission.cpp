// Validation of the public forms. Messages are short sentences a person can act on, in Dutch or English.
#include "server/forms/form_submission.hpp"

#include <nlohmann/json.hpp>

namespace scsa::server {

namespace {

using json = nlohmann::json;

constexpr std::size_t max_name = 200;
constexpr std::size_t max_organisation = 200;
constexpr std::size_t max_message = 5000;
constexpr std::size_t max_email = 254;

// Characters, not bytes: the limits are what a person sees (the JSON parser has checked the UTF-8).
std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  return count;
}

// Control characters (C0, DEL) are refused everywhere; line breaks and tabs only where allowed.
bool has_control(std::string_view text, bool allow_line_breaks) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (allow_line_breaks && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

bool is_atext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

struct texts {
  const char* required;
  const char* too_long;
  const char* control;
  const char* email;
  const char* kind;
  const char* language;
  const char* not_text;
};

constexpr texts dutch = {
    "Vul dit veld in.",
    "Dit veld is te lang (hoogstens {} tekens).",
    "Dit veld mag geen regeleinden of stuurtekens bevatten.",
    "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.",
    "Kies informatie, ondersteuning of workshop.",
    "Kies nl of en.",
    "Dit veld moet tekst zijn.",
};

constexpr texts english = {
    "Please fill in this field.",
    "This field is too long (at most {} characters).",
    "This field must not contain line breaks or control characters.",
    "Please enter a valid e-mail address, for example name@municipality.nl.",
    "Choose information, support or workshop.",
    "Choose nl or en.",
    "This field must be text.",
};

std::string with_limit(const char* text, std::size_t limit) {
  std::string message = text;
  if (auto at = message.find("{}"); at != std::string::npos) message.replace(at, 2, std::to_string(limit));
  return message;
}

class form_reader {
 public:
  explicit form_reader(std::string_view body) {
    body_ = json::parse(body, nullptr, false);
    if (body_.is_discarded() || !body_.is_object()) {
      result_.error_code = "bad_json";
      return;
    }
    if (auto it = body_.find("language"); it != body_.end()) {
      auto language = it->is_string() ? domain::parse_language(it->get<std::string>()) : std::nullopt;
      if (language)
        result_.language = *language;
      else
        result_.field_errors["language"] = words().language;
    }
    const auto trap = body_.find(std::string(honeypot_field));
    result_.honeypot = trap != body_.end() &&
                       !(trap->is_string() && trap->get_ref<const std::string&>().empty()) &&
                       !trap->is_null();
  }

  bool bad_json() const { return result_.error_code == "bad_json"; }
  const texts& words() const { return result_.language == domain::language::en ? english : dutch; }

  // A text field, trimmed of surrounding spaces; "" when absent. Records its error, if any.
  std::string text(const char* field, bool required, std::size_t limit, bool allow_line_breaks = false) {
    auto it = body_.find(field);
    if (it == body_.end() || it->is_null()) {
      if (required) result_.field_errors[field] = words().required;
      return {};
    }
    if (!it->is_string()) {
      result_.field_errors[field] = words().not_text;
      return {};
    }
    std::string value = trim(it->get<std::string>());
    if (value.empty() && required)
      result_.field_errors[field] = words().required;
    else if (has_control(value, allow_line_breaks))
      result_.field_errors[field] = words().control;
    else if (characters(value) > limit)
      result_.field_errors[field] = with_limit(words().too_long, limit);
    return value;
  }

  std::string email() {
    std::string value = text("email", true, max_email);
    if (!value.empty() && !result_.field_errors.contains("email") && !valid_email(value))
      result_.field_errors["email"] = words().email;
    return value;
  }

  std::optional<form_kind> kind() {
    auto it = body_.find("kind");
    if (it == body_.end() || it->is_null()) return form_kind::information;
    auto kind = it->is_string() ? parse_form_kind(it->get<std::string>()) : std::nullopt;
    if (!kind || *kind == form_kind::sample_report) {
      result_.field_errors["kind"] = words().kind;
      return std::nullopt;
    }
    return kind;
  }

  parsed_form finish(form_submission submission) {
    if (!result_.field_errors.empty()) {
      result_.error_code = "invalid_fields";
      return std::move(result_);
    }
    submission.language = result_.language;
    if (!result_.honeypot) result_.submission = std::move(submission);
    return std::move(result_);
  }

  parsed_form take() { return std::move(result_); }

 private:
  static std::string trim(std::string value) {
    const auto first = value.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const auto last = value.find_last_not_of(" \t");
    return value.substr(first, last - first + 1);
  }

  json body_;
  parsed_form result_;
};

}  // namespace

std::string_view form_kind_name(form_kind kind) {
  switch (kind) {
    case form_kind::information:
      return "information";
    case form_kind::support:
      return "support";
    case form_kind::workshop:
      return "workshop";
    case form_kind::sample_report:
      return "sample_report";
  }
  return "information";
}

std::optional<form_kind> parse_form_kind(std::string_view name) {
  for (const auto kind :
       {form_kind::information, form_kind::support, form_kind::workshop, form_kind::sample_report})
    if (form_kind_name(kind) == name) return kind;
  return std::nullopt;
}

bool valid_email(std::string_view email) {
  if (email.size() > max_email) return false;
  const auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const auto local = email.substr(0, at);
  const auto domain = email.substr(at + 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  for (const char c : local)
    if (c != '.' && !is_atext(c)) return false;
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= domain.size()) {
    auto end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const auto label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (const char c : label)
      if (!is_label_char(c)) return false;
    if (end == domain.size()) {
      // The top-level label: letters only (no numeric TLDs), at least two.
      if (label.size() < 2) return false;
      for (const char c : label)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    start = end + 1;
  }
  return true;
}

parsed_form parse_request_form(std::string_view body) {
  form_reader reader(body);
  if (reader.bad_json()) return reader.take();
  form_submission submission;
  submission.name = reader.text("name", true, max_name);
  submission.email = reader.email();
  submission.organisation = reader.text("organisation", false, max_organisation);
  submission.message = reader.text("message", false, max_message, true);
  submission.kind = reader.kind().value_or(form_kind::information);
  return reader.finish(std::move(submission));
}

parsed_form parse_sample_report_form(std::string_view body) {
  form_reader reader(body);
  if (reader.bad_json()) return reader.take();
  form_submission submission;
  submission.kind = form_kind::sample_report;
  submission.name = reader.text("name", true, max_name);
  submission.email = reader.email();
  return reader.finish(std::move(submission));
}

}  // namespace scsa::server
