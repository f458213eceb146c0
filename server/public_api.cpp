// Routes of the JSON HTTP API; every refusal is {"code","message"} with a fitting status.
#include "server/public_api.hpp"

#include "domain/open_figures.hpp"

#include <charconv>

#include "server/limits/rate_limited_response.hpp"
#include "server/version.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

http_response ok_json(const json& body, int status = 200) {
  return http_response::json_body(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

public_api::public_api(const domain::catalogue& catalogue,
                       const domain::municipality_registry& municipalities, live_hub& hub,
                       public_api_options options, http_handler* sessions_reader, http_handler* forms,
                       http_handler* reports, http_handler* desk, http_handler* reassessment)
    : catalogue_(catalogue),
      municipalities_(municipalities),
      hub_(hub),
      options_(options),
      sessions_reader_(sessions_reader),
      forms_(forms),
      reports_(reports),
      desk_(desk),
      reassessment_(reassessment) {}

bool public_api::handle(const http_request& request, http_responder respond) {
  auto segments = path_segments(request.path());
  const bool get = request.method == "GET" || request.method == "HEAD";
  auto only = [&](bool allowed, auto&& make) {
    if (!allowed)
      respond(http_response::error(405, "method_not_allowed", "this method is not allowed here"));
    else
      respond(make());
    return true;
  };

  if (segments.size() == 1 && segments[0] == "healthz") return only(get, [&] { return health(); });
  if (segments.empty() || segments[0] != "api") return false;
  if (reports_ != nullptr && reports_->handle(request, respond)) return true;
  if (reassessment_ != nullptr && reassessment_->handle(request, respond)) return true;
  if (sessions_reader_ != nullptr && sessions_reader_->handle(request, respond)) return true;
  if (forms_ != nullptr && forms_->handle(request, respond)) return true;
  if (desk_ != nullptr && desk_->handle(request, respond)) return true;
  if (segments.size() == 2 && segments[1] == "catalog") return only(get, [&] { return catalog(request); });
  if (segments.size() == 2 && segments[1] == "municipalities")
    return only(get, [&] { return municipalities(request); });
  if (segments.size() == 4 && segments[1] == "municipalities" && segments[3] == "averages")
    return only(get, [&] { return municipality_averages(std::string(segments[2])); });
  if (segments.size() == 3 && segments[1] == "averages" && segments[2] == "national")
    return only(get, [&] { return national_averages(); });
  if (segments.size() == 3 && segments[1] == "open-data" &&
      (segments[2] == "statements.csv" || segments[2] == "statements.json"))
    return only(get, [&] { return open_figures(segments[2] == "statements.csv"); });
  if (segments.size() == 3 && segments[1] == "join")
    return only(get, [&] { return join_code(request, std::string(segments[2])); });
  if (segments.size() == 2 && segments[1] == "sessions") {
    if (request.method != "POST") return only(false, [] { return http_response{}; });
    create_session(request, std::move(respond));
    return true;
  }
  respond(http_response::error(404, "not_found", "no such API endpoint"));
  return true;
}

http_response public_api::health() const {
  // A fail-stopped log writer refuses every change until a restart: not healthy, although it answers.
  if (std::string failure = hub_.log_failure(); !failure.empty())
    return ok_json(json{{"status", "failing"},
                        {"log_writer", "stopped"},
                        {"reason", std::move(failure)},
                        {"version", version},
                        {"last_sequence", hub_.last_sequence()}},
                   503);
  return ok_json(json{{"status", "ok"},
                      {"log_writer", "running"},
                      {"version", version},
                      {"last_sequence", hub_.last_sequence()}});
}

http_response public_api::join_code(const http_request& request, const std::string& code) const {
  const auto now = std::chrono::steady_clock::now();
  if (options_.limits != nullptr) {
    if (auto allowed = options_.limits->may_look_up_code(request.remote_address, now); !allowed.allowed)
      return rate_limited_response(allowed, "too many unknown codes from this address; try again later");
  }
  auto session = hub_.find_by_join_code(code);
  if (!session) {
    if (options_.limits != nullptr) options_.limits->count_unknown_code(request.remote_address, now);
    return http_response::error(404, "unknown_code", "no session has this code");
  }
  const auto state = session->state();
  auto response = ok_json(json{{"session_id", state.session_id},
                               {"title", state.title},
                               {"municipality", state.municipality},
                               {"closed", state.closed}});
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

http_response public_api::catalog(const http_request& request) const {
  std::string lang = request.query_parameter("lang");
  auto language = lang.empty() ? std::optional(domain::language::nl) : domain::parse_language(lang);
  if (!language) return http_response::error(400, "invalid_language", "lang must be nl or en");
  auto response = ok_json(domain::catalogue_json(catalogue_, *language));
  response.headers.emplace_back("Cache-Control", "public, max-age=300");
  return response;
}

http_response public_api::municipalities(const http_request& request) const {
  std::size_t limit = 10;
  std::string limit_text = request.query_parameter("limit");
  if (!limit_text.empty()) {
    auto [end, error] = std::from_chars(limit_text.data(), limit_text.data() + limit_text.size(), limit);
    if (error != std::errc{} || end != limit_text.data() + limit_text.size() || limit < 1 || limit > 400)
      return http_response::error(400, "invalid_limit", "limit must be a number from 1 to 400");
  }
  auto to_json = [](const domain::municipality& m) { return json{{"code", m.code}, {"name", m.name}}; };
  json list = json::array();
  if (request.query_parameter("with_data") == "true") {
    for (const auto& code : hub_.municipalities_with_data(options_.min_respondents))
      if (const auto* found = municipalities_.find(code)) list.push_back(to_json(*found));
    return ok_json(list);
  }
  std::string query = request.query_parameter("q");
  if (query.empty()) {
    for (const auto& m : municipalities_.all()) list.push_back(to_json(m));
    return ok_json(list);
  }
  for (const auto* m : municipalities_.search(query, limit)) list.push_back(to_json(*m));
  return ok_json(list);
}

http_response public_api::municipality_averages(const std::string& code) const {
  const auto* found = municipalities_.find(code);
  if (found == nullptr)
    return http_response::error(404, "unknown_municipality", "no municipality has this code");
  json average = hub_.municipality_average(found->code);
  if (average.is_null() || !domain::may_compare(average.value("respondents", 0), options_.min_respondents))
    return http_response::error(404, "too_few_respondents",
                                "this municipality has too few respondents to compare with");
  average["name"] = found->name;
  return ok_json(average);
}

http_response public_api::open_figures(bool csv) const {
  const int k = options_.min_respondents;
  const auto rows = domain::open_figures(hub_.comparison_tallies(), municipalities_, k);
  http_response response;
  if (csv) {
    response.status = 200;
    response.content_type = "text/csv; charset=utf-8";
    response.body = domain::open_figures_csv(rows);
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"scsa-statements.csv\"");
  } else {
    response = ok_json(domain::open_figures_json(rows, k));
  }
  // Anyone may reuse them; the licence travels with the file too, for a download saved without the JSON.
  response.headers.emplace_back("Link",
                                "<" + std::string(domain::open_figures_licence_url) + ">; rel=\"license\"");
  response.headers.emplace_back("Cache-Control", "public, max-age=300");
  return response;
}

http_response public_api::national_averages() const {
  json average = hub_.national_average();
  if (!domain::may_compare(average.value("respondents", 0), options_.min_respondents))
    return http_response::error(404, "too_few_respondents", "too few respondents yet for a national average");
  return ok_json(average);
}

void public_api::create_session(const http_request& request, http_responder respond) {
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return respond(http_response::error(400, "bad_json", "the body must be a JSON object"));
  auto text_field = [&](const char* name) -> std::optional<std::string> {
    auto it = body.find(name);
    if (it == body.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto title = text_field("title");
  if (!title || title->empty() || title->size() > 200)
    return respond(http_response::error(400, "invalid_title", "title must be a string of 1..200 characters"));
  auto code = text_field("municipality");
  const auto* municipality = code ? municipalities_.find(*code) : nullptr;
  if (municipality == nullptr)
    return respond(
        http_response::error(400, "unknown_municipality", "municipality must be a known CBS code"));
  auto mode = domain::parse_session_mode(text_field("mode").value_or("workshop"));
  if (!mode) return respond(http_response::error(400, "invalid_mode", "mode must be workshop or solo"));
  if (options_.limits != nullptr) {
    // Only a request that would create a session spends a token: a typo in the form costs nothing.
    auto allowed = options_.limits->admit_session(request.remote_address, std::chrono::steady_clock::now());
    if (!allowed.allowed)
      return respond(
          rate_limited_response(allowed, "too many new sessions from this address; try again later"));
  }

  hub_.create_session(*title, municipality->code, *mode,
                      [respond = std::move(respond)](std::variant<created_session, command_outcome> outcome) {
                        if (auto* created = std::get_if<created_session>(&outcome)) {
                          respond(ok_json(json{{"session_id", created->session_id},
                                               {"join_code", created->join_code},
                                               {"facilitator_token", created->facilitator_token}},
                                          201));
                          return;
                        }
                        const auto& refused = std::get<command_outcome>(outcome);
                        int status = refused.code == "storage_error" ? 503 : 400;
                        respond(http_response::error(status, refused.code, refused.message));
                      });
}

}  // namespace scsa::server
