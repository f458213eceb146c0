// The PostgreSQL engine (see the header): schema, writer thread with group commit, readers.
#include "events/postgres_event_log.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "events/append_completion.hpp"

namespace scsa::events {

namespace {

constexpr std::int64_t schema_version = 1;
// Held while one node migrates, so two nodes starting together do not both create the tables.
constexpr std::int64_t migration_lock = 7'310'001;

// Never edit a released step: add a new one (as for SQLite, events/schema.cpp).
constexpr const char* schema_v1 = R"sql(
CREATE TABLE IF NOT EXISTS events (
  sequence       bigint  PRIMARY KEY,   -- global position, gap-free in commit order over every node
  stream_id      text    NOT NULL,
  version        bigint  NOT NULL,      -- 1-based position within the stream
  type           text    NOT NULL,
  schema_version integer NOT NULL,
  payload        text    NOT NULL,      -- JSON text, exactly as appended
  actor          text    NOT NULL,
  command_id     text    NOT NULL,
  time_ms        bigint  NOT NULL,      -- caller's time, ms since the Unix epoch
  UNIQUE (stream_id, version)
);
CREATE TABLE IF NOT EXISTS commands (
  command_id     text    PRIMARY KEY,   -- idempotency key of one append
  stream_id      text    NOT NULL,
  first_sequence bigint  NOT NULL,
  last_sequence  bigint  NOT NULL,
  stream_version bigint  NOT NULL
);
-- One row: the last sequence handed out. Taken FOR UPDATE by each writing transaction until it commits.
CREATE TABLE IF NOT EXISTS log_head (
  id             boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_sequence  bigint  NOT NULL
);
INSERT INTO log_head (id, last_sequence) VALUES (true, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS scsa_schema (
  id             boolean PRIMARY KEY DEFAULT true CHECK (id),
  version        integer NOT NULL
);
)sql";

constexpr const char* event_columns =
    "sequence, stream_id, version, type, schema_version, payload, actor, command_id, time_ms";

void migrate(pg_connection& connection) {
  connection.exec("BEGIN");
  try {
    connection.exec("SELECT pg_advisory_xact_lock(" + std::to_string(migration_lock) + ")");
    connection.exec(schema_v1);
    auto found = connection.exec("SELECT version FROM scsa_schema WHERE id");
    if (found.rows() == 0) {
      connection.exec("INSERT INTO scsa_schema (id, version) VALUES (true, " +
                      std::to_string(schema_version) + ")");
    } else if (found.integer(0, 0) > schema_version) {
      throw storage_failure("database schema version " + found.text(0, 0) + " is newer than this program's " +
                            std::to_string(schema_version));
    }
    connection.exec("COMMIT");
  } catch (...) {
    if (connection.healthy()) connection.exec("ROLLBACK");
    throw;
  }
}

void prepare_writer(pg_connection& c) {
  c.prepare("head", "SELECT last_sequence FROM log_head WHERE id FOR UPDATE");
  c.prepare("find_command",
            "SELECT first_sequence, last_sequence, stream_version FROM commands WHERE command_id = $1");
  c.prepare("stream_version", "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1");
  c.prepare("insert_event", std::string("INSERT INTO events (") + event_columns +
                                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
  c.prepare("insert_command",
            "INSERT INTO commands (command_id, stream_id, first_sequence, last_sequence, stream_version)"
            " VALUES ($1, $2, $3, $4, $5)");
  c.prepare("set_head", "UPDATE log_head SET last_sequence = $1 WHERE id");
}

recorded_event event_of(const pg_result& rows, int row) {
  recorded_event e;
  e.sequence = rows.integer(row, 0);
  e.stream_id = rows.text(row, 1);
  e.version = rows.integer(row, 2);
  e.type = rows.text(row, 3);
  e.schema_version = static_cast<std::int32_t>(rows.integer(row, 4));
  e.payload = rows.text(row, 5);
  e.actor = rows.text(row, 6);
  e.command_id = rows.text(row, 7);
  e.time_ms = rows.integer(row, 8);
  return e;
}

std::string limit_text(std::size_t limit) {
  return std::to_string(std::min<std::size_t>(limit, static_cast<std::size_t>(INT64_MAX)));
}

}  // namespace

// A reader connection taken from the pool and given back when the read is done (unless it broke).
class postgres_event_log::reader_lease {
 public:
  reader_lease(const postgres_event_log& log, pg_connection connection)
      : log_(log), connection_(std::move(connection)) {}
  reader_lease(reader_lease&&) = default;
  ~reader_lease() {
    if (!connection_ || !connection_->healthy()) return;
    std::lock_guard lock(log_.readers_mutex_);
    if (log_.idle_readers_.size() < log_.options_.max_idle_readers)
      log_.idle_readers_.push_back(std::move(*connection_));
  }
  pg_connection& operator*() { return *connection_; }
  pg_connection* operator->() { return &*connection_; }

