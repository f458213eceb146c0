// scsa-server's entry point: configuration, data files, the event log, the live hub, demo data, the review
// API, metrics and the network server, started in that order and stopped in reverse. Six subcommands do
// one job and exit: `import` (append an exported session), `operator-token` (make the operator's token),
// `forget` (erase a person's form submissions, mails and participant names), `backup` (copy the
// database while the server runs), `rebuild` (fold the whole log again into a new history snapshot) and
// `migrate` (copy a SQLite installation to PostgreSQL).
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string_view>
#include <vector>

#include "events/pg_handle.hpp"
#include "events/postgres_event_log.hpp"
#include "events/sqlite_event_log.hpp"
#include "server/desk/desk_api.hpp"
#include "server/forms/form_store.hpp"
#include "server/forms/forms_api.hpp"
#include "server/forms/mail_outbox.hpp"
#include "server/forms/smtp_transport.hpp"
#include "server/history/history_keeper.hpp"
#include "server/history/history_loader.hpp"
#include "server/limits/open_write_limits.hpp"
#include "server/live/demo_data.hpp"
#include "server/live/demo_seeder.hpp"
#include "server/live/live_hub.hpp"
#include "server/live/personal_store.hpp"
#include "server/live/typed_texts.hpp"
#include "server/net/network_server.hpp"
#include "server/ops/config_check.hpp"
#include "server/ops/data_files.hpp"
#include "server/ops/database_backup.hpp"
#include "server/ops/log_format.hpp"
#include "server/ops/metrics.hpp"
#include "server/ops/metrics_api.hpp"
#include "server/ops/operator_token.hpp"
#include "server/ops/postgres_migration.hpp"
#include "server/ops/server_config.hpp"
#include "server/public_api.hpp"
#include "server/report/reassessment_api.hpp"
#include "server/report/report_api.hpp"
#include "server/report/sample_report.hpp"
#include "server/review/replay_api.hpp"
#include "server/review/replay_cache.hpp"
#include "server/review/review_tokens.hpp"
#include "server/review/session_import.hpp"
#include "server/tokens.hpp"
#include "server/version.hpp"
#include "server/wall_clock.hpp"

