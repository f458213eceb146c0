// The housekeeping thread of the history (see history_keeper.hpp).
#include "server/history/history_keeper.hpp"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include "server/history/history_loader.hpp"
#include "server/wall_clock.hpp"

namespace scsa::server {

history_keeper::history_keeper(events::event_log& log, std::function<void()> sweep,
                               history_keeper_options options, std::int64_t snapshot_sequence)
    : log_(log), sweep_(std::move(sweep)), options_(options), snapshot_sequence_(snapshot_sequence) {}

history_keeper::~history_keeper() {
  stop();
}

void history_keeper::start(std::optional<history_text> unsaved) {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this, unsaved = std::move(unsaved)]() mutable { run(std::move(unsaved)); });
}

void history_keeper::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (options_.every_events > 0) snapshot_now();
}

bool history_keeper::snapshot_now() {
  std::lock_guard lock(mutex_);
  try {
    if (log_.last_sequence() <= snapshot_sequence_) return false;
    const auto started = std::chrono::steady_clock::now();
    auto loaded = load_history(log_);
    write(loaded.projections);
    spdlog::info(
        "history snapshot written at sequence {} ({} events folded since the last) in {} ms",
        snapshot_sequence_, loaded.folded_events,
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
            .count());
    return true;
  } catch (const std::exception& e) {
    spdlog::error("history snapshot not written: {}", e.what());
    return false;
  }
}

void history_keeper::write(const domain::long_lived_projections& projections) {
  write_history_snapshot(log_, projections, wall_clock_ms());
  snapshot_sequence_ = projections.through_sequence;
}

void history_keeper::run(std::optional<history_text> unsaved) {
  std::unique_lock lock(mutex_);
  if (unsaved) {
    try {
      write_history_text(log_, *unsaved, wall_clock_ms());
      snapshot_sequence_ = unsaved->through_sequence;
      spdlog::info("history snapshot written at sequence {} (the fold at start)", snapshot_sequence_);
    } catch (const std::exception& e) {
      spdlog::error("history snapshot not written: {}", e.what());
    }
    unsaved.reset();
    malloc_trim(0);  // glibc may keep freed memory otherwise
  }
  while (!stopping_) {
    wakeup_.wait_for(lock, options_.check_every, [this] { return stopping_; });
    if (stopping_) break;
    const auto covered = snapshot_sequence_;
    lock.unlock();
    if (sweep_) sweep_();
    try {
      if (options_.every_events > 0 && log_.last_sequence() - covered >= options_.every_events)
        snapshot_now();
    } catch (const std::exception& e) {
      spdlog::error("history keeper: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace scsa::server
