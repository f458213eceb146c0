// Parsing, validating and serving the assessment catalogue. The data file is checked completely and the first
// problem found is reported by what it concerns ("statement 7: level 3 has no English text"), so whoever
// edits catalogue.json learns exactly what to fix. nlohmann/json is used without exceptions.
#include "domain/catalogue.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace scsa::domain {

namespace {

using nlohmann::json;

[[noreturn]] void fail(std::string message) {
  throw catalogue_error(std::move(message));
}

std::string language_name(language l) {
  return l == language::nl ? "Dutch" : "English";
}

// The member `key` of a JSON object, or nullptr when it is absent.
const json* member(const json& object, const std::string& key) {
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

bool is_blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// `where` names the text in messages, e.g. "statement 7: title" or "statement 7: level 3".
std::string read_text_in(const json& text, language l, const std::string& where) {
  const json* value = member(text, std::string(to_string(l)));
  if (value == nullptr) fail(where + " has no " + language_name(l) + " text");
  if (!value->is_string()) fail(where + ": " + language_name(l) + " text must be a string");
  std::string result = value->get<std::string>();
  if (is_blank(result)) fail(where + " has no " + language_name(l) + " text");
  return result;
}

localized_text read_text(const json* text, const std::string& where) {
  if (text == nullptr) fail(where + " is missing");
  if (!text->is_object()) fail(where + " must be an object with \"nl\" and \"en\" texts");
  return {read_text_in(*text, language::nl, where), read_text_in(*text, language::en, where)};
}

std::int64_t read_integer(const json& object, const std::string& key, const std::string& where) {
  const json* value = member(object, key);
  if (value == nullptr) fail(where + ": " + key + " is missing");
  if (!value->is_number_integer()) fail(where + ": " + key + " must be an integer");
  return value->get<std::int64_t>();
}

const json& read_array(const json& object, const std::string& key, const std::string& where) {
  const json* value = member(object, key);
  if (value == nullptr) fail(where + key + " is missing");
  if (!value->is_array()) fail(where + key + " must be an array");
  return *value;
}

// Numbers 1..N must each appear exactly once; `what` names them in messages, e.g. "statement ids".
class numbering {
 public:
  numbering(std::string what, int count) : what_(std::move(what)), seen_(static_cast<std::size_t>(count)) {}

  // Records `number`; returns it as an int, which is safe once it is known to be in range.
  int claim(std::int64_t number) {
    if (number < 1 || number > static_cast<std::int64_t>(seen_.size())) {
      fail(what_ + ": " + std::to_string(number) + " is out of range 1.." + std::to_string(seen_.size()));
    }
    const auto index = static_cast<std::size_t>(number - 1);
    if (seen_[index]) fail(what_ + ": " + std::to_string(number) + " appears twice");
    seen_[index] = true;
    return static_cast<int>(number);
  }

  void require_complete() const {
    for (std::size_t i = 0; i < seen_.size(); ++i) {
      if (!seen_[i]) fail(what_ + ": " + std::to_string(i + 1) + " is missing");
    }
  }

 private:
  std::string what_;
  std::vector<bool> seen_;
};

int read_schema_version(const json& root) {
  const std::int64_t version = read_integer(root, "schema_version", "catalogue");
  if (version != catalogue_schema_version) {
    fail("catalogue: schema_version " + std::to_string(version) + " is not supported (expected " +
         std::to_string(catalogue_schema_version) + ")");
  }
  return catalogue_schema_version;
}

std::array<level_name, level_count> read_level_names(const json& root) {
  const json& entries = read_array(root, "levels", "catalogue: ");
  std::array<level_name, level_count> result{};
  numbering numbers("level names", level_count);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const json& entry = entries[i];
    const std::string at = "level name at index " + std::to_string(i);
    if (!entry.is_object()) fail(at + " must be an object");
    const int number = numbers.claim(read_integer(entry, "level", at));
    const std::string where = "level " + std::to_string(number) + ": ";
    result[static_cast<std::size_t>(number - 1)] = {number, read_text(member(entry, "name"), where + "name"),
                                                    read_text(member(entry, "meaning"), where + "meaning")};
  }
  numbers.require_complete();
  return result;
}

std::vector<theme_entry> read_themes(const json& root) {
  const json& entries = read_array(root, "themes", "catalogue: ");
  std::vector<theme_entry> result;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const json& entry = entries[i];
    const std::string at = "theme at index " + std::to_string(i);
    if (!entry.is_object()) fail(at + " must be an object");
    const json* id = member(entry, "id");
    if (id == nullptr) fail(at + ": id is missing");
    if (!id->is_string()) fail(at + ": id must be a string");
    std::string id_text = id->get<std::string>();
    if (is_blank(id_text)) fail(at + ": id is empty");
    for (const theme_entry& earlier : result) {
      if (earlier.id == id_text) fail("theme ids: '" + id_text + "' appears twice");
    }
    localized_text name = read_text(member(entry, "name"), "theme '" + id_text + "': name");
    result.push_back({std::move(id_text), std::move(name), {}});
  }
  if (result.size() != static_cast<std::size_t>(theme_count)) {
    fail("themes: expected " + std::to_string(theme_count) + ", found " + std::to_string(result.size()));
  }
  return result;
}

