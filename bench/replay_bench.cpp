// Replay at scale. A fresh log holds --events events (default 1,000,000) as sessions of 100,000 events each
// (2,000 participants x 42 answers, their joins, and reveal/hide pacing in between), written straight into
// the log's tables by raw inserts in large transactions (setting up is not what is measured). Then the
// full-rebuild rate (read every event from SQLite, decode, fold the live projections of every session:
// session state, consensus, municipality averages) against a raw SQLite scan and a raw JSON parse of the
// same rows (S5); and, on the first session, for several checkpoint intervals K, the cost of the first
// replay request (building the index) and of ~200 seeks to random sequences through replay_cache, as the
// HTTP API runs them (checkpoint copy, log read of at most K events, fold, results JSON serialised).
// Usage: scsa-bench-replay [--quick] [--events N] [--participants N] [--seeks N] [--json FILE]
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/raw_log_writer.hpp"
#include "domain/event_codec.hpp"
#include "domain/municipality_averages.hpp"
#include "domain/session_state.hpp"
#include "events/sqlite_event_log.hpp"
#include "events/sqlite_handle.hpp"
#include "server/history/history_loader.hpp"
#include "server/review/replay_cache.hpp"
#include "tests/events/event_log_testing.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using json = nlohmann::json;
using namespace scsa;

const std::string session_id = "s-bench-0";  // the session the seeks run on

// Municipalities the generated sessions belong to, in turn.
const std::array<const char*, 8> municipalities{"GM0363", "GM0599", "GM0344", "GM0518",
                                                "GM0014", "GM0193", "GM0202", "GM0935"};

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

double ms_since(clock_type::time_point start) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
}

// Resident memory in MiB (Linux /proc/self/statm).
double resident_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

using scsa::events::testing::temp_dir;  // the databases' directory, removed at the end

// The session's events in order: created, every join, then per statement every participant's current and
// desired answer, with a reveal or hide after every 6th answer until the session has `target` events.
std::vector<domain::session_event> make_session(const std::string& id, const std::string& municipality,
                                                int participants, std::int64_t target, unsigned seed) {
  std::mt19937 random(seed);
  std::vector<domain::session_event> events;
  events.reserve(static_cast<std::size_t>(target));
  events.emplace_back(domain::session_created{id, "Benchmark", municipality, domain::session_mode::workshop,
                                              "BENCH" + std::to_string(seed), std::string(64, 'f')});
  for (int p = 0; p < participants; ++p)
    events.emplace_back(domain::participant_joined{
        "p-" + std::to_string(p), std::string("Dept ") + char('A' + p % 7), std::string(64, 'a')});
  const std::int64_t answers = std::int64_t{participants} * domain::statement_count * 2;
  std::int64_t pacing =
      std::max<std::int64_t>(target - static_cast<std::int64_t>(events.size()) - answers, 0);
  bool revealed = false;
  std::int64_t given = 0;
  for (int statement = 1; statement <= domain::statement_count; ++statement)
    for (int p = 0; p < participants; ++p)
      for (auto which : {domain::aspect::current, domain::aspect::desired}) {
        const int base = which == domain::aspect::current ? 2 : 4;
        const int level = std::clamp(base + std::uniform_int_distribution<int>(-1, 1)(random), 1, 5);
        events.emplace_back(domain::answer_given{"p-" + std::to_string(p), statement, which, level, 1});
        if (++given % 6 == 0 && pacing > 0) {
          revealed = !revealed;
          if (revealed)
            events.emplace_back(domain::results_revealed{});
          else
            events.emplace_back(domain::results_hidden{});
          --pacing;
        }
      }
  return events;
}

