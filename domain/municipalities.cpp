// Parsing, validation, folding and search for the municipality registry. Pure: the caller hands in the
// file texts. Search is a linear scan over ~400 short keys, far below anything worth indexing. (Just over
// 400 lines: the CSV files' parsing and their checks belong with the registry they build.)
#include "domain/municipalities.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <tuple>
#include <utility>

namespace scsa::domain {

namespace {

constexpr std::string_view municipalities_source = "municipalities";
constexpr std::string_view aliases_source = "aliases";

// ---- folding ---------------------------------------------------------------------------------------------

// What a character contributes to the folded text.
enum class fold_kind {
  letters,    // the given ASCII replacement
  separator,  // a word break
  drop,       // nothing: apostrophes, dots, combining marks
  keep,       // the original bytes: letters of scripts we do not fold
};

struct fold_result {
  fold_kind kind;
  std::string_view letters = {};
};

// U+00C0..U+00FF; × and ÷ break words.
constexpr std::array<std::string_view, 64> latin1_letters = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  " ", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  " ", "o", "u", "u", "u", "u", "y", "th", "y",
};

// U+0100..U+017F, Latin Extended-A, eight to a row.
constexpr std::array<std::string_view, 128> latin_extended_a_letters = {
    "a", "a", "a",  "a",  "a", "a", "c", "c",  // 0100
    "c", "c", "c",  "c",  "c", "c", "d", "d",  // 0108
    "d", "d", "e",  "e",  "e", "e", "e", "e",  // 0110
    "e", "e", "e",  "e",  "g", "g", "g", "g",  // 0118
    "g", "g", "g",  "g",  "h", "h", "h", "h",  // 0120
    "i", "i", "i",  "i",  "i", "i", "i", "i",  // 0128
    "i", "i", "ij", "ij", "j", "j", "k", "k",  // 0130: İ ı Ĳ ĳ Ĵ ĵ Ķ ķ
    "k", "l", "l",  "l",  "l", "l", "l", "l",  // 0138
    "l", "l", "l",  "n",  "n", "n", "n", "n",  // 0140
    "n", "n", "n",  "n",  "o", "o", "o", "o",  // 0148
    "o", "o", "oe", "oe", "r", "r", "r", "r",  // 0150
    "r", "r", "s",  "s",  "s", "s", "s", "s",  // 0158
    "s", "s", "t",  "t",  "t", "t", "t", "t",  // 0160
    "u", "u", "u",  "u",  "u", "u", "u", "u",  // 0168
    "u", "u", "u",  "u",  "w", "w", "y", "y",  // 0170
    "y", "z", "z",  "z",  "z", "z", "z", "s",  // 0178: Ÿ Ź ź Ż ż Ž ž ſ
};

fold_result fold_code_point(std::uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xFF) {
    const std::string_view letters = latin1_letters[cp - 0xC0];
    return letters == " " ? fold_result{fold_kind::separator} : fold_result{fold_kind::letters, letters};
  }
  if (cp >= 0x100 && cp <= 0x17F) return {fold_kind::letters, latin_extended_a_letters[cp - 0x100]};
  if (cp >= 0x300 && cp <= 0x36F) return {fold_kind::drop};  // combining marks of decomposed (NFD) input
  switch (cp) {
    case 0x00AD:  // soft hyphen
    case 0x00B4:  // acute accent typed as an apostrophe
    case 0x02BC:  // modifier letter apostrophe
    case 0x200B:  // zero width space
    case 0x2018:  // left single quotation mark
    case 0x2019:  // right single quotation mark, the typographic apostrophe
    case 0x201B:
    case 0x2032:  // prime
      return {fold_kind::drop};
    default:
      break;
  }
  // The rest of Latin-1's symbols, the Unicode dashes, spaces and quotation marks break words.
  if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000) return {fold_kind::separator};
  return {fold_kind::keep};
}

// One UTF-8 sequence at text[i]; length 0 when it is malformed.
struct decoded {
  std::uint32_t code_point;
  std::size_t length;
};

decoded decode_utf8(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(text[at]));
  };
  const std::uint32_t lead = byte(i);
  std::size_t length = 0;
  std::uint32_t cp = 0;
  std::uint32_t minimum = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2, cp = lead & 0x1FU, minimum = 0x80;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3, cp = lead & 0x0FU, minimum = 0x800;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4, cp = lead & 0x07U, minimum = 0x10000;
  } else {
    return {0, 0};
  }
  if (i + length > text.size()) return {0, 0};
  for (std::size_t k = 1; k < length; ++k) {
    const std::uint32_t next = byte(i + k);
    if ((next & 0xC0U) != 0x80U) return {0, 0};
    cp = (cp << 6U) | (next & 0x3FU);
  }
  if (cp < minimum || cp > 0x10FFFF) return {0, 0};  // overlong or out of range
  return {cp, length};
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
char ascii_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}
bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// ---- CSV -------------------------------------------------------------------------------------------------

