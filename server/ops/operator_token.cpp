// Reading and writing the operator token's hash file.
#include "server/ops/operator_token.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "server/tokens.hpp"

namespace scsa::server {

std::optional<std::string> parse_token_hash(std::string_view text) {
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return std::nullopt;
  text.remove_prefix(start);
  const std::string_view word = text.substr(0, text.find_first_of(" \t\r\n"));
  if (word.size() != 64) return std::nullopt;
  std::string hash;
  for (char c : word) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    hash.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return hash;
}

std::string read_operator_token_hash(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read the operator token file " + path);
  std::stringstream text;
  text << file.rdbuf();
  auto hash = parse_token_hash(text.str());
  if (!hash)
    throw std::runtime_error(
        "the operator token file " + path +
        " must hold the token's SHA-256 as 64 hex digits (see scsa-server operator-token)");
  return *hash;
}

std::string write_new_operator_token(const std::string& path) {
  const std::string token = make_token();
  const std::string line = hash_token(token) + "\n";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + path);
  const bool private_file = ::fchmod(fd, 0600) == 0;  // also when the file existed with a wider mode
  const bool written =
      private_file && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const bool closed = ::close(fd) == 0;
  if (!written || !closed) throw std::runtime_error("cannot write " + path);
  return token;
}

}  // namespace scsa::server
