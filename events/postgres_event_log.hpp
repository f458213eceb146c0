// The PostgreSQL engine of the event log, for several scsa nodes on one database: one writer thread per
// node with its own connection (group commit: many appends, one transaction) and a small pool of reader
// connections. Sequences are gap-free and in commit order across every node: each transaction takes the
// single row of `log_head` FOR UPDATE before it numbers its events and holds that lock until it commits, so
// a transaction that numbers later also commits later, and a reader tailing by sequence never skips an
// event that commits after it looked (the classic bug of event stores on a plain sequence). A lost
// connection fails the batch with storage_error (never an ack) and the writer reconnects for the next one;
// an append retried with the same command id then answers as the first one did.
// Thread-safe: every public member may be called from any thread at the same time.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "events/event_log.hpp"
#include "events/pg_handle.hpp"
#include "events/subscriber_list.hpp"

namespace scsa::events {

struct postgres_options {
  std::size_t max_batch_size{512};  // most appends committed in one transaction (>= 1)
  std::size_t max_idle_readers{4};  // reader connections kept open between reads
  // Told after each committed transaction, on the writer thread: appends decided, events written, time.
  std::function<void(std::size_t appends, std::size_t events, std::chrono::nanoseconds duration)> on_commit;
};

class postgres_event_log final : public event_log {
 public:
  // Connects to `uri` (postgresql://user@host:port/dbname; the password from PGPASSWORD or ~/.pgpass),
  // creates or migrates the tables and starts the writer. Throws storage_failure.
  static std::unique_ptr<postgres_event_log> open(const std::string& uri, postgres_options options = {});

  ~postgres_event_log() override;

  void append(append_request request, append_callback completion) override;
  std::vector<recorded_event> read_stream(const std::string& stream_id, std::int64_t from_version = 1,
                                          std::size_t limit = SIZE_MAX) const override;
  std::vector<recorded_event> read_all_after(std::int64_t sequence, std::size_t limit) const override;
  void read_all_after(std::int64_t sequence, std::size_t limit,
                      std::vector<recorded_event>& into) const override;
  std::int64_t last_sequence() const override;  // as the database has it: every node's commits
  subscription_id subscribe(subscriber_callback callback) override;  // this node's commits
  void unsubscribe(subscription_id id) override;
  // Woken by NOTIFY (every commit sends one on its channel), the log read as the truth (a notification is
  // only a wake-up; a read every second catches one lost in a reconnect); this node's own commits are known
  // by the sequences its writer numbered (noted before COMMIT, so a follower never mistakes them).
  void follow_others(std::int64_t after_sequence, subscriber_callback callback) override;
  batch_statistics statistics() const override;
  void write_snapshot(const std::string& name, const log_snapshot& snapshot) override;
  snapshot_read read_snapshot(const std::string& name) const override;
  std::string writer_failure() const override;  // always "": a lost connection is retried, not fatal
  void close() override;

 private:
  struct pending_append {
    append_request request;
    append_callback completion;
    std::chrono::steady_clock::time_point submitted;
  };

  postgres_event_log(std::string uri, pg_connection writer, postgres_options options);
  void run();
  void follow(std::int64_t after_sequence);  // the follower thread
  bool is_own(std::int64_t sequence);        // and forgets own ranges below it
  void write_batch(std::vector<pending_append>& batch);
  std::vector<append_result> decide_and_write(std::vector<pending_append>& batch,
                                              std::vector<recorded_event>& recorded);

  // A reader connection for the duration of one read.
  class reader_lease;
  reader_lease lease() const;
  // Runs a read on a pooled connection; when that connection turns out closed by PostgreSQL (a restart:
  // an idle connection fails only at its first use), the idle pool is dropped and the read runs once
  // more on a fresh connection. Reads change nothing, so running one again is safe.
  template <class read_fn>
  auto reading(read_fn read) const;
  // BEGIN and the head's lock, the batch's first round trip; the writer connection is opened again (once)
  // when PostgreSQL closed it meanwhile, as nothing of the batch was sent yet.
  std::int64_t begin_batch();

  const std::string uri_;
  const postgres_options options_;
  pg_connection writer_;  // the writer thread's alone
  bool writer_prepared_ = false;
  subscriber_list subscribers_;

  mutable std::mutex readers_mutex_;  // guards idle_readers_
  mutable std::vector<pg_connection> idle_readers_;

  mutable std::mutex queue_mutex_;  // guards queue_, stopping_, statistics_
  std::condition_variable queue_changed_;
  std::deque<pending_append> queue_;
  bool stopping_ = false;
  batch_statistics statistics_;

  std::mutex own_mutex_;                             // guards own_ranges_
  std::map<std::int64_t, std::int64_t> own_ranges_;  // first -> last sequence this writer numbered
  std::optional<std::pair<std::int64_t, std::int64_t>> uncommitted_;  // the writer thread's, until COMMIT

  subscriber_callback others_;         // set once by follow_others
  std::atomic<bool> followed_{false};  // own ranges are noted only while a follower needs them
  std::atomic<bool> following_stop_{false};
  std::thread follower_;

  std::mutex stop_mutex_;
  std::thread thread_;  // last
};

}  // namespace scsa::events
