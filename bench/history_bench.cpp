// A history for S8 (ops/bench): --events N events (default 1,000,000) of sessions more than a year old,
// written straight into a fresh SQLite log by raw inserts (bench/raw_log_writer.hpp): one closed workshop
// of 15 participants (everyone answers all 42 questions) for every 14 solo self-assessments (one respondent,
// 42 answers), about 84 events and a dozen thousand sessions per million events, spread over municipalities.
// ops/bench then measures how long scsa-server takes to serve on it, and how much memory it holds, without
// and with a history snapshot.
// Usage: scsa-bench-history --db FILE [--events N] [--json FILE]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bench/raw_log_writer.hpp"

namespace {

using namespace scsa;

const std::array<const char*, 12> municipalities{"GM0363", "GM0599", "GM0344", "GM0518", "GM0014", "GM0193",
                                                 "GM0202", "GM0935", "GM0268", "GM0153", "GM0772", "GM0855"};

// A hash shaped like the server's (a SHA-256 as 64 lowercase hex digits), different for every (kind, n).
std::string fake_hash(char kind, std::uint64_t n) {
  char text[96];  // room for any value; the first 64 characters are used
  std::snprintf(text, sizeof text, "%x%015llx%016llx%016llx%016llx", static_cast<unsigned>(kind) & 0xf,
                static_cast<unsigned long long>(n),
                static_cast<unsigned long long>(n * 0x9e3779b97f4a7c15ull),
                static_cast<unsigned long long>(n ^ 0xabcdef12345ull), static_cast<unsigned long long>(~n));
  return std::string(text, 64);
}

// An id shaped like the server's (server/tokens.cpp make_id: a prefix, a dash and 16 hex digits), so the
// history costs what a real one does (18 characters do not fit a std::string's own buffer; "h-12" would).
std::string server_shaped_id(char prefix, std::uint64_t n) {
  char text[24];
  std::snprintf(text, sizeof text, "%c-%016llx", prefix,
                static_cast<unsigned long long>((n + 1) * 0x9e3779b97f4a7c15ull));
  return text;
}

struct filled {
  std::int64_t sessions = 0;
  std::int64_t events = 0;
};

filled fill(const std::string& db_path, std::int64_t total) {
  bench::raw_log_writer writer(db_path);
  filled out;
  std::int64_t time = 1'733'000'000'000;  // December 2024: two years before these measurements
  std::uint64_t people = 0;
  for (std::int64_t s = 0; writer.last_sequence() < total; ++s) {
    const bool workshop = s % 15 == 0;
    const std::string id = server_shaped_id('s', static_cast<std::uint64_t>(s));
    std::int64_t version = 0;
    auto append = [&](const domain::session_event& event, const std::string& actor) {
      writer.append(id, ++version, event, actor, time += 1'500);
    };
    append(domain::session_created{id, workshop ? "Werksessie" : "Zelfevaluatie",
                                   municipalities[static_cast<std::size_t>(s) % municipalities.size()],
                                   workshop ? domain::session_mode::workshop : domain::session_mode::solo,
                                   "H" + std::to_string(s), fake_hash('f', static_cast<std::uint64_t>(s))},
           "operator");
    const int participants = workshop ? 15 : 1;
    std::vector<std::string> ids;
    for (int p = 0; p < participants; ++p) {
      ids.push_back(server_shaped_id('p', ++people));
      append(domain::participant_joined{ids.back(), std::nullopt, fake_hash('p', people)},
             "participant:" + ids.back());
    }
    for (int p = 0; p < participants; ++p)
      for (int statement = 1; statement <= domain::statement_count; ++statement)
        for (auto which : {domain::aspect::current, domain::aspect::desired})
          append(domain::answer_given{ids[static_cast<std::size_t>(p)], statement, which,
                                      1 + static_cast<int>((s + p + statement) % 4) +
                                          (which == domain::aspect::desired ? 1 : 0),
                                      1},
                 "participant:" + ids[static_cast<std::size_t>(p)]);
    if (workshop) append(domain::session_closed{}, "facilitator");
    ++out.sessions;
    time += 3'600'000;
  }
  writer.finish();
  out.events = writer.last_sequence();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, json_path;
  std::int64_t events = 1'000'000;
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (argument == "--events" && i + 1 < argc) {
      events = std::stoll(argv[++i]);
    } else if (argument == "--json" && i + 1 < argc) {
      json_path = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s --db FILE [--events N] [--json FILE]\n", argv[0]);
      return 2;
    }
  }
  if (db_path.empty()) {
    std::fprintf(stderr, "usage: %s --db FILE [--events N] [--json FILE]\n", argv[0]);
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  const auto made = fill(db_path, events);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "history: %lld events in %lld sessions, written by raw inserts in %.1f s (setup, not measured)\n",
      static_cast<long long>(made.events), static_cast<long long>(made.sessions), seconds);
  if (!json_path.empty())
    std::ofstream(json_path) << nlohmann::json{
        {"events", made.events},
        {"sessions", made.sessions},
        {"fill_s", seconds}}.dump();
  return 0;
}
