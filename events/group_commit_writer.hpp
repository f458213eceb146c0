// The single writer: one thread and one SQLite connection that take every queued append (up to a batch
// size), decide and write them in one transaction, commit, publish the new events and only then complete
// each append. A failed commit completes the whole batch with storage_error. A full disk (SQLITE_FULL) is
// transient: the next batch tries again. An I/O error or corruption (a failed write or fsync, SQLITE_IOERR,
// SQLITE_CORRUPT, SQLITE_NOTADB) stops the writer for good (fail-stop): after a failed fsync the kernel may
// have dropped the dirty pages, so retrying could report durable what never reached the disk. Every later
// append then completes with storage_error until the process is restarted (and recovers from the file).
// Thread-safe: submit, limit_page_count and statistics may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "events/batch_appender.hpp"
#include "events/command_index.hpp"
#include "events/event_log.hpp"
#include "events/sqlite_event_log.hpp"  // commit_observer
#include "events/sqlite_handle.hpp"
#include "events/subscriber_list.hpp"

namespace scsa::events {

class group_commit_writer {
 public:
  // Starts the thread; `connection` is configured and migrated, `subscribers` outlives the writer.
  // Indexes commands a crash left unindexed (command_index) before it returns; throws sqlite_error.
  group_commit_writer(sqlite_connection connection, std::size_t max_batch_size, std::size_t commands_held,
                      const subscriber_list& subscribers, commit_observer on_commit = {});
  group_commit_writer(const group_commit_writer&) = delete;
  group_commit_writer& operator=(const group_commit_writer&) = delete;
  ~group_commit_writer();  // stop()

  // Queues a validated append; once stopped, completes it at once with storage_error.
  void submit(append_request request, append_callback completion);

  // Writes everything queued, then joins the thread. Idempotent.
  void stop();

  // Sets SQLite's max_page_count before the next batch (a disk quota; tests use it to fill the "disk").
  void limit_page_count(std::int64_t pages);

  batch_statistics statistics() const;

  // Why the writer stopped for good (fail-stop), or "" while it works.
  std::string failure() const;

 private:
  struct pending_append {
    append_request request;
    append_callback completion;
    std::chrono::steady_clock::time_point submitted;
  };

  void run();
  void write_batch(std::vector<pending_append>& batch);
  void flush_commands();
  // Fail-stop after an I/O error or corruption (see above).
  void stop_for_good(const std::string& io_error);

  sqlite_connection connection_;
  command_index commands_;   // after connection_: its statements are finalized first
  batch_appender appender_;  // likewise
  const subscriber_list& subscribers_;
  const std::size_t max_batch_size_;
  const commit_observer on_commit_;

  mutable std::mutex queue_mutex_;  // guards queue_, stopping_, failure_ and page_limit_
  std::condition_variable queue_changed_;
  std::deque<pending_append> queue_;
  bool stopping_{false};
  std::string failure_;         // why the writer stopped for good; empty while it works
  std::int64_t page_limit_{0};  // 0: unchanged since the last batch

  mutable std::mutex statistics_mutex_;  // guards statistics_
  batch_statistics statistics_;

  std::mutex stop_mutex_;  // serialises stop() callers around the join
  std::thread thread_;     // last: starts once everything above exists
};

}  // namespace scsa::events