namespace {

using namespace scsa;

// The event log `db` names: a PostgreSQL URI or a SQLite file; `on_commit` (may be empty) is told of every
// commit. Throws events::storage_failure.
std::unique_ptr<events::event_log> open_event_log(const std::string& db,
                                                  events::commit_observer on_commit = {}) {
  if (events::is_postgres_uri(db))
    return events::postgres_event_log::open(db, {.on_commit = std::move(on_commit)});
  if (auto parent = std::filesystem::path(db).parent_path(); !parent.empty())
    std::filesystem::create_directories(parent);
  events::sqlite_options options;
  options.on_commit = std::move(on_commit);
  return events::sqlite_event_log::open(db, std::move(options));
}

// A demo server shows where to start: a fresh read-only review link for each demo workshop (only hashes of
// facilitator tokens are stored, so demo workshops can be opened by reviewers, not facilitated).
void print_demo_review_links(const server::live_hub& hub, server::review_tokens& reviews,
                             const std::string& host, std::uint16_t port) {
  const auto now = server::wall_clock_ms();
  int shown = 0;
  for (const auto& session : hub.sessions()) {
    if (session.mode != domain::session_mode::workshop || shown == 5) continue;
    std::string token = server::make_token();
    reviews.add(server::hash_token(token), session.session_id, now);
    std::printf("  replay demo workshop \"%s\": http://%s:%u/replay/%s#token=%s\n", session.title.c_str(),
                host.c_str(), port, session.session_id.c_str(), token.c_str());
    ++shown;
  }
}

int serve(const server::server_config& config) {
  auto catalogue = server::load_catalogue(config.data_dir);
  auto municipalities = server::load_municipalities(config.data_dir);
  auto operator_tokens = config.operator_token_file.empty()
                             ? std::vector<server::operator_token_entry>{}
                             : server::read_operator_tokens(config.operator_token_file);

  // The tables beside the log live in its database: the same SQLite file, or the PostgreSQL database.
  const std::string side_db = config.db_path;
  auto log = open_event_log(config.db_path,
                            [](std::size_t appends, std::size_t events, std::chrono::nanoseconds took) {
                              server::metrics().committed(appends, events, took);
                            });
  if (events::is_postgres_uri(config.db_path))
    spdlog::info("event log and the tables beside it on PostgreSQL {}", events::redacted_uri(config.db_path));
  server::personal_store names(side_db);
  server::review_tokens reviews(side_db);

  // One set of throttles for every write without an account, whichever room receives it.
  server::open_write_limits open_writes(config.limits);
  const server::operator_gate operators(std::move(operator_tokens), &open_writes);
  server::hub_options hub_settings;
  hub_settings.limits = &open_writes;
  hub_settings.dormant_after = std::chrono::seconds(static_cast<long>(config.dormant_after_s));
  hub_settings.memory_budget_bytes = config.memory_budget_mb * 1024 * 1024;
  hub_settings.min_respondents = static_cast<int>(config.min_respondents);
  hub_settings.may_review = [&reviews](const std::string& session_id, const std::string& token) {
    auto reviewed = reviews.session_of(server::hash_token(token));
    return reviewed && server::equal_in_constant_time(*reviewed, session_id);
  };
  hub_settings.update_interval = std::chrono::milliseconds(static_cast<long>(config.update_interval_ms));
  hub_settings.participant_update_interval =
      std::chrono::milliseconds(static_cast<long>(config.participant_update_interval_ms));
  server::live_hub hub(*log, names, hub_settings);
  const auto snapshot_every = static_cast<std::int64_t>(config.snapshot_every_events);
  auto loaded = hub.load(true, snapshot_every > 0 ? snapshot_every : INT64_MAX);
  // A long fold at this start need not be repeated at the next: the keeper writes what was just read.
  auto unsaved = std::move(loaded.unsaved);
  const auto snapshot_sequence = loaded.snapshot_sequence;
  loaded = {};
  hub.follow_other_nodes();  // on PostgreSQL: what other nodes commit from now on (a no-op on SQLite)
  malloc_trim(0);  // the snapshot's JSON and the read pages are freed: give them back (glibc keeps them)
  if (config.demo && log->last_sequence() == 0) {
    auto created = server::seed_demo(hub, server::make_demo_plan(), server::wall_clock_ms());
    spdlog::info("demo data: {} sessions, {} events", created, log->last_sequence());
  }
  server::history_keeper history(
      *log, [&hub] { hub.sweep_memory(); }, {.every_events = snapshot_every}, snapshot_sequence);

  server::form_store forms_store(side_db);
  std::unique_ptr<server::smtp_transport> smtp;
  if (!config.smtp_host.empty())
    smtp = std::make_unique<server::smtp_transport>(server::smtp_settings{
        config.smtp_host, config.smtp_port, config.smtp_user, config.smtp_password, config.smtp_starttls});
  server::mail_outbox_options outbox_options;
  outbox_options.retention = std::chrono::hours(24) * static_cast<long>(config.request_retention_days);
  outbox_options.first_retry = std::chrono::seconds(static_cast<long>(config.mail_first_retry_s));
  outbox_options.max_retry = std::max(outbox_options.max_retry, outbox_options.first_retry);
  server::mail_outbox outbox(
      forms_store, smtp.get(),
      server::mail_settings{config.mail_from, "Smart City Self Assessment", config.public_url,
                            config.mail_reply_to},
      outbox_options, [&catalogue, &municipalities](domain::language lang) -> std::optional<std::string> {
        return server::report::render_sample_report_pdf(catalogue, municipalities, lang);
      });
  server::forms_api forms(forms_store, [&outbox] { outbox.wake(); }, {.limits = &open_writes});
  server::desk_api desk(forms_store, outbox, operators, hub, municipalities,
                        {.retention_days = config.request_retention_days,
                         .min_respondents = static_cast<int>(config.min_respondents),
                         .smtp_host = config.smtp_host,
                         .smtp_port = config.smtp_port});

  server::replay_cache replays(*log);
  server::replay_api_options review_options;
  review_options.catalogue = &catalogue;
  review_options.municipalities = &municipalities;
  server::replay_api review(*log, hub, replays, reviews, operators, review_options);
  server::report::report_api reports(catalogue, municipalities, hub, review,
                                     {static_cast<int>(config.min_respondents)});
  server::report::reassessment_api reassessment(
      catalogue, municipalities, hub, review, operators,
      {.min_respondents = static_cast<int>(config.min_respondents)});
  server::public_api api(
      catalogue, municipalities, hub,
      {.min_respondents = static_cast<int>(config.min_respondents), .limits = &open_writes}, &review, &forms,
      &reports, &desk, &reassessment);
  server::metrics_api routes(api, operators);
  // Gauges read when scraped (the mail outbox counts its size itself, on its worker thread).
  server::metrics().set_gauge("scsa_sessions", "sessions in the event log", [&hub] {
    return static_cast<double>(hub.sessions_in_memory() + hub.dormant_sessions());
  });
  server::metrics().set_gauge(
      "scsa_sessions_dormant",
      "sessions out of memory (quiet or beyond the memory budget) until someone finds them",
      [&hub] { return static_cast<double>(hub.dormant_sessions()); });
  server::metrics().set_gauge("scsa_last_sequence", "sequence number of the newest event",
                              [&hub] { return static_cast<double>(hub.last_sequence()); });
  server::metrics().set_gauge("scsa_log_writer_stopped",
                              "1 when the log writer stopped after an I/O error (restart needed), else 0",
                              [&hub] { return hub.log_failure().empty() ? 0.0 : 1.0; });
  server::network_server network(config, routes, hub);
  network.handle_signals();
  // Between "stop accepting" and "close sockets": every queued append commits and is acknowledged.
  network.set_drain_hook([&log] { log->close(); });
  hub.start();
  outbox.start();
  history.start(std::move(unsaved));

  std::printf("scsa-server listening on http://%s:%u/\n", config.bind.c_str(), network.port());
  if (config.demo) print_demo_review_links(hub, reviews, config.bind, network.port());
  std::fflush(stdout);
  network.run();
  history.stop();  // a last snapshot, so the next start folds almost nothing
  reports.stop();
  reassessment.stop();
  server::metrics().remove_gauge("scsa_sessions");
  server::metrics().remove_gauge("scsa_last_sequence");
  server::metrics().remove_gauge("scsa_log_writer_stopped");
  forms.stop();
  desk.stop();
  outbox.stop();  // a send in progress gives up; its mail stays queued for the next start
  review.stop();
  hub.stop();
  spdlog::info("stopped");
  return 0;
}

constexpr std::string_view import_usage =
    "Usage: scsa-server import [--db PATH] FILE.ndjson\n"
    "Appends a session exported as NDJSON (GET /api/sessions/{id}/export/events.ndjson) to the event log,\n"
    "with the roadmap's texts beside it\n"
    "(default: $SCSA_DB or data/scsa.db) and prints its new facilitator token. Stop the server first.\n";

// scsa-server import [--db PATH] FILE
int import_command(int argc, char** argv) {
  const char* from_environment = std::getenv("SCSA_DB");  // NOLINT(concurrency-mt-unsafe): one thread yet
  std::string db =
      from_environment != nullptr && *from_environment != '\0' ? from_environment : "data/scsa.db";
  std::string file;
  for (int i = 2; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--help" || argument == "-h") {
      std::fputs(import_usage.data(), stdout);
      return 0;
    }
    if (argument == "--db" && i + 1 < argc) {
      db = argv[++i];
    } else if (argument.starts_with("--db=")) {
      db = std::string(argument.substr(5));
    } else if (!argument.starts_with("-") && file.empty()) {
      file = std::string(argument);
    } else {
      std::fprintf(stderr, "scsa-server import: unexpected '%s'\n%s", argv[i], import_usage.data());
      return 2;
    }
  }
  if (file.empty() || db.empty()) {
    std::fputs(import_usage.data(), stderr);
    return 2;
  }
  std::ifstream input(file, std::ios::binary);
  if (!input) {
    std::fprintf(stderr, "scsa-server import: cannot read %s\n", file.c_str());
    return 1;
  }
  std::stringstream text;
  text << input.rdbuf();
  try {
    auto parent = std::filesystem::path(db).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    auto log = events::sqlite_event_log::open(db);
    auto outcome = server::import_session(*log, text.str());
    log->close();
    if (auto* problem = std::get_if<std::string>(&outcome)) {
      std::fprintf(stderr, "scsa-server import: %s: %s\n", file.c_str(), problem->c_str());
      return 1;
    }
    const auto& imported = std::get<server::imported_session>(outcome);
    if (!imported.texts.empty()) {
      server::typed_texts texts(db);
      for (const auto& [text_id, typed] : imported.texts) texts.save(imported.session_id, text_id, "", typed);
    }
    std::printf(
        "imported session %s (%lld events) into %s\nfacilitator token (shown once): %s\njoin code: %s\n",
        imported.session_id.c_str(), static_cast<long long>(imported.events), db.c_str(),
        imported.facilitator_token.c_str(), imported.join_code.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-server import: %s\n", e.what());
    return 1;
  }
}

constexpr std::string_view backup_usage =
    "Usage: scsa-server backup --to FILE [--config FILE] [--db PATH]\n"
    "Copies the database (from --db, SCSA_DB or the configuration file, as the server finds it) to FILE\n"
    "while the server keeps running, checks the copy with PRAGMA integrity_check and prints what it holds.\n"
    "Restore: stop the server, put the copy in place of the database (remove its -wal and -shm files), "
    "start.\n";

// scsa-server backup --to FILE [server options that name the database]
int backup_command(int argc, char** argv) {
  std::string to;
  std::vector<const char*> rest = {argv[0]};
  for (int i = 2; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--help" || argument == "-h") {
      std::fputs(backup_usage.data(), stdout);
      return 0;
    }
    if (argument == "--to" && i + 1 < argc) {
      to = argv[++i];
    } else if (argument.starts_with("--to=")) {
      to = std::string(argument.substr(5));
    } else {
      rest.push_back(argv[i]);
    }
  }
  auto parsed = server::parse_config(static_cast<int>(rest.size()), rest.data(), server::process_environment);
  if (!parsed.ok() || to.empty()) {
    std::fprintf(stderr, "scsa-server backup: %s\n%s",
                 parsed.ok() ? "--to FILE is missing" : parsed.error.c_str(), backup_usage.data());
    return 2;
  }
  if (events::is_postgres_uri(parsed.config.db_path)) {
    std::fprintf(stderr,
                 "scsa-server backup: the log is on PostgreSQL; back it up with pg_dump or a base backup "
                 "(docs/operations.md): the tables beside the log are in the same database\n");
    return 2;
  }
  try {
    const auto report = server::backup_database(parsed.config.db_path, to);
    std::printf("backed up %s to %s: %lld events, last sequence %lld, %lld bytes, integrity ok\n",
                parsed.config.db_path.c_str(), to.c_str(), static_cast<long long>(report.events),
                static_cast<long long>(report.last_sequence), static_cast<long long>(report.bytes));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-server backup: %s\n", e.what());
    return 1;
  }
}

