// The desk's view of requests (see request_view.hpp).
#include "server/desk/request_view.hpp"

#include <algorithm>
#include <cctype>

#include "domain/session_export.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

constexpr std::int64_t ms_per_day = 86'400'000;

// ASCII case folding is enough here: people search for names and organisations by their first letters,
// and the bytes of other characters compare as they are.
std::string folded(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

json optional_time(const std::optional<std::int64_t>& ms) {
  return ms ? json(domain::format_iso_time(*ms)) : json(nullptr);
}

}  // namespace

bool request_filter::matches(const stored_submission& s) const {
  if (handled && s.handled_ms.has_value() != *handled) return false;
  if (kind && s.form.kind != *kind) return false;
  if (query.empty()) return true;
  const std::string needle = folded(query);
  for (const std::string* field : {&s.form.name, &s.form.email, &s.form.organisation, &s.form.message})
    if (folded(*field).find(needle) != std::string::npos) return true;
  return false;
}

parsed_request_filter parse_request_filter(std::string_view state, std::string_view kind,
                                           std::string_view q) {
  parsed_request_filter parsed;
  if (state == "open")
    parsed.filter.handled = false;
  else if (state == "handled")
    parsed.filter.handled = true;
  else if (!state.empty() && state != "all")
    parsed.error_code = "invalid_state";
  if (!kind.empty()) {
    parsed.filter.kind = parse_form_kind(kind);
    if (!parsed.filter.kind) parsed.error_code = "invalid_kind";
  }
  parsed.filter.query = std::string(q.substr(0, 200));
  return parsed;
}

retention_left retention_of(std::int64_t created_ms, std::int64_t now_ms, std::size_t retention_days) {
  const std::int64_t erase_at = created_ms + static_cast<std::int64_t>(retention_days) * ms_per_day;
  return {erase_at, std::max<std::int64_t>(0, (erase_at - now_ms) / ms_per_day)};
}

std::string_view mail_state_name(mail_state state) {
  switch (state) {
    case mail_state::queued:
      return "queued";
    case mail_state::retrying:
      return "retrying";
    case mail_state::sent:
      return "sent";
  }
  return "queued";
}

json request_json(const desk_request& request, std::int64_t now_ms, std::size_t retention_days) {
  const auto& s = request.submission;
  const auto left = retention_of(s.created_ms, now_ms, retention_days);
  json mail = nullptr;
  if (request.mail) {
    const auto& m = *request.mail;
    mail =
        json{{"state", mail_state_name(m.state)},
             {"attempts", m.attempts},
             {"last_error", m.last_error},
             {"next_attempt",
              m.state == mail_state::sent ? json(nullptr) : json(domain::format_iso_time(m.next_attempt_ms))},
             {"sent", optional_time(m.sent_ms)}};
  }
  return json{{"id", s.id},
              {"kind", form_kind_name(s.form.kind)},
              {"language", s.form.language == domain::language::en ? "en" : "nl"},
              {"name", s.form.name},
              {"email", s.form.email},
              {"organisation", s.form.organisation},
              {"message", s.form.message},
              {"created", domain::format_iso_time(s.created_ms)},
              {"handled", optional_time(s.handled_ms)},
              {"handled_by", s.handled_ms && request.handled_by ? json(*request.handled_by) : json(nullptr)},
              {"erase_on", domain::format_iso_time(left.erase_at_ms).substr(0, 10)},
              {"days_left", left.days_left},
              {"notes", request.notes},
              {"mail", std::move(mail)}};
}

json history_json(const stored_submission& submission, const std::vector<history_entry>& lines) {
  json history = json::array();
  history.push_back(json{{"at", domain::format_iso_time(submission.created_ms)},
                         {"by", nullptr},
                         {"action", "received"},
                         {"text", nullptr}});
  for (const auto& line : lines)
    history.push_back(json{{"at", domain::format_iso_time(line.at_ms)},
                           {"by", line.by},
                           {"action", line.action},
                           {"text", line.action == "note" ? json(line.text) : json(nullptr)}});
  return history;
}

std::string requests_csv(const std::vector<desk_request>& requests) {
  // As the session exports: a byte order mark and semicolons, so a Dutch Excel opens it by double-click.
  std::string csv(domain::csv_byte_order_mark);
  csv += "id;created;kind;language;name;email;organisation;message;handled;handled_by;notes;mail\r\n";
  for (const auto& r : requests) {
    const auto& s = r.submission;
    const std::vector<std::string> cells{
        s.id,
        domain::format_iso_time(s.created_ms),
        std::string(form_kind_name(s.form.kind)),
        s.form.language == domain::language::en ? "en" : "nl",
        s.form.name,
        s.form.email,
        s.form.organisation,
        s.form.message,
        s.handled_ms ? domain::format_iso_time(*s.handled_ms) : std::string(),
        s.handled_ms && r.handled_by ? *r.handled_by : std::string(),
        std::to_string(r.notes),
        r.mail ? std::string(mail_state_name(r.mail->state)) : std::string()};
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) csv += ';';
      csv += domain::csv_field(cells[i]);
    }
    csv += "\r\n";
  }
  return csv;
}

}  // namespace scsa::server
