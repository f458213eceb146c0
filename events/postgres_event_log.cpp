// The PostgreSQL engine (see the header): schema, writer thread with group commit, readers.
#include "events/postgres_event_log.hpp"

#include <spdlog/spdlog.h>

#include <poll.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "events/append_completion.hpp"

namespace scsa::events {

namespace {

constexpr std::int64_t schema_version = 2;
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

constexpr const char* schema_v2 = R"sql(
CREATE TABLE IF NOT EXISTS snapshots (
  name            text    PRIMARY KEY,  -- what the payload is a snapshot of
  covers_sequence bigint  NOT NULL,     -- every event up to this sequence is in it
  schema_version  integer NOT NULL,     -- of the payload's layout
  digest          text    NOT NULL,     -- of the payload (events/event_log.hpp)
  payload         text    NOT NULL,
  written_ms      bigint  NOT NULL
);
)sql";

// Every commit notifies this channel (in its transaction, so only commits do); followers LISTEN to it.
constexpr const char* commit_channel = "scsa_log";

constexpr const char* event_columns =
    "sequence, stream_id, version, type, schema_version, payload, actor, command_id, time_ms";

void migrate(pg_connection& connection) {
  connection.exec("BEGIN");
  try {
    connection.exec("SELECT pg_advisory_xact_lock(" + std::to_string(migration_lock) + ")");
    connection.exec(schema_v1);
    auto found = connection.exec("SELECT version FROM scsa_schema WHERE id");
    if (found.rows() > 0 && found.integer(0, 0) > schema_version)
      throw storage_failure("database schema version " + found.text(0, 0) + " is newer than this program's " +
                            std::to_string(schema_version));
    connection.exec(schema_v2);
    connection.exec("INSERT INTO scsa_schema (id, version) VALUES (true, " + std::to_string(schema_version) +
                    ") ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version");
    connection.exec("COMMIT");
  } catch (...) {
    if (connection.healthy()) connection.exec("ROLLBACK");
    throw;
  }
}

void prepare_writer(pg_connection& c) {
  c.prepare("set_head", "UPDATE log_head SET last_sequence = $1 WHERE id");
}

// PostgreSQL takes at most 65535 parameters in one statement; rows are written in chunks below that.
constexpr std::size_t max_parameters = 60'000;

struct chunk {
  std::size_t first = 0;
  std::size_t count = 0;
};

std::vector<chunk> chunks_of(std::size_t total, std::size_t per_chunk) {
  std::vector<chunk> chunks;
  for (std::size_t first = 0; first < total; first += per_chunk)
    chunks.push_back({first, std::min(per_chunk, total - first)});
  return chunks;
}

pg_params slice(const std::vector<std::string>& values, chunk part) {
  return pg_params(values.begin() + static_cast<std::ptrdiff_t>(part.first),
                   values.begin() + static_cast<std::ptrdiff_t>(part.first + part.count));
}

// "$first, $first+1, ..." for `count` parameters.
std::string placeholders(std::size_t count, std::size_t first) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += ", ";
    text += "$" + std::to_string(first + i);
  }
  return text;
}

