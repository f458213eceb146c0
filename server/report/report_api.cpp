// Report routes: check the method, the language, the comparisons and the token on the io thread, then
// build the model from a consistent copy of the session and the tallies and draw it on the worker.
// An unknown session and a wrong token get the same 403, as in the review API.
#include "server/report/report_api.hpp"

#include "server/report/baseline_section.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "server/report/report_pdf.hpp"
#include "server/report/sample_report.hpp"

namespace scsa::server::report {

namespace {

using json = nlohmann::json;

http_response pdf(std::string body, const std::string& filename, bool shareable) {
  http_response response;
  response.content_type = "application/pdf";
  response.body = std::move(body);
  response.headers.emplace_back("Cache-Control", shareable ? "public, max-age=3600" : "no-store");
  response.headers.emplace_back("Content-Disposition", "inline; filename=\"" + filename + "\"");
  return response;
}

http_response forbidden() {
  return http_response::error(403, "forbidden", "no session with this id and token");
}

long long today_days() {
  return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()).time_since_epoch().count();
}

// "GM0307,GM0193" -> the registry's codes; an unknown code or more than two is a refusal.
std::variant<std::vector<std::string>, http_response> chosen_municipalities(
    const http_request& request, const domain::municipality_registry& registry) {
  std::vector<std::string> codes;
  const std::string text = request.query_parameter("compare");
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view code = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (code.empty()) continue;
    const auto* found = registry.find(code);
    if (found == nullptr)
      return http_response::error(400, "unknown_municipality",
                                  "compare holds a code that is no municipality");
    codes.push_back(found->code);
  }
  if (codes.size() > 2)
    return http_response::error(400, "too_many_comparisons", "compare with at most two municipalities");
  return codes;
}

}  // namespace

report_api::report_api(const domain::catalogue& catalogue,
                       const domain::municipality_registry& municipalities, live_hub& hub,
                       const replay_api& readers, report_api_options options)
    : catalogue_(catalogue),
      municipalities_(municipalities),
      hub_(hub),
      readers_(readers),
      options_(options),
      worker_({.name = "report",
               .threads = 1,
               .max_queued = options.max_queued,
               .at_stop = queued_at_stop::refuse,
               .busy_message = "too many reports at once; try again shortly",
               .failure =
                   http_response::error(500, "internal_error", "the server failed to make this report")}) {}

report_api::~report_api() {
  stop();
}

void report_api::stop() {
  worker_.stop();
}

http_response report_api::sample(domain::language lang) {
  const auto key = std::make_pair(lang, format_date(today_days(), lang));
  {
    std::lock_guard lock(sample_mutex_);
    if (auto found = samples_.find(key); found != samples_.end())
      return pdf(found->second, lang == domain::language::nl ? "voorbeeldrapport.pdf" : "sample-report.pdf",
                 true);
  }
  std::string document = render_sample_report_pdf(catalogue_, municipalities_, lang);
  std::lock_guard lock(sample_mutex_);
  samples_.clear();  // only today's two languages are kept
  samples_[key] = document;
  return pdf(std::move(document), lang == domain::language::nl ? "voorbeeldrapport.pdf" : "sample-report.pdf",
             true);
}

std::optional<baseline_pages> report_api::baseline_for(const domain::session_state& state,
                                                       const domain::consensus_projection& projection,
                                                       domain::language lang) const {
  auto baseline = find_baseline(hub_, state, projection,
                                [this](const std::string& id) { return readers_.created_ms(id); });
  if (!baseline) return std::nullopt;
  return baseline_pages_for(*baseline, catalogue_, lang);
}

bool report_api::handle(const http_request& request, http_responder respond) {
  const auto segments = path_segments(request.path());
  const bool is_sample = segments.size() == 2 && segments[0] == "api" && segments[1] == "sample-report.pdf";
  const bool is_workshop = segments.size() == 4 && segments[0] == "api" && segments[1] == "sessions" &&
                           segments[3] == "report.pdf";
  const bool is_personal = segments.size() == 4 && segments[0] == "api" && segments[1] == "sessions" &&
                           (segments[3] == "my-report.pdf" || segments[3] == "my-report");
  if (!is_sample && !is_workshop && !is_personal) return false;
  if (request.method != "GET" && request.method != "HEAD") {
    respond(http_response::error(405, "method_not_allowed", "this method is not allowed here"));
    return true;
  }
  const std::string lang_text = request.query_parameter("lang");
  const auto lang =
      lang_text.empty() ? std::optional(domain::language::nl) : domain::parse_language(lang_text);
  if (!lang) {
    respond(http_response::error(400, "invalid_language", "lang must be nl or en"));
    return true;
  }
  if (is_sample) {
    worker_.try_post([this, l = *lang] { return sample(l); }, std::move(respond));
    return true;
  }

  const std::string session_id(segments[2]);
  const int k = options_.min_respondents;
  const std::string date = format_date(today_days(), *lang);
  if (is_workshop) {
    auto role = readers_.authorize(request, session_id);
    if (auto* refused = std::get_if<http_response>(&role)) {
      respond(std::move(*refused));
      return true;
    }
    auto session = hub_.find_session(session_id);
    if (!session) {
      respond(forbidden());
      return true;
    }
    worker_.try_post(
        [this, session, k, l = *lang, date] {
          const auto [state, projection] = session->report_view();
          const auto tallies = hub_.comparison_tallies();
          const auto texts = session->typed_texts();
          auto model = build_workshop_report(
              {catalogue_, municipalities_, state, projection, tallies, k, l, date, &texts});
          model.baseline = baseline_for(state, projection, l);
          return pdf(render_workshop_report_pdf(model), session->id() + "-report.pdf", false);
        },
        std::move(respond));
    return true;
  }

  // The participant's own report.
  const std::string token = request.bearer_token();
  if (token.empty()) {
    respond(http_response::error(401, "unauthorized",
                                 "send the participant's token as Authorization: Bearer <token>"));
    return true;
  }
  auto participant = hub_.participant_of(session_id, token);
  auto session = participant ? hub_.find_session(session_id) : nullptr;
  if (!session) {
    respond(forbidden());
    return true;
  }
  auto chosen = chosen_municipalities(request, municipalities_);
  if (auto* refused = std::get_if<http_response>(&chosen)) {
    respond(std::move(*refused));
    return true;
  }
  const bool as_pdf = segments[3] == "my-report.pdf";
  worker_.try_post(
      [this, session, k, l = *lang, date, as_pdf, who = *participant,
       codes = std::get<std::vector<std::string>>(std::move(chosen))] {
        const auto [state, projection] = session->report_view();
        const auto tallies = hub_.comparison_tallies();
        const auto texts = session->typed_texts();
        auto model = build_personal_report(
            {catalogue_, municipalities_, state, projection, tallies, who, codes, k, l, date, &texts});
        model.baseline = baseline_for(state, projection, l);
        if (!as_pdf) {
          auto response =
              http_response::json_body(200, json(model).dump(-1, ' ', false, json::error_handler_t::replace));
          response.headers.emplace_back("Cache-Control", "no-store");
          return response;
        }
        const std::string name = l == domain::language::nl ? "rapport" : "report";
        return pdf(render_personal_report_pdf(model), "smart-city-self-assessment-" + name + ".pdf", false);
      },
      std::move(respond));
  return true;
}

}  // namespace scsa::server::report
