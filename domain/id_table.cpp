// Interning ids (see id_table.hpp): linear probing on an FNV-1a hash, doubling at half full.
#include "domain/id_table.hpp"

#include <stdexcept>

namespace scsa::domain {

namespace {

std::uint64_t hash_of(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

std::string_view id_table::at(std::uint32_t number) const {
  const std::size_t begin = offsets_.at(number);
  const std::size_t end = number + 1 < offsets_.size() ? offsets_[number + 1] : characters_.size();
  return std::string_view(characters_).substr(begin, end - begin);
}

std::size_t id_table::slot_of(std::string_view id) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash_of(id) & mask;; slot = (slot + 1) & mask)
    if (slots_[slot] == 0 || at(slots_[slot] - 1) == id) return slot;
}

std::optional<std::uint32_t> id_table::find(std::string_view id) const {
  if (slots_.empty()) return std::nullopt;
  const auto slot = slots_[slot_of(id)];
  if (slot == 0) return std::nullopt;
  return slot - 1;
}

std::uint32_t id_table::intern(std::string_view id) {
  if ((offsets_.size() + 1) * 2 > slots_.size()) grow();
  const auto slot = slot_of(id);
  if (slots_[slot] != 0) return slots_[slot] - 1;
  if (characters_.size() + id.size() > UINT32_MAX || offsets_.size() >= UINT32_MAX - 1)
    throw std::length_error("id_table: more ids than four gigabytes");
  const auto number = static_cast<std::uint32_t>(offsets_.size());
  offsets_.push_back(static_cast<std::uint32_t>(characters_.size()));
  characters_.append(id);
  slots_[slot] = number + 1;
  return number;
}

void id_table::reserve(std::size_t count, std::size_t characters) {
  offsets_.reserve(count);
  characters_.reserve(characters);
  std::size_t wanted = 16;
  while (wanted < count * 2 + 2) wanted *= 2;
  if (wanted > slots_.size()) {
    slots_.assign(wanted, 0);
    for (std::uint32_t n = 0; n < offsets_.size(); ++n) slots_[slot_of(at(n))] = n + 1;
  }
}

void id_table::grow() {
  slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, 0);
  for (std::uint32_t n = 0; n < offsets_.size(); ++n) slots_[slot_of(at(n))] = n + 1;
}

}  // namespace scsa::domain
