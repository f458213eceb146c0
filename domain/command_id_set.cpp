// Open addressing with linear probing over (hash, index) slots; see the header.
#include "domain/command_id_set.hpp"

#include <functional>
#include <stdexcept>

namespace scsa::domain {

std::string_view command_id_set::id_at(std::uint32_t index) const {
  const std::uint64_t begin = index == 0 ? 0 : ends_[index - 1];
  return std::string_view(text_).substr(begin, ends_[index] - begin);
}

std::size_t command_id_set::find_slot(std::string_view id, std::uint64_t hash) const {
  const std::size_t mask = table_.size() - 1;
  for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
    const slot& s = table_[at];
    if (s.index == 0 || (s.hash == hash && id_at(s.index - 1) == id)) return at;
  }
}

bool command_id_set::contains(std::string_view id) const {
  if (table_.empty()) return false;
  return table_[find_slot(id, std::hash<std::string_view>{}(id))].index != 0;
}

bool command_id_set::insert(std::string_view id) {
  if ((ends_.size() + 1) * 2 > table_.size()) grow();
  const std::uint64_t hash = std::hash<std::string_view>{}(id);
  slot& s = table_[find_slot(id, hash)];
  if (s.index != 0) return false;
  if (ends_.size() >= UINT32_MAX - 1) throw std::length_error("too many command ids");
  text_.append(id);
  ends_.push_back(text_.size());
  s = slot{hash, static_cast<std::uint32_t>(ends_.size())};
  return true;
}

void command_id_set::grow() {
  std::vector<slot> old = std::move(table_);
  table_.assign(old.empty() ? 16 : old.size() * 2, slot{});
  const std::size_t mask = table_.size() - 1;
  for (const slot& s : old) {
    if (s.index == 0) continue;
    std::size_t at = s.hash & mask;
    while (table_[at].index != 0) at = (at + 1) & mask;
    table_[at] = s;
  }
}

}  // namespace scsa::domain