// Fills a fresh log with `total` events: sessions of `participants` x 50 events (the last one shorter),
// written by raw inserts (bench/raw_log_writer.hpp). Returns the number of events of the first session.
std::int64_t fill_log(const std::string& db_path, int participants, std::int64_t total) {
  bench::raw_log_writer writer(db_path);
  const std::int64_t per_session = std::int64_t{participants} * 50;
  std::int64_t first_session = 0, time = 1'760'000'000'000;
  for (unsigned s = 0; writer.last_sequence() < total; ++s) {
    const std::string id = "s-bench-" + std::to_string(s);
    const auto session = make_session(id, municipalities[s % municipalities.size()], participants,
                                      std::min(per_session, total - writer.last_sequence()), 2026 + s);
    const std::int64_t count =
        std::min<std::int64_t>(static_cast<std::int64_t>(session.size()), total - writer.last_sequence());
    if (s == 0) first_session = count;
    for (std::int64_t version = 1; version <= count; ++version)
      writer.append(id, version, session[static_cast<std::size_t>(version - 1)],
                    version == 1 ? "operator" : "participant:bench", time += 37);
  }
  writer.finish();
  return first_session;
}

struct rebuild_rates {
  double read_decode_per_s = 0;   // SQLite read and decode only
  double fold_per_s = 0;          // read, decode and fold session state, consensus and municipality averages
  double history_fold_per_s = 0;  // what a start without a snapshot folds: the directory and the averages
  double raw_scan_per_s = 0;      // baseline: a bare sqlite3 scan copying every column of every row
  double raw_parse_per_s = 0;     // baseline: nlohmann::json::parse of every payload, already in memory
};

// The S5 baselines: what SQLite and the JSON parser alone do with the same rows, without the log's types,
// the event decoder or any projection.
void measure_raw_baselines(const std::string& db_path, rebuild_rates& rates) {
  auto connection = events::sqlite_connection::open(db_path, SQLITE_OPEN_READONLY);
  sqlite3_stmt* raw = nullptr;
  const char* sql =
      "SELECT sequence, stream_id, version, type, schema_version, payload, actor, command_id, time_ms "
      "FROM events ORDER BY sequence";
  if (sqlite3_prepare_v2(connection.get(), sql, -1, &raw, nullptr) != SQLITE_OK)
    connection.fail(sqlite3_errcode(connection.get()), "prepare scan");
  std::vector<std::string> payloads;
  const auto text = [&](int column) {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(raw, column));
    return std::string(data == nullptr ? "" : data,
                       static_cast<std::size_t>(sqlite3_column_bytes(raw, column)));
  };
  std::int64_t checksum = 0;
  const auto start = clock_type::now();
  int code = SQLITE_ROW;
  while ((code = sqlite3_step(raw)) == SQLITE_ROW) {
    checksum += sqlite3_column_int64(raw, 0) + sqlite3_column_int64(raw, 2) + sqlite3_column_int64(raw, 4) +
                sqlite3_column_int64(raw, 8);
    checksum += static_cast<std::int64_t>(text(1).size() + text(3).size() + text(6).size() + text(7).size());
    payloads.push_back(text(5));
  }
  rates.raw_scan_per_s = static_cast<double>(payloads.size()) / seconds_since(start);
  sqlite3_finalize(raw);
  if (code != SQLITE_DONE || payloads.empty() || checksum == 0) throw std::runtime_error("raw scan failed");

  const auto parse_start = clock_type::now();
  std::size_t objects = 0;
  for (const auto& payload : payloads) objects += json::parse(payload).is_object() ? 1 : 0;
  rates.raw_parse_per_s = static_cast<double>(payloads.size()) / seconds_since(parse_start);
  if (objects != payloads.size()) throw std::runtime_error("a payload is not a JSON object");
}

// The projections the live server keeps per session.
struct session_projections {
  domain::session_state state;
  domain::consensus_projection consensus;
};

