// Decides and writes single appends inside the writer's open transaction; see the header. Writer thread only.
#include "events/batch_appender.hpp"

#include <string>

namespace scsa::events {

batch_appender::batch_appender(const sqlite_connection& connection, command_index& commands)
    : db_(connection.get()),
      commands_(commands),
      stream_version_(connection, "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = ?1"),
      insert_event_(
          connection,
          "INSERT INTO events (stream_id, version, type, schema_version, payload, actor, command_id, "
          "time_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") {}

append_outcome batch_appender::append(const append_request& request) {
  append_outcome outcome;
  append_result& result = outcome.result;
  if (auto recorded = commands_.find(request.command_id)) {
    result.status = append_status::duplicate;
    result.first_sequence = recorded->first_sequence;
    result.last_sequence = recorded->last_sequence;
    result.stream_version = recorded->stream_version;
    if (recorded->stream_id != request.stream_id)
      result.message = "command id was recorded for stream '" + recorded->stream_id + "'";
    return outcome;
  }
  std::int64_t version = 0;
  {
    statement_scope scope(stream_version_);
    stream_version_.bind(1, request.stream_id);
    if (stream_version_.step()) version = stream_version_.column_int(0);
  }
  if (request.expected_version != any_version && request.expected_version != version) {
    result.status = append_status::version_conflict;
    result.stream_version = version;
    result.message = "expected version " + std::to_string(request.expected_version) + " but stream '" +
                     request.stream_id + "' is at version " + std::to_string(version);
    return outcome;
  }
  outcome.recorded.reserve(request.events.size());
  for (const new_event& event : request.events) {
    ++version;
    statement_scope scope(insert_event_);
    insert_event_.bind(1, request.stream_id);
    insert_event_.bind(2, version);
    insert_event_.bind(3, event.type);
    insert_event_.bind(4, std::int64_t{event.schema_version});
    insert_event_.bind(5, event.payload);
    insert_event_.bind(6, request.actor);
    insert_event_.bind(7, request.command_id);
    insert_event_.bind(8, request.time_ms);
    insert_event_.run();
    const auto sequence = static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_));
    outcome.recorded.push_back(recorded_event{sequence, request.stream_id, version, event.type,
                                              event.schema_version, event.payload, request.actor,
                                              request.command_id, request.time_ms});
  }
  result.status = append_status::committed;
  result.first_sequence = outcome.recorded.front().sequence;
  result.last_sequence = outcome.recorded.back().sequence;
  result.stream_version = version;
  commands_.add(request.command_id, command_record{request.stream_id, result.first_sequence,
                                                   result.last_sequence, result.stream_version});
  return outcome;
}

}  // namespace scsa::events
