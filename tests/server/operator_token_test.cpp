// The operator token's hash file: what counts as a hash, reading it, and making a new token and its file.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <catch2/catch.hpp>

#include "server/ops/operator_token.hpp"
#include "server/tokens.hpp"

using scsa::server::hash_token;
using scsa::server::parse_token_hash;

namespace {

std::filesystem::path temp_path(const std::string& name) {
  std::random_device entropy;
  return std::filesystem::temp_directory_path() / ("scsa-operator-" + std::to_string(entropy()) + "-" + name);
}

}  // namespace

TEST_CASE("operator token: the file's first word must be a SHA-256 in hex", "[operator]") {
  const std::string hash = hash_token("secret");
  CHECK(parse_token_hash(hash) == hash);
  CHECK(parse_token_hash("  " + hash + "  -\n") == hash);  // as `sha256sum` prints it
  std::string upper = hash;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(parse_token_hash(upper) == hash);
  CHECK_FALSE(parse_token_hash(""));
  CHECK_FALSE(parse_token_hash("secret"));
  CHECK_FALSE(parse_token_hash(hash.substr(1)));
  CHECK_FALSE(parse_token_hash(hash + "0"));
  CHECK_FALSE(parse_token_hash(hash.substr(1) + "g"));
}

TEST_CASE("operator token: a new token's hash is written privately and read back", "[operator]") {
  const auto path = temp_path("operator.hash");
  const std::string token = scsa::server::write_new_operator_token(path.string());
  CHECK(token.size() == 64);
  CHECK(scsa::server::read_operator_token_hash(path.string()) == hash_token(token));
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  std::ofstream(path) << "not a hash\n";
  CHECK_THROWS_WITH(scsa::server::read_operator_token_hash(path.string()),
                    Catch::Contains("must hold the token's SHA-256"));
  std::filesystem::remove(path);
  CHECK_THROWS_WITH(scsa::server::read_operator_token_hash(path.string()), Catch::Contains("cannot read"));
}
