// The report routes (docs/api.md, "Reports"): the sample report from demo data, the facilitator's workshop
// report and a participant's own report, as PDF, and the participant's report as JSON for the web page.
// Tokens are checked on the io thread; building and drawing run on the API's own worker thread, so no io
// thread waits for Cairo. Thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "domain/catalogue.hpp"
#include "domain/municipalities.hpp"
#include "server/http_types.hpp"
#include "server/job_worker.hpp"
#include "server/live/live_hub.hpp"
#include "server/report/baseline_rows.hpp"
#include "server/review/replay_api.hpp"

namespace scsa::server::report {

struct report_api_options {
  int min_respondents = 5;      // k: comparisons and departments need this many respondents
  std::size_t max_queued = 16;  // reports waiting to be drawn; more are refused with 503 busy
};

class report_api final : public http_handler {
 public:
  // `readers` answers who may read a session (facilitator, reviewer, operator) for the workshop report.
  report_api(const domain::catalogue& catalogue, const domain::municipality_registry& municipalities,
             live_hub& hub, const replay_api& readers, report_api_options options = {});
  ~report_api() override;  // stop()
  report_api(const report_api&) = delete;
  report_api& operator=(const report_api&) = delete;

  // GET /api/sample-report.pdf, /api/sessions/{id}/report.pdf, /api/sessions/{id}/my-report(.pdf).
  bool handle(const http_request& request, http_responder respond) override;

  // Answers the queued requests 503 and joins the worker. Idempotent.
  void stop();

 private:
  // The "since the baseline" pages of a re-assessment in `lang`, or nullopt.
  std::optional<baseline_pages> baseline_for(const domain::session_state& state,
                                             const domain::consensus_projection& projection,
                                             domain::language lang) const;
  http_response sample(domain::language lang);

  const domain::catalogue& catalogue_;
  const domain::municipality_registry& municipalities_;
  live_hub& hub_;
  const replay_api& readers_;
  const report_api_options options_;

  std::mutex sample_mutex_;                                                  // guards samples_
  std::map<std::pair<domain::language, std::string>, std::string> samples_;  // (language, date) -> PDF

  // Draws the reports, one at a time, off the io threads. Last, so it is joined before the members its
  // jobs use are destroyed.
  job_worker worker_;
};

}  // namespace scsa::server::report