// "($1, ..., $k), ($k+1, ...)" for `rows` rows of `fields` parameters.
std::string value_rows(std::size_t rows, std::size_t fields) {
  std::string text;
  for (std::size_t row = 0; row < rows; ++row) {
    if (row > 0) text += ", ";
    text += "(" + placeholders(fields, row * fields + 1) + ")";
  }
  return text;
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

template <class read_fn>
auto postgres_event_log::reading(read_fn read) const {
  for (int attempt = 0;; ++attempt) {
    auto reader = lease();
    try {
      return read(*reader);
    } catch (const storage_failure&) {
      if (attempt > 0 || reader->healthy()) throw;
      std::lock_guard lock(readers_mutex_);
      idle_readers_.clear();  // opened before the same restart: each would fail once too
    }
  }
}

void postgres_event_log::append(append_request request, append_callback completion) {
  if (!completion) completion = [](append_result) {};
  if (rejected_as_invalid(request, completion)) return;
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
  const auto rows = reading([&](pg_connection& reader) {
    return reader.exec(std::string("SELECT ") + event_columns +
                           " FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version LIMIT $3",
                       {stream_id, std::to_string(from_version), limit_text(limit)});
  });
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
  const auto rows = reading([&](pg_connection& reader) {
    return reader.exec(std::string("SELECT ") + event_columns +
                           " FROM events WHERE sequence > $1 ORDER BY sequence LIMIT $2",
                       {std::to_string(sequence), limit_text(limit)});
  });
  into.clear();
  into.reserve(static_cast<std::size_t>(rows.rows()));
  for (int i = 0; i < rows.rows(); ++i) into.push_back(event_of(rows, i));
}

std::int64_t postgres_event_log::last_sequence() const {
  return reading([](pg_connection& reader) {
    return reader.exec("SELECT last_sequence FROM log_head WHERE id").integer(0, 0);
  });
}

void postgres_event_log::write_snapshot(const std::string& name, const log_snapshot& snapshot) {
  reading([&](pg_connection& writer) {  // one statement: it lands whole or not at all, so it may run again
    return writer.exec(
        "INSERT INTO snapshots (name, covers_sequence, schema_version, digest, payload, written_ms) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO UPDATE SET covers_sequence = "
        "EXCLUDED.covers_sequence, schema_version = EXCLUDED.schema_version, digest = EXCLUDED.digest, "
        "payload = EXCLUDED.payload, written_ms = EXCLUDED.written_ms",
        {name, std::to_string(snapshot.covers_sequence), std::to_string(snapshot.schema_version),
         snapshot_digest(snapshot.payload), snapshot.payload, std::to_string(snapshot.written_ms)});
  });
}

snapshot_read postgres_event_log::read_snapshot(const std::string& name) const {
  // Both in one transaction, so the snapshot is checked against the log as it was when it was read.
  auto [last, rows] = reading([&](pg_connection& reader) {
    reader.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      auto head = reader.exec("SELECT last_sequence FROM log_head WHERE id").integer(0, 0);
      auto found = reader.exec(
          "SELECT covers_sequence, schema_version, digest, payload, written_ms FROM snapshots WHERE name = "
          "$1",
          {name});
      reader.exec("COMMIT");
      return std::pair{head, std::move(found)};
    } catch (...) {
      if (reader.healthy()) reader.exec("ROLLBACK");
      throw;
    }
  });
  if (rows.rows() == 0) return {};
  log_snapshot stored{rows.integer(0, 0), static_cast<std::int32_t>(rows.integer(0, 1)), rows.text(0, 3),
                      rows.integer(0, 4)};
  return checked_snapshot(std::move(stored), rows.text(0, 2), last);
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
  following_stop_ = true;
  if (follower_.joinable()) follower_.join();
}

void postgres_event_log::follow_others(std::int64_t after_sequence, subscriber_callback callback) {
  std::lock_guard stop_lock(stop_mutex_);
  if (follower_.joinable()) throw std::logic_error("follow_others: this log already has a follower");
  others_ = std::move(callback);
  followed_ = true;
  follower_ = std::thread([this, after_sequence] { follow(after_sequence); });
}

bool postgres_event_log::is_own(std::int64_t sequence) {
  std::lock_guard lock(own_mutex_);
  // Ranges wholly below the sequence are passed for good: the follower reads in sequence order.
  while (!own_ranges_.empty() && own_ranges_.begin()->second < sequence)
    own_ranges_.erase(own_ranges_.begin());
  return !own_ranges_.empty() && own_ranges_.begin()->first <= sequence;
}

