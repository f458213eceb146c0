// Ids held once, each with a dense number (in the order they were first seen): one arena of characters,
// an offset per id and an open-addressing index of numbers. The long-lived projections keep every session
// and participant id ever seen; as std::string keys of node-based maps an 18-character id costs about a
// hundred bytes, here about thirty.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scsa::domain {

// The number of no text at all, where a table's number is expected (read as "").
inline constexpr std::uint32_t no_text = UINT32_MAX;

class id_table {
 public:
  // The number of `id`, adding it when it is new.
  std::uint32_t intern(std::string_view id);
  // The number of `id`, if it was added.
  std::optional<std::uint32_t> find(std::string_view id) const;
  // The id with this number (< size()); valid until the next intern().
  std::string_view at(std::uint32_t number) const;
  std::size_t size() const { return offsets_.size(); }
  // Makes room for `count` ids of about `characters` characters in all (a snapshot knows both).
  void reserve(std::size_t count, std::size_t characters);

  // The same ids in the same order (the index follows from them).
  bool operator==(const id_table& other) const {
    return offsets_ == other.offsets_ && characters_ == other.characters_;
  }

 private:
  std::size_t slot_of(std::string_view id) const;  // where `id` is, or the empty slot where it would go
  void grow();

  std::string characters_;              // every id, one after another
  std::vector<std::uint32_t> offsets_;  // where id n starts; it ends where n + 1 starts
  std::vector<std::uint32_t> slots_;    // number + 1, or 0 when empty; a power of two, at most half full
};

}  // namespace scsa::domain
