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
#include "server/forms/form_store.hpp"
#include "server/live/personal_store.hpp"
#include "server/review/review_tokens.hpp"

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
      if (rows.column_is_null(c))
        params.push_back(std::nullopt);
      else
        params.push_back(rows.column_text(c));
      values += (c ? ",$" : "$") + std::to_string(params.size());
    }
    values += ")";
    if (++copied % 1000 == 0) flush();
  }
  flush();
  return copied;
}

// The tables beside the log, parents before the rows that refer to them, with the columns both engines
// have (PostgreSQL's request_history numbers its lines itself: they are copied in SQLite's rowid order).
struct side_table {
  const char* name;
  const char* columns;
  int count;
  const char* order;
};
constexpr side_table side_tables[] = {
    {"participant_names", "session_id, participant_id, name", 3, ""},
    {"typed_texts", "session_id, text_id, author, text", 4, ""},
    {"review_tokens", "token_hash, session_id, created_ms", 3, ""},
    {"form_submissions", "id, kind, language, name, email, organisation, message, created_ms, handled_ms", 9,
     ""},
    {"mail_outbox", "submission_id, attempts, next_attempt_ms, sent_ms, last_error", 5, ""},
    {"request_history", "submission_id, at_ms, by_label, action, text", 5, " ORDER BY rowid"},
    {"desk_audit", "at_ms, by_label, action, submission_id", 4, " ORDER BY rowid"},
};

bool has_table(events::sqlite_connection& db, const std::string& name) {
  events::sqlite_statement found(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  found.bind(1, name);
  return found.step();
}

}  // namespace

migration_report migrate_to_postgres(const std::string& sqlite_path, const std::string& postgres_uri) {
  if (!std::filesystem::exists(sqlite_path)) throw std::runtime_error(sqlite_path + ": no such database");
  auto source = events::sqlite_event_log::open(sqlite_path);
  {
    auto target = events::postgres_event_log::open(postgres_uri);  // creates the tables
    if (target->last_sequence() != 0 || !target->read_all_after(0, 1).empty())
      throw std::runtime_error("the PostgreSQL database already holds a log: migrate only into an empty one");
    target->close();
    // The tables beside the log, as the server creates them; they must be empty too.
    personal_store{postgres_uri};
    review_tokens{postgres_uri};
    form_store{postgres_uri};
    auto check = events::pg_connection::open(postgres_uri);
    for (const auto& table : side_tables)
      if (check.exec(std::string("SELECT count(*) FROM ") + table.name).integer(0, 0) != 0)
        throw std::runtime_error(std::string("the PostgreSQL database already holds rows in ") + table.name +
                                 ": migrate only into an empty one");
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
    for (const auto& table : side_tables)
      if (has_table(reader, table.name))
        report.side_rows +=
            copy_rows(reader, std::string("SELECT ") + table.columns + " FROM " + table.name + table.order,
                      writer, table.name, table.columns, table.count);
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
  std::int64_t target_side_rows = 0;
  for (const auto& table : side_tables)
    target_side_rows += writer.exec(std::string("SELECT count(*) FROM ") + table.name).integer(0, 0);
  if (source_count != report.events || target_count != report.events || target_digest != report.digest ||
      target_commands != report.commands || target_side_rows != report.side_rows ||
      target->last_sequence() != report.last_sequence)
    throw std::runtime_error("the copy does not match the source (events " + std::to_string(source_count) +
                             " and " + std::to_string(target_count) + ", digests " + report.digest + " and " +
                             target_digest + "): empty the PostgreSQL database and try again");
  target->close();
  source->close();

  return report;
}

}  // namespace scsa::server
