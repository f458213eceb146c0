// Group-commit append rate of the SQLite event log against raw SQLite inserts of the same rows, in the same
// run, on fresh databases in a temporary directory. For each batch size B the log gets B appends of one
// event in flight from a pipelined producer (and max_batch_size B); the raw side inserts the same rows in
// transactions of B, on the same schema with WAL and synchronous=FULL, and once more in transactions of the
// log's measured appends per commit (about B/2: while one batch syncs, only the rest can queue), which
// isolates the log's own overhead. Each measurement runs a fixed time (12 in all).
// With --postgres URI (a database the user may create databases in), the same for the PostgreSQL engine
// against raw libpq inserts of the same rows (prepared, one statement per row) in transactions of B, each
// measurement on a fresh database it drops afterwards.
// Usage: scsa-bench-append [--quick] [--seconds S] [--json FILE] [--postgres URI]
#include <spdlog/spdlog.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <vector>

#include "events/pg_handle.hpp"
#include "events/postgres_event_log.hpp"
#include "events/schema.hpp"
#include "events/sqlite_event_log.hpp"
#include "events/sqlite_handle.hpp"
#include "events/sqlite_settings.hpp"
#include "tests/events/event_log_testing.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using namespace scsa::events;

constexpr int stream_count = 64;  // appends rotate over this many streams

struct measurement {
  std::size_t batch_size{0};
  double log_events_per_s{0};
  double raw_events_per_s{0};
  std::size_t same_commit_size{0};  // the log's average appends per commit, rounded
  double raw_same_commit_events_per_s{0};
  std::uint64_t log_commits{0};
  std::uint64_t log_appends{0};
  std::uint64_t storage_errors{0};
};

using scsa::events::testing::temp_dir;  // the databases' directory, removed at the end

std::string payload_for(std::uint64_t i) {
  return R"({"participant":"p-)" + std::to_string(i % 97) + R"(","statement":)" + std::to_string(i % 21) +
         R"(,"aspect":"now","level":)" + std::to_string(1 + i % 5) + "}";
}

append_request request_for(std::uint64_t i) {
  append_request request;
  request.stream_id = "session-" + std::to_string(i % stream_count);
  request.expected_version = any_version;
  request.command_id = "cmd-" + std::to_string(i);
  request.actor = "bench";
  request.time_ms = static_cast<std::int64_t>(i);
  request.events.push_back(new_event{"answer_given", 1, payload_for(i)});
  return request;
}

double per_second(std::uint64_t count, clock_type::duration elapsed) {
  return static_cast<double>(count) / std::chrono::duration<double>(elapsed).count();
}

// The log with `batch_size` appends in flight: a new append is issued as soon as one completes.
void measure_open_log(event_log& log_ref, measurement& m, clock_type::duration run_for);

void measure_log(const std::string& path, measurement& m, clock_type::duration run_for) {
  sqlite_options options;
  options.max_batch_size = m.batch_size;
  auto log = sqlite_event_log::open(path, options);
  measure_open_log(*log, m, run_for);
}

void measure_open_log(event_log& log_ref, measurement& m, clock_type::duration run_for) {
  event_log* log = &log_ref;
  const auto window = static_cast<std::ptrdiff_t>(m.batch_size);
  std::counting_semaphore<1 << 20> slots(window);
  std::mutex errors_mutex;
  std::uint64_t errors = 0;
  std::uint64_t issued = 0;
  const auto start = clock_type::now();
  const auto deadline = start + run_for;
  while (clock_type::now() < deadline) {
    slots.acquire();
    log->append(request_for(issued++), [&](append_result result) {
      if (result.status != append_status::committed) {
        std::lock_guard lock(errors_mutex);
        ++errors;
      }
      slots.release();
    });
  }
  for (std::ptrdiff_t i = 0; i < window; ++i) slots.acquire();  // every append in flight has completed
  const auto elapsed = clock_type::now() - start;
  const batch_statistics statistics = log->statistics();
  m.log_events_per_s = per_second(statistics.events, elapsed);
  m.log_commits = statistics.commits;
  m.log_appends = statistics.appends;
  m.storage_errors = errors;
}

