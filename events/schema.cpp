// The log's tables and their migrations by PRAGMA user_version; see the header.
#include "events/schema.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <string>

namespace scsa::events {

namespace {

// Never edit a step once released: add a new one.
constexpr std::array<migration, 3> all_migrations{{
    {1, "events and commands tables",
     R"sql(
CREATE TABLE events (
  sequence       INTEGER PRIMARY KEY,  -- global position, gap-free in commit order
  stream_id      TEXT    NOT NULL,
  version        INTEGER NOT NULL,     -- 1-based position within the stream
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  payload        TEXT    NOT NULL,     -- JSON text
  actor          TEXT    NOT NULL,
  command_id     TEXT    NOT NULL,
  time_ms        INTEGER NOT NULL,     -- caller's time, ms since the Unix epoch
  UNIQUE (stream_id, version)
);
CREATE TABLE commands (
  command_id     TEXT    PRIMARY KEY,  -- idempotency key of one append
  stream_id      TEXT    NOT NULL,
  first_sequence INTEGER NOT NULL,
  last_sequence  INTEGER NOT NULL,
  stream_version INTEGER NOT NULL      -- version of the append's last event
) WITHOUT ROWID;
)sql"},
    {2, "snapshots of projections",
     R"sql(
CREATE TABLE snapshots (
  name            TEXT    PRIMARY KEY,  -- what the payload is a snapshot of
  covers_sequence INTEGER NOT NULL,     -- every event up to this sequence is in it
  schema_version  INTEGER NOT NULL,     -- of the payload's layout
  digest          TEXT    NOT NULL,     -- of the payload (events/event_log.hpp)
  payload         TEXT    NOT NULL,
  written_ms      INTEGER NOT NULL
);
)sql"},
    {3, "how far the commands table is complete",
     R"sql(
CREATE TABLE commands_indexed (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  through_sequence INTEGER NOT NULL  -- the commands of every event up to here are in commands
);
INSERT INTO commands_indexed (id, through_sequence) SELECT 1, coalesce(max(sequence), 0) FROM events;
)sql"},
}};

}  // namespace

std::span<const migration> migrations() noexcept {
  return all_migrations;
}

std::int64_t latest_schema_version() noexcept {
  return all_migrations.back().version;
}

std::int64_t apply_migrations(sqlite_connection& connection) {
  sqlite_transaction transaction(connection);
  const std::int64_t found = connection.query_int("PRAGMA user_version");
  if (found > latest_schema_version()) {
    throw storage_failure("database schema version " + std::to_string(found) +
                          " is newer than this program's " + std::to_string(latest_schema_version()));
  }
  for (const migration& step : all_migrations) {
    if (step.version <= found) continue;
    spdlog::info("event log: migrating schema to version {} ({})", step.version, step.description);
    connection.exec(std::string(step.sql));
    connection.exec("PRAGMA user_version=" + std::to_string(step.version));
  }
  transaction.commit();
  return latest_schema_version();
}

}  // namespace scsa::events