void postgres_event_log::follow(std::int64_t cursor) {
  constexpr auto poll_every = std::chrono::milliseconds(200);  // to notice close()
  constexpr auto read_anyway_every = std::chrono::seconds(1);  // a notification lost in a reconnect
  std::optional<pg_connection> listener;
  auto last_read = std::chrono::steady_clock::now() - read_anyway_every;
  while (!following_stop_) {
    try {
      if (!listener || !listener->healthy()) {
        listener.reset();
        listener.emplace(pg_connection::open(uri_));
        listener->exec(std::string("LISTEN ") + commit_channel);
        last_read = std::chrono::steady_clock::now() - read_anyway_every;  // read what passed meanwhile
      }
      bool woken = false;
      pollfd socket{PQsocket(listener->get()), POLLIN, 0};
      if (::poll(&socket, 1, static_cast<int>(poll_every.count())) > 0) {
        if (PQconsumeInput(listener->get()) == 0) throw storage_failure(PQerrorMessage(listener->get()));
        while (PGnotify* note = PQnotifies(listener->get())) {
          woken = true;
          PQfreemem(note);
        }
      }
      if (!woken && std::chrono::steady_clock::now() - last_read < read_anyway_every) continue;
      last_read = std::chrono::steady_clock::now();
      for (;;) {
        const auto rows = listener->exec(std::string("SELECT ") + event_columns +
                                             " FROM events WHERE sequence > $1 ORDER BY sequence LIMIT 1000",
                                         {std::to_string(cursor)});
        std::vector<recorded_event> others;
        for (int i = 0; i < rows.rows(); ++i) {
          auto event = event_of(rows, i);
          cursor = event.sequence;
          if (!is_own(event.sequence)) others.push_back(std::move(event));
        }
        if (!others.empty()) {
          try {
            others_(others);
          } catch (const std::exception& error) {
            spdlog::error("event log: the follower of other nodes' commits threw: {}", error.what());
          }
        }
        if (rows.rows() < 1000) break;
      }
    } catch (const std::exception& error) {
      spdlog::warn("event log: following other nodes' commits: {}; trying again", error.what());
      listener.reset();
      std::this_thread::sleep_for(poll_every);
    }
  }
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
    if (uncommitted_) {
      // Not known to have landed: if it did after all (a lost COMMIT answer), the follower reports the
      // events as another writer's, and whoever folds them learns of them that way.
      std::lock_guard lock(own_mutex_);
      own_ranges_.erase(uncommitted_->first);
      uncommitted_.reset();
    }
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

std::int64_t postgres_event_log::begin_batch() {
  constexpr const char* begin = "BEGIN; SELECT last_sequence FROM log_head WHERE id FOR UPDATE";
  for (int attempt = 0;; ++attempt) {
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
      return writer_.exec(begin).integer(0, 0);
    } catch (const storage_failure&) {
      // Nothing of the batch was sent yet: a connection PostgreSQL closed meanwhile is opened again, once.
      if (attempt > 0 || writer_.healthy()) throw;
    }
  }
}

