// The operator's token, known to the server only by its SHA-256: the file named by --operator-token-file
// holds those 64 hex digits (as `sha256sum` prints them; anything after the first word is ignored), so a
// leaked configuration does not leak the token. `scsa-server operator-token FILE` makes a token and the file.
// Pure parsing plus two small file operations at start-up; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace scsa::server {

// The hash in a file's text, in lower case, or nullopt when its first word is not 64 hex digits.
std::optional<std::string> parse_token_hash(std::string_view text);

// Reads the hash from `path`; throws std::runtime_error naming the file and the problem.
std::string read_operator_token_hash(const std::string& path);

// Makes a new operator token, writes its hash to `path` (mode 0600, replacing the file) and returns the
// token; throws std::runtime_error when the file cannot be written.
std::string write_new_operator_token(const std::string& path);

}  // namespace scsa::server
