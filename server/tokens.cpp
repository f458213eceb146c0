// Tokens, hashes and join codes on OpenSSL's CSPRNG and SHA-256.
#include "server/tokens.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

namespace scsa::server {

namespace {

template <std::size_t n>
std::array<unsigned char, n> random_bytes() {
  std::array<unsigned char, n> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("the random number generator failed");
  return bytes;
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(digits[data[i] >> 4]);
    hex.push_back(digits[data[i] & 0x0f]);
  }
  return hex;
}

}  // namespace

std::string make_token() {
  auto bytes = random_bytes<32>();
  return to_hex(bytes.data(), bytes.size());
}

std::string hash_token(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return to_hex(digest.data(), length);
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string make_join_code() {
  // Rejection sampling keeps every character equally likely.
  constexpr auto alphabet_size = static_cast<unsigned char>(join_code_alphabet.size());
  constexpr unsigned char limit = 256 - (256 % alphabet_size);
  std::string code;
  while (code.size() < join_code_length) {
    for (unsigned char byte : random_bytes<16>()) {
      if (byte >= limit) continue;
      code.push_back(join_code_alphabet[byte % alphabet_size]);
      if (code.size() == join_code_length) break;
    }
  }
  return code;
}

std::string normalize_join_code(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (join_code_alphabet.find(upper) == std::string_view::npos) return {};
    code.push_back(upper);
  }
  return code.size() == join_code_length ? code : std::string{};
}

std::string make_id(std::string_view prefix) {
  auto bytes = random_bytes<8>();
  return std::string(prefix) + "-" + to_hex(bytes.data(), bytes.size());
}

}  // namespace scsa::server
