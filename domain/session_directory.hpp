// Every session ever held, in a few bytes each: what a list of sessions shows, the join code and the
// participants' token hashes that find a session, the facilitator's token hash that admits to it. A
// long-lived projection (folded from every event of every session, like the municipality averages) that
// stays in memory while the sessions themselves leave it once nobody uses them: so it is laid out for size
// (ids interned once, token hashes as their 32 bytes, sessions by number in one vector), and read through
// the functions below. How many participants a session has is the averages' to say (respondents).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/id_table.hpp"
#include "domain/session_events.hpp"

namespace scsa::domain {

// A token hash as the server writes it, a SHA-256 in 64 lowercase hex digits, as its 32 bytes (nothing for
// any other text), and back.
std::optional<std::array<std::uint8_t, 32>> hash_bytes(std::string_view hex);
std::string hash_hex(const std::array<std::uint8_t, 32>& bytes);

// One session as a list shows it, in numbers where texts repeat or are long: titles and municipalities
// are held once in the directory's labels (every solo self-assessment has the same title), the join code
// in its codes, a facilitator token hash as its 32 bytes when it is a SHA-256 in hex (as the server writes
// it) and otherwise as a text in the directory. Read the texts through the directory.
struct directory_entry {
  bool created = false;                        // false until session_created
  bool closed = false;                         // closed sessions take no answers
  session_mode mode = session_mode::workshop;  // workshop or solo
  int round = 1;                               // the current round
  std::int64_t created_ms = 0;                 // time of the session's first event, ms since the epoch
  std::int64_t events = 0;                     // events in its stream (the stream's version)
  std::uint32_t title = no_text;               // as created (a label)
  std::uint32_t municipality = no_text;        // CBS code (a label)
  std::uint32_t join_code = no_text;           // what participants type (a code)
  std::array<std::uint8_t, 32> facilitator_hash_bytes{};  // who may facilitate, when packed
  std::uint32_t facilitator_hash_text = no_text;          // otherwise: the hash as a text (unpacked_hashes)
  bool operator==(const directory_entry&) const = default;
};

// Where a known participant token belongs.
struct token_owner {
  std::string session_id;      // the session the token joined
  std::string participant_id;  // as whom
  bool operator==(const token_owner&) const = default;
};

// Participant token hashes -> (session number, participant number): the packed ones (a SHA-256 in hex)
// as 40-byte entries found through an open-addressing table of entry numbers, any other text in a map
// beside them. The latest join with a hash wins.
class token_index {
 public:
  using owner_numbers = std::pair<std::uint32_t, std::uint32_t>;  // session, participant
  void put(std::string_view token_hash, owner_numbers owner);
  std::optional<owner_numbers> find(std::string_view token_hash) const;
  std::size_t size() const { return entries_.size() + others_.size(); }
  void reserve(std::size_t count);
  // Every entry, the packed ones in the order first put: f(token hash text, owner).
  template <class visit>
  void for_each(visit f) const {
    for (const auto& e : entries_) f(hash_hex(e.bytes), owner_numbers{e.session, e.participant});
    for (const auto& [text, owner] : others_) f(text, owner);
  }
  bool operator==(const token_index& other) const {
    return entries_ == other.entries_ && others_ == other.others_;
  }

 private:
  struct entry {
    std::array<std::uint8_t, 32> bytes{};
    std::uint32_t session = 0;
    std::uint32_t participant = 0;
    bool operator==(const entry&) const = default;
  };
  std::size_t slot_of(const std::array<std::uint8_t, 32>& bytes) const;
  void grow(std::size_t at_least);

  std::vector<entry> entries_;
  std::vector<std::uint32_t> slots_;  // entry number + 1, or 0 when empty; a power of two, at most half full
  std::unordered_map<std::string, owner_numbers> others_;
};

class session_directory {
 public:
  std::size_t size() const { return entries_.size(); }
  // The session with this id, if any event of it was folded.
  const directory_entry* find(std::string_view session_id) const;
  // The session a join code names (the latest created with it).
  std::optional<std::string> session_of_code(std::string_view join_code) const;
  bool has_code(std::string_view join_code) const { return codes_.find(join_code).has_value(); }
  // Where a participant token hash belongs.
  std::optional<token_owner> owner_of(std::string_view token_hash) const;
  // Every session in the order first seen: f(session id, entry).
  template <class visit>
  void for_each(visit f) const {
    for (std::uint32_t n = 0; n < entries_.size(); ++n) f(session_ids_.at(n), entries_[n]);
  }
  // An entry's texts.
  std::string_view title(const directory_entry& e) const { return text_of(labels_, e.title); }
  std::string_view municipality(const directory_entry& e) const { return text_of(labels_, e.municipality); }
  std::string_view join_code(const directory_entry& e) const { return text_of(codes_, e.join_code); }
  std::string facilitator_token_hash(const directory_entry& e) const;
  bool operator==(const session_directory&) const = default;

  // The snapshot's view (history_snapshot.cpp): every part by number, restored in the same order.
  const id_table& session_ids() const { return session_ids_; }
  const std::vector<directory_entry>& entries() const { return entries_; }
  const id_table& labels() const { return labels_; }
  const id_table& unpacked_hashes() const { return unpacked_hashes_; }
  const id_table& codes() const { return codes_; }
  const std::vector<std::uint32_t>& code_sessions() const { return code_sessions_; }
  const id_table& participant_ids() const { return participant_ids_; }
  const token_index& tokens() const { return tokens_; }
  // False (and nothing changed) when the parts do not fit together: counts that differ, a number that
  // names no session or participant.
  bool restore(id_table session_ids, std::vector<directory_entry> entries, id_table labels,
               id_table unpacked_hashes, id_table codes, std::vector<std::uint32_t> code_sessions,
               id_table participant_ids, token_index tokens);

  friend session_directory evolve(session_directory directory, const std::string& session_id,
                                  std::int64_t time_ms, const session_event& event);

 private:
  static std::string_view text_of(const id_table& table, std::uint32_t number) {
    return number == no_text ? std::string_view{} : table.at(number);
  }

  id_table session_ids_;                      // session number -> id
  std::vector<directory_entry> entries_;      // by session number
  id_table labels_;                           // titles and municipality codes
  id_table unpacked_hashes_;                  // facilitator token hashes that are not a SHA-256 in hex
  id_table codes_;                            // join code number -> code
  std::vector<std::uint32_t> code_sessions_;  // join code number -> session number
  id_table participant_ids_;                  // participant number -> id (of token owners)
  token_index tokens_;
};

// Folds one event of the session `session_id`, appended at `time_ms`; sessions may interleave freely.
session_directory evolve(session_directory directory, const std::string& session_id, std::int64_t time_ms,
                         const session_event& event);

}  // namespace scsa::domain