constexpr std::string_view migrate_usage =
    "Usage: scsa-server migrate --from FILE --to postgresql://user@host:port/dbname\n"
    "Copies a SQLite installation to PostgreSQL: the event log (with its sequences) and the tables beside "
    "it\n"
    "(names, typed texts, review links, requests, mail) into the empty database named by --to, in one\n"
    "transaction; verifies the counts and a SHA-256 of the log. Stop the server first; then start it with\n"
    "--db URI. The password comes from PGPASSWORD or ~/.pgpass, never a flag.\n";

// scsa-server migrate --from FILE --to URI
int migrate_command(int argc, char** argv) {
  std::string from, to;
  for (int i = 2; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--help" || argument == "-h") {
      std::fputs(migrate_usage.data(), stdout);
      return 0;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "scsa-server migrate: %s needs a value\n%s", argv[i], migrate_usage.data());
      return 2;
    }
    if (argument == "--from") {
      from = argv[++i];
    } else if (argument == "--to") {
      to = argv[++i];
    } else {
      std::fprintf(stderr, "scsa-server migrate: unknown option %s\n%s", argv[i], migrate_usage.data());
      return 2;
    }
  }
  if (from.empty() || !events::is_postgres_uri(to)) {
    std::fprintf(stderr, "scsa-server migrate: --from FILE and --to postgresql://... are needed\n%s",
                 migrate_usage.data());
    return 2;
  }
  try {
    const auto report = server::migrate_to_postgres(from, to);
    std::printf(
        "migrated %s to %s: %lld events (last sequence %lld), %lld commands, %lld snapshots, %lld rows "
        "beside the log; SHA-256 of the log on both sides %s\n",
        from.c_str(), events::redacted_uri(to).c_str(), static_cast<long long>(report.events),
        static_cast<long long>(report.last_sequence), static_cast<long long>(report.commands),
        static_cast<long long>(report.snapshots), static_cast<long long>(report.side_rows),
        report.digest.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-server migrate: %s\n", e.what());
    return 1;
  }
}

