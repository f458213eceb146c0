// An e-mail as bytes on the wire (RFC 5322 with MIME): headers, a UTF-8 text part and at most one
// attachment. Everything a person typed goes into headers only RFC 2047-encoded (base64), and bodies are
// base64 too, so no input can add a header or end the message early. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scsa::server {

struct mail_attachment {
  std::string filename;      // ASCII, e.g. "voorbeeldrapport.pdf"
  std::string content_type;  // e.g. "application/pdf"
  std::string data;          // the file's bytes
};

struct mail_message {
  std::string from;        // addr-spec of the sender (--mail-from)
  std::string from_name;   // display name, UTF-8 (may be empty)
  std::string to;          // addr-spec of the recipient (validated by the form)
  std::string to_name;     // display name, UTF-8 (may be empty)
  std::string reply_to;    // addr-spec where replies go (--mail-reply-to), "" for none: From may be no-reply
  std::string subject;     // UTF-8
  std::string text;        // UTF-8 body with "\n" line breaks
  std::string message_id;  // "local@domain" without angle brackets; the same on every retry
  std::int64_t date_ms = 0;                   // the Date header, ms since the Unix epoch
  std::optional<mail_attachment> attachment;  // sent as multipart/mixed when present
};

// The whole message with CRLF line ends, ready for SMTP DATA.
std::string render_mail(const mail_message& mail);

// RFC 5322 date in UTC, e.g. "Sat, 28 Nov 2026 17:20:05 +0000".
std::string rfc5322_date(std::int64_t ms_since_epoch);

// Base64 of `bytes` (no line breaks).
std::string base64(std::string_view bytes);

}  // namespace scsa::server
