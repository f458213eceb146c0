// The JSON HTTP API (docs/api.md): health, catalogue, municipalities and their averages (each shown only
// with at least k = min_respondents respondents), the national average, and creating
// sessions; reading a session (results, replay, exports) is the review handler's (replay_api), which gets
// every /api/ request first. Thread-safe: the catalogue and registry are read-only, the hub is thread-safe;
// creating a session answers after its commit, through the responder.
#pragma once

#include "domain/catalogue.hpp"
#include "domain/municipalities.hpp"
#include "domain/municipality_averages.hpp"
#include "server/http_types.hpp"
#include "server/limits/open_write_limits.hpp"
#include "server/live/live_hub.hpp"

namespace scsa::server {

struct public_api_options {
  // A municipality appears in comparisons only with at least this many respondents.
  int min_respondents = domain::min_respondents_to_compare;
  open_write_limits* limits = nullptr;  // throttles session creation and join-code lookups; null: none
};

class public_api final : public http_handler {
 public:
  public_api(const domain::catalogue& catalogue, const domain::municipality_registry& municipalities,
             live_hub& hub, public_api_options options = {}, http_handler* sessions_reader = nullptr,
             http_handler* forms = nullptr, http_handler* reports = nullptr, http_handler* desk = nullptr,
             http_handler* reassessment = nullptr);

  bool handle(const http_request& request, http_responder respond) override;

 private:
  http_response health() const;
  http_response catalog(const http_request& request) const;
  http_response municipalities(const http_request& request) const;
  http_response municipality_averages(const std::string& code) const;
  http_response join_code(const http_request& request, const std::string& code) const;
  http_response national_averages() const;
  http_response open_figures(bool csv) const;  // GET /api/open-data/statements.csv|json
  void create_session(const http_request& request, http_responder respond);

  const domain::catalogue& catalogue_;
  const domain::municipality_registry& municipalities_;
  live_hub& hub_;
  public_api_options options_;
  http_handler* sessions_reader_;  // the review routes under /api/sessions (may be null)
  http_handler* forms_;            // the public forms (may be null)
  http_handler* reports_;          // the report routes (PDF and the report page's JSON; may be null)
  http_handler* desk_;             // the provider's desk: requests, mail, coverage (may be null)
  http_handler* reassessment_;     // baselines, whom to learn from, a municipality's trend (may be null)
};

}  // namespace scsa::server
