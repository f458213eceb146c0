// `scsa-server migrate`: moves an installation from SQLite to PostgreSQL. The log (events with their
// sequences, commands, snapshots) and the tables beside it (names, typed texts, review links, requests,
// mail) go into an empty PostgreSQL database in one transaction. Verified before it answers: the same
// number of events, commands and side rows on both sides and the same SHA-256 over every event's envelope
// and payload, each side read through its own engine.
#pragma once

#include <cstdint>
#include <string>

namespace scsa::server {

struct migration_report {
  std::int64_t events = 0;
  std::int64_t commands = 0;
  std::int64_t snapshots = 0;
  std::int64_t last_sequence = 0;
  std::int64_t side_rows = 0;  // rows of the tables beside the log
  std::string digest;          // SHA-256 (hex) of the log, the same on both sides
};

// Throws std::runtime_error (the source missing, the target not empty, or the copy not matching) and
// events::storage_failure; a copy that fails while writing leaves the PostgreSQL database empty (one
// transaction). Stop the server first: appends made meanwhile would not be copied.
migration_report migrate_to_postgres(const std::string& sqlite_path, const std::string& postgres_uri);

}  // namespace scsa::server
