// Reads of the log on one reader connection; each query is one statement, so it sees one consistent
// snapshot. Not synchronised (see the header).
#include "events/event_reader.hpp"

#include <algorithm>
#include <limits>

namespace scsa::events {

namespace {

// SQLite's LIMIT takes a signed 64-bit value.
std::int64_t sql_limit(std::size_t limit) {
  constexpr auto largest = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(std::min(limit, largest));
}

std::vector<recorded_event> collect(sqlite_statement& statement) {
  std::vector<recorded_event> events;
  while (statement.step()) events.push_back(read_event_row(statement));
  return events;
}

}  // namespace

recorded_event read_event_row(const sqlite_statement& statement) {
  recorded_event event;
  read_event_row(statement, event);
  return event;
}

void read_event_row(const sqlite_statement& statement, recorded_event& into) {
  into.sequence = statement.column_int(0);
  statement.column_text(1, into.stream_id);
  into.version = statement.column_int(2);
  statement.column_text(3, into.type);
  into.schema_version = static_cast<std::int32_t>(statement.column_int(4));
  statement.column_text(5, into.payload);
  statement.column_text(6, into.actor);
  statement.column_text(7, into.command_id);
  into.time_ms = statement.column_int(8);
}

event_reader::event_reader(sqlite_connection connection)
    : connection_(std::move(connection)),
      stream_(connection_,
              std::string("SELECT ") + event_columns +
                  " FROM events WHERE stream_id = ?1 AND version >= ?2 ORDER BY version LIMIT ?3"),
      all_after_(connection_, std::string("SELECT ") + event_columns +
                                  " FROM events WHERE sequence > ?1 ORDER BY sequence LIMIT ?2"),
      last_sequence_(connection_, "SELECT coalesce(max(sequence), 0) FROM events") {}

std::vector<recorded_event> event_reader::read_stream(const std::string& stream_id, std::int64_t from_version,
                                                      std::size_t limit) {
  statement_scope scope(stream_);
  stream_.bind(1, stream_id);
  stream_.bind(2, from_version);
  stream_.bind(3, sql_limit(limit));
  return collect(stream_);
}

std::vector<recorded_event> event_reader::read_all_after(std::int64_t sequence, std::size_t limit) {
  statement_scope scope(all_after_);
  all_after_.bind(1, sequence);
  all_after_.bind(2, sql_limit(limit));
  return collect(all_after_);
}

void event_reader::read_all_after(std::int64_t sequence, std::size_t limit,
                                  std::vector<recorded_event>& into) {
  statement_scope scope(all_after_);
  all_after_.bind(1, sequence);
  all_after_.bind(2, sql_limit(limit));
  std::size_t count = 0;
  while (all_after_.step()) {
    if (count == into.size()) into.emplace_back();
    read_event_row(all_after_, into[count++]);
  }
  into.resize(count);
}

std::int64_t event_reader::last_sequence() {
  statement_scope scope(last_sequence_);
  return last_sequence_.step() ? last_sequence_.column_int(0) : 0;
}

}  // namespace scsa::events