std::vector<append_result> postgres_event_log::decide_and_write(std::vector<pending_append>& batch,
                                                                std::vector<recorded_event>& recorded) {
  // A handful of round trips per batch, however large: look up the batch's command ids and streams at
  // once, decide in memory (earlier appends of the batch count), then write all rows in two statements.
  // BEGIN and the lock every node's writer queues on, in one round trip.
  std::int64_t next = begin_batch();

  std::vector<std::string> command_ids, streams;
  for (const auto& pending : batch) {
    command_ids.push_back(pending.request.command_id);
    streams.push_back(pending.request.stream_id);
  }
  std::map<std::string, append_result> spent;    // command id -> how it landed (before or in this batch)
  std::map<std::string, std::int64_t> versions;  // stream -> version, as this transaction has it
  for (const auto& stream : streams) versions.emplace(stream, 0);
  std::vector<std::string> distinct;
  for (const auto& [stream, version] : versions) distinct.push_back(stream);
  auto note_command = [&](const pg_result& rows, int i, int column) {
    append_result known;
    known.status = append_status::duplicate;
    known.first_sequence = rows.integer(i, column + 1);
    known.last_sequence = rows.integer(i, column + 2);
    known.stream_version = rows.integer(i, column + 3);
    spent.emplace(rows.text(i, column), known);
  };
  if (command_ids.size() + distinct.size() <= max_parameters) {
    // The batch's command ids and streams in one round trip.
    pg_params params(command_ids.begin(), command_ids.end());
    params.insert(params.end(), distinct.begin(), distinct.end());
    const auto rows = writer_.exec(
        "SELECT 'c', command_id, first_sequence, last_sequence, stream_version FROM commands WHERE "
        "command_id IN (" +
            placeholders(command_ids.size(), 1) +
            ") UNION ALL SELECT 's', stream_id, max(version), 0, 0 FROM events WHERE stream_id IN (" +
            placeholders(distinct.size(), command_ids.size() + 1) + ") GROUP BY stream_id",
        params);
    for (int i = 0; i < rows.rows(); ++i) {
      if (rows.text(i, 0) == "c")
        note_command(rows, i, 1);
      else
        versions[rows.text(i, 1)] = rows.integer(i, 2);
    }
  } else {
    for (const auto& part : chunks_of(command_ids.size(), max_parameters)) {
      const auto rows = writer_.exec(
          "SELECT command_id, first_sequence, last_sequence, stream_version FROM commands WHERE command_id "
          "IN (" +
              placeholders(part.count, 1) + ")",
          slice(command_ids, part));
      for (int i = 0; i < rows.rows(); ++i) note_command(rows, i, 0);
    }
    for (const auto& part : chunks_of(distinct.size(), max_parameters)) {
      const auto rows = writer_.exec("SELECT stream_id, max(version) FROM events WHERE stream_id IN (" +
                                         placeholders(part.count, 1) + ") GROUP BY stream_id",
                                     slice(distinct, part));
      for (int i = 0; i < rows.rows(); ++i) versions[rows.text(i, 0)] = rows.integer(i, 1);
    }
  }

  std::vector<append_result> results;
  results.reserve(batch.size());
  std::vector<std::optional<std::string>> command_rows;
  for (const auto& pending : batch) {
    const auto& r = pending.request;
    if (auto found = spent.find(r.command_id); found != spent.end()) {
      append_result duplicate = found->second;
      duplicate.status = append_status::duplicate;
      results.push_back(std::move(duplicate));
      continue;
    }
    std::int64_t& version = versions[r.stream_id];
    append_result result;
    if (r.expected_version != any_version && r.expected_version != version) {
      result.status = append_status::version_conflict;  // its command id is not spent
      result.stream_version = version;
      result.message = "expected version " + std::to_string(r.expected_version) + ", stream " + r.stream_id +
                       " is at " + std::to_string(version);
      results.push_back(std::move(result));
      continue;
    }
    result.status = append_status::committed;
    result.first_sequence = next + 1;
    for (const auto& e : r.events)
      recorded.push_back(recorded_event{++next, r.stream_id, ++version, e.type, e.schema_version, e.payload,
                                        r.actor, r.command_id, r.time_ms});
    result.last_sequence = next;
    result.stream_version = version;
    spent.emplace(r.command_id, result);
    command_rows.insert(command_rows.end(), {r.command_id, r.stream_id, std::to_string(result.first_sequence),
                                             std::to_string(result.last_sequence), std::to_string(version)});
    results.push_back(std::move(result));
  }

  constexpr std::size_t event_fields = 9, command_fields = 5;
  auto event_params = [&](chunk part) {
    pg_params params;
    params.reserve(part.count * event_fields);
    for (std::size_t i = part.first; i < part.first + part.count; ++i) {
      const auto& e = recorded[i];
      params.insert(params.end(), {std::to_string(e.sequence), e.stream_id, std::to_string(e.version), e.type,
                                   std::to_string(e.schema_version), e.payload, e.actor, e.command_id,
                                   std::to_string(e.time_ms)});
    }
    return params;
  };
  const std::size_t commands = command_rows.size() / command_fields;
  const std::string insert_events = std::string("INSERT INTO events (") + event_columns + ") VALUES ";
  const std::string insert_commands =
      "INSERT INTO commands (command_id, stream_id, first_sequence, last_sequence, stream_version) VALUES ";
  if (recorded.empty()) {
    // Only duplicates and conflicts: nothing to write.
  } else if (recorded.size() * event_fields + command_rows.size() + 1 <= max_parameters) {
    // Events, commands and the head in one round trip.
    pg_params params = event_params({0, recorded.size()});
    const std::size_t commands_from = params.size();
    params.insert(params.end(), command_rows.begin(), command_rows.end());
    params.emplace_back(std::to_string(next));
    std::string commands_values;
    for (std::size_t row = 0; row < commands; ++row) {
      if (row > 0) commands_values += ", ";
      commands_values += "(" + placeholders(command_fields, commands_from + row * command_fields + 1) + ")";
    }
    writer_.exec("WITH written AS (" + insert_events + value_rows(recorded.size(), event_fields) +
                     "), spent AS (" + insert_commands + commands_values +
                     ") UPDATE log_head SET last_sequence = $" + std::to_string(params.size()) + " WHERE id",
                 params);
  } else {
    for (const auto& part : chunks_of(recorded.size(), max_parameters / event_fields))
      writer_.exec(insert_events + value_rows(part.count, event_fields), event_params(part));
    for (const auto& part : chunks_of(commands, max_parameters / command_fields)) {
      pg_params params(
          command_rows.begin() + static_cast<std::ptrdiff_t>(part.first * command_fields),
          command_rows.begin() + static_cast<std::ptrdiff_t>((part.first + part.count) * command_fields));
      writer_.exec(insert_commands + value_rows(part.count, command_fields), params);
    }
    writer_.run("set_head", {std::to_string(next)});
  }
  if (recorded.empty()) {
    writer_.exec("COMMIT");
    return results;
  }
  // Noted before COMMIT: once other nodes can see these events, this node's follower knows them as its own.
  if (followed_) {
    uncommitted_ = std::pair{recorded.front().sequence, recorded.back().sequence};
    std::lock_guard lock(own_mutex_);
    own_ranges_.emplace(uncommitted_->first, uncommitted_->second);
  }
  writer_.exec(std::string("NOTIFY ") + commit_channel +
               "; COMMIT");  // the notification goes with the commit
  uncommitted_.reset();
  return results;
}

}  // namespace scsa::events
