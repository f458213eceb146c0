// Test-only, for the unsafe build (SCSA_UNSAFE_ACK_BEFORE_COMMIT, built with the tests, never packaged):
// holds appends back after their early ack, so that the durability harness's kill lands between an ack
// and its commit. Included by live_session.cpp only in that build.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace scsa::server {

// Test-only (the unsafe build): runs each posted append 200 ms later, in the order posted (one thread), so
// appends keep their decision order. Never destroyed: its detached thread may outlive main.
class delayed_appends {
 public:
  void post(std::function<void()> append) {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(std::chrono::steady_clock::now() + std::chrono::milliseconds(200), std::move(append));
    wake_.notify_one();
  }
  delayed_appends() {
    std::thread([this] { run(); }).detach();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return !queue_.empty(); });
      const auto due = queue_.front().first;
      if (std::chrono::steady_clock::now() < due) {
        wake_.wait_until(lock, due);
        continue;
      }
      auto append = std::move(queue_.front().second);
      queue_.pop_front();
      lock.unlock();
      append();
      lock.lock();
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::function<void()>>> queue_;
};

inline delayed_appends& unsafe_delayed_appends() {
  static auto* appends = new delayed_appends();
  return *appends;
}

}  // namespace scsa::server
