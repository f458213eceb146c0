// `scsa-server backup`: a consistent copy of the live database, taken with SQLite's online backup API
// from a separate process while the server keeps writing (WAL: the copy reads one snapshot and blocks no
// writer). The copy is written beside the target and renamed into place only after PRAGMA integrity_check
// passed, so a failed backup never leaves a half-written file under the target's name.
#pragma once

#include <cstdint>
#include <string>

namespace scsa::server {

struct backup_report {
  std::int64_t last_sequence = 0;  // the newest event in the copy: every event up to it is in it
  std::int64_t events = 0;         // events in the copy
  std::int64_t bytes = 0;          // size of the copy
};

// Copies the database at `from` (which must exist) to `to`, replacing it. The copy is a single file in
// rollback-journal mode (no -wal/-shm beside it); the server switches it back to WAL when it opens it.
// Throws std::runtime_error naming the file and the problem.
backup_report backup_database(const std::string& from, const std::string& to);

}  // namespace scsa::server
