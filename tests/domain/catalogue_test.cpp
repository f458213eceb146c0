// Tests for the assessment catalogue: the real data file loads completely and in the brief's order, the API
// serves it in either language, and every kind of broken file is refused with a message naming the problem.
#include "domain/catalogue.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using nlohmann::json;
using scsa::domain::catalogue;
using scsa::domain::catalogue_error;
using scsa::domain::catalogue_json;
using scsa::domain::language;
using scsa::domain::level_count;
using scsa::domain::localized_text;
using scsa::domain::parse_catalogue;
using scsa::domain::statement_count;

namespace {

std::string read_catalogue_text() {
  std::ifstream in(std::string(SCSA_DATA_DIR) + "/catalogue.json", std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const catalogue& real_catalogue() {
  static const catalogue parsed = parse_catalogue(read_catalogue_text());
  return parsed;
}

// The real file as JSON, for the broken variants to edit.
json real_json() {
  static const json parsed = json::parse(read_catalogue_text());
  return parsed;
}

json& statement_in(json& root, int id) {
  for (json& s : root["statements"]) {
    if (s["id"] == id) return s;
  }
  FAIL("the real catalogue has no statement " << id);
  throw std::logic_error("unreachable");
}

std::size_t word_count(const std::string& text) {
  std::istringstream words(text);
  std::size_t count = 0;
  for (std::string word; words >> word;) ++count;
  return count;
}

bool both_present(const localized_text& text) {
  return !text.nl.empty() && !text.en.empty();
}

}  // namespace

TEST_CASE("the real catalogue loads completely, in the brief's order", "[catalogue]") {
  const catalogue& c = real_catalogue();
  CHECK(c.schema_version == 1);

  for (int n = 1; n <= level_count; ++n) {
    CHECK(c.level(n).level == n);
    CHECK(both_present(c.level(n).name));
    CHECK(both_present(c.level(n).meaning));
  }

  std::vector<std::string> theme_ids;
  for (const auto& t : c.themes) {
    theme_ids.push_back(t.id);
    CHECK(both_present(t.name));
  }
  CHECK(theme_ids ==
        std::vector<std::string>{"strategy", "governance", "stakeholders", "services", "data", "technology"});

  // The table of the content brief: statement numbers per theme.
  CHECK(c.find_theme("strategy")->statements == std::vector<int>{1, 2, 3});
  CHECK(c.find_theme("governance")->statements == std::vector<int>{4, 5, 6, 7});
  CHECK(c.find_theme("stakeholders")->statements == std::vector<int>{8, 9, 10});
  CHECK(c.find_theme("services")->statements == std::vector<int>{11, 12, 13});
  CHECK(c.find_theme("data")->statements == std::vector<int>{14, 15, 16, 17, 18});
  CHECK(c.find_theme("technology")->statements == std::vector<int>{19, 20, 21});
  CHECK(c.find_theme("mobility") == nullptr);
  CHECK(c.theme_of(7).id == "governance");
  CHECK(c.theme_of(20).id == "technology");

  for (int id = 1; id <= statement_count; ++id) {
    INFO("statement " << id);
    const auto& s = c.statement(id);
    CHECK(s.id == id);
    CHECK(both_present(s.title));
    CHECK(both_present(s.statement));
    CHECK(s.statement.nl != s.statement.en);
    for (const auto& level : s.levels) CHECK(both_present(level));
  }

  CHECK_THROWS_AS(c.statement(0), std::out_of_range);
  CHECK_THROWS_AS(c.statement(statement_count + 1), std::out_of_range);
  CHECK_THROWS_AS(c.level(level_count + 1), std::out_of_range);
}

TEST_CASE("the real catalogue stays short enough to read on a phone", "[catalogue]") {
  const catalogue& c = real_catalogue();
  for (const auto& s : c.statements) {
    INFO("statement " << s.id);
    CHECK(word_count(s.title.nl) <= 6);
    CHECK(word_count(s.title.en) <= 6);
    for (const auto& level : s.levels) {
      CHECK(word_count(level.nl) <= 20);
      CHECK(word_count(level.en) <= 20);
    }
  }
}

TEST_CASE("catalogue_json serves one language in the API's shape", "[catalogue]") {
  const catalogue& c = real_catalogue();
  for (const language l : {language::nl, language::en}) {
    DYNAMIC_SECTION("language " << to_string(l)) {
      const json served = catalogue_json(c, l);
      CHECK(served["schema_version"] == 1);
      CHECK(served["language"] == std::string(to_string(l)));

      REQUIRE(served["levels"].size() == static_cast<std::size_t>(level_count));
      for (std::size_t i = 0; i < served["levels"].size(); ++i) {
        const json& level = served["levels"][i];
        CHECK(level["level"] == i + 1);
        CHECK(level["name"] == c.levels[i].name.in(l));
        CHECK(level["meaning"] == c.levels[i].meaning.in(l));
      }

      REQUIRE(served["themes"].size() == 6u);
      CHECK(served["themes"][0]["id"] == "strategy");
      CHECK(served["themes"][0]["name"] == c.themes[0].name.in(l));
      CHECK(served["themes"][0]["statements"] == json{1, 2, 3});
      CHECK(served["themes"][5]["statements"] == json{19, 20, 21});

      REQUIRE(served["statements"].size() == static_cast<std::size_t>(statement_count));
      for (int id = 1; id <= statement_count; ++id) {
        const json& s = served["statements"][static_cast<std::size_t>(id - 1)];
        const auto& expected = c.statement(id);
        CHECK(s["id"] == id);
        CHECK(s["theme"] == expected.theme_id);
        CHECK(s["title"] == expected.title.in(l));
        CHECK(s["statement"] == expected.statement.in(l));
        REQUIRE(s["levels"].size() == static_cast<std::size_t>(level_count));
        for (std::size_t n = 0; n < s["levels"].size(); ++n)
          CHECK(s["levels"][n] == expected.levels[n].in(l));
      }
    }
  }
  CHECK(catalogue_json(c, language::nl)["statements"][0]["title"] !=
        catalogue_json(c, language::en)["statements"][0]["title"]);
}

TEST_CASE("a broken catalogue is refused with a message naming the problem", "[catalogue]") {
  // Sanity: the unedited JSON parses, so each edit below is what breaks its variant.
  REQUIRE_NOTHROW(parse_catalogue(real_json().dump()));

  struct broken_variant {
    std::string name;
    std::function<std::string()> text;
    std::string message;
  };
  const auto edited = [](std::function<void(json&)> edit) {
    return [edit] {
      json root = real_json();
      edit(root);
      return root.dump();
    };
  };
  const auto text = [](std::string t) { return [t] { return t; }; };

  const std::vector<broken_variant> variants{
      {"bad JSON", text(R"({"schema_version": 1, "levels": [)"), "catalogue is not valid JSON"},
      {"not an object", text("[]"), "catalogue must be a JSON object"},
      {"wrong schema_version", edited([](json& r) { r["schema_version"] = 2; }),
       "schema_version 2 is not supported"},
      {"no schema_version", edited([](json& r) { r.erase("schema_version"); }), "schema_version is missing"},
      {"a missing statement", edited([](json& r) { r["statements"].erase(6); }),  // statement 7
       "statement ids: 7 is missing"},
      {"a duplicate id", edited([](json& r) { statement_in(r, 13)["id"] = 12; }),
       "statement ids: 12 appears twice"},
      {"an id out of range", edited([](json& r) { statement_in(r, 21)["id"] = 22; }),
       "statement ids: 22 is out of range 1..21"},
      {"an id as a string", edited([](json& r) { statement_in(r, 7)["id"] = "7"; }),
       "statement at index 6: id must be an integer"},
      {"4 levels", edited([](json& r) { statement_in(r, 7)["levels"].erase(4); }),
       "statement 7: expected 5 levels, found 4"},
      {"an empty English text", edited([](json& r) { statement_in(r, 7)["levels"][2]["en"] = ""; }),
       "statement 7: level 3 has no English text"},
      {"a blank Dutch title", edited([](json& r) { statement_in(r, 2)["title"]["nl"] = "  "; }),
       "statement 2: title has no Dutch text"},
      {"a text without its English", edited([](json& r) { statement_in(r, 5)["statement"].erase("en"); }),
       "statement 5: statement has no English text"},
      {"a number where a string belongs", edited([](json& r) { statement_in(r, 3)["title"]["nl"] = 3; }),
       "statement 3: title: Dutch text must be a string"},
      {"a plain string where a text belongs",
       edited([](json& r) { statement_in(r, 4)["levels"][0] = "geld"; }),
       "statement 4: level 1 must be an object with \"nl\" and \"en\" texts"},
      {"an unknown theme", edited([](json& r) { statement_in(r, 9)["theme"] = "mobility"; }),
       "statement 9: unknown theme 'mobility'"},
      {"a theme as a number", edited([](json& r) { statement_in(r, 9)["theme"] = 3; }),
       "statement 9: theme must be a string"},
      {"5 themes", edited([](json& r) { r["themes"].erase(5); }), "themes: expected 6, found 5"},
      {"a duplicate theme", edited([](json& r) { r["themes"][5]["id"] = "data"; }),
       "theme ids: 'data' appears twice"},
      {"a statement moved to another theme", edited([](json& r) {
         for (int id : {19, 20, 21}) statement_in(r, id)["theme"] = "data";
       }),
       "statement 19: belongs to theme 'technology', not 'data'"},
      {"a theme name without Dutch", edited([](json& r) { r["themes"][1]["name"].erase("nl"); }),
       "theme 'governance': name has no Dutch text"},
      {"a missing level name", edited([](json& r) { r["levels"].erase(3); }), "level names: 4 is missing"},
      {"an empty level meaning", edited([](json& r) { r["levels"][1]["meaning"]["en"] = ""; }),
       "level 2: meaning has no English text"},
      {"statements not an array", edited([](json& r) { r["statements"] = json::object(); }),
       "catalogue: statements must be an array"},
  };

  for (const auto& variant : variants) {
    DYNAMIC_SECTION(variant.name) {
      const std::string broken = variant.text();
      REQUIRE_THROWS_AS(parse_catalogue(broken), catalogue_error);
      REQUIRE_THROWS_WITH(parse_catalogue(broken), Catch::Contains(variant.message));
    }
  }
}
