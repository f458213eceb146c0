// The public forms (docs/api.md): POST /api/requests and POST /api/sample-report-requests (validated,
// rate-limited per client address, honeypot); the operators read them at the desk (desk/desk_api.hpp).
// Validation and the rate limit run on the io thread (all in memory); storing runs on the API's own worker
// thread with a bounded queue, so no io thread waits for an fsync. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "server/forms/form_store.hpp"
#include "server/http_types.hpp"
#include "server/job_worker.hpp"
#include "server/limits/open_write_limits.hpp"

namespace scsa::server {

struct forms_api_options {
  open_write_limits* limits = nullptr;  // throttles submissions per client address; null: none
  std::size_t max_queued = 64;          // waiting database jobs; more are refused with 503
};

class forms_api final : public http_handler {
 public:
  // `submitted` is called after a submission committed (the outbox's wake()).
  forms_api(form_store& store, std::function<void()> submitted, forms_api_options options = {});
  ~forms_api() override;
  forms_api(const forms_api&) = delete;
  forms_api& operator=(const forms_api&) = delete;

  bool handle(const http_request& request, http_responder respond) override;

  // Stores what is queued (answering each request), then joins the worker; idempotent.
  void stop();

 private:
  void submit(const http_request& request, bool sample_report, http_responder respond);

  form_store& store_;
  std::function<void()> submitted_;
  forms_api_options options_;

  // Every database job, one at a time; stop() still stores what was queued. Last, so it is joined before
  // the members its jobs use are destroyed.
  job_worker worker_;
};

}  // namespace scsa::server
