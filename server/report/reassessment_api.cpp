// Re-assessment routes (see reassessment_api.hpp). An unknown session and a wrong token get the same 403.
#include "server/report/reassessment_api.hpp"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "domain/json_number.hpp"
#include "domain/municipality_trend.hpp"
#include "domain/session_export.hpp"
#include "server/report/baseline_model.hpp"
#include "server/report/report_model.hpp"

namespace scsa::server::report {

namespace {

using json = nlohmann::json;

http_response ok_json(const json& body) {
  auto response = http_response::json_body(200, body.dump(-1, ' ', false, json::error_handler_t::replace));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

http_response forbidden() {
  return http_response::error(403, "forbidden", "no session with this id and token");
}

int year_of(std::int64_t ms) {
  const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms)));
  return static_cast<int>(std::chrono::year_month_day(day).year());
}

json means_json(const domain::aspect_means& means) {
  return json{{"current", domain::number_or_null(means[0])}, {"desired", domain::number_or_null(means[1])}};
}

}  // namespace

reassessment_api::reassessment_api(const domain::catalogue& catalogue,
                                   const domain::municipality_registry& municipalities, live_hub& hub,
                                   const replay_api& readers, const operator_gate& operators,
                                   reassessment_api_options options)
    : catalogue_(catalogue),
      municipalities_(municipalities),
      hub_(hub),
      readers_(readers),
      operators_(operators),
      options_(options),
      worker_({.name = "reassessment",
               .threads = 1,
               .max_queued = options.max_queued,
               .at_stop = queued_at_stop::refuse,
               .busy_message = "too many requests at once; try again shortly",
               .failure = http_response::error(500, "internal_error", "the server failed to read this")}) {}

reassessment_api::~reassessment_api() {
  stop();
}

void reassessment_api::stop() {
  worker_.stop();
}

bool reassessment_api::handle(const http_request& request, http_responder respond) {
  const auto segments = path_segments(request.path());
  const bool session_route =
      segments.size() == 4 && segments[0] == "api" && segments[1] == "sessions" &&
      (segments[3] == "baseline" || segments[3] == "baseline-candidates" || segments[3] == "learn-from");
  const bool trend_route = segments.size() == 4 && segments[0] == "api" && segments[1] == "municipalities" &&
                           segments[3] == "trend";
  if (!session_route && !trend_route) return false;
  if (request.method != "GET" && request.method != "HEAD") {
    respond(http_response::error(405, "method_not_allowed", "this method is not allowed here"));
    return true;
  }

  if (trend_route) {
    const auto* municipality = municipalities_.find(segments[2]);
    if (municipality == nullptr) {
      respond(http_response::error(404, "unknown_municipality", "no municipality has this code"));
      return true;
    }
    const std::string token = request.bearer_token();
    if (token.empty()) {
      respond(http_response::error(401, "unauthorized",
                                   "send the operator token or a facilitator token of a session of this "
                                   "municipality as Authorization: Bearer <token>"));
      return true;
    }
    const bool operator_ = operators_.label_of(request).has_value();
    worker_.try_post(
        [this, municipality, token, operator_] {
          if (!operator_) {
            // A facilitator of any session of the municipality (the sessions are read on this worker: a
            // dormant one is folded from the log).
            const auto listed = hub_.sessions();
            const bool facilitates = std::any_of(listed.begin(), listed.end(), [&](const session_listing& s) {
              return s.municipality == municipality->code && hub_.is_facilitator(s.session_id, token);
            });
            if (!facilitates)
              return http_response::error(
                  403, "forbidden",
                  "only the operator or a facilitator of this municipality reads its trend");
          }
          return trend(*municipality);
        },
        std::move(respond));
    return true;
  }

  const std::string session_id(segments[2]);
  auto role = readers_.authorize(request, session_id);
  if (auto* refused = std::get_if<http_response>(&role)) {
    respond(std::move(*refused));
    return true;
  }
  if (segments[3] == "baseline") {
    worker_.try_post([this, session_id] { return baseline(session_id); }, std::move(respond));
  } else if (segments[3] == "baseline-candidates") {
    if (std::get<reader_role>(role) == reader_role::reviewer) {
      respond(
          http_response::error(403, "forbidden", "only the facilitator or the operator chooses a baseline"));
      return true;
    }
    worker_.try_post([this, session_id] { return candidates(session_id); }, std::move(respond));
  } else {
    const std::string lang_text = request.query_parameter("lang");
    const auto lang =
        lang_text.empty() ? std::optional(domain::language::nl) : domain::parse_language(lang_text);
    if (!lang) {
      respond(http_response::error(400, "invalid_language", "lang must be nl or en"));
      return true;
    }
    worker_.try_post([this, session_id, l = *lang] { return learn_from(session_id, l); }, std::move(respond));
  }
  return true;
}

