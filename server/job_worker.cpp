// The worker threads' loop and the stop order of job_worker.
#include "server/job_worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

#include "events/event_log.hpp"

namespace scsa::server {

job_worker::job_worker(job_worker_options options) : options_(std::move(options)) {
  const std::size_t count = std::max<std::size_t>(options_.threads, 1);
  threads_.reserve(count);
  for (std::size_t i = 0; i < count; ++i) threads_.emplace_back([this] { work_loop(); });
}

job_worker::~job_worker() {
  stop();
}

bool job_worker::try_post(job work, http_responder respond) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && queue_.size() < options_.max_queued) {
      queue_.emplace_back(std::move(work), std::move(respond));
      queue_changed_.notify_one();
      return true;
    }
  }
  respond(http_response::error(503, "busy", options_.busy_message));
  return false;
}

bool job_worker::accepting() const {
  std::lock_guard lock(mutex_);
  return !stopping_;
}

void job_worker::stop() {
  std::deque<std::pair<job, http_responder>> refused;
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (options_.at_stop == queued_at_stop::refuse) refused.swap(queue_);
    threads.swap(threads_);  // a second stop() finds none to join
  }
  queue_changed_.notify_all();
  for (auto& entry : refused)
    entry.second(http_response::error(503, "shutting_down", "the server is stopping"));
  for (auto& thread : threads) thread.join();
}

void job_worker::work_loop() {
  for (;;) {
    std::pair<job, http_responder> next;
    {
      std::unique_lock lock(mutex_);
      queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing is left that should run
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    http_response response;
    try {
      response = next.first();
    } catch (const events::storage_failure& e) {  // the database is away: worth a retry, not a fault
      spdlog::warn("a {} job: {}", options_.name, e.what());
      response = http_response::error(503, "storage_error", "the database is not reachable; try again");
    } catch (const std::exception& e) {
      spdlog::error("a {} job failed: {}", options_.name, e.what());
      response = options_.failure;
    } catch (...) {
      spdlog::error("a {} job failed with an unknown exception", options_.name);
      response = options_.failure;
    }
    next.second(std::move(response));
  }
}

}  // namespace scsa::server