// The same rows (events and commands) inserted with prepared statements, `batch_size` per transaction.
double measure_raw(const std::string& path, std::size_t batch_size, clock_type::duration run_for) {
  auto connection = sqlite_connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  configure_writer(connection, std::chrono::milliseconds(5000));
  apply_migrations(connection);
  sqlite_statement insert_event(
      connection,
      "INSERT INTO events (stream_id, version, type, schema_version, payload, actor, "
      "command_id, time_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  sqlite_statement insert_command(
      connection,
      "INSERT INTO commands (command_id, stream_id, first_sequence, last_sequence, "
      "stream_version) VALUES (?1, ?2, ?3, ?4, ?5)");
  std::vector<std::int64_t> versions(stream_count, 0);
  std::uint64_t written = 0;
  const auto start = clock_type::now();
  const auto deadline = start + run_for;
  while (clock_type::now() < deadline) {
    sqlite_transaction transaction(connection);
    for (std::size_t k = 0; k < batch_size; ++k, ++written) {
      const append_request request = request_for(written);
      const std::int64_t version = ++versions[written % stream_count];
      {
        statement_scope scope(insert_event);
        insert_event.bind(1, request.stream_id);
        insert_event.bind(2, version);
        insert_event.bind(3, request.events[0].type);
        insert_event.bind(4, std::int64_t{1});
        insert_event.bind(5, request.events[0].payload);
        insert_event.bind(6, request.actor);
        insert_event.bind(7, request.command_id);
        insert_event.bind(8, request.time_ms);
        insert_event.run();
      }
      const auto sequence = static_cast<std::int64_t>(sqlite3_last_insert_rowid(connection.get()));
      statement_scope scope(insert_command);
      insert_command.bind(1, request.command_id);
      insert_command.bind(2, request.stream_id);
      insert_command.bind(3, sequence);
      insert_command.bind(4, sequence);
      insert_command.bind(5, version);
      insert_command.run();
    }
    transaction.commit();
  }
  return per_second(written, clock_type::now() - start);
}

