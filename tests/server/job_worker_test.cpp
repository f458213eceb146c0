// job_worker: the bounded queue refuses what does not fit, jobs run and are answered, a throwing job is
// answered with the failure while its thread goes on, and stop() refuses or finishes the queue and joins.
// No timing: jobs block on promises the test fulfils, and the test waits on the answers' futures.
#include <catch2/catch.hpp>

#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/job_worker.hpp"

using scsa::server::http_response;
using scsa::server::job_worker;
using scsa::server::job_worker_options;
using scsa::server::queued_at_stop;

namespace {

// A responder that hands its answer to a future.
struct answer {
  std::shared_ptr<std::promise<http_response>> promise = std::make_shared<std::promise<http_response>>();
  std::future<http_response> future = promise->get_future();
  scsa::server::http_responder responder() {
    return [p = promise](http_response response) { p->set_value(std::move(response)); };
  }
  bool ready() const { return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }
};

http_response status(int code) {
  http_response response;
  response.status = code;
  return response;
}

// A job that reports it started, then waits until the test opens the gate.
struct gated_job {
  std::promise<void> started;
  std::future<void> has_started = started.get_future();  // taken before the worker can set it
  std::promise<void> gate;
  job_worker::job job() {
    return [this, opened = gate.get_future().share()] {
      started.set_value();
      opened.wait();
      return status(200);
    };
  }
};

job_worker_options options(std::size_t threads, std::size_t max_queued, queued_at_stop at_stop) {
  job_worker_options o;
  o.name = "test";
  o.threads = threads;
  o.max_queued = max_queued;
  o.at_stop = at_stop;
  o.busy_message = "full";
  o.failure = http_response::error(500, "internal_error", "failed");
  return o;
}

}  // namespace

TEST_CASE("job worker: every posted job runs and is answered with its response", "[job_worker]") {
  job_worker worker(options(2, 64, queued_at_stop::refuse));
  std::vector<answer> answers(20);
  for (std::size_t i = 0; i < answers.size(); ++i)
    REQUIRE(worker.try_post([i] { return status(200 + static_cast<int>(i)); }, answers[i].responder()));
  for (std::size_t i = 0; i < answers.size(); ++i) CHECK(answers[i].future.get().status == 200 + int(i));
}

TEST_CASE("job worker: a full queue refuses at once with 503 busy", "[job_worker]") {
  job_worker worker(options(1, 1, queued_at_stop::refuse));
  gated_job running;
  answer first, queued, refused;
  REQUIRE(worker.try_post(running.job(), first.responder()));
  running.has_started.wait();  // the only thread is busy: what follows waits in the queue
  REQUIRE(worker.try_post([] { return status(201); }, queued.responder()));
  CHECK_FALSE(worker.try_post([] { return status(202); }, refused.responder()));
  REQUIRE(refused.ready());  // answered on the caller's thread, before try_post returned
  const auto busy = refused.future.get();
  CHECK(busy.status == 503);
  CHECK(busy.body.find("\"busy\"") != std::string::npos);
  CHECK(busy.body.find("full") != std::string::npos);
  running.gate.set_value();
  CHECK(first.future.get().status == 200);
  CHECK(queued.future.get().status == 201);
}

TEST_CASE("job worker: a job that throws is answered with the failure and the thread goes on",
          "[job_worker]") {
  job_worker worker(options(1, 8, queued_at_stop::refuse));
  answer thrown, unknown, after;
  REQUIRE(worker.try_post([]() -> http_response { throw std::runtime_error("disk on fire"); },
                          thrown.responder()));
  REQUIRE(worker.try_post([]() -> http_response { throw 42; }, unknown.responder()));
  REQUIRE(worker.try_post([] { return status(200); }, after.responder()));
  const auto failed = thrown.future.get();
  CHECK(failed.status == 500);
  CHECK(failed.body.find("internal_error") != std::string::npos);
  CHECK(unknown.future.get().status == 500);
  CHECK(after.future.get().status == 200);  // the single thread survived both
}

TEST_CASE("job worker: stop refuses the queue, lets the running job finish and joins", "[job_worker]") {
  job_worker worker(options(1, 8, queued_at_stop::refuse));
  gated_job running;
  answer first, queued;
  REQUIRE(worker.try_post(running.job(), first.responder()));
  running.has_started.wait();
  REQUIRE(worker.try_post([] { return status(201); }, queued.responder()));

  std::thread stopper([&] { worker.stop(); });
  const auto shut = queued.future.get();  // answered by stop() while the running job still blocks it
  CHECK(shut.status == 503);
  CHECK(shut.body.find("shutting_down") != std::string::npos);
  CHECK_FALSE(worker.accepting());
  answer late;
  CHECK_FALSE(worker.try_post([] { return status(200); }, late.responder()));
  CHECK(late.future.get().status == 503);

  running.gate.set_value();
  stopper.join();
  REQUIRE(first.ready());  // stop() returned only after the running job had been answered
  CHECK(first.future.get().status == 200);
  worker.stop();  // idempotent
}

TEST_CASE("job worker: stop with finish runs every queued job before joining", "[job_worker]") {
  job_worker worker(options(1, 8, queued_at_stop::finish));
  gated_job running;
  answer first;
  std::vector<answer> queued(3);
  REQUIRE(worker.try_post(running.job(), first.responder()));
  running.has_started.wait();
  for (auto& a : queued) REQUIRE(worker.try_post([] { return status(201); }, a.responder()));

  std::thread stopper([&] { worker.stop(); });
  while (worker.accepting()) std::this_thread::yield();  // stop() has begun; the jobs are still queued
  for (auto& a : queued) CHECK_FALSE(a.ready());
  running.gate.set_value();
  stopper.join();
  CHECK(first.future.get().status == 200);
  for (auto& a : queued) {
    REQUIRE(a.ready());
    CHECK(a.future.get().status == 201);
  }
}