statement_entry read_statement(const json& entry, int id, const std::vector<theme_entry>& themes) {
  const std::string where = "statement " + std::to_string(id) + ": ";
  statement_entry result;
  result.id = id;

  const json* theme_id = member(entry, "theme");
  if (theme_id == nullptr) fail(where + "theme is missing");
  if (!theme_id->is_string()) fail(where + "theme must be a string");
  result.theme_id = theme_id->get<std::string>();
  bool known = false;
  for (const theme_entry& t : themes) known = known || t.id == result.theme_id;
  if (!known) fail(where + "unknown theme '" + result.theme_id + "'");
  // The projections group statements by the fixed mapping in themes.hpp; the file must agree with it.
  const std::string_view fixed_theme = to_string(*theme_of_statement(id));
  if (result.theme_id != fixed_theme)
    fail(where + "belongs to theme '" + std::string(fixed_theme) + "', not '" + result.theme_id + "'");

  result.title = read_text(member(entry, "title"), where + "title");
  result.statement = read_text(member(entry, "statement"), where + "statement");

  const json& levels = read_array(entry, "levels", where);
  if (levels.size() != static_cast<std::size_t>(level_count)) {
    fail(where + "expected " + std::to_string(level_count) + " levels, found " +
         std::to_string(levels.size()));
  }
  for (std::size_t i = 0; i < levels.size(); ++i) {
    result.levels[i] = read_text(&levels[i], where + "level " + std::to_string(i + 1));
  }
  return result;
}

std::array<statement_entry, statement_count> read_statements(const json& root,
                                                             const std::vector<theme_entry>& themes) {
  const json& entries = read_array(root, "statements", "catalogue: ");
  std::array<statement_entry, statement_count> result{};
  numbering ids("statement ids", statement_count);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const json& entry = entries[i];
    const std::string at = "statement at index " + std::to_string(i);
    if (!entry.is_object()) fail(at + " must be an object");
    const int id = ids.claim(read_integer(entry, "id", at));
    result[static_cast<std::size_t>(id - 1)] = read_statement(entry, id, themes);
  }
  ids.require_complete();
  return result;
}

}  // namespace

const statement_entry& catalogue::statement(int id) const {
  if (!is_valid_statement(id)) throw std::out_of_range("no statement " + std::to_string(id));
  return statements[static_cast<std::size_t>(id - 1)];
}

const level_name& catalogue::level(int number) const {
  if (!is_valid_level(number)) throw std::out_of_range("no level " + std::to_string(number));
  return levels[static_cast<std::size_t>(number - 1)];
}

const theme_entry& catalogue::theme_of(int id) const {
  const theme_entry* found = find_theme(statement(id).theme_id);
  // parse_catalogue guarantees every statement's theme_entry exists; only a hand-built catalogue gets here.
  if (found == nullptr) throw std::logic_error("statement " + std::to_string(id) + " has an unknown theme");
  return *found;
}

const theme_entry* catalogue::find_theme(std::string_view id) const {
  for (const theme_entry& t : themes) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

catalogue parse_catalogue(std::string_view json_text) {
  const json root = json::parse(json_text.begin(), json_text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) fail("catalogue is not valid JSON");
  if (!root.is_object()) fail("catalogue must be a JSON object");

  catalogue result;
  result.schema_version = read_schema_version(root);
  result.levels = read_level_names(root);
  result.themes = read_themes(root);
  result.statements = read_statements(root, result.themes);
  for (const statement_entry& s : result.statements) {
    for (theme_entry& t : result.themes) {
      if (t.id == s.theme_id) t.statements.push_back(s.id);
    }
  }
  for (const theme_entry& t : result.themes) {
    if (t.statements.empty()) fail("theme '" + t.id + "' has no statements");
  }
  return result;
}

json catalogue_json(const catalogue& c, language l) {
  json levels = json::array();
  for (const level_name& level : c.levels) {
    levels.push_back({{"level", level.level}, {"name", level.name.in(l)}, {"meaning", level.meaning.in(l)}});
  }
  json themes = json::array();
  for (const theme_entry& t : c.themes) {
    themes.push_back({{"id", t.id}, {"name", t.name.in(l)}, {"statements", t.statements}});
  }
  json statements = json::array();
  for (const statement_entry& s : c.statements) {
    json level_texts = json::array();
    for (const localized_text& text : s.levels) level_texts.push_back(text.in(l));
    statements.push_back({{"id", s.id},
                          {"theme", s.theme_id},
                          {"title", s.title.in(l)},
                          {"statement", s.statement.in(l)},
                          {"levels", std::move(level_texts)}});
  }
  return {{"schema_version", c.schema_version},
          {"language", std::string(to_string(l))},
          {"levels", std::move(levels)},
          {"themes", std::move(themes)},
          {"statements", std::move(statements)}};
}

}  // namespace scsa::domain
