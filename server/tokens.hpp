// Secrets and short codes: random tokens (256 bits), their SHA-256 hashes (only hashes are stored),
// constant-time comparison, and short join codes people can type. Thread-safe (OpenSSL's CSPRNG).
#pragma once

#include <string>
#include <string_view>

namespace scsa::server {

// A new random token: 32 bytes as 64 lower-case hex digits.
std::string make_token();

// The hex SHA-256 of a token, as stored in the log.
std::string hash_token(std::string_view token);

// Compares two strings in time that depends only on their lengths.
bool equal_in_constant_time(std::string_view a, std::string_view b);

// The alphabet of join codes: no 0/O, 1/I/L, so that a code read from a wall is typed right.
inline constexpr std::string_view join_code_alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
inline constexpr std::size_t join_code_length = 6;

// A new random join code of join_code_length characters from join_code_alphabet.
std::string make_join_code();

// A typed code in canonical form (upper case, spaces and dashes dropped), or "" when it cannot be a code.
std::string normalize_join_code(std::string_view typed);

// A random id with a prefix, e.g. "s-3f9a0c12e4b7d801" (64 random bits): ids are not secrets.
std::string make_id(std::string_view prefix);

}  // namespace scsa::server