rebuild_rates measure_rebuild(const events::event_log& log) {
  rebuild_rates rates;
  constexpr std::size_t page = 4096;
  std::vector<events::recorded_event> batch;  // reused page by page: its strings keep their buffers
  {
    const auto start = clock_type::now();
    std::int64_t after = 0, count = 0;
    for (;;) {
      log.read_all_after(after, page, batch);
      for (const auto& recorded : batch) {
        auto decoded = domain::decode_event_text(recorded.type, recorded.schema_version, recorded.payload);
        if (std::holds_alternative<domain::decode_error>(decoded)) throw std::runtime_error("decode failed");
        after = recorded.sequence;
        ++count;
      }
      if (batch.size() < page) break;
    }
    rates.read_decode_per_s = static_cast<double>(count) / seconds_since(start);
  }
  {
    const auto start = clock_type::now();
    std::unordered_map<std::string, session_projections> sessions;
    domain::municipality_averages averages;
    session_projections* current = nullptr;  // the last event's session: sessions' events come in runs
    std::string current_id;
    std::int64_t after = 0, count = 0;
    for (;;) {
      log.read_all_after(after, page, batch);
      for (const auto& recorded : batch) {
        auto decoded = domain::decode_event_text(recorded.type, recorded.schema_version, recorded.payload);
        auto& event = std::get<domain::session_event>(decoded);
        if (current == nullptr || recorded.stream_id != current_id) {
          current = &sessions[recorded.stream_id];
          current_id = recorded.stream_id;
        }
        current->consensus = domain::evolve(std::move(current->consensus), event);
        averages = domain::evolve(std::move(averages), recorded.stream_id, event);
        current->state = domain::evolve(std::move(current->state),
                                        domain::stamped_event{recorded.command_id, std::move(event)});
        after = recorded.sequence;
        ++count;
      }
      if (batch.size() < page) break;
    }
    rates.fold_per_s = static_cast<double>(count) / seconds_since(start);
    if (sessions.empty() || sessions.begin()->second.consensus.answers.active_count == 0)
      throw std::runtime_error("nothing folded");
  }
  {
    // The server's own rebuild since sessions wake only when used (server/history/history_loader.hpp).
    const auto start = clock_type::now();
    const auto loaded = server::load_history(log, false);
    rates.history_fold_per_s = static_cast<double>(loaded.folded_events) / seconds_since(start);
    if (loaded.projections.directory.size() == 0) throw std::runtime_error("no history folded");
  }
  return rates;
}

struct seek_result {
  std::int64_t k = 0;            // checkpoint interval asked for
  std::int64_t k_in_effect = 0;  // after thinning to the checkpoint limit
  std::size_t checkpoints = 0;   // kept in memory
  double first_request_ms = 0;   // building the index (read, decode, fold, checkpoints, timeline)
  double index_mib = 0;          // resident memory the index added (approximate)
  double p50_ms = 0, p99_ms = 0, max_ms = 0, mean_ms = 0;  // seeks to random sequences
  std::size_t seeks = 0;
};

double percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

seek_result measure_seeks(const events::event_log& log, std::int64_t k, std::size_t max_checkpoints,
                          int seeks, std::int64_t first_seq, std::int64_t last_seq) {
  seek_result result;
  result.k = k;
  server::replay_cache_options options;
  options.replay.checkpoint_every = k;
  options.replay.max_checkpoints = max_checkpoints;
  options.max_sessions = 1;
  malloc_trim(0);  // hand freed memory back, so the resident size grows by what this index holds
  const double before = resident_mib();
  server::replay_cache store(log, options);
  auto start = clock_type::now();
  auto first = store.timeline(session_id);
  result.first_request_ms = ms_since(start);
  if (!first) throw std::runtime_error("no session");
  result.index_mib = std::max(resident_mib() - before, 0.0);
  result.checkpoints = store.checkpoint_count(session_id);
  result.k_in_effect = store.checkpoint_every(session_id);

  std::mt19937_64 random(static_cast<std::uint64_t>(k));
  std::uniform_int_distribution<std::int64_t> point(first_seq, last_seq);
  std::vector<double> times;
  std::size_t bytes = 0;
  for (int i = 0; i < seeks; ++i) {
    const auto at = point(random);
    start = clock_type::now();
    auto body = store.results(session_id, server::replay_point{server::replay_point::kind::sequence, at});
    const std::string text = body->dump();
    times.push_back(ms_since(start));
    bytes += text.size();
  }
  std::sort(times.begin(), times.end());
  result.seeks = times.size();
  result.p50_ms = percentile(times, 0.5);
  result.p99_ms = percentile(times, 0.99);
  result.max_ms = times.empty() ? 0 : times.back();
  double sum = 0;
  for (double t : times) sum += t;
  result.mean_ms = times.empty() ? 0 : sum / static_cast<double>(times.size());
  if (bytes == 0) throw std::runtime_error("empty results");
  return result;
}