constexpr std::string_view rebuild_usage =
    "Usage: scsa-server rebuild [--db PATH|URI]\n"
    "Folds the whole event log again, ignoring the history snapshot, and writes a new snapshot from it\n"
    "(the next start reads that). Safe while a server runs on the same log.\n";

// scsa-server rebuild [options]
int rebuild_command(int argc, char** argv) {
  std::vector<const char*> rest = {argv[0]};
  for (int i = 2; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") {
      std::fputs(rebuild_usage.data(), stdout);
      return 0;
    }
    rest.push_back(argv[i]);
  }
  auto parsed = server::parse_config(static_cast<int>(rest.size()), rest.data(), server::process_environment);
  if (!parsed.ok()) {
    std::fprintf(stderr, "scsa-server rebuild: %s\n%s", parsed.error.c_str(), rebuild_usage.data());
    return 2;
  }
  try {
    auto log = open_event_log(parsed.config.db_path);
    const auto started = std::chrono::steady_clock::now();
    auto loaded = server::load_history(*log, false);
    server::write_history_snapshot(*log, loaded.projections, server::wall_clock_ms());
    std::printf("rebuilt from %lld events: %zu sessions, snapshot at sequence %lld, %lld ms\n",
                static_cast<long long>(loaded.folded_events), loaded.projections.directory.size(),
                static_cast<long long>(loaded.projections.through_sequence),
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::steady_clock::now() - started)
                                           .count()));
    log->close();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-server rebuild: %s\n", e.what());
    return 1;
  }
}

