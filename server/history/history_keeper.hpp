// Keeps start-up short and memory within its budget, on a thread of its own: every `check_every` it runs
// the hub's memory sweep, and once `every_events` events were appended since the last history snapshot it
// writes a new one, built from that snapshot and the log after it (never from the live projections, which
// commits move meanwhile; so a snapshot holds exactly what folding the log gives). stop() writes a last one
// when anything is new, so a clean restart folds almost nothing. Thread-safe: start, stop and
// snapshot_now may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "domain/history_snapshot.hpp"
#include "events/event_log.hpp"
#include "server/history/history_loader.hpp"

namespace scsa::server {

struct history_keeper_options {
  std::chrono::milliseconds check_every{std::chrono::seconds(10)};
  std::int64_t every_events = 100'000;  // 0: no snapshots (the sweep still runs)
};

class history_keeper {
 public:
  // `snapshot_sequence`: what the stored snapshot covers at start (0: none). `sweep` may be empty.
  history_keeper(events::event_log& log, std::function<void()> sweep, history_keeper_options options,
                 std::int64_t snapshot_sequence);
  ~history_keeper();  // stop()
  history_keeper(const history_keeper&) = delete;
  history_keeper& operator=(const history_keeper&) = delete;

  // `unsaved`: the snapshot of projections folded at start that no snapshot holds yet (a long fold need not
  // be repeated at the next start): written first, on the keeper's thread, so serving need not wait.
  void start(std::optional<history_text> unsaved = std::nullopt);
  void stop();
  // Writes a snapshot now when the log has events after the last one; returns whether it did. Failures
  // are logged (a snapshot is an optimisation: serving goes on without it).
  bool snapshot_now();

 private:
  void run(std::optional<history_text> unsaved);
  void write(const domain::long_lived_projections& projections);  // with mutex_ held

  events::event_log& log_;
  std::function<void()> sweep_;
  const history_keeper_options options_;
  std::mutex mutex_;  // guards snapshot_sequence_, stopping_; held while a snapshot is written
  std::int64_t snapshot_sequence_;
  bool stopping_ = false;
  std::condition_variable wakeup_;
  std::thread thread_;
};

}  // namespace scsa::server
