// The routes of re-assessment (docs/api.md, "Re-assessment and trend"): a session's baseline and the change
// since then, the sessions it may take as baseline, whom the group can learn from, and a municipality's
// trend over the years. Who may read is checked on the io thread; the folds and log reads run on the API's
// own worker thread. Thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "domain/catalogue.hpp"
#include "domain/municipalities.hpp"
#include "server/http_types.hpp"
#include "server/job_worker.hpp"
#include "server/live/live_hub.hpp"
#include "server/operator_access.hpp"
#include "server/review/replay_api.hpp"

namespace scsa::server::report {

struct reassessment_api_options {
  int min_respondents = 5;      // k
  std::size_t max_queued = 32;  // requests waiting for the worker; more are refused with 503 busy
};

class reassessment_api final : public http_handler {
 public:
  // `readers` answers who may read a session and when it began; every reference must outlive this.
  reassessment_api(const domain::catalogue& catalogue, const domain::municipality_registry& municipalities,
                   live_hub& hub, const replay_api& readers, const operator_gate& operators,
                   reassessment_api_options options = {});
  ~reassessment_api() override;  // stop()
  reassessment_api(const reassessment_api&) = delete;
  reassessment_api& operator=(const reassessment_api&) = delete;

  bool handle(const http_request& request, http_responder respond) override;
  void stop();  // answers the queued requests 503 and joins the worker; idempotent

 private:
  http_response baseline(const std::string& session_id) const;
  http_response candidates(const std::string& session_id) const;
  http_response learn_from(const std::string& session_id, domain::language lang) const;
  http_response trend(const domain::municipality& municipality) const;

  const domain::catalogue& catalogue_;
  const domain::municipality_registry& municipalities_;
  live_hub& hub_;
  const replay_api& readers_;
  const operator_gate& operators_;
  const reassessment_api_options options_;

  job_worker worker_;  // last: joined before the members its jobs use are destroyed
};

}  // namespace scsa::server::report
