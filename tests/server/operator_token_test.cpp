// The operators' token file: what counts as a hash, labels, reading it, and making a new token and its line.
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

TEST_CASE("operator token: one line per operator, each with a label", "[operator]") {
  const std::string anna = hash_token("anna's"), bert = hash_token("bert's");
  auto entries = scsa::server::parse_operator_tokens("# the desk\n" + anna + " anna\n\n  " + bert +
                                                     "   Bert Jansen \r\n" + hash_token("old") + "  -\n");
  REQUIRE(entries);
  REQUIRE(entries->size() == 3);
  CHECK(((*entries)[0].hash == anna && (*entries)[0].label == "anna"));
  CHECK(((*entries)[1].hash == bert && (*entries)[1].label == "Bert Jansen"));
  CHECK((*entries)[2].label == "operator");  // `sha256sum -` prints a dash: nobody named
  CHECK_FALSE(scsa::server::parse_operator_tokens(anna + " anna\nnot a hash\n"));
  CHECK_FALSE(scsa::server::parse_operator_tokens("# only a comment\n"));
}

TEST_CASE("operator token: a new token's line is written privately and read back", "[operator]") {
  const auto path = temp_path("operator.hash");
  const std::string token = scsa::server::write_new_operator_token(path.string());
  CHECK(token.size() == 64);
  auto entries = scsa::server::read_operator_tokens(path.string());
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].hash == hash_token(token));
  CHECK(entries[0].label == "operator");
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);

  // --add keeps the lines there, also after a hand-edited last line without its line break
  std::ofstream(path, std::ios::app) << hash_token("by hand") << " carla";
  const std::string bert = scsa::server::write_new_operator_token(path.string(), "bert", true);
  entries = scsa::server::read_operator_tokens(path.string());
  REQUIRE(entries.size() == 3);
  CHECK(entries[1].label == "carla");
  CHECK((entries[2].hash == hash_token(bert) && entries[2].label == "bert"));
  // without --add the file is replaced
  scsa::server::write_new_operator_token(path.string(), "anna");
  CHECK(scsa::server::read_operator_tokens(path.string()).size() == 1);
  CHECK_THROWS_WITH(scsa::server::write_new_operator_token(path.string(), "two words"),
                    Catch::Contains("a label"));

  std::ofstream(path) << "not a hash\n";
  CHECK_THROWS_WITH(scsa::server::read_operator_tokens(path.string()), Catch::Contains("SHA-256"));
  std::filesystem::remove(path);
  CHECK_THROWS_WITH(scsa::server::read_operator_tokens(path.string()), Catch::Contains("cannot read"));
}
