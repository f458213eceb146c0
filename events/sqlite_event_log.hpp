// The SQLite engine of the event log: one writer thread with its own connection (group commit, see
// group_commit_writer) and a small pool of reader connections, on one database file in WAL mode with
// synchronous=FULL. Thread-safe: every public member may be called from any thread at the same time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "events/event_log.hpp"

namespace scsa::events {

class group_commit_writer;
class reader_pool;
class subscriber_list;

// Told after each committed transaction, on the writer thread (keep it cheap): how many appends it
// decided, how many events it wrote and how long writing and committing took. For metrics.
using commit_observer =
    std::function<void(std::size_t appends, std::size_t events, std::chrono::nanoseconds duration)>;

struct sqlite_options {
  std::size_t max_batch_size{512};               // most appends committed in one transaction (>= 1)
  std::chrono::milliseconds busy_timeout{5000};  // how long a connection waits for a lock
  std::size_t max_idle_readers{4};               // reader connections kept open between reads
  std::optional<std::int64_t> max_page_count;  // test-only: cap the file's size in pages (SQLITE_FULL beyond)
  std::size_t commands_held{8192};  // command ids held in memory before they are written (command_index)
  commit_observer on_commit;        // may be empty
};

class sqlite_event_log final : public event_log {
 public:
  // Opens or creates the database at `path`, checks WAL and synchronous=FULL are in effect, migrates the
  // schema and starts the writer. Throws storage_failure.
  static std::unique_ptr<sqlite_event_log> open(const std::string& path, sqlite_options options = {});

  ~sqlite_event_log() override;

  void append(append_request request, append_callback completion) override;
  std::vector<recorded_event> read_stream(const std::string& stream_id, std::int64_t from_version = 1,
                                          std::size_t limit = SIZE_MAX) const override;
  std::vector<recorded_event> read_all_after(std::int64_t sequence, std::size_t limit) const override;
  void read_all_after(std::int64_t sequence, std::size_t limit,
                      std::vector<recorded_event>& into) const override;
  std::int64_t last_sequence() const override;
  subscription_id subscribe(subscriber_callback callback) override;
  void unsubscribe(subscription_id id) override;
  void follow_others(std::int64_t, subscriber_callback) override {}  // one process owns the file
  batch_statistics statistics() const override;
  void write_snapshot(const std::string& name, const log_snapshot& snapshot) override;
  snapshot_read read_snapshot(const std::string& name) const override;
  std::string writer_failure() const override;
  void close() override;

  // Changes the size cap (SQLite max_page_count) before the next batch; see sqlite_options::max_page_count.
  void set_max_page_count(std::int64_t pages);

 private:
  sqlite_event_log(std::string path, std::chrono::milliseconds busy_timeout,
                   std::unique_ptr<subscriber_list> subscribers, std::unique_ptr<reader_pool> readers,
                   std::unique_ptr<group_commit_writer> writer);

  const std::string path_;  // snapshots are written on a connection of their own (rare, and large)
  const std::chrono::milliseconds busy_timeout_;

  std::unique_ptr<subscriber_list> subscribers_;
  std::unique_ptr<reader_pool> readers_;         // mutable state behind a pointer: reads stay const
  std::unique_ptr<group_commit_writer> writer_;  // last: stopped first, while subscribers_ still exists
};

}  // namespace scsa::events
