// The SQLite engine of the event log: wires the writer, the reader pool and the subscribers together and
// validates appends before they are queued. Thread-safe (see the header).
#include "events/sqlite_event_log.hpp"

#include <stdexcept>

#include "events/append_completion.hpp"
#include "events/group_commit_writer.hpp"
#include "events/reader_pool.hpp"
#include "events/schema.hpp"
#include "events/sqlite_handle.hpp"
#include "events/sqlite_settings.hpp"
#include "events/subscriber_list.hpp"

namespace scsa::events {

std::unique_ptr<sqlite_event_log> sqlite_event_log::open(const std::string& path, sqlite_options options) {
  if (options.max_batch_size == 0) throw std::invalid_argument("max_batch_size must be at least 1");
  auto connection = sqlite_connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  configure_writer(connection, options.busy_timeout);
  apply_migrations(connection);
  if (options.max_page_count) limit_page_count(connection, *options.max_page_count);
  auto subscribers = std::make_unique<subscriber_list>();
  auto readers = std::make_unique<reader_pool>(path, options.busy_timeout, options.max_idle_readers);
  const auto busy_timeout = options.busy_timeout;
  auto writer = std::make_unique<group_commit_writer>(std::move(connection), options.max_batch_size,
                                                      options.commands_held, *subscribers,
                                                      std::move(options.on_commit));
  return std::unique_ptr<sqlite_event_log>(new sqlite_event_log(path, busy_timeout, std::move(subscribers),
                                                                std::move(readers), std::move(writer)));
}

sqlite_event_log::sqlite_event_log(std::string path, std::chrono::milliseconds busy_timeout,
                                   std::unique_ptr<subscriber_list> subscribers,
                                   std::unique_ptr<reader_pool> readers,
                                   std::unique_ptr<group_commit_writer> writer)
    : path_(std::move(path)),
      busy_timeout_(busy_timeout),
      subscribers_(std::move(subscribers)),
      readers_(std::move(readers)),
      writer_(std::move(writer)) {}

sqlite_event_log::~sqlite_event_log() {
  close();
}

void sqlite_event_log::append(append_request request, append_callback completion) {
  if (!completion) completion = [](append_result) {};  // fire and forget
  if (rejected_as_invalid(request, completion)) return;
  writer_->submit(std::move(request), std::move(completion));
}

std::vector<recorded_event> sqlite_event_log::read_stream(const std::string& stream_id,
                                                          std::int64_t from_version,
                                                          std::size_t limit) const {
  return readers_->acquire()->read_stream(stream_id, from_version, limit);
}

std::vector<recorded_event> sqlite_event_log::read_all_after(std::int64_t sequence, std::size_t limit) const {
  return readers_->acquire()->read_all_after(sequence, limit);
}

void sqlite_event_log::read_all_after(std::int64_t sequence, std::size_t limit,
                                      std::vector<recorded_event>& into) const {
  readers_->acquire()->read_all_after(sequence, limit, into);
}

std::int64_t sqlite_event_log::last_sequence() const {
  return readers_->acquire()->last_sequence();
}

subscription_id sqlite_event_log::subscribe(subscriber_callback callback) {
  return subscribers_->add(std::move(callback));
}

void sqlite_event_log::unsubscribe(subscription_id id) {
  subscribers_->remove(id);
}

batch_statistics sqlite_event_log::statistics() const {
  return writer_->statistics();
}

void sqlite_event_log::write_snapshot(const std::string& name, const log_snapshot& snapshot) {
  auto connection = sqlite_connection::open(path_, SQLITE_OPEN_READWRITE);
  configure_writer(connection, busy_timeout_);
  sqlite_statement insert(connection,
                          "INSERT OR REPLACE INTO snapshots (name, covers_sequence, schema_version, digest, "
                          "payload, written_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, name);
  insert.bind(2, snapshot.covers_sequence);
  insert.bind(3, std::int64_t{snapshot.schema_version});
  insert.bind(4, snapshot_digest(snapshot.payload));
  insert.bind(5, snapshot.payload);
  insert.bind(6, snapshot.written_ms);
  insert.run();
}

snapshot_read sqlite_event_log::read_snapshot(const std::string& name) const {
  const auto last = last_sequence();
  auto connection = sqlite_connection::open(path_, SQLITE_OPEN_READONLY);
  configure_reader(connection, busy_timeout_);
  sqlite_statement select(
      connection,
      "SELECT covers_sequence, schema_version, digest, payload, written_ms FROM snapshots "
      "WHERE name = ?1");
  select.bind(1, name);
  if (!select.step()) return {};
  log_snapshot stored{select.column_int(0), static_cast<std::int32_t>(select.column_int(1)),
                      select.column_text(3), select.column_int(4)};
  return checked_snapshot(std::move(stored), select.column_text(2), last);
}

std::string sqlite_event_log::writer_failure() const {
  return writer_->failure();
}

void sqlite_event_log::close() {
  writer_->stop();
}

void sqlite_event_log::set_max_page_count(std::int64_t pages) {
  writer_->limit_page_count(pages);
}

}  // namespace scsa::events
