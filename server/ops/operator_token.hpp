// The operators' tokens, known to the server only by their SHA-256: the file named by --operator-token-file
// holds one line per person, the token's 64 hex digits (as `sha256sum` prints them) and a label ("anna")
// that the desk records with everything that person changes. A leaked configuration does not leak a token.
// `scsa-server operator-token FILE [--label NAME] [--add]` makes a token and its line.
// Pure parsing plus two small file operations at start-up; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scsa::server {

// One line of the file: whose token, and its hash.
struct operator_token_entry {
  std::string hash;   // SHA-256 of the token, 64 lower-case hex digits
  std::string label;  // who holds it; "operator" when the line names nobody
};

// The hash in a line's first word, in lower case, or nullopt when it is not 64 hex digits.
std::optional<std::string> parse_token_hash(std::string_view text);

// Every line of a file's text: blank lines and lines starting with '#' are skipped; the label is the rest
// of the line after the hash (trimmed, at most 64 characters; "-", which `sha256sum -` prints, names
// nobody). nullopt when a line is not a hash or no line is one.
std::optional<std::vector<operator_token_entry>> parse_operator_tokens(std::string_view text);

// Reads the entries from `path`; throws std::runtime_error naming the file and the problem.
std::vector<operator_token_entry> read_operator_tokens(const std::string& path);

// Makes a new operator token and writes its hash and `label` to `path` (mode 0600): replacing the file,
// or, with `add`, after the lines already there. Returns the token; throws std::runtime_error when the file
// cannot be written or the label is not 1..64 printable characters without spaces.
std::string write_new_operator_token(const std::string& path, const std::string& label = "operator",
                                     bool add = false);

}  // namespace scsa::server