// Where a seek's time goes, with the default options: copying the checkpoint, reading and decoding the
// events after it, folding them, building and serialising the results JSON (means over `seeks`).
struct seek_breakdown {
  double copy_ms = 0, read_ms = 0, fold_ms = 0, json_ms = 0;
  double events_folded = 0;
};

seek_breakdown measure_breakdown(const server::replay_cache& store, int seeks, std::int64_t count) {
  domain::replay_index index;
  for (auto& event : store.read_events(session_id, 1, count)) index.add(event);
  seek_breakdown b;
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::int64_t> version(1, count - 1);
  for (int i = 0; i < seeks; ++i) {
    const auto v = version(random);
    auto start = clock_type::now();
    const auto& checkpoint = index.checkpoint_at_or_before(v);
    domain::replay_state state = checkpoint.state;
    b.copy_ms += ms_since(start);
    start = clock_type::now();
    auto events = store.read_events(session_id, checkpoint.version + 1, v);
    b.read_ms += ms_since(start);
    start = clock_type::now();
    for (const auto& e : events) state = domain::evolve(std::move(state), e.event);
    b.fold_ms += ms_since(start);
    start = clock_type::now();
    const std::string text = domain::results_json(state, index.sequence_of(v)).dump();
    b.json_ms += ms_since(start);
    b.events_folded += static_cast<double>(events.size());
    if (text.empty()) throw std::runtime_error("empty results");
  }
  for (double* part : {&b.copy_ms, &b.read_ms, &b.fold_ms, &b.json_ms, &b.events_folded}) *part /= seeks;
  return b;
}

