// The public forms' input: a request for information, support or a workshop, or for the sample report.
// Parsing and validation are pure (no I/O, no clock): the body's JSON becomes a submission or per-field
// errors in the sender's language. Thread-safe (no state).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "domain/catalogue.hpp"

namespace scsa::server {

// What a submission asks for; stored as its name (form_kind_name).
enum class form_kind { information, support, workshop, sample_report };

std::string_view form_kind_name(form_kind kind);
std::optional<form_kind> parse_form_kind(std::string_view name);

// A valid submission. Every field is free of control characters except line breaks in `message`, which
// only ever goes into a mail body (base64), never a header.
struct form_submission {
  form_kind kind = form_kind::information;
  domain::language language = domain::language::nl;  // of the answer, the confirmation mail and errors
  std::string name;                                  // 1..200 characters, required
  std::string email;         // a plain addr-spec (local@domain), at most 254 characters, required
  std::string organisation;  // 0..200 characters
  std::string message;       // 0..5000 characters
};

// A submission as stored: its id (also the mail's idempotency key) and when it arrived.
struct stored_submission {
  std::string id;                          // "f-" and 16 hex digits
  std::int64_t created_ms = 0;             // arrival, ms since the Unix epoch
  std::optional<std::int64_t> handled_ms;  // when the operator marked it handled
  form_submission form;
};

// The outcome of parsing one form body.
struct parsed_form {
  std::optional<form_submission> submission;        // set when valid (and not a honeypot hit)
  std::map<std::string, std::string> field_errors;  // field -> message in `language`; empty when valid
  std::string error_code;                           // "" when valid; "bad_json" or "invalid_fields" otherwise
  bool honeypot = false;  // the hidden field was filled: a robot; answer as if fine, keep nothing
  domain::language language = domain::language::nl;  // for the answer, even when invalid
};

// The hidden field a person never sees or fills.
inline constexpr std::string_view honeypot_field = "website";

// POST /api/requests: name, email, kind (information|support|workshop; default information), organisation,
// message, language (nl|en; default nl), and the honeypot.
parsed_form parse_request_form(std::string_view body);

// POST /api/sample-report-requests: name, email, language, and the honeypot.
parsed_form parse_sample_report_form(std::string_view body);

// Whether `email` is an addr-spec we accept: dot-atom local part (at most 64 characters) @ a domain of
// letter/digit/hyphen labels with at least one dot, at most 254 characters in all. Quoted local parts
// and address literals are refused: nobody types them into a form.
bool valid_email(std::string_view email);

}  // namespace scsa::server
