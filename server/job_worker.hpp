// Runs HTTP jobs (disk reads, database writes, PDF drawing) on a fixed number of threads of its own, so no
// io thread waits for them. The queue is bounded: a job that does not fit is answered 503 `busy` at once.
// A job that throws is answered with the configured failure and its thread goes on. stop() finishes or
// refuses what is still queued (as configured), lets running jobs complete and joins the threads.
// Thread-safe; every responder is called exactly once, from a worker or from the caller's thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server/http_types.hpp"

namespace scsa::server {

// What stop() does with jobs that are queued but not started.
enum class queued_at_stop {
  refuse,  // answer them 503 shutting_down (reads: the client may ask again after the restart)
  finish,  // run them before the threads end (writes that were accepted must land)
};

struct job_worker_options {
  std::string name = "job";     // names the worker in log lines ("a <name> job failed: ...")
  std::size_t threads = 1;      // at least one
  std::size_t max_queued = 64;  // jobs waiting for a thread; more are refused with 503 busy
  queued_at_stop at_stop = queued_at_stop::refuse;
  std::string busy_message = "the server is busy; try again shortly";  // the 503 busy message
  http_response failure =                                              // the answer when a job throws
      http_response::error(500, "internal_error", "the server failed to answer this request");
};

class job_worker {
 public:
  using job = std::function<http_response()>;

  explicit job_worker(job_worker_options options);
  ~job_worker();  // stop()
  job_worker(const job_worker&) = delete;
  job_worker& operator=(const job_worker&) = delete;

  // Queues `work`; a worker runs it and calls `respond` with its answer. Returns false when the queue is
  // full or stop() has begun: `respond` has then been answered 503 busy already, on this thread.
  bool try_post(job work, http_responder respond);

  // Stops taking jobs, finishes or refuses the queued ones (options.at_stop), waits for the running ones
  // and joins the threads. Idempotent; must not be called from a job.
  void stop();

  // False once stop() has begun.
  bool accepting() const;

 private:
  void work_loop();

  const job_worker_options options_;
  mutable std::mutex mutex_;  // guards queue_, stopping_ and threads_
  std::condition_variable queue_changed_;
  std::deque<std::pair<job, http_responder>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace scsa::server
