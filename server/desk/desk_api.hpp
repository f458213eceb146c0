// The provider's desk's routes (docs/api.md, "The provider's desk"): who signed in, the requests from the
// public forms (list, one with its history, handled and reopened, notes, erasure, CSV), the mail outbox
// and the relay (resend one now), and the municipalities' coverage for comparisons. Operators only: the
// gate runs on the io thread (hashes in memory); every database job runs on the desk's own worker thread,
// so no io thread waits for an fsync. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/municipalities.hpp"
#include "server/forms/form_store.hpp"
#include "server/forms/mail_outbox.hpp"
#include "server/http_types.hpp"
#include "server/job_worker.hpp"
#include "server/live/live_hub.hpp"
#include "server/operator_access.hpp"

namespace scsa::server {

struct desk_api_options {
  std::size_t retention_days = 365;  // --request-retention-days, to say when a request will be erased
  int min_respondents = 5;           // k: from how many respondents a municipality may be compared with
  std::string smtp_host;             // "" when no relay is configured
  std::uint16_t smtp_port = 25;
  std::size_t max_queued = 64;  // waiting database jobs; more are refused with 503
};

class desk_api final : public http_handler {
 public:
  // Every reference must outlive this.
  desk_api(form_store& store, mail_outbox& outbox, const operator_gate& operators, const live_hub& hub,
           const domain::municipality_registry& municipalities, desk_api_options options);
  ~desk_api() override;  // stop()
  desk_api(const desk_api&) = delete;
  desk_api& operator=(const desk_api&) = delete;

  // /api/desk/me, GET /api/requests…, /api/mail…, /api/coverage; false for anything else (POST
  // /api/requests is the public form's).
  bool handle(const http_request& request, http_responder respond) override;

  // Finishes what is queued (a change that was accepted lands), then joins the worker; idempotent.
  void stop();

 private:
  void requests(const http_request& request, http_responder respond);
  void one_request(const http_request& request, const std::string& id, std::string_view what, std::string by,
                   http_responder respond);
  http_response mail() const;
  http_response coverage() const;

  form_store& store_;
  mail_outbox& outbox_;
  const operator_gate& operators_;
  const live_hub& hub_;
  const domain::municipality_registry& municipalities_;
  desk_api_options options_;

  // Last, so it is joined before the members its jobs use are destroyed.
  job_worker worker_;
};

}  // namespace scsa::server
