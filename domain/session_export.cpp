// CSV and redaction for reviewers' exports; dates are computed with Howard Hinnant's civil_from_days, so
// no clock or time zone library is needed (all times are UTC).
#include "domain/session_export.hpp"

#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <vector>

#include "domain/overloaded.hpp"
#include "domain/session_summary.hpp"
#include "domain/themes.hpp"

namespace scsa::domain {

namespace {

using json = nlohmann::json;

constexpr std::string_view crlf = "\r\n";

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Days since 1970-01-01 -> (year, month 1..12, day 1..31), proleptic Gregorian.
std::tuple<std::int64_t, int, int> civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const auto day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

std::string padded(std::int64_t value, int width) {
  std::string text = std::to_string(value);
  if (text.size() < static_cast<std::size_t>(width))
    text.insert(0, static_cast<std::size_t>(width) - text.size(), '0');
  return text;
}

template <typename Fields>
void add_fields(std::string& out, const Fields& fields) {
  bool first = true;
  for (const auto& field : fields) {
    if (!first) out += ';';
    out += field;
    first = false;
  }
  out += crlf;
}
void add_row(std::string& out, std::initializer_list<std::string> fields) {
  add_fields(out, fields);
}
void add_row(std::string& out, const std::vector<std::string>& fields) {
  add_fields(out, fields);
}

// The words of a people's export (export_words).
std::string statement_title(const export_words& words, int statement) {
  return words.statements.statement(statement).title.in(words.lang);
}
std::string aspect_word(const export_words& words, aspect which) {
  if (words.lang == language::nl) return which == aspect::current ? "nu" : "ambitie";
  return which == aspect::current ? "now" : "ambition";
}
std::string yes_no(const export_words& words, bool yes) {
  if (words.lang == language::nl) return yes ? "ja" : "nee";
  return yes ? "yes" : "no";
}

// (participant, round, statement, aspect index): one standing answer.
using answer_key = std::tuple<std::string, int, int, std::size_t>;

}  // namespace

json redact_payload(json payload) {
  if (!payload.is_object()) return payload;
  for (auto field : withheld_payload_fields) payload.erase(std::string(field));
  return payload;
}

std::string format_iso_time(std::int64_t time_ms) {
  const std::int64_t ms_per_day = 86'400'000;
  const std::int64_t days = floor_div(time_ms, ms_per_day);
  std::int64_t rest = time_ms - days * ms_per_day;
  const auto [year, month, day] = civil_from_days(days);
  const std::int64_t hours = rest / 3'600'000;
  rest %= 3'600'000;
  const std::int64_t minutes = rest / 60'000;
  rest %= 60'000;
  return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) + "T" + padded(hours, 2) + ":" +
         padded(minutes, 2) + ":" + padded(rest / 1000, 2) + "." + padded(rest % 1000, 3) + "Z";
}

std::string format_decimal(double value, int decimals) {
  std::array<char, 64> buffer{};
  auto [end, error] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, decimals);
  if (error != std::errc{}) return {};
  std::string text(buffer.data(), end);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  for (char& c : text)
    if (c == '.') c = ',';
  return text;
}

