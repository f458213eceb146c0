// Routes of the forms API; refusals are {"code","message"} (and "fields" for per-field errors).
#include "server/forms/forms_api.hpp"

#include "server/limits/rate_limited_response.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <ctime>
#include <nlohmann/json.hpp>

#include "server/operator_access.hpp"
#include "server/tokens.hpp"
#include "server/wall_clock.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

http_response json_response(int status, const json& body) {
  return http_response::json_body(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

json submission_json(const stored_submission& s) {
  return json{{"id", s.id},
              {"kind", form_kind_name(s.form.kind)},
              {"language", s.form.language == domain::language::en ? "en" : "nl"},
              {"name", s.form.name},
              {"email", s.form.email},
              {"organisation", s.form.organisation},
              {"message", s.form.message},
              {"created", iso_utc(s.created_ms)},
              {"handled", s.handled_ms ? json(iso_utc(*s.handled_ms)) : json(nullptr)}};
}

std::string csv_cell(const std::string& value) {
  std::string cell = "\"";
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos)
    cell += '\'';
  for (const char c : value) {
    if (c == '"') cell += '"';
    cell += c;
  }
  return cell + "\"";
}

}  // namespace

std::string iso_utc(std::int64_t ms_since_epoch) {
  const std::time_t seconds = static_cast<std::time_t>(ms_since_epoch / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 96> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms_since_epoch % 1000));
  return text.data();
}

std::string submissions_csv(const std::vector<stored_submission>& submissions) {
  std::string csv = "id,created,kind,language,name,email,organisation,message,handled\r\n";
  for (const auto& s : submissions) {
    csv += csv_cell(s.id) + "," + csv_cell(iso_utc(s.created_ms)) + "," +
           csv_cell(std::string(form_kind_name(s.form.kind))) + "," +
           csv_cell(s.form.language == domain::language::en ? "en" : "nl") + "," + csv_cell(s.form.name) +
           "," + csv_cell(s.form.email) + "," + csv_cell(s.form.organisation) + "," +
           csv_cell(s.form.message) + "," + csv_cell(s.handled_ms ? iso_utc(*s.handled_ms) : std::string()) +
           "\r\n";
  }
  return csv;
}

forms_api::forms_api(form_store& store, std::string operator_token_hash, std::function<void()> submitted,
                     forms_api_options options)
    : store_(store),
      operator_token_hash_(std::move(operator_token_hash)),
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
  const bool get = request.method == "GET" || request.method == "HEAD";
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
  if (segments[1] != "requests") return false;
  if (segments.size() == 2 && post) {
    submit(request, false, std::move(respond));
    return true;
  }
  const bool list = segments.size() == 2;
  const bool export_csv = segments.size() == 3 && segments[2] == "export.csv";
  const bool handled = segments.size() == 4 && segments[3] == "handled";
  if (!list && !export_csv && !handled) {
    respond(http_response::error(404, "not_found", "no such API endpoint"));
    return true;
  }
  if ((list || export_csv) && !get) return not_allowed();
  if (handled && !post) return not_allowed();
  if (auto refused =
          refuse_unless_operator(request, operator_token_hash_, "only the operator reads form requests")) {
    respond(std::move(*refused));
    return true;
  }
  if (list) {
    worker_.try_post(
        [this] {
          json all = json::array();
          for (const auto& s : store_.list()) all.push_back(submission_json(s));
          return json_response(200, all);
        },
        std::move(respond));
  } else if (export_csv) {
    worker_.try_post(
        [this] {
          http_response response;
          response.content_type = "text/csv; charset=utf-8";
          response.body = submissions_csv(store_.list());
          response.headers.emplace_back("Content-Disposition", "attachment; filename=\"requests.csv\"");
          return response;
        },
        std::move(respond));
  } else {
    worker_.try_post(
        [this, id = std::string(segments[2])] {
          if (!store_.mark_handled(id, wall_clock_ms()))
            return http_response::error(404, "unknown_request", "no request has this id");
          return http_response{204, "application/json", "", {}};
        },
        std::move(respond));
  }
  return true;
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