struct csv_record {
  std::size_t line;  // 1-based line the record starts on
  std::vector<std::string> fields;
};

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. Blank lines are skipped,
// so a trailing newline or an empty last line is harmless.
std::vector<csv_record> parse_csv(std::string_view text, std::string_view source) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // byte order mark from spreadsheet exports
  std::vector<csv_record> records;
  std::size_t i = 0;
  std::size_t line = 1;
  const std::size_t n = text.size();
  while (i < n) {
    csv_record record{line, {}};
    while (true) {
      std::string field;
      if (i < n && text[i] == '"') {
        ++i;
        while (true) {
          if (i >= n) throw municipality_data_error(source, record.line, "a quoted field is not closed");
          const char c = text[i++];
          if (c == '"') {
            if (i < n && text[i] == '"') {
              field += '"';
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        const bool at_end = i >= n || text[i] == ',' || text[i] == '\n' || text.substr(i).starts_with("\r\n");
        if (!at_end) throw municipality_data_error(source, line, "text after the closing quote of a field");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n') {
          if (text[i] == '"') {
            throw municipality_data_error(source, line,
                                          "a quote inside an unquoted field (quote the whole field)");
          }
          field += text[i++];
        }
        if ((i >= n || text[i] == '\n') && field.ends_with('\r')) field.pop_back();
      }
      record.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') {
        ++i;
        ++line;
      }
      break;
    }
    const bool blank = record.fields.size() == 1 && trim(record.fields[0]).empty();
    if (!blank) records.push_back(std::move(record));
  }
  return records;
}

bool is_valid_code(std::string_view code) {
  return code.size() == 6 && code.starts_with("GM") &&
         std::all_of(code.begin() + 2, code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

void check_header(const std::vector<csv_record>& records, std::string_view source,
                  std::string_view expected) {
  if (records.empty()) {
    throw municipality_data_error(source, 1, "the file is empty; expected the header " + quoted(expected));
  }
  const csv_record& header = records.front();
  std::string found;
  for (const std::string& field : header.fields) {
    if (!found.empty()) found += ',';
    for (const char c : trim(field)) found += ascii_lower(c);
  }
  if (header.fields.size() != 2 || found != expected) {
    throw municipality_data_error(source, header.line,
                                  "expected the header " + quoted(expected) + ", found " + quoted(found));
  }
}

void check_field_count(const csv_record& record, std::string_view source) {
  if (record.fields.size() != 2) {
    throw municipality_data_error(source, record.line,
                                  "expected 2 fields, found " + std::to_string(record.fields.size()) +
                                      " (quote a name that contains a comma)");
  }
}

// 0 exact, 1 prefix, 2 prefix of a later word, 3 substring; nullopt when the key does not contain the query.
std::optional<int> match_rank(std::string_view key, std::string_view query) {
  if (key == query) return 0;
  if (key.starts_with(query)) return 1;
  auto at = key.find(query);
  if (at == std::string_view::npos) return std::nullopt;
  for (; at != std::string_view::npos; at = key.find(query, at + 1)) {
    if (key[at - 1] == ' ') return 2;
  }
  return 3;
}

}  // namespace

municipality_data_error::municipality_data_error(std::string_view source, std::size_t line,
                                                 std::string_view problem)
    : std::runtime_error(std::string(source) + " line " + std::to_string(line) + ": " + std::string(problem)),
      line_(line) {}

std::string fold_for_search(std::string_view text) {
  std::string folded;
  folded.reserve(text.size());
  bool word_break = false;
  const auto append = [&](std::string_view letters) {
    if (word_break && !folded.empty()) folded += ' ';
    word_break = false;
    folded += letters;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) < 0x80) {
      ++i;
      if (is_ascii_alnum(c)) {
        const char lower = ascii_lower(c);
        append(std::string_view(&lower, 1));
      } else if (c != '\'' && c != '.' && c != '`') {  // apostrophes and dots join: "'s", "N.H."
        word_break = true;
      }
      continue;
    }
    const decoded d = decode_utf8(text, i);
    if (d.length == 0) {  // malformed UTF-8 from an untrusted query: skip the byte
      ++i;
      continue;
    }
    const fold_result r = fold_code_point(d.code_point);
    switch (r.kind) {
      case fold_kind::letters:
        append(r.letters);
        break;
      case fold_kind::separator:
        word_break = true;
        break;
      case fold_kind::drop:
        break;
      case fold_kind::keep:
        append(text.substr(i, d.length));
        break;
    }
    i += d.length;
  }
  return folded;
}

