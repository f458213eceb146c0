// The Dutch municipalities an assessment can belong to: parsed from the operator's CSV files (the caller
// reads them; this code does no I/O), validated, looked up by CBS code and searched by what people type.
// A registry is immutable after parse(), so concurrent reads are safe.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace scsa::domain {

// One municipality as CBS lists it.
struct municipality {
  std::string code;  // CBS code: "GM" and four digits, e.g. "GM0363"
  std::string name;  // official CBS name, e.g. "'s-Gravenhage"
};

// Broken municipality or alias data; the message names the file kind, the line and the problem.
class municipality_data_error : public std::runtime_error {
 public:
  municipality_data_error(std::string_view source, std::size_t line, std::string_view problem);
  std::size_t line() const { return line_; }  // 1-based line of the offending record

 private:
  std::size_t line_;
};

// Lower-cases and strips what people leave out when they type a name: diacritics (Latin-1 Supplement,
// Latin Extended-A and combining marks, "ĳ" becomes "ij"), apostrophes and dots (dropped), hyphens,
// parentheses and other punctuation (word breaks), and repeated or surrounding whitespace.
// "'s-Gravenhage" becomes "s gravenhage", "Bergen (NH.)" becomes "bergen nh". Other letters are kept as they
// are.
std::string fold_for_search(std::string_view text);

class municipality_registry {
 public:
  // Parses `code,name` and, when given, `alias,code` CSV texts (RFC 4180 quoting, LF or CRLF, an optional
  // UTF-8 byte order mark, blank lines ignored). Throws municipality_data_error on a wrong header, a code
  // that is not "GM" and four digits, a duplicate code, an empty name or alias, a wrong number of fields,
  // an alias for an unknown code, one alias for two codes, or no municipalities at all.
  static municipality_registry parse(std::string_view municipalities_csv, std::string_view aliases_csv = {});

  // The municipality with this code, case-insensitively ("gm0363" works), or nullptr.
  const municipality* find(std::string_view code) const;

  // Up to `limit` municipalities matching `query` once both are folded (fold_for_search), best first:
  // exact match of the name, an alias or the code; then a name or alias starting with the query; then a
  // word of it starting with the query; then one containing it. Equal ranks come in name order.
  // A query that folds to nothing returns nothing.
  std::vector<const municipality*> search(std::string_view query, std::size_t limit = 10) const;

  std::size_t size() const { return municipalities_.size(); }
  // Every municipality in name order (by folded name, so "'s-Gravenhage" sorts as "s gravenhage").
  const std::vector<municipality>& all() const { return municipalities_; }

 private:
  // A folded name or alias and the municipality it leads to.
  struct search_key {
    std::string folded;
    std::size_t index;  // into municipalities_
  };

  std::vector<municipality> municipalities_;              // in name order
  std::unordered_map<std::string, std::size_t> by_code_;  // upper-case code -> index
  std::vector<search_key> keys_;                          // names first, then aliases
};

}  // namespace scsa::domain
