// Percent-decoding of URL paths and query strings (RFC 3986), shared by http_types and static_files.
// Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace scsa::server {

// Decodes %XX escapes; with plus_as_space, '+' becomes ' ' (form encoding, for query strings only).
// Returns nullopt for a malformed escape ('%' not followed by two hex digits).
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space);

}  // namespace scsa::server
