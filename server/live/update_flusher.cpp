// The flush thread and its schedules (see update_flusher.hpp).
#include "server/live/update_flusher.hpp"

#include <spdlog/spdlog.h>

#include <vector>

namespace scsa::server {

update_flusher::update_flusher(std::chrono::milliseconds interval, clock now, average_sender send_average)
    : now_(std::move(now)),
      send_average_(std::move(send_average)),
      sessions_(interval),
      averages_(interval) {}

update_flusher::~update_flusher() {
  stop();
}

void update_flusher::session_changed(const std::shared_ptr<live_session>& session) {
  std::lock_guard lock(mutex_);
  wake_by(sessions_.changed(session, now_()));
}

void update_flusher::average_changed(const std::string& municipality) {
  std::lock_guard lock(mutex_);
  wake_by(averages_.changed(municipality, now_()));
}

// Most changes come within an interval of the last flush and are due no sooner than the thread already
// wakes: those cost no wakeup at all.
void update_flusher::wake_by(std::chrono::steady_clock::time_point due) {
  if (wakes_at_ && *wakes_at_ <= due) return;
  wakes_at_ = due;
  wakeup_.notify_one();
}

void update_flusher::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void update_flusher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void update_flusher::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto next = sessions_.next_due();
    if (auto average = averages_.next_due(); average && (!next || *average < *next)) next = average;
    const auto now = now_();
    if (!next || *next > now) {
      wakes_at_ = next;
      if (next)
        wakeup_.wait_until(lock, *next);
      else
        wakeup_.wait(lock);
      // Awake: it reads the schedule again before it sleeps, so changes need not notify until then.
      wakes_at_ = std::chrono::steady_clock::time_point::min();
      continue;
    }
    lock.unlock();
    try {
      flush_due(now);
    } catch (const std::exception& e) {
      spdlog::error("flushing updates failed: {}", e.what());
    }
    lock.lock();
  }
}

void update_flusher::flush_due(std::chrono::steady_clock::time_point now) {
  std::vector<std::shared_ptr<live_session>> sessions;
  std::vector<std::string> municipalities;
  {
    std::lock_guard lock(mutex_);
    sessions = sessions_.take_due(now);
    municipalities = averages_.take_due(now);
  }
  for (const auto& session : sessions) session->flush_updates(now);
  for (const auto& code : municipalities) send_average_(code);
  // The next flush of each waits a whole interval from now, the end of this one.
  const auto done = now_();
  std::lock_guard lock(mutex_);
  for (const auto& session : sessions) sessions_.flushed(session, done);
  for (const auto& code : municipalities) averages_.flushed(code, done);
}

}  // namespace scsa::server