constexpr std::string_view operator_token_usage =
    "Usage: scsa-server operator-token FILE [--label NAME] [--add]\n"
    "Makes a new operator token, writes its SHA-256 and the label (default: operator) to FILE (mode 0600)\n"
    "for --operator-token-file and prints the token once. The desk records the label with every change.\n"
    "Without --add the file is replaced (the old tokens stop working at the next start); with --add the\n"
    "line is added, one per person.\n";

// scsa-server operator-token FILE [--label NAME] [--add]
int operator_token_command(int argc, char** argv) {
  std::string file, label = "operator";
  bool add = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--help" || argument == "-h") {
      std::fputs(operator_token_usage.data(), stdout);
      return 0;
    }
    if (argument == "--label" && i + 1 < argc) {
      label = argv[++i];
    } else if (argument == "--add") {
      add = true;
    } else if (!argument.starts_with("-") && file.empty()) {
      file = std::string(argument);
    } else {
      std::fprintf(stderr, "scsa-server operator-token: unexpected '%s'\n%s", argv[i],
                   operator_token_usage.data());
      return 2;
    }
  }
  if (file.empty()) {
    std::fputs(operator_token_usage.data(), stderr);
    return 2;
  }
  try {
    std::printf("%s\n", server::write_new_operator_token(file, label, add).c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-server operator-token: %s\n", e.what());
    return 1;
  }
}

