// Folding every session's events into the directory; one lambda per event, no catch-all. Also the
// directory's compact parts: token digests and the token index.
#include "domain/session_directory.hpp"

#include "domain/overloaded.hpp"

namespace scsa::domain {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case too: it would not come back as the same text
}

}  // namespace

std::optional<std::array<std::uint8_t, 32>> hash_bytes(std::string_view text) {
  if (text.size() != 64) return std::nullopt;
  std::array<std::uint8_t, 32> bytes{};
  for (std::size_t i = 0; i < 32; ++i) {
    const int high = hex_value(text[2 * i]);
    const int low = hex_value(text[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return bytes;
}

std::string hash_hex(const std::array<std::uint8_t, 32>& bytes) {
  std::string text(64, '0');
  for (std::size_t i = 0; i < 32; ++i) {
    text[2 * i] = hex_digits[bytes[i] >> 4];
    text[2 * i + 1] = hex_digits[bytes[i] & 0xf];
  }
  return text;
}

std::size_t token_index::slot_of(const std::array<std::uint8_t, 32>& bytes) const {
  // The bytes are a SHA-256: any eight of them are as good as a hash.
  std::uint64_t hash = 0;
  for (std::size_t i = 0; i < 8; ++i) hash = hash << 8 | bytes[i];
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = hash & mask;; at = (at + 1) & mask)
    if (slots_[at] == 0 || entries_[slots_[at] - 1].bytes == bytes) return at;
}

void token_index::grow(std::size_t at_least) {
  std::size_t wanted = slots_.empty() ? 16 : slots_.size();
  while (wanted < at_least * 2) wanted *= 2;
  if (wanted == slots_.size()) return;
  slots_.assign(wanted, 0);
  for (std::uint32_t n = 0; n < entries_.size(); ++n) slots_[slot_of(entries_[n].bytes)] = n + 1;
}

void token_index::reserve(std::size_t count) {
  entries_.reserve(count);
  grow(count + 1);
}

void token_index::put(std::string_view token_hash, owner_numbers owner) {
  auto bytes = hash_bytes(token_hash);
  if (!bytes) {
    others_[std::string(token_hash)] = owner;
    return;
  }
  grow(entries_.size() + 1);
  auto& slot = slots_[slot_of(*bytes)];
  if (slot == 0) {
    entries_.push_back(entry{*bytes, owner.first, owner.second});
    slot = static_cast<std::uint32_t>(entries_.size());
  } else {
    auto& known = entries_[slot - 1];
    known.session = owner.first;
    known.participant = owner.second;
  }
}

std::optional<token_index::owner_numbers> token_index::find(std::string_view token_hash) const {
  auto bytes = hash_bytes(token_hash);
  if (!bytes) {
    auto found = others_.find(std::string(token_hash));
    if (found == others_.end()) return std::nullopt;
    return found->second;
  }
  if (slots_.empty()) return std::nullopt;
  const auto slot = slots_[slot_of(*bytes)];
  if (slot == 0) return std::nullopt;
  return owner_numbers{entries_[slot - 1].session, entries_[slot - 1].participant};
}

const directory_entry* session_directory::find(std::string_view session_id) const {
  const auto number = session_ids_.find(session_id);
  return number ? &entries_[*number] : nullptr;
}

std::string session_directory::facilitator_token_hash(const directory_entry& e) const {
  if (e.facilitator_hash_text != no_text) return std::string(unpacked_hashes_.at(e.facilitator_hash_text));
  return e.created ? hash_hex(e.facilitator_hash_bytes) : std::string{};
}

std::optional<std::string> session_directory::session_of_code(std::string_view join_code) const {
  const auto number = codes_.find(join_code);
  if (!number) return std::nullopt;
  return std::string(session_ids_.at(code_sessions_[*number]));
}

std::optional<token_owner> session_directory::owner_of(std::string_view token_hash) const {
  const auto owner = tokens_.find(token_hash);
  if (!owner) return std::nullopt;
  return token_owner{std::string(session_ids_.at(owner->first)),
                     std::string(participant_ids_.at(owner->second))};
}

bool session_directory::restore(id_table session_ids, std::vector<directory_entry> entries, id_table labels,
                                id_table unpacked_hashes, id_table codes,
                                std::vector<std::uint32_t> code_sessions, id_table participant_ids,
                                token_index tokens) {
  if (session_ids.size() != entries.size() || codes.size() != code_sessions.size()) return false;
  auto names = [](const id_table& table, std::uint32_t number) {
    return number == no_text || number < table.size();
  };
  for (const auto& e : entries)
    if (!names(labels, e.title) || !names(labels, e.municipality) || !names(codes, e.join_code) ||
        !names(unpacked_hashes, e.facilitator_hash_text))
      return false;
  for (const auto session : code_sessions)
    if (session >= entries.size()) return false;
  bool fits = true;
  tokens.for_each([&](const std::string&, token_index::owner_numbers owner) {
    fits = fits && owner.first < entries.size() && owner.second < participant_ids.size();
  });
  if (!fits) return false;
  session_ids_ = std::move(session_ids);
  entries_ = std::move(entries);
  labels_ = std::move(labels);
  unpacked_hashes_ = std::move(unpacked_hashes);
  codes_ = std::move(codes);
  code_sessions_ = std::move(code_sessions);
  participant_ids_ = std::move(participant_ids);
  tokens_ = std::move(tokens);
  return true;
}

session_directory evolve(session_directory directory, const std::string& session_id, std::int64_t time_ms,
                         const session_event& event) {
  const auto number = directory.session_ids_.intern(session_id);
  if (number == directory.entries_.size()) directory.entries_.emplace_back();
  auto& entry = directory.entries_[number];
  if (entry.events == 0) entry.created_ms = time_ms;
  ++entry.events;
  std::visit(overloaded{
                 [&](const session_created& e) {
                   entry.created = true;
                   entry.title = directory.labels_.intern(e.title);
                   entry.municipality = directory.labels_.intern(e.municipality);
                   entry.mode = e.mode;
                   if (auto bytes = hash_bytes(e.facilitator_token_hash)) {
                     entry.facilitator_hash_bytes = *bytes;
                     entry.facilitator_hash_text = no_text;
                   } else {
                     entry.facilitator_hash_bytes = {};
                     entry.facilitator_hash_text =
                         directory.unpacked_hashes_.intern(e.facilitator_token_hash);
                   }
                   const auto code = directory.codes_.intern(e.join_code);
                   if (code == directory.code_sessions_.size()) directory.code_sessions_.push_back(number);
                   directory.code_sessions_[code] = number;  // the latest created with a code wins
                   entry.join_code = code;
                 },
                 [&](const participant_joined& e) {
                   directory.tokens_.put(e.token_hash,
                                         {number, directory.participant_ids_.intern(e.participant_id)});
                 },
                 [&](const round_started& e) { entry.round = e.round; },
                 [&](const session_closed&) { entry.closed = true; },
                 [&](const session_reopened&) { entry.closed = false; },
                 [](const participant_removed&) {},
                 [](const participant_renamed&) {},
                 [](const statement_opened&) {},
                 [](const statement_closed&) {},
                 [](const statement_focused&) {},
                 [](const results_revealed&) {},
                 [](const results_hidden&) {},
                 [](const answer_given&) {},
                 [](const answer_withdrawn&) {},
                 [](const roadmap_event&) {},
                 [](const baseline_event&) {},
             },
             event);
  return directory;
}

}  // namespace scsa::domain
