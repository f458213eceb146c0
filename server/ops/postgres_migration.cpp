// Copying a SQLite installation to PostgreSQL (see postgres_migration.hpp).
#include "server/ops/postgres_migration.hpp"

#include <openssl/evp.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "events/pg_handle.hpp"
#include "events/postgres_event_log.hpp"
#include "events/sqlite_event_log.hpp"
#include "events/sqlite_handle.hpp"

namespace scsa::server {

namespace {

// SHA-256 over every event of a log in sequence order, each field length-prefixed (so no two logs with
// different fields give the same bytes), read through the log's own engine.
std::string log_digest(const events::event_log& log, std::int64_t& count) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 is not available");
  auto add = [&](const std::string& field) {
    const std::string framed = std::to_string(field.size()) + ":" + field;
    EVP_DigestUpdate(context.get(), framed.data(), framed.size());
  };
  std::vector<events::recorded_event> page;
  std::int64_t after = 0;
  count = 0;
  for (;;) {
    log.read_all_after(after, 4096, page);
    for (const auto& e : page) {
      for (const auto& field :
           {std::to_string(e.sequence), e.stream_id, std::to_string(e.version), e.type,
            std::to_string(e.schema_version), e.payload, e.actor, e.command_id, std::to_string(e.time_ms)})
        add(field);
      after = e.sequence;
      ++count;
    }
    if (page.size() < 4096) break;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  static constexpr char hex[] = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 0xf];
  }
  return text;
}

// Rows of a SQLite query copied into a PostgreSQL table, `columns` per row, in multi-row INSERTs of at
// most 1,000 rows (PostgreSQL takes at most 65,535 parameters per statement).
std::int64_t copy_rows(events::sqlite_connection& from, const std::string& select, events::pg_connection& to,
                       const std::string& table, const std::string& column_names, int columns) {
  events::sqlite_statement rows(from, select);
  std::int64_t copied = 0;
  events::pg_params params;
  std::string values;
  auto flush = [&] {
    if (params.empty()) return;
    to.exec("INSERT INTO " + table + " (" + column_names + ") VALUES " + values, params);
    params.clear();
    values.clear();
  };
  while (rows.step()) {
    values += values.empty() ? "(" : ",(";
    for (int c = 0; c < columns; ++c) {
      params.push_back(rows.column_text(c));
      values += (c ? ",$" : "$") + std::to_string(params.size());
    }
    values += ")";
    if (++copied % 1000 == 0) flush();
  }
  flush();
  return copied;
}

}  // namespace

migration_report migrate_to_postgres(const std::string& sqlite_path, const std::string& postgres_uri,
                                     const std::string& side_path) {
  if (!std::filesystem::exists(sqlite_path)) throw std::runtime_error(sqlite_path + ": no such database");
  if (std::filesystem::exists(side_path))
    throw std::runtime_error(side_path + " exists: name a new file for the side tables (--side-db)");
  auto source = events::sqlite_event_log::open(sqlite_path);
  {
    auto target = events::postgres_event_log::open(postgres_uri);  // creates the tables
    if (target->last_sequence() != 0 || !target->read_all_after(0, 1).empty())
      throw std::runtime_error("the PostgreSQL database already holds a log: migrate only into an empty one");
    target->close();
  }

  migration_report report;
  auto reader = events::sqlite_connection::open(sqlite_path, SQLITE_OPEN_READONLY);
  auto writer = events::pg_connection::open(postgres_uri);
  writer.exec("BEGIN");
  try {
    writer.exec("SELECT last_sequence FROM log_head WHERE id FOR UPDATE");
    report.events =
        copy_rows(reader,
                  "SELECT sequence, stream_id, version, type, schema_version, payload, actor, "
                  "command_id, time_ms FROM events ORDER BY sequence",
                  writer, "events",
                  "sequence, stream_id, version, type, schema_version, payload, actor, command_id, "
                  "time_ms",
                  9);
    report.commands = copy_rows(reader,
                                "SELECT command_id, stream_id, first_sequence, last_sequence, stream_version "
                                "FROM commands",
                                writer, "commands",
                                "command_id, stream_id, first_sequence, last_sequence, stream_version", 5);
    report.snapshots = copy_rows(reader,
                                 "SELECT name, covers_sequence, schema_version, digest, payload, written_ms "
                                 "FROM snapshots",
                                 writer, "snapshots",
                                 "name, covers_sequence, schema_version, digest, payload, written_ms", 6);
    report.last_sequence = source->last_sequence();
    writer.exec("UPDATE log_head SET last_sequence = " + std::to_string(report.last_sequence) + " WHERE id");
    writer.exec("COMMIT");
  } catch (...) {
    if (writer.healthy()) writer.exec("ROLLBACK");
    throw;
  }

  // Verified through each engine's own reads.
  auto target = events::postgres_event_log::open(postgres_uri);
  std::int64_t source_count = 0, target_count = 0;
  report.digest = log_digest(*source, source_count);
  const auto target_digest = log_digest(*target, target_count);
  const auto target_commands = writer.exec("SELECT count(*) FROM commands").integer(0, 0);
  if (source_count != report.events || target_count != report.events || target_digest != report.digest ||
      target_commands != report.commands || target->last_sequence() != report.last_sequence)
    throw std::runtime_error("the copy does not match the source (events " + std::to_string(source_count) +
                             " and " + std::to_string(target_count) + ", digests " + report.digest + " and " +
                             target_digest + "): empty the PostgreSQL database and try again");
  target->close();
  source->close();

  // The side tables: a copy of the file without the log's tables.
  reader.exec("VACUUM INTO '" + [&] {
    std::string quoted;
    for (char c : side_path) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted;
  }() + "'");
  auto side = events::sqlite_connection::open(side_path, SQLITE_OPEN_READWRITE);
  side.exec(
      "DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS commands; DROP TABLE IF EXISTS snapshots; "
      "PRAGMA user_version = 0; VACUUM");
  return report;
}

}  // namespace scsa::server