constexpr std::string_view forget_usage =
    "Usage: scsa-server forget [--db PATH|URI] --email ADDRESS [--name NAME]\n"
    "Erases every form submission of ADDRESS and its queued or sent mails, and with --name every "
    "participant\n"
    "name equal to NAME (participant names carry no e-mail address). The event log holds no personal data "
    "and\n"
    "is not touched. Safe while the server runs, but a running server keeps showing the names and roadmap\n"
    "texts it holds in memory until it restarts: restart it afterwards.\n";

// scsa-server forget [--db PATH] --email X [--name N]
int forget_command(int argc, char** argv) {
  const char* from_environment = std::getenv("SCSA_DB");  // NOLINT(concurrency-mt-unsafe): one thread yet
  std::string db =
      from_environment != nullptr && *from_environment != '\0' ? from_environment : "data/scsa.db";
  std::string email;
  std::string name;
  for (int i = 2; i < argc; ++i) {
    const std::string_view argument = argv[i];
    auto value = [&](std::string_view flag, std::string& target) {
      if (argument == flag && i + 1 < argc) {
        target = argv[++i];
        return true;
      }
      if (argument.starts_with(std::string(flag) + "=")) {
        target = std::string(argument.substr(flag.size() + 1));
        return true;
      }
      return false;
    };
    if (argument == "--help" || argument == "-h") {
      std::fputs(forget_usage.data(), stdout);
      return 0;
    }
    if (!value("--db", db) && !value("--email", email) && !value("--name", name)) {
      std::fprintf(stderr, "scsa-server forget: unexpected '%s'\n%s", argv[i], forget_usage.data());
      return 2;
    }
  }
  if (email.empty() || db.empty()) {
    std::fputs(forget_usage.data(), stderr);
    return 2;
  }
  if (!events::is_postgres_uri(db) && !std::filesystem::exists(db)) {
    std::fprintf(stderr, "scsa-server forget: no database at %s\n", db.c_str());
    return 1;
  }
  try {
    server::form_store forms(db);
    const auto submissions = forms.forget_email(email);
    std::size_t names = 0;
    if (!name.empty()) {
      server::personal_store people(db);
      names = people.forget_name(name);
    }
    std::printf(
        "erased %zu form submissions (with their mails) and %zu participant names (with what they typed) "
        "from %s\n",
        submissions, names, events::redacted_uri(db).c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-server forget: %s\n", e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string_view(argv[1]) == "import") return import_command(argc, argv);
  if (argc >= 2 && std::string_view(argv[1]) == "operator-token") return operator_token_command(argc, argv);
  if (argc >= 2 && std::string_view(argv[1]) == "forget") return forget_command(argc, argv);
  if (argc >= 2 && std::string_view(argv[1]) == "backup") return backup_command(argc, argv);
  if (argc >= 2 && std::string_view(argv[1]) == "rebuild") return rebuild_command(argc, argv);
  if (argc >= 2 && std::string_view(argv[1]) == "migrate") return migrate_command(argc, argv);
  auto parsed = server::parse_config(argc, argv, server::process_environment);
  if (!parsed.ok()) {
    std::fprintf(stderr, "scsa-server: %s (see --help)\n", parsed.error.c_str());
    return 2;
  }
  if (parsed.help) {
    std::fputs(server::usage_text().c_str(), stdout);
    return 0;
  }
  if (parsed.version) {
    std::printf("scsa-server %s\n", server::version);
    return 0;
  }
  if (parsed.config.check_config) {
    const auto problems = server::check_config(parsed.config);
    for (const auto& problem : problems) std::fprintf(stderr, "scsa-server: %s\n", problem.c_str());
    if (problems.empty()) {
      std::printf("scsa-server: configuration OK (%s)\n", parsed.config.config_file.empty()
                                                              ? "no configuration file"
                                                              : parsed.config.config_file.c_str());
    }
    return problems.empty() ? 0 : 1;
  }
  server::configure_logging(parsed.config.log_level, parsed.config.log_format);
  server::init_mail_library();
  try {
    return serve(parsed.config);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    std::fprintf(stderr, "scsa-server: %s\n", e.what());
    return 1;
  }
}
