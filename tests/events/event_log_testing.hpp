// Helpers for the event log tests: a fresh temporary directory per test, request builders, asynchronous
// appends as futures and a gate that holds the writer thread so appends pile up into one batch.
// Single-threaded use from the test body, except writer_gate, which is built for the writer thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "events/event_log.hpp"

namespace scsa::events::testing {

// A directory made by mkdtemp, removed with its content at the end of the scope. The benchmarks use it too.
class temp_dir {
 public:
  explicit temp_dir(const std::string& prefix = "scsa-events") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A request with `count` events of type "thing_happened" and payloads {"n": 0..count-1}.
inline append_request make_request(std::string stream_id, std::int64_t expected_version,
                                   std::string command_id, int count = 1) {
  append_request request;
  request.stream_id = std::move(stream_id);
  request.expected_version = expected_version;
  request.command_id = std::move(command_id);
  request.actor = "tester";
  request.time_ms = 1'700'000'000'000;
  for (int i = 0; i < count; ++i) {
    request.events.push_back(new_event{"thing_happened", 1, "{\"n\":" + std::to_string(i) + "}"});
  }
  return request;
}

// Appends without waiting; the future holds the result once the append completes.
inline std::future<append_result> append_async(event_log& log, append_request request) {
  auto promise = std::make_shared<std::promise<append_result>>();
  auto result = promise->get_future();
  log.append(std::move(request),
             [promise](append_result outcome) { promise->set_value(std::move(outcome)); });
  return result;
}

// Subscribed to a log, holds the writer thread inside the first commit's notification until open() is
// called, so that everything appended meanwhile is queued and taken as one batch. Its state is shared with
// the subscription, so the gate may go before the log does.
class writer_gate {
 public:
  explicit writer_gate(event_log& log) : state_(std::make_shared<state>()) {
    log.subscribe([s = state_](const std::vector<recorded_event>&) {
      if (s->held.exchange(true)) return;
      s->entered.set_value();
      s->released.wait();
    });
  }
  writer_gate(const writer_gate&) = delete;
  writer_gate& operator=(const writer_gate&) = delete;
  ~writer_gate() { open(); }  // never leave the writer held (a failed test must not hang in close())

  void wait_until_writer_held() { state_->entered.get_future().wait(); }
  void open() {
    if (!opened_) state_->release.set_value();
    opened_ = true;
  }

 private:
  struct state {
    std::atomic<bool> held{false};
    std::promise<void> entered;
    std::promise<void> release;
    std::shared_future<void> released{release.get_future().share()};
  };
  std::shared_ptr<state> state_;
  bool opened_{false};
};

}  // namespace scsa::events::testing
