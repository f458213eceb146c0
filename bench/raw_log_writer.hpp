// Fills a fresh SQLite event log for a benchmark by raw inserts of exactly the rows the log writes (events
// and their commands), in transactions of 25,000 rows with synchronous=OFF: setting up is not what the
// benchmarks measure, and a million events take seconds this way rather than minutes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/event_codec.hpp"
#include "events/sqlite_event_log.hpp"
#include "events/sqlite_handle.hpp"

namespace scsa::bench {

class raw_log_writer {
 public:
  explicit raw_log_writer(const std::string& db_path)
      : connection_(open_fresh(db_path)),
        insert_event_(
            connection_,
            "INSERT INTO events (sequence, stream_id, version, type, schema_version, payload, actor, "
            "command_id, time_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
        insert_command_(connection_,
                        "INSERT INTO commands (command_id, stream_id, first_sequence, last_sequence, "
                        "stream_version) VALUES (?1, ?2, ?3, ?3, ?4)") {}
  ~raw_log_writer() { finish(); }

  // Appends one event as its own command (as the live server appends answers); returns its sequence.
  std::int64_t append(const std::string& stream_id, std::int64_t version, const domain::session_event& event,
                      const std::string& actor, std::int64_t time_ms) {
    if (!transaction_) transaction_.emplace(connection_);
    const std::string command_id = stream_id + "/bench/" + std::to_string(version);
    ++sequence_;
    insert_event_.bind(1, sequence_);
    insert_event_.bind(2, stream_id);
    insert_event_.bind(3, version);
    insert_event_.bind(4, domain::event_type(event));
    insert_event_.bind(5, std::int64_t{domain::event_schema_version});
    insert_event_.bind(6, domain::encode_event(event).dump());
    insert_event_.bind(7, actor);
    insert_event_.bind(8, command_id);
    insert_event_.bind(9, time_ms);
    insert_event_.run();
    insert_event_.reset();
    insert_command_.bind(1, command_id);
    insert_command_.bind(2, stream_id);
    insert_command_.bind(3, sequence_);
    insert_command_.bind(4, version);
    insert_command_.run();
    insert_command_.reset();
    if (sequence_ % 25'000 == 0) finish();
    return sequence_;
  }

  // Commits what is written so far, with its commands marked indexed (events/command_index.hpp).
  void finish() {
    if (!transaction_) return;
    connection_.exec("UPDATE commands_indexed SET through_sequence = " + std::to_string(sequence_));
    transaction_->commit();
    transaction_.reset();
  }

  std::int64_t last_sequence() const { return sequence_; }

 private:
  static events::sqlite_connection open_fresh(const std::string& db_path) {
    events::sqlite_event_log::open(db_path)->close();  // creates the schema
    auto connection = events::sqlite_connection::open(db_path, SQLITE_OPEN_READWRITE);
    connection.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF");
    return connection;
  }

  events::sqlite_connection connection_;
  events::sqlite_statement insert_event_;
  events::sqlite_statement insert_command_;
  std::optional<events::sqlite_transaction> transaction_;
  std::int64_t sequence_ = 0;
};

}  // namespace scsa::bench