std::string csv_field(std::string_view text) {
  std::string field(text);
  if (!field.empty() && std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos)
    field.insert(0, 1, '\'');
  if (field.find_first_of(";\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string answers_csv(std::span<const replay_event> events, const export_words* words) {
  struct row {
    const replay_event* source;  // the answer_given event
    std::string department;      // the participant's, as given on joining
  };
  std::vector<row> rows;
  std::map<std::string, std::string> departments;  // participant -> department ("" when none)
  std::set<std::string> inactive;                  // removed participants
  std::map<answer_key, std::size_t> standing;      // -> index in rows

  for (const auto& recorded : events) {
    std::visit(overloaded{
                   [&](const session_created&) {},
                   [&](const participant_joined& e) {
                     departments[e.participant_id] = e.department.value_or("");
                     inactive.erase(e.participant_id);
                   },
                   [&](const participant_renamed&) {},
                   [&](const participant_removed& e) { inactive.insert(e.participant_id); },
                   [&](const statement_opened&) {},
                   [&](const statement_closed&) {},
                   [&](const statement_focused&) {},
                   [&](const results_revealed&) {},
                   [&](const results_hidden&) {},
                   [&](const round_started&) {},
                   [&](const answer_given& e) {
                     standing[{e.participant_id, e.round, e.statement, aspect_index(e.which)}] = rows.size();
                     rows.push_back(row{&recorded, departments[e.participant_id]});
                   },
                   [&](const answer_withdrawn& e) {
                     standing.erase({e.participant_id, e.round, e.statement, aspect_index(e.which)});
                   },
                   [&](const session_closed&) {},
                   [&](const session_reopened&) {},
                   [&](const roadmap_event&) {},
                   [&](const baseline_event&) {},
               },
               recorded.event);
  }
  std::vector<bool> counted(rows.size(), false);
  for (const auto& [key, index] : standing)
    if (!inactive.contains(std::get<0>(key))) counted[index] = true;

  std::string out(csv_byte_order_mark);
  if (words == nullptr)
    add_row(out, {"time", "round", "participant", "department", "statement", "aspect", "level", "counted"});
  else if (words->lang == language::nl)
    add_row(out,
            {"tijd", "ronde", "deelnemer", "afdeling", "stelling", "titel", "aspect", "niveau", "telt mee"});
  else
    add_row(out, {"time", "round", "participant", "department", "statement", "title", "aspect", "level",
                  "counted"});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& answer = std::get<answer_given>(rows[i].source->event);
    std::vector<std::string> row{format_iso_time(rows[i].source->time_ms), std::to_string(answer.round),
                                 csv_field(answer.participant_id), csv_field(rows[i].department),
                                 std::to_string(answer.statement)};
    if (words == nullptr) {
      row.insert(row.end(), {std::string(to_string(answer.which)), std::to_string(answer.level),
                             counted[i] ? "1" : "0"});
    } else {
      row.insert(row.end(),
                 {csv_field(statement_title(*words, answer.statement)), aspect_word(*words, answer.which),
                  std::to_string(answer.level), yes_no(*words, counted[i])});
    }
    add_row(out, row);
  }
  return out;
}

std::string results_csv(const replay_state& state, const export_words* words) {
  std::string out(csv_byte_order_mark);
  if (words == nullptr)
    add_row(out, {"round", "statement", "theme", "aspect", "n", "mean", "median", "q1", "q3",
                  "interquartile_range", "standard_deviation", "consensus", "iqr_consensus", "gap"});
  else if (words->lang == language::nl)
    add_row(out, {"ronde", "stelling", "titel", "thema", "aspect", "n", "gemiddelde", "mediaan", "q1", "q3",
                  "interkwartielafstand", "standaardafwijking", "consensus", "consensus (IQR ≤ 1)", "kloof"});
  else
    add_row(out, {"round", "statement", "title", "theme", "aspect", "n", "mean", "median", "q1", "q3",
                  "interquartile range", "standard deviation", "consensus", "consensus (IQR ≤ 1)", "gap"});
  for (int round = 1; round <= state.session.round; ++round) {
    const session_summary summary = summarize_session(state.consensus, round);
    for (const auto& st : summary.statements) {
      const std::string gap = st.gap ? format_decimal(*st.gap) : std::string{};
      for (aspect which : {aspect::current, aspect::desired}) {
        const distribution_summary& d = st.by_aspect[aspect_index(which)];
        auto number = [&](double v) { return d.n > 0 ? format_decimal(v) : std::string{}; };
        if (words == nullptr) {
          add_row(out,
                  {std::to_string(round), std::to_string(st.statement), std::string(to_string(st.in_theme)),
                   std::string(to_string(which)), std::to_string(d.n), number(d.mean), number(d.median),
                   number(d.q1), number(d.q3), number(d.interquartile_range), number(d.standard_deviation),
                   number(d.consensus), d.n > 0 ? (d.iqr_consensus ? "1" : "0") : std::string{}, gap});
          continue;
        }
        add_row(out, {std::to_string(round), std::to_string(st.statement),
                      csv_field(statement_title(*words, st.statement)),
                      csv_field(words->statements.theme_of(st.statement).name.in(words->lang)),
                      aspect_word(*words, which), std::to_string(d.n), number(d.mean), number(d.median),
                      number(d.q1), number(d.q3), number(d.interquartile_range), number(d.standard_deviation),
                      number(d.consensus), d.n > 0 ? yes_no(*words, d.iqr_consensus) : std::string{}, gap});
      }
    }
  }
  return out;
}

}  // namespace scsa::domain