void usage(const char* program) {
  std::cerr << "usage: " << program << " [--quick] [--participants N] [--seeks N] [--json FILE]\n"
            << "  --quick           fewer intervals and seeks (about 10 s)\n"
            << "  --events N        events in the log for the rebuild (default 1,000,000)\n"
            << "  --participants N  answering participants per session (default 2000: 100,000 events)\n"
            << "  --seeks N         random seeks per interval (default 200)\n"
            << "  --json FILE       also write the results as JSON\n";
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int participants = 2000;
  int seeks = 200;
  std::int64_t total_events = 1'000'000;
  std::string json_path;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--quick") {
      quick = true;
    } else if (argument == "--participants" && i + 1 < argc) {
      participants = std::max(1, std::atoi(argv[++i]));
    } else if (argument == "--events" && i + 1 < argc) {
      total_events = std::max<std::int64_t>(1, std::atoll(argv[++i]));
    } else if (argument == "--seeks" && i + 1 < argc) {
      seeks = std::max(1, std::atoi(argv[++i]));
    } else if (argument == "--json" && i + 1 < argc) {
      json_path = argv[++i];
    } else {
      usage(argv[0]);
      return 2;
    }
  }
  spdlog::set_level(spdlog::level::warn);
  try {
    temp_dir dir("scsa-bench-replay");
    auto start = clock_type::now();
    const std::int64_t session_events = fill_log(dir.file("replay.db"), participants, total_events);
    const double fill_s = seconds_since(start);
    auto log = events::sqlite_event_log::open(dir.file("replay.db"));
    const std::int64_t all_events = log->last_sequence();
    const std::int64_t first_seq = 1, last_seq = session_events;  // the first session

    auto rates = measure_rebuild(*log);
    measure_raw_baselines(dir.file("replay.db"), rates);

    // K with no thinning (max checkpoints above events / K), then the server's default (K 1000, at most 64).
    std::vector<std::pair<std::int64_t, std::size_t>> intervals;
    const auto no_limit = [&](std::int64_t k) { return static_cast<std::size_t>(session_events / k + 2); };
    if (quick)
      intervals = {{1000, no_limit(1000)}, {5000, no_limit(5000)}};
    else
      intervals = {
          {250, no_limit(250)}, {1000, no_limit(1000)}, {2500, no_limit(2500)}, {5000, no_limit(5000)}};
    const domain::replay_options defaults;
    intervals.emplace_back(defaults.checkpoint_every, defaults.max_checkpoints);
    std::vector<seek_result> results;
    for (const auto& [k, max_checkpoints] : intervals)
      results.push_back(
          measure_seeks(*log, k, max_checkpoints, quick ? std::min(seeks, 100) : seeks, first_seq, last_seq));

    std::printf("the log: %lld events, sessions of %d participants x 42 answers, joins, pacing\n",
                static_cast<long long>(all_events), participants);
    std::printf("written by raw inserts in %.1f s (setup, not measured)\n", fill_s);
    std::printf(
        "full rebuild from SQLite: read+decode %.0f events/s; read+decode+fold live projections %.0f "
        "events/s; the server's start (directory and averages) %.0f events/s\n",
        rates.read_decode_per_s, rates.fold_per_s, rates.history_fold_per_s);
    std::printf(
        "baselines on the same rows: raw sqlite3 scan %.0f rows/s; raw JSON parse of the payloads %.0f/s\n",
        rates.raw_scan_per_s, rates.raw_parse_per_s);
    std::printf("\n%-22s %11s %14s %10s %9s %9s %9s %9s %7s\n", "checkpoints", "kept", "first request",
                "index MiB", "p50 ms", "p99 ms", "max ms", "mean ms", "seeks");
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto& r = results[i];
      const bool is_default = i + 1 == results.size();
      const std::string label =
          is_default ? "default: K=" + std::to_string(r.k_in_effect) : "every K=" + std::to_string(r.k);
      std::printf("%-22s %11zu %11.0f ms %10.1f %9.2f %9.2f %9.2f %9.2f %7zu\n", label.c_str(), r.checkpoints,
                  r.first_request_ms, r.index_mib, r.p50_ms, r.p99_ms, r.max_ms, r.mean_ms, r.seeks);
    }
    std::printf(
        "\nfirst request = building the index from the log (read, decode, fold, checkpoints, timeline)\n");
    std::printf("default: K %lld doubling while there would be more than %zu checkpoints\n",
                static_cast<long long>(defaults.checkpoint_every), defaults.max_checkpoints);
    server::replay_cache reader(*log);
    const auto parts = measure_breakdown(reader, quick ? 50 : 200, session_events);
    std::printf(
        "a default seek, mean: copy checkpoint %.2f ms, read+decode %.0f events %.2f ms, fold %.2f ms, "
        "results JSON %.2f ms\n",
        parts.copy_ms, parts.events_folded, parts.read_ms, parts.fold_ms, parts.json_ms);
    std::printf("index rebuild rate (default K): %.0f events/s\n",
                static_cast<double>(session_events) / (results.back().first_request_ms / 1000.0));

    if (!json_path.empty()) {
      json out{{"events", all_events},
               {"session_events", session_events},
               {"participants", participants},
               {"fill_s", fill_s},
               {"rebuild",
                {{"read_decode_events_per_s", rates.read_decode_per_s},
                 {"fold_events_per_s", rates.fold_per_s},
                 {"history_fold_events_per_s", rates.history_fold_per_s},
                 {"raw_scan_rows_per_s", rates.raw_scan_per_s},
                 {"raw_json_parse_per_s", rates.raw_parse_per_s},
                 {"replay_index_events_per_s",
                  static_cast<double>(session_events) / (results.back().first_request_ms / 1000.0)}}},
               {"seek_breakdown_ms",
                {{"copy_checkpoint", parts.copy_ms},
                 {"read_decode", parts.read_ms},
                 {"fold", parts.fold_ms},
                 {"results_json", parts.json_ms},
                 {"events_folded", parts.events_folded}}},
               {"seeks", json::array()}};
      for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        out["seeks"].push_back({{"k", r.k},
                                {"k_in_effect", r.k_in_effect},
                                {"default", i + 1 == results.size()},
                                {"checkpoints", r.checkpoints},
                                {"first_request_ms", r.first_request_ms},
                                {"index_mib", r.index_mib},
                                {"p50_ms", r.p50_ms},
                                {"p99_ms", r.p99_ms},
                                {"max_ms", r.max_ms},
                                {"mean_ms", r.mean_ms},
                                {"seeks", r.seeks}});
      }
      std::ofstream(json_path) << out.dump(2) << "\n";
    }
    log->close();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-bench-replay: %s\n", e.what());
    return 1;
  }
}
