// The writer's command index: held in memory, flushed to the commands table sorted; see the header.
#include "events/command_index.hpp"

#include <algorithm>

namespace scsa::events {

command_index::command_index(sqlite_connection& connection, std::size_t flush_size)
    : connection_(connection),
      flush_size_(std::max<std::size_t>(flush_size, 1)),
      find_(connection,
            "SELECT first_sequence, last_sequence, stream_version, stream_id FROM commands WHERE command_id "
            "= ?1"),
      insert_(connection,
              "INSERT OR IGNORE INTO commands (command_id, stream_id, first_sequence, last_sequence, "
              "stream_version) VALUES (?1, ?2, ?3, ?4, ?5)"),
      mark_indexed_(connection,
                    "UPDATE commands_indexed SET through_sequence = max(through_sequence, ?1) WHERE id = 1") {
  index_events_after(connection_.query_int("SELECT through_sequence FROM commands_indexed WHERE id = 1"));
}

std::optional<command_record> command_index::find(const std::string& command_id) {
  if (auto held = held_.find(command_id); held != held_.end()) return held->second;
  statement_scope scope(find_);
  find_.bind(1, command_id);
  if (!find_.step()) return std::nullopt;
  return command_record{find_.column_text(3), find_.column_int(0), find_.column_int(1), find_.column_int(2)};
}

void command_index::add(const std::string& command_id, command_record record) {
  if (held_.try_emplace(command_id, std::move(record)).second) added_in_batch_.push_back(command_id);
}

void command_index::batch_rolled_back() noexcept {
  for (const auto& command_id : added_in_batch_) held_.erase(command_id);
  added_in_batch_.clear();
}

void command_index::flush() {
  if (held_.empty()) return;
  // Sorted, so that ids sharing a prefix (a session, a participant) are written page by page.
  std::vector<const decltype(held_)::value_type*> sorted;
  sorted.reserve(held_.size());
  std::int64_t through = 0;
  for (const auto& entry : held_) {
    sorted.push_back(&entry);
    through = std::max(through, entry.second.last_sequence);
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  sqlite_transaction transaction(connection_);
  for (const auto* entry : sorted) {
    statement_scope scope(insert_);
    insert_.bind(1, entry->first);
    insert_.bind(2, entry->second.stream_id);
    insert_.bind(3, entry->second.first_sequence);
    insert_.bind(4, entry->second.last_sequence);
    insert_.bind(5, entry->second.stream_version);
    insert_.run();
  }
  {
    statement_scope scope(mark_indexed_);
    mark_indexed_.bind(1, through);
    mark_indexed_.run();
  }
  transaction.commit();
  held_.clear();
  added_in_batch_.clear();
}

void command_index::index_events_after(std::int64_t sequence) {
  sqlite_statement events(connection_,
                          "SELECT sequence, command_id, stream_id, version FROM events WHERE sequence > ?1 "
                          "ORDER BY sequence");
  events.bind(1, sequence);
  std::string command_id;
  while (events.step()) {
    events.column_text(1, command_id);
    const std::int64_t at = events.column_int(0);
    const std::int64_t version = events.column_int(3);
    auto [entry, inserted] =
        held_.try_emplace(command_id, command_record{events.column_text(2), at, at, version});
    if (!inserted) {  // a later event of the same append
      entry->second.last_sequence = at;
      entry->second.stream_version = std::max(entry->second.stream_version, version);
    }
  }
  events.reset();
  flush();
}

}  // namespace scsa::events
