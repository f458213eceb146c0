// Routes of the review API: check the method, then the token, then the parameters, then hand the work to
// a worker. Every refusal is {"code","message"}; an unknown session and a wrong token get the same 403.
#include "server/review/replay_api.hpp"

#include "domain/roadmap_export.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <vector>

#include "domain/session_export.hpp"
#include "server/operator_access.hpp"
#include "server/tokens.hpp"
#include "server/wall_clock.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

http_response ok_json(const json& body, int status = 200) {
  auto response = http_response::json_body(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

http_response download(std::string body, std::string content_type, const std::string& filename) {
  http_response response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return response;
}

http_response forbidden() {
  // One answer for an unknown session and a wrong token, so a stranger learns nothing.
  return http_response::error(403, "forbidden", "no session with this id and token");
}

http_response no_session() {
  return forbidden();  // authorised a moment ago, gone from the log now: still the same answer
}

// A non-negative decimal integer, nothing else.
std::optional<std::int64_t> parse_count(const std::string& text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc{} || ptr != end || value < 0) return std::nullopt;
  return value;
}

// "1700000000000" (ms since the epoch) or "2025-03-14" (that day's start in UTC, or its end when
// `end_of_day`: the date is inclusive).
std::optional<std::int64_t> parse_time(const std::string& text, bool end_of_day) {
  if (auto ms = parse_count(text)) return ms;
  int y = 0;
  unsigned m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto year = parse_count(text.substr(0, 4)), month = parse_count(text.substr(5, 2)),
       day = parse_count(text.substr(8, 2));
  if (!year || !month || !day) return std::nullopt;
  y = static_cast<int>(*year);
  m = static_cast<unsigned>(*month);
  d = static_cast<unsigned>(*day);
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  const auto start = std::chrono::sys_days{date} + (end_of_day ? std::chrono::days{1} : std::chrono::days{0});
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(start.time_since_epoch()).count();
  return end_of_day ? ms - 1 : ms;
}

// ?at=S or ?at_time=T (at most one), or the latest state.
std::variant<replay_point, http_response> point_of(const http_request& request) {
  const std::string at = request.query_parameter("at");
  const std::string at_time = request.query_parameter("at_time");
  if (!at.empty() && !at_time.empty())
    return http_response::error(400, "invalid_point", "give at or at_time, not both");
  if (!at.empty()) {
    auto seq = parse_count(at);
    if (!seq)
      return http_response::error(400, "invalid_point", "at must be a log sequence (an integer >= 0)");
    return replay_point{replay_point::kind::sequence, *seq};
  }
  if (!at_time.empty()) {
    auto time = parse_count(at_time);
    if (!time)
      return http_response::error(400, "invalid_point",
                                  "at_time must be ms since the Unix epoch (an integer >= 0)");
    return replay_point{replay_point::kind::time, *time};
  }
  return replay_point{};
}

}  // namespace

replay_api::replay_api(const events::event_log& log, live_hub& hub, replay_cache& store,
                       review_tokens& reviews, const operator_gate& operators, replay_api_options options)
    : log_(log),
      hub_(hub),
      store_(store),
      reviews_(reviews),
      operators_(operators),
      options_(options),
      workers_({.name = "review",
                .threads = options.workers,
                .max_queued = options.max_queued,
                .at_stop = queued_at_stop::refuse,
                .busy_message = "too many review requests at once; try again shortly",
                .failure =
                    http_response::error(500, "internal_error", "the server failed to read this session")}) {}

std::optional<domain::export_words> replay_api::export_words_for(std::optional<domain::language> lang) const {
  if (options_.catalogue == nullptr || !lang) return std::nullopt;
  return domain::export_words{*options_.catalogue, *lang};
}

replay_api::~replay_api() {
  stop();
}

void replay_api::stop() {
  workers_.stop();
}

