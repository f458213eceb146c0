// Tests for the municipality registry: the real data files parse and search the way people type,
// and broken data is refused with the line that is wrong.
#include "domain/municipalities.hpp"
#include "domain/municipality_averages.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using scsa::domain::fold_for_search;
using scsa::domain::municipality;
using scsa::domain::municipality_data_error;
using scsa::domain::municipality_registry;

namespace {

std::string read_data_file(const std::string& name) {
  std::ifstream in(std::string(SCSA_DATA_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const municipality_registry& real_registry() {
  static const municipality_registry registry = municipality_registry::parse(
      read_data_file("municipalities-nl.csv"), read_data_file("municipality-aliases.csv"));
  return registry;
}

std::vector<std::string> codes_of(const std::vector<const municipality*>& hits) {
  std::vector<std::string> codes;
  for (const municipality* m : hits) codes.push_back(m->code);
  return codes;
}

std::string first_code(std::string_view query) {
  const auto hits = real_registry().search(query);
  return hits.empty() ? std::string("(none)") : hits.front()->code;
}

// The message of the municipality_data_error that parsing throws, or "" when it does not throw.
std::string parse_error(std::string_view municipalities, std::string_view aliases = {}) {
  try {
    municipality_registry::parse(municipalities, aliases);
  } catch (const municipality_data_error& e) {
    return e.what();
  }
  return "";
}

constexpr std::string_view small_csv = "code,name\nGM0014,Groningen\nGM0518,'s-Gravenhage\n";

}  // namespace

TEST_CASE("the real file has 342 unique municipalities in name order", "[municipalities]") {
  const auto& registry = real_registry();
  CHECK(registry.size() == 342);
  std::set<std::string> codes;
  for (const municipality& m : registry.all()) codes.insert(m.code);
  CHECK(codes.size() == 342);
  CHECK(std::is_sorted(registry.all().begin(), registry.all().end(), [](const auto& a, const auto& b) {
    return fold_for_search(a.name) < fold_for_search(b.name);
  }));
}

TEST_CASE("the quoted name with a comma is read whole", "[municipalities]") {
  const municipality* nuenen = real_registry().find("GM0820");
  REQUIRE(nuenen != nullptr);
  CHECK(nuenen->name == "Nuenen, Gerwen en Nederwetten");
}

TEST_CASE("find takes a code in any case", "[municipalities]") {
  const auto& registry = real_registry();
  const municipality* upper = registry.find("GM0363");
  REQUIRE(upper != nullptr);
  CHECK(upper->name == "Amsterdam");
  CHECK(registry.find("gm0363") == upper);
  CHECK(registry.find("Gm0363") == upper);
  CHECK(registry.find("GM9999") == nullptr);
  CHECK(registry.find("") == nullptr);
  CHECK(registry.find("Amsterdam") == nullptr);
}

TEST_CASE("fold_for_search drops case, diacritics and punctuation", "[municipalities]") {
  CHECK(fold_for_search("'s-Gravenhage") == "s gravenhage");
  CHECK(fold_for_search("Súdwest-Fryslân") == "sudwest fryslan");
  CHECK(fold_for_search("Bergen (NH.)") == "bergen nh");
  CHECK(fold_for_search("  Nuenen,   Gerwen  en Nederwetten ") == "nuenen gerwen en nederwetten");
  CHECK(fold_for_search("ÀÉÎÕÜ Ýÿ çñ ß æ ø") == "aeiou yy cn ss ae o");
  CHECK(fold_for_search("Ĳsselstein") == "ijsselstein");
  CHECK(fold_for_search("Łódź Šibenik") == "lodz sibenik");
  CHECK(fold_for_search("\u2019s\u2013Hertogenbosch") == "s hertogenbosch");  // typographic ’ and –
  CHECK(fold_for_search("Su\u0301dwest") == "sudwest");                       // decomposed ú
  CHECK(fold_for_search("a\xff\xfe b") == "a b");                             // malformed UTF-8 is skipped
  CHECK(fold_for_search(" -.' ") == "");
}

TEST_CASE("search finds what people type", "[municipalities]") {
  CHECK(first_code("Den Haag") == "GM0518");
  CHECK(first_code("den haag") == "GM0518");
  CHECK(first_code("The Hague") == "GM0518");
  CHECK(first_code("'s-Gravenhage") == "GM0518");
  CHECK(first_code("s gravenhage") == "GM0518");
  CHECK(first_code("gravenhage") == "GM0518");
  CHECK(first_code("den bosch") == "GM0796");
  CHECK(first_code("s-hertogenbosch") == "GM0796");
  CHECK(first_code("sudwest") == "GM1900");
  CHECK(first_code("Sudwest-Fryslan") == "GM1900");
  CHECK(first_code("SÚDWEST FRYSLÂN") == "GM1900");
  CHECK(first_code("nuenen") == "GM0820");
  CHECK(first_code("Ljouwert") == "GM0080");
  CHECK(first_code("Bergen NH") == "GM0373");
  CHECK(first_code("Bergen (L.)") == "GM0893");
  CHECK(first_code("bergen l") == "GM0893");
  CHECK(first_code("GM0363") == "GM0363");
  CHECK(first_code("gm0363") == "GM0363");
  CHECK(real_registry().search("xyzzy").empty());
}

TEST_CASE("search ranks exact, then prefix, then word prefix, then substring", "[municipalities]") {
  const auto codes = codes_of(real_registry().search("groningen"));
  REQUIRE(codes.size() >= 2);
  CHECK(codes[0] == "GM0014");                                            // Groningen
  CHECK(std::find(codes.begin(), codes.end(), "GM1952") != codes.end());  // Midden-Groningen

  // "bergen": prefixes (Bergen (L.), Bergen (NH.), Bergen op Zoom) alphabetically, then the substring hit.
  const auto bergen = codes_of(real_registry().search("bergen"));
  REQUIRE(bergen.size() >= 4);
  CHECK(std::vector<std::string>(bergen.begin(), bergen.begin() + 3) ==
        std::vector<std::string>{"GM0893", "GM0373", "GM0748"});
  CHECK(std::find(bergen.begin(), bergen.end(), "GM0851") != bergen.end());  // Steenbergen

  // The four ranks on made-up names: exact, prefix, prefix of a later word, substring.
  const std::string_view csv = "code,name\nGM0001,Aahof\nGM0002,Zuid Hoflaan\nGM0003,Hofstad\nGM0004,Hof\n";
  const auto registry = municipality_registry::parse(csv);
  CHECK(codes_of(registry.search("hof")) == std::vector<std::string>{"GM0004", "GM0003", "GM0002", "GM0001"});
}

TEST_CASE("an alias hit ranks like a name hit", "[municipalities]") {
  const std::string_view csv = "code,name\nGM0001,Alpha\nGM0002,Bravo\n";
  const auto registry = municipality_registry::parse(csv, "alias,code\nAlp,GM0002\n");
  // Bravo's alias "Alp" matches exactly, Alpha's name only as a prefix.
  CHECK(codes_of(registry.search("alp")) == std::vector<std::string>{"GM0002", "GM0001"});
}

TEST_CASE("search respects the limit and returns nothing for an empty query", "[municipalities]") {
  const auto& registry = real_registry();
  CHECK(registry.search("e").size() == 10);
  CHECK(registry.search("e", 3).size() == 3);
  CHECK(registry.search("e", 0).empty());
  CHECK(registry.search("e", 1000).size() <= 342);
  CHECK(registry.search("").empty());
  CHECK(registry.search("  '-. ").empty());
}

TEST_CASE("parse accepts CRLF, a byte order mark, blank lines and RFC 4180 quoting", "[municipalities]") {
  const auto registry = municipality_registry::parse(
      "\xEF\xBB\xBF"
      "code,name\r\nGM0001,\"Quote \"\"Q\"\", Comma\"\r\n\r\nGM0002,Plain\r\n",
      "alias,code\n\"Q, alias\",GM0001\n");
  REQUIRE(registry.size() == 2);
  REQUIRE(registry.find("GM0001") != nullptr);
  CHECK(registry.find("GM0001")->name == "Quote \"Q\", Comma");
  CHECK(registry.find("GM0002")->name == "Plain");
  CHECK(codes_of(registry.search("q alias")) == std::vector<std::string>{"GM0001"});
}

TEST_CASE("broken data is refused with the line that is wrong", "[municipalities]") {
  CHECK(parse_error(small_csv).empty());
  CHECK(parse_error(small_csv, "alias,code\nDen Haag,GM0518\n").empty());

  CHECK_THAT(parse_error(""), Catch::Contains("municipalities line 1") && Catch::Contains("header"));
  CHECK_THAT(parse_error("cbs,naam\nGM0014,Groningen\n"),
             Catch::Contains("municipalities line 1") && Catch::Contains("header"));
  CHECK_THAT(parse_error("code,name\n"), Catch::Contains("line 1") && Catch::Contains("no municipalities"));
  CHECK_THAT(parse_error("code,name\nGM0014,Groningen\nGM518,'s-Gravenhage\n"),
             Catch::Contains("municipalities line 3") && Catch::Contains("GM518"));
  CHECK_THAT(parse_error("code,name\nGM0014,Groningen\ngm0518,'s-Gravenhage\n"),
             Catch::Contains("municipalities line 3"));
  CHECK_THAT(parse_error("code,name\nGM0014,Groningen\nGM0518,Den Haag\nGM0014,Stad\n"),
             Catch::Contains("municipalities line 4") && Catch::Contains("duplicate code GM0014") &&
                 Catch::Contains("line 2"));
  CHECK_THAT(parse_error("code,name\nGM0014,Groningen\nGM0518,  \n"),
             Catch::Contains("municipalities line 3") && Catch::Contains("empty"));
  CHECK_THAT(parse_error("code,name\nGM0014,Groningen\nGM0518,\"\"\n"),
             Catch::Contains("municipalities line 3"));
  CHECK_THAT(parse_error("code,name\nGM0014,Groningen\nGM0820,Nuenen, Gerwen en Nederwetten\n"),
             Catch::Contains("municipalities line 3") && Catch::Contains("found 3"));
  CHECK_THAT(parse_error("code,name\nGM0014,\"Groningen\nGM0518,x\n"),
             Catch::Contains("municipalities line 2") && Catch::Contains("not closed"));
  CHECK_THAT(parse_error("code,name\nGM0014,\"Gro\"ningen\n"), Catch::Contains("municipalities line 2"));

  CHECK_THAT(parse_error(small_csv, "alias,code\nDen Haag,GM0518\nMokum,GM0363\n"),
             Catch::Contains("aliases line 3") && Catch::Contains("GM0363"));
  CHECK_THAT(parse_error(small_csv, "name,code\nDen Haag,GM0518\n"),
             Catch::Contains("aliases line 1") && Catch::Contains("header"));
  CHECK_THAT(parse_error(small_csv, "alias,code\nDen Haag,GM0518\n,GM0014\n"),
             Catch::Contains("aliases line 3") && Catch::Contains("empty"));
  CHECK_THAT(parse_error(small_csv, "alias,code\nStad,GM0014\nstad,GM0518\n"),
             Catch::Contains("aliases line 3") && Catch::Contains("line 2"));
  CHECK(parse_error(small_csv, "alias,code\nStad,GM0014\nstad,GM0014\n").empty());  // a repeat is harmless
}

TEST_CASE("k-anonymity: a comparison needs at least k respondents, and never none", "[averages]") {
  using scsa::domain::may_compare;
  CHECK_FALSE(may_compare(4, 5));
  CHECK(may_compare(5, 5));
  CHECK(may_compare(6, 5));
  CHECK_FALSE(may_compare(0, 0));  // with k set to 0 an empty group still shows nothing
  CHECK(may_compare(1, 1));
}