 private:
  const postgres_event_log& log_;
  std::optional<pg_connection> connection_;
};

std::unique_ptr<postgres_event_log> postgres_event_log::open(const std::string& uri,
                                                             postgres_options options) {
  if (options.max_batch_size == 0) throw std::invalid_argument("max_batch_size must be at least 1");
  auto writer = pg_connection::open(uri);
  migrate(writer);
  return std::unique_ptr<postgres_event_log>(
      new postgres_event_log(uri, std::move(writer), std::move(options)));
}

postgres_event_log::postgres_event_log(std::string uri, pg_connection writer, postgres_options options)
    : uri_(std::move(uri)),
      options_(std::move(options)),
      writer_(std::move(writer)),
      thread_([this] { run(); }) {}

postgres_event_log::~postgres_event_log() {
  close();
}

postgres_event_log::reader_lease postgres_event_log::lease() const {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto connection = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader_lease(*this, std::move(connection));
    }
  }
  return reader_lease(*this, pg_connection::open(uri_));
}

void postgres_event_log::append(append_request request, append_callback completion) {
  if (!completion) completion = [](append_result) {};
  if (auto problem = validate(request)) {
    append_result result;
    result.status = append_status::rejected;
    result.message = std::move(*problem);
    completion(std::move(result));
    return;
  }
  std::unique_lock lock(queue_mutex_);
  if (stopping_) {
    lock.unlock();
    complete(completion, storage_error("the event log is closed"));
    return;
  }
  queue_.push_back({std::move(request), std::move(completion), std::chrono::steady_clock::now()});
  lock.unlock();
  queue_changed_.notify_one();
}

std::vector<recorded_event> postgres_event_log::read_stream(const std::string& stream_id,
                                                            std::int64_t from_version,
                                                            std::size_t limit) const {
  auto reader = lease();
  const auto rows =
      reader->exec(std::string("SELECT ") + event_columns +
                       " FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version LIMIT $3",
                   {stream_id, std::to_string(from_version), limit_text(limit)});
  std::vector<recorded_event> events;
  events.reserve(static_cast<std::size_t>(rows.rows()));
  for (int i = 0; i < rows.rows(); ++i) events.push_back(event_of(rows, i));
  return events;
}

std::vector<recorded_event> postgres_event_log::read_all_after(std::int64_t sequence,
                                                               std::size_t limit) const {
  std::vector<recorded_event> events;
  read_all_after(sequence, limit, events);
  return events;
}

void postgres_event_log::read_all_after(std::int64_t sequence, std::size_t limit,
                                        std::vector<recorded_event>& into) const {
  auto reader = lease();
  const auto rows = reader->exec(
      std::string("SELECT ") + event_columns + " FROM events WHERE sequence > $1 ORDER BY sequence LIMIT $2",
      {std::to_string(sequence), limit_text(limit)});
  into.clear();
  into.reserve(static_cast<std::size_t>(rows.rows()));
  for (int i = 0; i < rows.rows(); ++i) into.push_back(event_of(rows, i));
}

std::int64_t postgres_event_log::last_sequence() const {
  auto reader = lease();
  return reader->exec("SELECT last_sequence FROM log_head WHERE id").integer(0, 0);
}

subscription_id postgres_event_log::subscribe(subscriber_callback callback) {
  return subscribers_.add(std::move(callback));
}

void postgres_event_log::unsubscribe(subscription_id id) {
  subscribers_.remove(id);
}

batch_statistics postgres_event_log::statistics() const {
  std::lock_guard lock(queue_mutex_);
  return statistics_;
}

std::string postgres_event_log::writer_failure() const {
  return {};
}

