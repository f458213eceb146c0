// The ids of the commands a session has handled, for idempotency: a set of strings built for a fold that
// inserts one id per event and rarely asks. The ids live end to end in one buffer and the table holds
// only (hash, index) pairs with open addressing, so an insert costs no allocation of its own and about
// one cache miss, where std::unordered_set<std::string> cost one or two allocations and several misses
// (it was the largest part of a full rebuild; see docs/performance.md, S5). Lookups compare the ids
// themselves, so equal hashes never make two ids equal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scsa::domain {

class command_id_set {
 public:
  bool contains(std::string_view id) const;
  // Adds an id; false when it was there already.
  bool insert(std::string_view id);
  std::size_t size() const { return ends_.size(); }

 private:
  struct slot {
    std::uint64_t hash = 0;
    std::uint32_t index = 0;  // into ends_, plus one; 0 for an empty slot
  };

  std::string_view id_at(std::uint32_t index) const;
  // The slot holding `id`, or the empty slot where it would go.
  std::size_t find_slot(std::string_view id, std::uint64_t hash) const;
  void grow();

  std::string text_;                 // every id, end to end
  std::vector<std::uint64_t> ends_;  // where each id ends in text_
  std::vector<slot> table_;          // a power of two long, at most half full
};

}  // namespace scsa::domain
