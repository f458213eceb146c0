// Routes of the forms API; refusals are {"code","message"} (and "fields" for per-field errors).
#include "server/forms/forms_api.hpp"

#include "server/limits/rate_limited_response.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "server/tokens.hpp"
#include "server/wall_clock.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

http_response json_response(int status, const json& body) {
  return http_response::json_body(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

forms_api::forms_api(form_store& store, std::function<void()> submitted, forms_api_options options)
    : store_(store),
      submitted_(std::move(submitted)),
      options_(options),
      worker_({.name = "forms",
               .threads = 1,
               .max_queued = options.max_queued,
               .at_stop = queued_at_stop::finish,  // a submission that was accepted is stored
               .busy_message = "the server is busy; please try again",
               .failure = http_response::error(503, "storage_error",
                                               "the request could not be stored; please try again")}) {}

forms_api::~forms_api() {
  stop();
}

void forms_api::stop() {
  worker_.stop();
}

bool forms_api::handle(const http_request& request, http_responder respond) {
  const auto segments = path_segments(request.path());
  if (segments.size() < 2 || segments[0] != "api") return false;
  const bool post = request.method == "POST";
  auto not_allowed = [&] {
    respond(http_response::error(405, "method_not_allowed", "this method is not allowed here"));
    return true;
  };
  if (segments.size() == 2 && segments[1] == "sample-report-requests") {
    if (!post) return not_allowed();
    submit(request, true, std::move(respond));
    return true;
  }
  if (segments.size() == 2 && segments[1] == "requests" && post) {
    submit(request, false, std::move(respond));
    return true;
  }
  return false;  // the desk reads them (desk_api)
}

void forms_api::submit(const http_request& request, bool sample_report, http_responder respond) {
  auto parsed = sample_report ? parse_sample_report_form(request.body) : parse_request_form(request.body);
  const bool dutch = parsed.language == domain::language::nl;
  const auto allowed =
      options_.limits != nullptr
          ? options_.limits->admit_form(request.remote_address, std::chrono::steady_clock::now())
          : limit_decision{};
  if (!allowed.allowed) {
    return respond(rate_limited_response(
        allowed, dutch ? "Te veel aanvragen vanaf dit adres; probeer het later opnieuw."
                       : "Too many requests from this address; please try again later."));
  }
  if (parsed.error_code == "bad_json")
    return respond(http_response::error(400, "bad_json", "the body must be a JSON object"));
  if (parsed.error_code == "invalid_fields") {
    return respond(json_response(400, json{{"code", "invalid_fields"},
                                           {"message", dutch ? "Niet alle velden zijn goed ingevuld."
                                                             : "Some fields need your attention."},
                                           {"fields", parsed.field_errors}}));
  }
  const std::string language = dutch ? "nl" : "en";
  json answer{{"id", make_id("f")}};
  if (sample_report) answer["report_url"] = "/api/sample-report.pdf?lang=" + language;
  if (parsed.honeypot) {
    spdlog::info("forms: honeypot filled from {}; nothing stored", request.remote_address);
    return respond(json_response(201, answer));
  }
  stored_submission stored{answer["id"].get<std::string>(), wall_clock_ms(), std::nullopt,
                           *parsed.submission};
  worker_.try_post(
      [this, stored = std::move(stored), answer = std::move(answer)] {
        store_.add(stored);
        if (submitted_) submitted_();
        return json_response(201, answer);
      },
      std::move(respond));
}

}  // namespace scsa::server
