// Sends coalesced updates on a thread of its own. A change (a commit, a watcher coming or going, a name)
// puts its session, or a municipality whose average changed, on a leading-edge schedule (update_throttle)
// and wakes the thread when it is due: the first update after a quiet interval leaves at once, and a busy
// session still gets at most one update per interval per audience. The writer thread never serialises.
// Thread-safe: one mutex guards the schedules (a leaf lock); flushing runs outside it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "server/live/live_session.hpp"
#include "server/live/update_throttle.hpp"

namespace scsa::server {

class update_flusher {
 public:
  using clock = std::function<std::chrono::steady_clock::time_point()>;
  // Called on the flush thread with a municipality whose average is due to be sent.
  using average_sender = std::function<void(const std::string& municipality)>;

  update_flusher(std::chrono::milliseconds interval, clock now, average_sender send_average);
  ~update_flusher();  // stop()
  update_flusher(const update_flusher&) = delete;
  update_flusher& operator=(const update_flusher&) = delete;

  void session_changed(const std::shared_ptr<live_session>& session);
  void average_changed(const std::string& municipality);

  void start();
  void stop();
  // Flushes every session and average due at `now` (the thread's step; tests call it on their own clock).
  void flush_due(std::chrono::steady_clock::time_point now);

 private:
  void wake_by(std::chrono::steady_clock::time_point due);  // with mutex_ held
  void run();

  clock now_;
  average_sender send_average_;
  std::mutex mutex_;  // guards the schedules, wakes_at_ and stopping_
  update_throttle<std::shared_ptr<live_session>> sessions_;
  update_throttle<std::string> averages_;                          // by municipality code
  std::optional<std::chrono::steady_clock::time_point> wakes_at_;  // none: sleeps until woken
  std::condition_variable wakeup_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace scsa::server
