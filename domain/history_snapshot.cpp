// The snapshot's text: a flat sequence of fields, each a decimal number ended by a space, a string as its
// byte length, ':' and its bytes (netstring-like, so any UTF-8 title passes), or an answer sheet as '#' and
// 42 digits. ASCII framing keeps it a valid text column on both engines; reading it builds the projections
// directly, without a JSON document in between (ten million events' projections read in about a third of
// the time). Decoding checks every count, length and range, and that the text ends where the fields do.
#include "domain/history_snapshot.hpp"

#include <array>
#include <charconv>
#include <stdexcept>

namespace scsa::domain {

namespace {

constexpr std::string_view magic = "scsa-history 2\n";
constexpr std::size_t sheet_cells = statement_count * 2;

class writer {
 public:
  void number(std::int64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_.append(digits, end);
    out_ += ' ';
  }
  void flag(bool value) { number(value ? 1 : 0); }
  void text(std::string_view value) {
    number(static_cast<std::int64_t>(value.size()));
    out_.back() = ':';
    out_.append(value);
  }
  void sheet(const answer_sheet& sheet) {
    out_ += '#';
    for (const auto& statement : sheet)
      for (const auto level : statement) out_ += static_cast<char>('0' + level);
  }
  void tally(const averages_tally& tally) {
    number(tally.respondents);
    for (std::size_t s = 0; s < statement_count; ++s)
      for (std::size_t a = 0; a < 2; ++a) {
        number(tally.sums[s][a]);
        number(tally.answered[s][a]);
      }
  }
  // 32 bytes as 64 hex digits (the snapshot stays text).
  void hex(const std::array<std::uint8_t, 32>& bytes) { out_ += hash_hex(bytes); }
  // A number in a table, or no_text as -1.
  void text_number(std::uint32_t n) { number(n == no_text ? -1 : static_cast<std::int64_t>(n)); }
  void ids(const id_table& table) {
    number(static_cast<std::int64_t>(table.size()));
    for (std::uint32_t n = 0; n < table.size(); ++n) text(table.at(n));
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

// Reads what writer wrote; any deviation throws std::runtime_error (decode_snapshot answers null).
class reader {
 public:
  explicit reader(std::string_view in) : in_(in) {}

  std::int64_t number() {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(in_.data(), in_.data() + in_.size(), value);
    if (error != std::errc{} || end == in_.data() + in_.size() || *end != ' ') fail("a number");
    in_.remove_prefix(static_cast<std::size_t>(end - in_.data()) + 1);
    return value;
  }
  int small(std::int64_t low, std::int64_t high) {
    const auto value = number();
    if (value < low || value > high) fail("a number out of range");
    return static_cast<int>(value);
  }
  bool flag() { return small(0, 1) == 1; }
  // A count of items that each take at least one more byte: never more than what is left.
  std::size_t count() {
    const auto value = number();
    if (value < 0 || static_cast<std::size_t>(value) > in_.size()) fail("a count");
    return static_cast<std::size_t>(value);
  }
  std::string text() { return std::string(text_view()); }
  std::string_view text_view() {
    std::size_t length = 0;
    auto [end, error] = std::from_chars(in_.data(), in_.data() + in_.size(), length);
    if (error != std::errc{} || end == in_.data() + in_.size() || *end != ':') fail("a string");
    in_.remove_prefix(static_cast<std::size_t>(end - in_.data()) + 1);
    if (length > in_.size()) fail("a string's length");
    const auto value = in_.substr(0, length);
    in_.remove_prefix(length);
    return value;
  }
  // `count` ids, each new, numbered in the order read.
  id_table ids() {
    id_table table;
    const auto n = count();
    table.reserve(n, 0);
    for (std::size_t i = 0; i < n; ++i)
      if (table.intern(text_view()) != i) fail("ids without repeats");
    return table;
  }
  std::array<std::uint8_t, 32> hex() {
    const auto bytes = in_.size() < 64 ? std::nullopt : hash_bytes(in_.substr(0, 64));
    if (!bytes) fail("32 bytes in hex");
    in_.remove_prefix(64);
    return *bytes;
  }
  std::uint32_t text_number() {
    const auto n = number();
    if (n == -1) return no_text;
    if (n < 0 || n >= static_cast<std::int64_t>(no_text)) fail("a text's number");
    return static_cast<std::uint32_t>(n);
  }
  std::uint32_t below(std::size_t limit) {
    return static_cast<std::uint32_t>(small(0, static_cast<std::int64_t>(limit) - 1));
  }
  answer_sheet sheet() {
    if (in_.size() < sheet_cells + 1 || in_[0] != '#') fail("an answer sheet");
    answer_sheet sheet{};
    for (std::size_t s = 0; s < statement_count; ++s)
      for (std::size_t a = 0; a < 2; ++a) {
        const char c = in_[1 + s * 2 + a];
        if (c < '0' || c > '5') fail("a level outside 0..5");
        sheet[s][a] = static_cast<std::uint8_t>(c - '0');
      }
    in_.remove_prefix(sheet_cells + 1);
    return sheet;
  }
  averages_tally tally() {
    averages_tally tally;
    tally.respondents = small(0, INT32_MAX);
    for (std::size_t s = 0; s < statement_count; ++s)
      for (std::size_t a = 0; a < 2; ++a) {
        tally.sums[s][a] = number();
        tally.answered[s][a] = small(0, INT32_MAX);
      }
    return tally;
  }
  void expect(std::string_view prefix) {
    if (!in_.starts_with(prefix)) fail("the snapshot's header");
    in_.remove_prefix(prefix.size());
  }
  bool done() const { return in_.empty(); }

 private:
  [[noreturn]] static void fail(const char* what) {
    throw std::runtime_error(std::string("expected ") + what);
  }
  std::string_view in_;
};

}  // namespace

long_lived_projections evolve(long_lived_projections projections, std::int64_t sequence,
                              const std::string& session_id, std::int64_t time_ms,
                              const session_event& event) {
  projections.directory = evolve(std::move(projections.directory), session_id, time_ms, event);
  projections.averages = evolve(std::move(projections.averages), session_id, event);
  projections.through_sequence = sequence;
  return projections;
}

std::string encode_snapshot(const long_lived_projections& p) {
  writer w;
  w.out() += magic;
  w.number(p.through_sequence);
  const auto& d = p.directory;
  w.ids(d.session_ids());
  w.ids(d.labels());
  w.ids(d.unpacked_hashes());
  for (const auto& e : d.entries()) {
    w.flag(e.created);
    w.text_number(e.title);
    w.text_number(e.municipality);
    w.flag(e.mode == session_mode::solo);
    w.text_number(e.join_code);
    w.hex(e.facilitator_hash_bytes);
    w.text_number(e.facilitator_hash_text);
    w.number(e.created_ms);
    w.number(e.events);
    w.number(e.round);
    w.flag(e.closed);
  }
  w.ids(d.codes());
  for (const auto session : d.code_sessions()) w.number(session);
  w.ids(d.participant_ids());
  w.number(static_cast<std::int64_t>(d.tokens().size()));
  d.tokens().for_each([&](const std::string& hash, token_index::owner_numbers owner) {
    w.text(hash);
    w.number(owner.first);
    w.number(owner.second);
  });
  const auto& a = p.averages;
  w.ids(a.session_ids);
  w.ids(a.participant_ids);
  w.ids(a.municipality_codes);
  for (const auto& session : a.sessions) {
    w.text_number(session.municipality);
    w.number(static_cast<std::int64_t>(session.participants.size()));
    for (const auto& r : session.participants) {
      w.number(r.participant);
      w.flag(r.joined);
      w.flag(r.removed);
      w.number(r.latest_count);
      w.number(static_cast<std::int64_t>(r.rounds.size()));
      for (const auto& round : r.rounds) {
        w.number(round.round);
        w.sheet(round.levels);
      }
    }
  }
  w.number(static_cast<std::int64_t>(a.municipalities.size()));
  for (const auto& [code, tally] : a.municipalities) {
    w.text(code);
    w.tally(tally);
  }
  w.tally(a.national);
  return std::move(w.out());
}

std::optional<long_lived_projections> decode_snapshot(std::string_view text) {
  try {
    reader r(text);
    r.expect(magic);
    long_lived_projections p;
    p.through_sequence = r.number();
    if (p.through_sequence < 0) return std::nullopt;
    auto session_ids = r.ids();
    auto labels = r.ids();
    auto unpacked_hashes = r.ids();
    std::vector<directory_entry> entries(session_ids.size());
    for (auto& e : entries) {
      e.created = r.flag();
      e.title = r.text_number();
      e.municipality = r.text_number();
      e.mode = r.flag() ? session_mode::solo : session_mode::workshop;
      e.join_code = r.text_number();
      e.facilitator_hash_bytes = r.hex();
      e.facilitator_hash_text = r.text_number();
      e.created_ms = r.number();
      e.events = r.number();
      e.round = r.small(1, INT32_MAX);
      e.closed = r.flag();
    }
    auto codes = r.ids();
    std::vector<std::uint32_t> code_sessions(codes.size());
    for (auto& session : code_sessions) session = r.below(entries.size());
    auto participant_ids = r.ids();
    token_index tokens;
    const auto token_count = r.count();
    tokens.reserve(token_count);
    for (std::size_t n = 0; n < token_count; ++n) {
      const auto hash = r.text_view();
      const auto session = r.below(entries.size());
      tokens.put(hash, {session, r.below(participant_ids.size())});
    }
    if (tokens.size() != token_count) return std::nullopt;  // a hash twice: not what was written
    if (!p.directory.restore(std::move(session_ids), std::move(entries), std::move(labels),
                             std::move(unpacked_hashes), std::move(codes), std::move(code_sessions),
                             std::move(participant_ids), std::move(tokens)))
      return std::nullopt;

    auto& a = p.averages;
    a.session_ids = r.ids();
    a.participant_ids = r.ids();
    a.municipality_codes = r.ids();
    a.sessions.resize(a.session_ids.size());
    for (auto& session : a.sessions) {
      session.municipality = r.text_number();
      if (session.municipality != no_text && session.municipality >= a.municipality_codes.size())
        return std::nullopt;
      const auto respondents = r.count();
      session.participants.reserve(respondents);
      for (std::size_t n = 0; n < respondents; ++n) {
        respondent one;
        one.participant = r.below(a.participant_ids.size());
        if (!session.participants.empty() && session.participants.back().participant >= one.participant)
          return std::nullopt;  // out of order
        one.joined = r.flag();
        one.removed = r.flag();
        one.latest_count = static_cast<std::uint8_t>(r.small(0, static_cast<std::int64_t>(sheet_cells)));
        const auto rounds = r.count();
        one.rounds.reserve(rounds);
        for (std::size_t k = 0; k < rounds; ++k) {
          const int round = r.small(1, INT32_MAX);
          if (!one.rounds.empty() && one.rounds.back().round >= round) return std::nullopt;
          one.rounds.push_back({round, r.sheet()});
        }
        const auto latest = one.latest();
        std::size_t counted = 0;
        for (const auto& statement : latest)
          for (const auto level : statement) counted += level != 0 ? 1 : 0;
        if (counted != one.latest_count) return std::nullopt;
        session.participants.push_back(std::move(one));
      }
    }
    for (auto n = r.count(); n > 0; --n) {
      auto code = r.text();
      a.municipalities.emplace(std::move(code), r.tally());
    }
    a.national = r.tally();
    if (!r.done()) return std::nullopt;  // something after the last field: not what was written
    return p;
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

}  // namespace scsa::domain