municipality_registry municipality_registry::parse(std::string_view municipalities_csv,
                                                   std::string_view aliases_csv) {
  const std::vector<csv_record> rows = parse_csv(municipalities_csv, municipalities_source);
  check_header(rows, municipalities_source, "code,name");
  if (rows.size() == 1) {
    throw municipality_data_error(municipalities_source, rows.front().line,
                                  "no municipalities after the header");
  }

  struct entry {
    municipality m;
    std::string folded_name;
  };
  std::vector<entry> entries;
  std::unordered_map<std::string, std::size_t> line_of_code;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const csv_record& row = rows[r];
    check_field_count(row, municipalities_source);
    const std::string code(trim(row.fields[0]));
    const std::string name(trim(row.fields[1]));
    if (!is_valid_code(code)) {
      throw municipality_data_error(municipalities_source, row.line,
                                    "code " + quoted(code) + " is not 'GM' and four digits");
    }
    if (const auto [it, inserted] = line_of_code.emplace(code, row.line); !inserted) {
      throw municipality_data_error(
          municipalities_source, row.line,
          "duplicate code " + code + " (first on line " + std::to_string(it->second) + ")");
    }
    std::string folded = fold_for_search(name);
    if (folded.empty()) {
      throw municipality_data_error(municipalities_source, row.line, "the name of " + code + " is empty");
    }
    entries.push_back({{code, name}, std::move(folded)});
  }
  std::sort(entries.begin(), entries.end(), [](const entry& a, const entry& b) {
    return std::tie(a.folded_name, a.m.name, a.m.code) < std::tie(b.folded_name, b.m.name, b.m.code);
  });

  municipality_registry registry;
  registry.municipalities_.reserve(entries.size());
  for (entry& e : entries) {
    const std::size_t index = registry.municipalities_.size();
    registry.by_code_.emplace(e.m.code, index);
    registry.keys_.push_back({std::move(e.folded_name), index});
    registry.municipalities_.push_back(std::move(e.m));
  }

  if (trim(aliases_csv).empty()) return registry;
  const std::vector<csv_record> alias_rows = parse_csv(aliases_csv, aliases_source);
  check_header(alias_rows, aliases_source, "alias,code");
  // folded alias -> (municipality index, line), so one alias cannot lead to two municipalities
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> seen;
  for (std::size_t r = 1; r < alias_rows.size(); ++r) {
    const csv_record& row = alias_rows[r];
    check_field_count(row, aliases_source);
    const std::string_view alias = trim(row.fields[0]);
    const std::string code(trim(row.fields[1]));
    std::string folded = fold_for_search(alias);
    if (folded.empty()) throw municipality_data_error(aliases_source, row.line, "the alias is empty");
    const auto target = registry.by_code_.find(code);
    if (target == registry.by_code_.end()) {
      throw municipality_data_error(aliases_source, row.line,
                                    "alias " + quoted(alias) + " points at unknown code " + quoted(code));
    }
    const auto [it, inserted] = seen.emplace(folded, std::pair{target->second, row.line});
    if (!inserted) {
      if (it->second.first == target->second) continue;  // a harmless repeat
      throw municipality_data_error(aliases_source, row.line,
                                    "alias " + quoted(alias) + " also leads to " +
                                        registry.municipalities_[it->second.first].code + " on line " +
                                        std::to_string(it->second.second));
    }
    registry.keys_.push_back({std::move(folded), target->second});
  }
  return registry;
}

const municipality* municipality_registry::find(std::string_view code) const {
  std::string upper;
  upper.reserve(code.size());
  for (const char c : code) upper += ascii_upper(c);
  const auto it = by_code_.find(upper);
  return it == by_code_.end() ? nullptr : &municipalities_[it->second];
}

std::vector<const municipality*> municipality_registry::search(std::string_view query,
                                                               std::size_t limit) const {
  const std::string folded = fold_for_search(query);
  if (folded.empty() || limit == 0) return {};

  constexpr int no_match = 4;
  std::vector<int> best(municipalities_.size(), no_match);
  for (const search_key& key : keys_) {
    if (const auto rank = match_rank(key.folded, folded)) best[key.index] = std::min(best[key.index], *rank);
  }
  if (const municipality* by_code = find(folded))
    best[static_cast<std::size_t>(by_code - municipalities_.data())] = 0;

  // (rank, index): municipalities_ is in name order, so the index breaks ties alphabetically.
  std::vector<std::pair<int, std::size_t>> hits;
  for (std::size_t index = 0; index < best.size(); ++index) {
    if (best[index] != no_match) hits.emplace_back(best[index], index);
  }
  const std::size_t count = std::min(limit, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(count), hits.end());

  std::vector<const municipality*> result;
  result.reserve(count);
  for (std::size_t k = 0; k < count; ++k) result.push_back(&municipalities_[hits[k].second]);
  return result;
}

}  // namespace scsa::domain
