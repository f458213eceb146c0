// Where each command id's append landed, for the writer's duplicate check. The `commands` table is a
// projection of `events` (every event row carries its command id, stream and version), so it need not be
// written in the append's own transaction: command ids are random under their session's prefix, and
// inserting each one as it commits dirtied about one B-tree page per append, several times the WAL bytes of
// the events themselves. The writer keeps the commands committed since the last flush in memory and writes
// them to the table sorted, many at once, where a live session's new ids share pages; the table notes up to
// which sequence it is complete (`commands_indexed`), and opening the log indexes the events after that, so
// a crash loses nothing. Not synchronised: the writer thread alone uses it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "events/sqlite_handle.hpp"

namespace scsa::events {

struct command_record {
  std::string stream_id;
  std::int64_t first_sequence{0};
  std::int64_t last_sequence{0};
  std::int64_t stream_version{0};  // of the append's last event
};

class command_index {
 public:
  // Indexes the events the table does not cover yet (left by a crash) before it returns; flush_due() once
  // `flush_size` commands are held. Throws sqlite_error.
  command_index(sqlite_connection& connection, std::size_t flush_size);

  // Inside the batch's transaction: what is held in memory (this batch's appends included), then the table.
  std::optional<command_record> find(const std::string& command_id);
  void add(const std::string& command_id, command_record record);

  // The batch's transaction committed (its commands stay) or rolled back (they are forgotten).
  void batch_committed() noexcept { added_in_batch_.clear(); }
  void batch_rolled_back() noexcept;

  bool flush_due() const noexcept { return held_.size() >= flush_size_; }

  // Writes what is held, sorted, in a transaction of its own; keeps it held when that fails. Throws
  // sqlite_error. Outside a batch only.
  void flush();

 private:
  void index_events_after(std::int64_t sequence);

  sqlite_connection& connection_;
  const std::size_t flush_size_;
  sqlite_statement find_;
  sqlite_statement insert_;
  sqlite_statement mark_indexed_;
  std::unordered_map<std::string, command_record> held_;
  std::vector<std::string> added_in_batch_;
};

}  // namespace scsa::events
