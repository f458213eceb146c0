// Reads of the log on one reader connection, with its prepared statements kept for reuse, and the mapping
// of an `events` row to a recorded_event. Not synchronised: one thread at a time (reader_pool hands it out).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "events/event_log.hpp"
#include "events/sqlite_handle.hpp"

namespace scsa::events {

// The columns every event query selects, in the order read_event_row expects them.
inline constexpr const char* event_columns =
    "sequence, stream_id, version, type, schema_version, payload, actor, command_id, time_ms";

// The recorded_event in the current row of a statement that selected event_columns first.
recorded_event read_event_row(const sqlite_statement& statement);
// The same into an existing event, reusing its strings' buffers.
void read_event_row(const sqlite_statement& statement, recorded_event& into);

class event_reader {
 public:
  explicit event_reader(sqlite_connection connection);

  std::vector<recorded_event> read_stream(const std::string& stream_id, std::int64_t from_version,
                                          std::size_t limit);
  std::vector<recorded_event> read_all_after(std::int64_t sequence, std::size_t limit);
  void read_all_after(std::int64_t sequence, std::size_t limit, std::vector<recorded_event>& into);
  std::int64_t last_sequence();

 private:
  sqlite_connection connection_;  // declared first: destroyed after the statements
  sqlite_statement stream_;
  sqlite_statement all_after_;
  sqlite_statement last_sequence_;
};

}  // namespace scsa::events
