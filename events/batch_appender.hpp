// Decides and writes single appends inside the writer's open transaction: the command-id check (through the
// command index), the expected-version check and the inserts. Because it reads through the same transaction
// and the index holds the batch's commands, earlier appends of the same batch count for versions and ids. Not
// synchronised: the writer thread alone uses it.
#pragma once

#include <vector>

#include "events/command_index.hpp"
#include "events/event_log.hpp"
#include "events/sqlite_handle.hpp"

namespace scsa::events {

// What one append did inside the transaction; it only holds once the transaction commits.
struct append_outcome {
  append_result result;                  // committed, duplicate or version_conflict
  std::vector<recorded_event> recorded;  // the events written (empty unless committed)
};

class batch_appender {
 public:
  batch_appender(const sqlite_connection& connection, command_index& commands);

  // Decides `request` (already validated) against the stored state and inserts its events when it is
  // committed. Throws sqlite_error on storage failure; the caller must then roll the transaction back.
  append_outcome append(const append_request& request);

 private:
  sqlite3* db_;  // the writer's connection, for sqlite3_last_insert_rowid
  command_index& commands_;
  sqlite_statement stream_version_;
  sqlite_statement insert_event_;
};

}  // namespace scsa::events
