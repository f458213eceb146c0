// The assessment catalogue: level names, themes and the 21 statements with their five cumulative level
// descriptions, in Dutch and English. parse_catalogue validates the versioned data file completely, so the
// rest of the server may rely on every look-up and every text; catalogue_json is what GET /api/catalog
// serves. Pure: no I/O; a parsed catalogue is immutable and safe to share between threads.
#pragma once

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/scale.hpp"
#include "domain/themes.hpp"

namespace scsa::domain {

inline constexpr int catalogue_schema_version = 1;  // the only schema_version parse_catalogue accepts

// A text in both languages; parse_catalogue guarantees both are non-empty.
struct localized_text {
  std::string nl;  // Dutch, the default language
  std::string en;  // English

  const std::string& in(language l) const { return l == language::nl ? nl : en; }
};

// The name of one level of the scale, the same for every statement.
struct level_name {
  int level = 0;           // 1..level_count
  localized_text name;     // short name, e.g. "Verkennend"
  localized_text meaning;  // one line that lets a respondent place themselves
};

// A group of statements, e.g. "Strategie".
struct theme_entry {
  std::string id;               // stable id used in the data file and the API, e.g. "strategy"
  localized_text name;          // display name
  std::vector<int> statements;  // ids of its statements, ascending; never empty
};

// One statement ("stelling") and the description of each of its levels.
struct statement_entry {
  int id = 0;                                        // 1..statement_count
  std::string theme_id;                              // id of the theme it belongs to
  localized_text title;                              // short title, at most a few words
  localized_text statement;                          // the statement itself, one sentence
  std::array<localized_text, level_count> levels{};  // levels[0] describes level 1; cumulative
};

// The whole catalogue, as parse_catalogue produced it.
struct catalogue {
  int schema_version = 0;                                     // version of the data file's shape
  std::array<level_name, level_count> levels{};               // levels[0] is level 1
  std::vector<theme_entry> themes;                            // in display order
  std::array<statement_entry, statement_count> statements{};  // statements[0] is statement 1

  // Throw std::out_of_range for a number outside 1..statement_count or 1..level_count.
  const statement_entry& statement(int id) const;
  const level_name& level(int number) const;
  // The theme that statement `id` belongs to; throws std::out_of_range like statement().
  const theme_entry& theme_of(int id) const;
  // nullptr when no theme has this id.
  const theme_entry* find_theme(std::string_view id) const;
};

// Any problem in the catalogue's data; the message names the problem, e.g. "statement 7: level 3 has no
// English text" or "statement ids: 12 appears twice".
class catalogue_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Validates and parses the catalogue's JSON text; throws catalogue_error on the first problem found.
catalogue parse_catalogue(std::string_view json_text);

// The catalogue in one language, as GET /api/catalog?lang=nl|en serves it:
// {"schema_version", "language", "levels": [{"level", "name", "meaning"}],
//  "themes": [{"id", "name", "statements": [ids]}],
//  "statements": [{"id", "theme", "title", "statement", "levels": [5 strings, level 1 first]}]}
nlohmann::json catalogue_json(const catalogue& c, language l);

}  // namespace scsa::domain