std::variant<reader_role, http_response> replay_api::authorize(const http_request& request,
                                                               const std::string& session_id) const {
  const std::string token = request.bearer_token();
  if (token.empty())
    return http_response::error(
        401, "unauthorized", "send a facilitator, review or operator token as Authorization: Bearer <token>");
  if (hub_.is_facilitator(session_id, token)) return reader_role::facilitator;
  if (!hub_.find_session(session_id)) return forbidden();
  auto reviewed = reviews_.session_of(hash_token(token));
  if (reviewed && equal_in_constant_time(*reviewed, session_id)) return reader_role::reviewer;
  if (operators_.label_of(request)) return reader_role::operator_;
  return forbidden();
}

std::int64_t replay_api::known_last_sequence(const std::string& session_id) const {
  auto session = hub_.find_session(session_id);
  return session ? session->last_sequence() : 0;
}

bool replay_api::handle(const http_request& request, http_responder respond) {
  const auto segments = path_segments(request.path());
  if (segments.size() < 2 || segments[0] != "api" || segments[1] != "sessions") return false;
  const bool get = request.method == "GET" || request.method == "HEAD";
  auto wrong_method = [&] {
    respond(http_response::error(405, "method_not_allowed", "this method is not allowed here"));
    return true;
  };

  if (segments.size() == 2) {
    if (!get) return false;  // POST /api/sessions creates a session (public_api)
    if (auto refused = operators_.admit(request, "only the operator lists sessions");
        std::holds_alternative<http_response>(refused)) {
      respond(std::get<http_response>(std::move(refused)));
      return true;
    }
    workers_.try_post([this, request] { return list_sessions(request); }, std::move(respond));
    return true;
  }

  const std::string session_id(segments[2]);
  const std::string_view what = segments.size() >= 4 ? segments[3] : std::string_view{};
  const bool known = (segments.size() == 4 && (what == "results" || what == "events" || what == "timeline" ||
                                               what == "review-tokens" || what == "roadmap")) ||
                     (segments.size() == 5 && what == "export" &&
                      (segments[4] == "answers.csv" || segments[4] == "results.csv" ||
                       segments[4] == "events.ndjson" || segments[4] == "roadmap.csv"));
  if (!known) return false;

  if (what == "review-tokens") {
    if (request.method != "POST") return wrong_method();
    auto role = authorize(request, session_id);
    if (auto* refused = std::get_if<http_response>(&role)) {
      respond(std::move(*refused));
      return true;
    }
    if (std::get<reader_role>(role) == reader_role::reviewer) {
      respond(http_response::error(403, "forbidden",
                                   "only the session's facilitator or the operator creates review links"));
      return true;
    }
    workers_.try_post(
        [this, session_id] {
          const std::string token = make_token();
          reviews_.add(hash_token(token), session_id, wall_clock_ms());
          return ok_json(json{{"review_token", token}, {"session_id", session_id}}, 201);
        },
        std::move(respond));
    return true;
  }

  if (!get) return wrong_method();
  auto role = authorize(request, session_id);
  if (auto* refused = std::get_if<http_response>(&role)) {
    respond(std::move(*refused));
    return true;
  }
  const std::int64_t last = known_last_sequence(session_id);

  if (what == "events") {
    std::int64_t after = 0;
    std::size_t limit = options_.default_limit;
    if (auto text = request.query_parameter("after"); !text.empty()) {
      auto parsed = parse_count(text);
      if (!parsed) {
        respond(http_response::error(400, "invalid_after", "after must be a log sequence (an integer >= 0)"));
        return true;
      }
      after = *parsed;
    }
    if (auto text = request.query_parameter("limit"); !text.empty()) {
      auto parsed = parse_count(text);
      if (!parsed || *parsed < 1 || static_cast<std::size_t>(*parsed) > options_.max_limit) {
        respond(http_response::error(
            400, "invalid_limit", "limit must be a number from 1 to " + std::to_string(options_.max_limit)));
        return true;
      }
      limit = static_cast<std::size_t>(*parsed);
    }
    workers_.try_post(
        [this, session_id, after, limit, last] {
          auto page = store_.events(session_id, after, limit, last);
          if (!page) return no_session();
          return ok_json(json{{"session_id", session_id},
                              {"events", std::move(page->events)},
                              {"next_after", page->next_after},
                              {"more", page->more}});
        },
        std::move(respond));
    return true;
  }

  if (what == "timeline") {
    workers_.try_post(
        [this, session_id, last] {
          auto line = store_.timeline(session_id, last);
          return line ? ok_json(*line) : no_session();
        },
        std::move(respond));
    return true;
  }

  if (what == "export" && segments[4] == "events.ndjson") {
    workers_.try_post(
        [this, session_id, last] {
          auto text = store_.events_ndjson(session_id, last);
          if (!text) return no_session();
          // The roadmap's texts live outside the log: they follow the events, so an import has them too.
          if (auto session = hub_.find_session(session_id)) {
            for (const auto& [text_id, typed] : session->typed_texts())
              *text += json{{"type", "typed_text"}, {"text_id", text_id}, {"text", typed}}.dump(
                           -1, ' ', false, json::error_handler_t::replace) +
                       '\n';
          }
          return download(std::move(*text), "application/x-ndjson; charset=utf-8",
                          session_id + "-events.ndjson");
        },
        std::move(respond));
    return true;
  }
  // The CSV exports: with ?lang= for people, in that language with statement titles (the web client
  // always asks so); without it the codes, stable for scripts.
  std::optional<domain::language> export_lang;
  const std::string lang_text = request.query_parameter("lang");
  if (!lang_text.empty()) {
    export_lang = domain::parse_language(lang_text);
    if (what == "export" && !export_lang) {
      respond(http_response::error(400, "invalid_language", "lang must be nl or en"));
      return true;
    }
  }
  if (what == "roadmap" || (what == "export" && segments[4] == "roadmap.csv")) {
    // The roadmap as it stands now (from the live session) or at a point (folded from the log); its texts
    // live beside the log, as they are now: an erased one shows as null.
    auto point = point_of(request);
    if (auto* refused = std::get_if<http_response>(&point)) {
      respond(std::move(*refused));
      return true;
    }
    const bool csv = what == "export";
    workers_.try_post(
        [this, session_id, csv, export_lang, at = std::get<replay_point>(point), last] {
          auto session = hub_.find_session(session_id);
          if (!session) return no_session();
          auto view = session->roadmap_view();
          json replay = nullptr;
          if (at.by != replay_point::kind::latest) {
            auto past = store_.session_at(session_id, at, last);
            if (!past) return no_session();
            view.state = std::move(past->state);
            view.consensus = domain::consensus_of(past->replay.consensus, view.state.round);
            replay = json{{"version", past->version},
                          {"seq", past->sequence},
                          {"time_ms", past->time_ms},
                          {"event_count", past->event_count}};
          }
          if (csv) {
            const auto words = export_words_for(export_lang);
            return download(
                domain::roadmap_csv(view.state, view.consensus, view.texts, words ? &*words : nullptr),
                "text/csv; charset=utf-8", session_id + "-roadmap.csv");
          }
          const auto* place = options_.municipalities == nullptr
                                  ? nullptr
                                  : options_.municipalities->find(view.state.municipality);
          return ok_json(json{{"session_id", session_id},
                              {"title", view.state.title},
                              {"municipality", view.state.municipality},
                              {"municipality_name", place != nullptr ? json(place->name) : json(nullptr)},
                              {"round", view.state.round},
                              {"closed", view.state.closed},
                              {"roadmap", domain::facilitator_roadmap_json(view.state, view.consensus,
                                                                           view.texts, view.names)},
                              {"replay", std::move(replay)}});
        },
        std::move(respond));
    return true;
  }
  if (what == "export" && segments[4] == "answers.csv") {
    workers_.try_post(
        [this, session_id, last, export_lang] {
          const auto words = export_words_for(export_lang);
          auto text = store_.answers_csv(session_id, last, words ? &*words : nullptr);
          if (!text) return no_session();
          return download(std::move(*text), "text/csv; charset=utf-8", session_id + "-answers.csv");
        },
        std::move(respond));
    return true;
  }

  // results and results.csv: now, or at a point.
  auto point = point_of(request);
  if (auto* refused = std::get_if<http_response>(&point)) {
    respond(std::move(*refused));
    return true;
  }
  const replay_point at = std::get<replay_point>(point);
  if (what == "export") {
    workers_.try_post(
        [this, session_id, at, last, export_lang] {
          const auto words = export_words_for(export_lang);
          auto text = store_.results_csv(session_id, at, last, words ? &*words : nullptr);
          if (!text) return no_session();
          return download(std::move(*text), "text/csv; charset=utf-8", session_id + "-results.csv");
        },
        std::move(respond));
    return true;
  }
  if (at.by == replay_point::kind::latest) {
    // The live state: no log read, answered on the io thread as before replay existed.
    auto session = hub_.find_session(session_id);
    if (!session) {
      respond(no_session());
      return true;
    }
    json body = session->results();
    body["municipality_average"] = hub_.municipality_average(session->municipality());
    respond(ok_json(body));
    return true;
  }
  workers_.try_post(
      [this, session_id, at, last] {
        auto body = store_.results(session_id, at, last);
        if (!body) return no_session();
        (*body)["municipality_average"] =
            hub_.municipality_average((*body)["session"].value("municipality", ""));
        return ok_json(*body);
      },
      std::move(respond));
  return true;
}

