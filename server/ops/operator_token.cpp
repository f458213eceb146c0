// Reading and writing the operators' token file.
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

namespace {

constexpr std::string_view blanks = " \t\r\n";
constexpr std::size_t max_label = 64;

std::string_view trimmed(std::string_view text) {
  const auto start = text.find_first_not_of(blanks);
  if (start == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(blanks);
  return text.substr(start, end - start + 1);
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > max_label) return false;
  for (const char c : label)
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return false;
  return true;
}

}  // namespace

std::optional<std::string> parse_token_hash(std::string_view text) {
  text = trimmed(text);
  const std::string_view word = text.substr(0, text.find_first_of(blanks));
  if (word.size() != 64) return std::nullopt;
  std::string hash;
  for (char c : word) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    hash.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return hash;
}

std::optional<std::vector<operator_token_entry>> parse_operator_tokens(std::string_view text) {
  std::vector<operator_token_entry> entries;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = trimmed(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    auto hash = parse_token_hash(line);
    if (!hash) return std::nullopt;
    std::string_view label = trimmed(line.substr(64));
    if (label == "-") label = {};
    if (label.size() > max_label) label = label.substr(0, max_label);
    entries.push_back({std::move(*hash), label.empty() ? "operator" : std::string(label)});
  }
  if (entries.empty()) return std::nullopt;
  return entries;
}

std::vector<operator_token_entry> read_operator_tokens(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read the operator token file " + path);
  std::stringstream text;
  text << file.rdbuf();
  auto entries = parse_operator_tokens(text.str());
  if (!entries)
    throw std::runtime_error("the operator token file " + path +
                             " must hold on each line a token's SHA-256 as 64 hex digits and a label"
                             " (see scsa-server operator-token)");
  return *entries;
}

std::string write_new_operator_token(const std::string& path, const std::string& label, bool add) {
  if (!valid_label(label))
    throw std::runtime_error("a label is 1..64 characters without spaces, such as the person's name");
  const std::string token = make_token();
  std::string line = hash_token(token) + " " + label + "\n";
  const int flags = O_RDWR | O_CREAT | O_CLOEXEC | (add ? O_APPEND : O_TRUNC);
  const int fd = ::open(path.c_str(), flags, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + path);
  // A file edited by hand may lack its last line break; the new line must not run on from it.
  char last = '\n';
  if (const off_t size = ::lseek(fd, 0, SEEK_END);
      add && size > 0 && ::pread(fd, &last, 1, size - 1) == 1 && last != '\n')
    line.insert(line.begin(), '\n');
  const bool private_file = ::fchmod(fd, 0600) == 0;  // also when the file existed with a wider mode
  const bool written =
      private_file && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const bool closed = ::close(fd) == 0;
  if (!written || !closed) throw std::runtime_error("cannot write " + path);
  return token;
}

}  // namespace scsa::server