http_response reassessment_api::baseline(const std::string& session_id) const {
  auto session = hub_.find_session(session_id);
  if (!session) return forbidden();
  const auto [state, projection] = session->report_view();
  auto model = find_baseline(hub_, state, projection,
                             [this](const std::string& id) { return readers_.created_ms(id); });
  return ok_json(json{{"baseline", model ? json(*model) : json(nullptr)}});
}

http_response reassessment_api::candidates(const std::string& session_id) const {
  auto session = hub_.find_session(session_id);
  if (!session) return forbidden();
  const std::string municipality = session->municipality();
  const std::int64_t own_start = readers_.created_ms(session_id);
  struct row {
    std::int64_t created;
    json body;
  };
  std::vector<row> rows;
  for (const auto& listed : hub_.sessions()) {
    if (listed.municipality != municipality || listed.session_id == session_id) continue;
    if (!domain::may_compare(static_cast<int>(listed.participants), options_.min_respondents)) continue;
    const std::int64_t created = readers_.created_ms(listed.session_id);
    if (created >= own_start) continue;
    rows.push_back({created, json{{"session_id", listed.session_id},
                                  {"title", listed.title},
                                  {"mode", domain::to_string(listed.mode)},
                                  {"created", domain::format_iso_time(created)},
                                  {"participants", listed.participants},
                                  {"closed", listed.closed}}});
  }
  std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) { return a.created > b.created; });
  json sessions = json::array();
  for (auto& r : rows) sessions.push_back(std::move(r.body));
  return ok_json(json{{"min_respondents", options_.min_respondents}, {"sessions", std::move(sessions)}});
}

http_response reassessment_api::learn_from(const std::string& session_id, domain::language lang) const {
  auto session = hub_.find_session(session_id);
  if (!session) return forbidden();
  const auto [state, projection] = session->report_view();
  const auto tallies = hub_.comparison_tallies();
  // The workshop report's own rows: the same rule, the same statements, on the dashboard.
  const auto report = build_workshop_report(
      {catalogue_, municipalities_, state, projection, tallies, options_.min_respondents, lang, {}, nullptr});
  return ok_json(json{{"learn_from", report.learn_from}});
}

http_response reassessment_api::trend(const domain::municipality& municipality) const {
  const auto respondents = hub_.municipality_sessions(municipality.code);
  std::vector<domain::trend_session> sessions;
  for (const auto& listed : hub_.sessions()) {
    if (listed.municipality != municipality.code) continue;
    const auto found = respondents.find(listed.session_id);
    const std::int64_t created = readers_.created_ms(listed.session_id);
    sessions.push_back({listed.session_id, listed.title, listed.mode, created, year_of(created),
                        found == respondents.end() ? nullptr : &found->second});
  }
  json points = json::array();
  for (const auto& p : domain::municipality_trend(sessions, options_.min_respondents)) {
    json themes = json::array();
    for (std::size_t t = 0; t < p.themes.size(); ++t) {
      json theme = means_json(p.themes[t]);
      theme["theme"] = domain::to_string(static_cast<domain::theme>(t));
      themes.push_back(std::move(theme));
    }
    json point{{"year", p.year},
               {"kind", p.workshop ? "workshop" : "solo"},
               {"date", domain::format_iso_time(p.created_ms).substr(0, 10)},
               {"respondents", p.respondents},
               {"overall", means_json(p.overall)},
               {"themes", std::move(themes)}};
    if (p.workshop) {
      point["session_id"] = p.session_id;
      point["title"] = p.title;
    }
    points.push_back(std::move(point));
  }
  return ok_json(json{{"municipality", municipality.code},
                      {"name", municipality.name},
                      {"min_respondents", options_.min_respondents},
                      {"points", std::move(points)}});
}

}  // namespace scsa::server::report