std::int64_t replay_api::created_ms(const std::string& session_id) const {
  {
    std::lock_guard lock(created_mutex_);
    if (auto found = created_.find(session_id); found != created_.end()) return found->second;
  }
  auto first = log_.read_stream(session_id, 1, 1);
  const std::int64_t time = first.empty() ? 0 : first.front().time_ms;
  std::lock_guard lock(created_mutex_);
  created_[session_id] = time;
  return time;
}

http_response replay_api::list_sessions(const http_request& request) {
  std::string municipality = request.query_parameter("municipality");
  std::transform(municipality.begin(), municipality.end(), municipality.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::optional<domain::session_mode> mode;
  if (auto text = request.query_parameter("mode"); !text.empty()) {
    mode = domain::parse_session_mode(text);
    if (!mode) return http_response::error(400, "invalid_mode", "mode must be workshop or solo");
  }
  std::optional<std::int64_t> from, to;
  if (auto text = request.query_parameter("from"); !text.empty()) {
    from = parse_time(text, false);
    if (!from)
      return http_response::error(400, "invalid_date", "from must be YYYY-MM-DD or ms since the epoch");
  }
  if (auto text = request.query_parameter("to"); !text.empty()) {
    to = parse_time(text, true);
    if (!to) return http_response::error(400, "invalid_date", "to must be YYYY-MM-DD or ms since the epoch");
  }

  struct row {
    std::int64_t created;  // ms since the epoch
    json body;             // the listing
  };
  std::vector<row> rows;
  for (const auto& listed : hub_.sessions()) {
    if (!municipality.empty() && listed.municipality != municipality) continue;
    if (mode && listed.mode != *mode) continue;
    const std::int64_t created = listed.created_ms;
    if ((from && created < *from) || (to && created > *to)) continue;
    rows.push_back(row{created, json{{"session_id", listed.session_id},
                                     {"title", listed.title},
                                     {"municipality", listed.municipality},
                                     {"mode", domain::to_string(listed.mode)},
                                     {"created_ms", created},
                                     {"created", domain::format_iso_time(created)},
                                     {"participants", listed.participants},
                                     {"rounds", listed.rounds},
                                     {"events", listed.events},
                                     {"closed", listed.closed}}});
  }
  std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) {
    return a.created != b.created
               ? a.created > b.created
               : a.body["session_id"].get<std::string>() < b.body["session_id"].get<std::string>();
  });
  json sessions = json::array();
  for (auto& r : rows) sessions.push_back(std::move(r.body));
  return ok_json(json{{"sessions", std::move(sessions)}});
}

}  // namespace scsa::server