void postgres_event_log::close() {
  std::lock_guard stop_lock(stop_mutex_);
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void postgres_event_log::run() {
  for (;;) {
    std::vector<pending_append> batch;
    {
      std::unique_lock lock(queue_mutex_);
      queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued was written
      const std::size_t take = std::min(queue_.size(), options_.max_batch_size);
      batch.reserve(take);
      for (std::size_t i = 0; i < take; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    write_batch(batch);
  }
}

void postgres_event_log::write_batch(std::vector<pending_append>& batch) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<recorded_event> recorded;
  std::vector<append_result> results;
  try {
    if (!writer_.healthy()) {
      writer_.reconnect();
      writer_prepared_ = false;
      spdlog::info("event log: reconnected to {}", redacted_uri(uri_));
    }
    if (!writer_prepared_) {
      prepare_writer(writer_);
      writer_prepared_ = true;
    }
    results = decide_and_write(batch, recorded);
  } catch (const std::exception& error) {
    // Nothing of the batch is known to be durable (a lost COMMIT may or may not have landed: an append
    // sent again with its command id then answers as the first one did). Never an ack here.
    if (writer_.healthy()) {
      try {
        writer_.exec("ROLLBACK");
      } catch (const std::exception&) {
      }
    }
    spdlog::error("event log: a batch of {} appends failed: {}", batch.size(), error.what());
    {
      std::lock_guard lock(queue_mutex_);
      ++statistics_.failed_commits;
    }
    for (auto& pending : batch) {
      auto result = storage_error(error.what());
      result.submitted = pending.submitted;
      complete(pending.completion, std::move(result));
    }
    return;
  }
  const auto committed = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(queue_mutex_);
    ++statistics_.commits;
    statistics_.appends += batch.size();
    statistics_.events += recorded.size();
    statistics_.largest_batch = std::max<std::uint64_t>(statistics_.largest_batch, batch.size());
  }
  if (!recorded.empty()) subscribers_.publish(recorded);
  if (options_.on_commit) options_.on_commit(batch.size(), recorded.size(), committed - started);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    results[i].submitted = batch[i].submitted;
    results[i].batch_started = started;
    results[i].committed_at = committed;
    complete(batch[i].completion, std::move(results[i]));
  }
}

std::vector<append_result> postgres_event_log::decide_and_write(std::vector<pending_append>& batch,
                                                                std::vector<recorded_event>& recorded) {
  writer_.exec("BEGIN");
  std::int64_t next = writer_.run("head", {}).integer(0, 0);  // the lock every node's writer queues on
  const std::int64_t first_of_batch = next;
  std::map<std::string, std::int64_t> versions;  // stream -> version, as this transaction has it
  std::vector<append_result> results;
  results.reserve(batch.size());
  for (const auto& pending : batch) {
    const auto& r = pending.request;
    append_result result;
    if (auto found = writer_.run("find_command", {r.command_id}); found.rows() > 0) {
      result.status = append_status::duplicate;
      result.first_sequence = found.integer(0, 0);
      result.last_sequence = found.integer(0, 1);
      result.stream_version = found.integer(0, 2);
      results.push_back(std::move(result));
      continue;
    }
    auto known = versions.find(r.stream_id);
    if (known == versions.end())
      known = versions.emplace(r.stream_id, writer_.run("stream_version", {r.stream_id}).integer(0, 0)).first;
    const std::int64_t version = known->second;
    if (r.expected_version != any_version && r.expected_version != version) {
      result.status = append_status::version_conflict;
      result.stream_version = version;
      result.message = "expected version " + std::to_string(r.expected_version) + ", stream " + r.stream_id +
                       " is at " + std::to_string(version);
      results.push_back(std::move(result));
      continue;
    }
    result.status = append_status::committed;
    result.first_sequence = next + 1;
    std::int64_t stream_version = version;
    for (const auto& e : r.events) {
      recorded_event stored{++next,    r.stream_id, ++stream_version, e.type,   e.schema_version,
                            e.payload, r.actor,     r.command_id,     r.time_ms};
      writer_.run("insert_event",
                  {std::to_string(stored.sequence), stored.stream_id, std::to_string(stored.version),
                   stored.type, std::to_string(stored.schema_version), stored.payload, stored.actor,
                   stored.command_id, std::to_string(stored.time_ms)});
      recorded.push_back(std::move(stored));
    }
    result.last_sequence = next;
    result.stream_version = stream_version;
    known->second = stream_version;
    writer_.run("insert_command", {r.command_id, r.stream_id, std::to_string(result.first_sequence),
                                   std::to_string(result.last_sequence), std::to_string(stream_version)});
    results.push_back(std::move(result));
  }
  if (next != first_of_batch) writer_.run("set_head", {std::to_string(next)});
  writer_.exec("COMMIT");
  return results;
}

}  // namespace scsa::events
