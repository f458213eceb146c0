// The provider's desk's routes (see desk_api.hpp).
#include "server/desk/desk_api.hpp"

#include <algorithm>

#include "domain/session_export.hpp"
#include "server/desk/request_view.hpp"
#include "server/wall_clock.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

constexpr std::size_t max_note = 2000;

http_response json_response(int status, const json& body) {
  auto response = http_response::json_body(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

http_response no_content() {
  return http_response{204, "application/json", "", {{"Cache-Control", "no-store"}}};
}

http_response unknown_request() {
  return http_response::error(404, "unknown_request", "no request has this id");
}

// Characters in UTF-8, for the note's length: a Dutch note with accents is not cut short.
std::size_t characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

desk_api::desk_api(form_store& store, mail_outbox& outbox, const operator_gate& operators,
                   const live_hub& hub, const domain::municipality_registry& municipalities,
                   desk_api_options options)
    : store_(store),
      outbox_(outbox),
      operators_(operators),
      hub_(hub),
      municipalities_(municipalities),
      options_(std::move(options)),
      worker_({.name = "desk",
               .threads = 1,
               .max_queued = options_.max_queued,
               .at_stop = queued_at_stop::finish,  // a change the desk was told about lands
               .busy_message = "the server is busy; please try again",
               .failure = http_response::error(503, "storage_error",
                                               "the desk could not read or write this; please try again")}) {}

desk_api::~desk_api() {
  stop();
}

void desk_api::stop() {
  worker_.stop();
}

bool desk_api::handle(const http_request& request, http_responder respond) {
  const auto segments = path_segments(request.path());
  if (segments.size() < 2 || segments[0] != "api") return false;
  const std::string_view area = segments[1];
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  const bool me = area == "desk" && segments.size() == 3 && segments[2] == "me";
  const bool coverage_route = area == "coverage" && segments.size() == 2;
  const bool mail_list = area == "mail" && segments.size() == 2;
  const bool resend = area == "mail" && segments.size() == 4 && segments[3] == "resend";
  const bool requests_route = area == "requests" && !(segments.size() == 2 && post);
  if (!me && !coverage_route && !mail_list && !resend && !requests_route) {
    if (area == "desk" || area == "mail") {
      respond(http_response::error(404, "not_found", "no such API endpoint"));
      return true;
    }
    return false;
  }
  auto not_allowed = [&] {
    respond(http_response::error(405, "method_not_allowed", "this method is not allowed here"));
    return true;
  };
  if (((me || coverage_route || mail_list) && !get) || (resend && !post)) return not_allowed();

  auto admitted = operators_.admit(request, "only an operator uses the desk");
  if (auto* refused = std::get_if<http_response>(&admitted)) {
    respond(std::move(*refused));
    return true;
  }
  std::string by = std::get<std::string>(std::move(admitted));

  if (me) {
    respond(json_response(200, json{{"label", by},
                                    {"retention_days", options_.retention_days},
                                    {"min_respondents", options_.min_respondents}}));
  } else if (coverage_route) {
    worker_.try_post([this] { return coverage(); }, std::move(respond));  // copies the tallies
  } else if (mail_list) {
    worker_.try_post([this] { return mail(); }, std::move(respond));
  } else if (resend) {
    worker_.try_post(
        [this, id = std::string(segments[2]), by] {
          if (!store_.resend(id, wall_clock_ms(), by)) return unknown_request();
          outbox_.wake();
          return json_response(202, json{{"state", "queued"}});
        },
        std::move(respond));
  } else if (segments.size() == 2 || (segments.size() == 3 && segments[2] == "export.csv")) {
    if (!get) return not_allowed();
    requests(request, std::move(respond));
  } else {
    one_request(request, std::string(segments[2]), segments.size() == 4 ? segments[3] : std::string_view{},
                std::move(by), std::move(respond));
  }
  return true;
}

void desk_api::requests(const http_request& request, http_responder respond) {
  auto parsed = parse_request_filter(request.query_parameter("state"), request.query_parameter("kind"),
                                     request.query_parameter("q"));
  if (parsed.error_code == "invalid_state")
    return respond(http_response::error(400, "invalid_state", "state must be open, handled or all"));
  if (parsed.error_code == "invalid_kind")
    return respond(http_response::error(400, "invalid_kind",
                                        "kind must be information, support, workshop or sample_report"));
  const bool csv = request.path().ends_with("/export.csv");
  worker_.try_post(
      [this, filter = std::move(parsed.filter), csv] {
        std::vector<desk_request> chosen;
        for (auto& r : store_.desk_list())
          if (filter.matches(r.submission)) chosen.push_back(std::move(r));
        if (csv) {
          http_response response;
          response.content_type = "text/csv; charset=utf-8";
          response.body = requests_csv(chosen);
          response.headers.emplace_back("Content-Disposition", "attachment; filename=\"requests.csv\"");
          response.headers.emplace_back("Cache-Control", "no-store");
          return response;
        }
        const auto now = wall_clock_ms();
        json list = json::array();
        for (const auto& r : chosen) list.push_back(request_json(r, now, options_.retention_days));
        return json_response(200, list);
      },
      std::move(respond));
}

void desk_api::one_request(const http_request& request, const std::string& id, std::string_view what,
                           std::string by, http_responder respond) {
  const bool get = request.method == "GET" || request.method == "HEAD";
  auto not_allowed = [&] {
    respond(http_response::error(405, "method_not_allowed", "this method is not allowed here"));
  };
  if (what.empty()) {
    if (get) {
      worker_.try_post(
          [this, id] {
            auto found = store_.desk_find(id);
            if (!found) return unknown_request();
            json body = request_json(*found, wall_clock_ms(), options_.retention_days);
            body["history"] = history_json(found->submission, store_.history(id));
            return json_response(200, body);
          },
          std::move(respond));
    } else if (request.method == "DELETE") {
      worker_.try_post(
          [this, id, by] { return store_.erase(id, wall_clock_ms(), by) ? no_content() : unknown_request(); },
          std::move(respond));
    } else {
      not_allowed();
    }
    return;
  }
  if (what != "handled" && what != "reopen" && what != "notes")
    return respond(http_response::error(404, "not_found", "no such API endpoint"));
  if (request.method != "POST") return not_allowed();
  if (what == "notes") {
    json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return respond(http_response::error(400, "bad_json", "the body must be a JSON object"));
    auto text = body.find("text");
    if (text == body.end() || !text->is_string() || text->get_ref<const std::string&>().empty() ||
        characters(text->get_ref<const std::string&>()) > max_note)
      return respond(http_response::error(400, "invalid_text", "text must be a note of 1..2000 characters"));
    worker_.try_post(
        [this, id, by, note = text->get<std::string>()] {
          auto added = store_.add_note(id, note, wall_clock_ms(), by);
          if (!added) return unknown_request();
          return json_response(201, json{{"at", domain::format_iso_time(added->at_ms)},
                                         {"by", added->by},
                                         {"action", added->action},
                                         {"text", added->text}});
        },
        std::move(respond));
    return;
  }
  worker_.try_post(
      [this, id, by, handled = what == "handled"] {
        return store_.set_handled(id, handled, wall_clock_ms(), by) ? no_content() : unknown_request();
      },
      std::move(respond));
}

http_response desk_api::mail() const {
  std::size_t queued = 0, retrying = 0, sent = 0;
  json messages = json::array();
  for (const auto& r : store_.desk_list()) {
    if (!r.mail) continue;
    const auto& m = *r.mail;
    (m.state == mail_state::sent ? sent : m.state == mail_state::retrying ? retrying : queued) += 1;
    messages.push_back(
        json{{"request_id", r.submission.id},
             {"kind", form_kind_name(r.submission.form.kind)},
             {"to", r.submission.form.email},
             {"state", mail_state_name(m.state)},
             {"attempts", m.attempts},
             {"last_error", m.last_error.empty() ? json(nullptr) : json(m.last_error)},
             {"next_attempt",
              m.state == mail_state::sent ? json(nullptr) : json(domain::format_iso_time(m.next_attempt_ms))},
             {"sent", m.sent_ms ? json(domain::format_iso_time(*m.sent_ms)) : json(nullptr)}});
  }
  const auto activity = outbox_.activity();
  auto time_or_null = [](const std::optional<std::int64_t>& ms) {
    return ms ? json(domain::format_iso_time(*ms)) : json(nullptr);
  };
  const bool configured = !options_.smtp_host.empty();
  json relay{{"configured", configured},
             {"host", configured ? json(options_.smtp_host) : json(nullptr)},
             {"port", configured ? json(options_.smtp_port) : json(nullptr)},
             {"queued", queued},
             {"retrying", retrying},
             {"sent", sent},
             {"last_sent", time_or_null(activity.last_sent_ms)},
             {"last_error", activity.last_error_ms ? json(activity.last_error) : json(nullptr)},
             {"last_error_at", time_or_null(activity.last_error_ms)}};
  return json_response(200, json{{"relay", std::move(relay)}, {"messages", std::move(messages)}});
}

http_response desk_api::coverage() const {
  struct row {
    std::string code;
    int respondents;
  };
  std::vector<row> rows;
  for (const auto& [code, tally] : hub_.comparison_tallies().municipalities)
    if (tally.respondents > 0) rows.push_back({code, tally.respondents});
  std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) {
    return a.respondents != b.respondents ? a.respondents > b.respondents : a.code < b.code;
  });
  json list = json::array();
  for (const auto& r : rows) {
    const auto* found = municipalities_.find(r.code);
    list.push_back(json{{"code", r.code},
                        {"name", found != nullptr ? json(found->name) : json(r.code)},
                        {"respondents", r.respondents},
                        {"comparable", domain::may_compare(r.respondents, options_.min_respondents)}});
  }
  return json_response(200, json{{"min_respondents", options_.min_respondents}, {"municipalities", list}});
}

}  // namespace scsa::server