// A database of its own for one PostgreSQL measurement, dropped at the end.
class scratch_database {
 public:
  scratch_database(const std::string& admin_uri, const std::string& name)
      : admin_(admin_uri), name_("scsa_bench_" + name) {
    pg_connection::open(admin_).exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    pg_connection::open(admin_).exec("CREATE DATABASE " + name_);
  }
  scratch_database(const scratch_database&) = delete;
  scratch_database& operator=(const scratch_database&) = delete;
  ~scratch_database() {
    try {
      pg_connection::open(admin_).exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
  std::string uri() const { return admin_.substr(0, admin_.rfind('/') + 1) + name_; }

 private:
  std::string admin_;
  std::string name_;
};

void measure_log_postgres(const std::string& uri, measurement& m, clock_type::duration run_for) {
  postgres_options options;
  options.max_batch_size = m.batch_size;
  auto log = postgres_event_log::open(uri, options);
  measure_open_log(*log, m, run_for);
}

// The same rows as the log writes (an event and a command per append), prepared statements, `batch_size`
// appends per transaction: what a team would write with libpq directly.
double measure_raw_postgres(const std::string& uri, std::size_t batch_size, clock_type::duration run_for) {
  { postgres_event_log::open(uri); }  // the same tables
  auto connection = pg_connection::open(uri);
  connection.prepare(
      "event",
      "INSERT INTO events (sequence, stream_id, version, type, schema_version, payload, actor, "
      "command_id, time_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
  connection.prepare(
      "command",
      "INSERT INTO commands (command_id, stream_id, first_sequence, last_sequence, stream_version)"
      " VALUES ($1, $2, $3, $4, $5)");
  std::vector<std::int64_t> versions(stream_count, 0);
  std::uint64_t written = 0;
  const auto start = clock_type::now();
  const auto deadline = start + run_for;
  while (clock_type::now() < deadline) {
    connection.exec("BEGIN");
    for (std::size_t k = 0; k < batch_size; ++k, ++written) {
      const append_request request = request_for(written);
      const std::int64_t version = ++versions[written % stream_count];
      const std::string sequence = std::to_string(written + 1);
      connection.run("event", {sequence, request.stream_id, std::to_string(version), request.events[0].type,
                               "1", request.events[0].payload, request.actor, request.command_id,
                               std::to_string(request.time_ms)});
      connection.run("command",
                     {request.command_id, request.stream_id, sequence, sequence, std::to_string(version)});
    }
    connection.exec("COMMIT");
  }
  return per_second(written, clock_type::now() - start);
}

void usage(const char* program) {
  std::cerr
      << "usage: " << program << " [--quick] [--seconds S] [--json FILE]\n"
      << "  --quick      shorter runs (about 8 s in all)\n"
      << "  --seconds S  seconds per measurement (default 2; 12 measurements)\n"
      << "  --json FILE  also write the results as JSON\n"
      << "  --postgres URI  also the PostgreSQL engine against raw libpq (creates and drops databases)\n";
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2.0;
  std::string json_path;
  std::string postgres_uri;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--quick") {
      seconds = 0.6;
    } else if (argument == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (argument == "--json" && i + 1 < argc) {
      json_path = argv[++i];
    } else if (argument == "--postgres" && i + 1 < argc) {
      postgres_uri = argv[++i];
    } else {
      usage(argv[0]);
      return argument == "--help" ? 0 : 2;
    }
  }
  if (seconds <= 0 || seconds > 5) {
    std::cerr << "--seconds must be in (0, 5]\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);  // no migration chatter between the rows
  const auto run_for =
      std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(seconds));

  try {
    temp_dir dir("scsa-bench-append");
    std::vector<measurement> results;
    std::printf("append rate, 1 event per append, WAL + synchronous=FULL, %.1f s per measurement\n", seconds);
    std::printf("%6s %13s %13s %6s | %14s %13s %6s\n", "batch", "events/s log", "events/s raw", "ratio",
                "appends/commit", "raw same size", "ratio");
    for (const std::size_t batch_size : {1, 8, 64, 512}) {
      measurement m;
      m.batch_size = batch_size;
      const std::string name = std::to_string(batch_size);
      measure_log(dir.file("log-" + name + ".db"), m, run_for);
      m.raw_events_per_s = measure_raw(dir.file("raw-" + name + ".db"), batch_size, run_for);
      const double per_commit =
          m.log_commits == 0 ? 1.0 : static_cast<double>(m.log_appends) / static_cast<double>(m.log_commits);
      m.same_commit_size = std::max<std::size_t>(1, static_cast<std::size_t>(per_commit + 0.5));
      m.raw_same_commit_events_per_s =
          measure_raw(dir.file("raw-same-" + name + ".db"), m.same_commit_size, run_for);
      std::printf("%6zu %13.0f %13.0f %6.2f | %14.1f %13.0f %6.2f\n", m.batch_size, m.log_events_per_s,
                  m.raw_events_per_s, m.log_events_per_s / m.raw_events_per_s, per_commit,
                  m.raw_same_commit_events_per_s, m.log_events_per_s / m.raw_same_commit_events_per_s);
      std::fflush(stdout);
      if (m.storage_errors != 0)
        std::fprintf(stderr, "warning: %llu appends failed\n",
                     static_cast<unsigned long long>(m.storage_errors));
      results.push_back(m);
    }
    std::vector<measurement> postgres;
    if (!postgres_uri.empty()) {
      std::printf("PostgreSQL (%s), 1 event per append\n", redacted_uri(postgres_uri).c_str());
      std::printf("%6s %13s %13s %6s | %14s\n", "batch", "events/s log", "events/s raw", "ratio",
                  "appends/commit");
      for (const std::size_t batch_size : {1, 8, 64, 512}) {
        measurement m;
        m.batch_size = batch_size;
        const std::string name = std::to_string(batch_size);
        {
          scratch_database db(postgres_uri, "log_" + name);
          measure_log_postgres(db.uri(), m, run_for);
        }
        {
          scratch_database db(postgres_uri, "raw_" + name);
          m.raw_events_per_s = measure_raw_postgres(db.uri(), batch_size, run_for);
        }
        const double per_commit =
            m.log_commits == 0 ? 1.0
                               : static_cast<double>(m.log_appends) / static_cast<double>(m.log_commits);
        std::printf("%6zu %13.0f %13.0f %6.2f | %14.1f\n", m.batch_size, m.log_events_per_s,
                    m.raw_events_per_s, m.log_events_per_s / m.raw_events_per_s, per_commit);
        std::fflush(stdout);
        postgres.push_back(m);
      }
    }
    if (!json_path.empty()) {
      nlohmann::json report = {
          {"benchmark", "append"}, {"seconds_per_measurement", seconds}, {"results", {}}, {"postgres", {}}};
      for (const measurement& m : postgres)
        report["postgres"].push_back({{"batch_size", m.batch_size},
                                      {"log_events_per_s", m.log_events_per_s},
                                      {"raw_events_per_s", m.raw_events_per_s},
                                      {"ratio", m.log_events_per_s / m.raw_events_per_s},
                                      {"log_commits", m.log_commits},
                                      {"log_appends", m.log_appends},
                                      {"failed_appends", m.storage_errors}});
      for (const measurement& m : results) {
        report["results"].push_back(
            {{"batch_size", m.batch_size},
             {"log_events_per_s", m.log_events_per_s},
             {"raw_events_per_s", m.raw_events_per_s},
             {"ratio", m.log_events_per_s / m.raw_events_per_s},
             {"log_commits", m.log_commits},
             {"raw_same_commit_size", m.same_commit_size},
             {"raw_same_commit_events_per_s", m.raw_same_commit_events_per_s},
             {"ratio_same_commit_size", m.log_events_per_s / m.raw_same_commit_events_per_s},
             {"log_appends", m.log_appends},
             {"failed_appends", m.storage_errors}});
      }
      std::ofstream(json_path) << report.dump(2) << '\n';
    }
  } catch (const std::exception& error) {
    std::cerr << "scsa-bench-append: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
