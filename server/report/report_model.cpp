// Building the report models: a respondent's latest levels (the highest round with an answer, as the
// municipality averages count them), comparisons only for municipalities with at least k respondents, the
// roadmap from the largest gaps, and for the facilitator every round's means, consensus and departments.
#include "server/report/report_model.hpp"

#include "domain/roadmap_priority.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "domain/department_comparison.hpp"
#include "domain/disclosure.hpp"
#include "domain/participant_view.hpp"

namespace scsa::server::report {

namespace {

using domain::aspect;
using domain::aspect_index;
using domain::statement_count;

constexpr std::size_t now_cell = aspect_index(aspect::current);
constexpr std::size_t ambition_cell = aspect_index(aspect::desired);

std::size_t cell(int statement) {
  return static_cast<std::size_t>(statement - 1);
}

std::string with_decimal_comma(std::string text, language lang) {
  if (lang == language::nl) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::vector<level_text> levels_of(const domain::catalogue& c, language lang) {
  std::vector<level_text> levels;
  for (const auto& l : c.levels) levels.push_back({l.level, l.name.in(lang), l.meaning.in(lang)});
  return levels;
}

using statement_means = std::array<means_pair, statement_count>;
using domain::latest_sheet;

std::vector<theme_row> theme_rows(const domain::catalogue& c, language lang, const statement_means& means) {
  const auto themed = domain::theme_means(means);
  std::vector<theme_row> rows;
  for (const auto& t : c.themes) {
    const auto which = domain::parse_theme(t.id);
    theme_row row{t.id, t.name.in(lang), {}};
    if (which) row.mine = themed[domain::theme_index(*which)];
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<comparison> comparison_of(const domain::municipality_averages& averages,
                                        const domain::municipality_registry& registry,
                                        const std::string& code, comparison::kind role, int k,
                                        language lang) {
  const domain::municipality_average average = role == comparison::kind::national
                                                   ? domain::disclosed_national_average(averages, k)
                                                   : domain::disclosed_average(averages, code, k);
  if (!domain::may_compare(average.respondents, k)) return std::nullopt;
  comparison out;
  out.role = role;
  out.code = code;
  out.respondents = average.respondents;
  if (role == comparison::kind::national) {
    out.name = lang == language::nl ? "Nederland" : "The Netherlands";
  } else {
    const auto* found = registry.find(code);
    if (found == nullptr) return std::nullopt;
    out.name = found->name;
  }
  for (std::size_t s = 0; s < out.statements.size(); ++s)
    for (std::size_t k2 = 0; k2 < 2; ++k2) out.statements[s][k2] = average.statements[s][k2].mean;
  out.themes = average.themes;
  return out;
}

std::optional<int> level_or_none(std::uint8_t level) {
  return level == 0 ? std::nullopt : std::optional<int>(level);
}

nlohmann::json number_or_null(const std::optional<double>& v) {
  return v ? nlohmann::json(std::round(*v * 100) / 100) : nlohmann::json(nullptr);
}

nlohmann::json pair_json(const means_pair& p) {
  return {{"current", number_or_null(p[now_cell])}, {"desired", number_or_null(p[ambition_cell])}};
}

}  // namespace

std::string format_mean(const std::optional<double>& value, language lang) {
  if (!value) return "–";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", *value + 0.0);
  return with_decimal_comma(text, lang);
}

std::string format_fraction(const std::optional<double>& value, language lang) {
  if (!value) return "–";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", *value + 0.0);
  return with_decimal_comma(text, lang);
}

std::string format_gap(const std::optional<double>& value, language lang) {
  if (!value) return "–";
  const double rounded = std::round(*value * 10) / 10;
  char text[32];
  std::snprintf(text, sizeof text, rounded > 0 ? "+%.1f" : "%.1f", rounded == 0 ? 0.0 : rounded);
  return with_decimal_comma(text, lang);
}

std::string format_date(long long days_since_epoch, language lang) {
  static constexpr std::array<const char*, 12> nl{"januari",   "februari", "maart",    "april",
                                                  "mei",       "juni",     "juli",     "augustus",
                                                  "september", "oktober",  "november", "december"};
  static constexpr std::array<const char*, 12> en{"January",   "February", "March",    "April",
                                                  "May",       "June",     "July",     "August",
                                                  "September", "October",  "November", "December"};
  const std::chrono::year_month_day day{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
  const auto month = static_cast<std::size_t>(static_cast<unsigned>(day.month()) - 1);
  return std::to_string(static_cast<unsigned>(day.day())) + " " + (lang == language::nl ? nl : en)[month] +
         " " + std::to_string(static_cast<int>(day.year()));
}

personal_report build_personal_report(const personal_inputs& in) {
  personal_report r;
  r.lang = in.lang;
  r.session_title = in.session.title;
  r.municipality_code = in.session.municipality;
  if (const auto* m = in.municipalities.find(in.session.municipality)) r.municipality_name = m->name;
  r.workshop = in.session.mode == domain::session_mode::workshop;
  r.date = in.date;
  r.levels = levels_of(in.catalogue, in.lang);
  r.min_respondents = in.min_respondents;

  domain::answer_sheet mine{};
  if (auto found = in.projection.answers.participants.find(in.participant_id);
      found != in.projection.answers.participants.end())
    mine = latest_sheet(found->second);

  statement_means my_means{};
  const int round = in.projection.current_round();
  for (int s = 1; s <= statement_count; ++s) {
    const auto& entry = in.catalogue.statement(s);
    personal_statement row;
    row.statement = s;
    row.title = entry.title.in(in.lang);
    row.theme_name = in.catalogue.theme_of(s).name.in(in.lang);
    row.current = level_or_none(mine[cell(s)][now_cell]);
    row.desired = level_or_none(mine[cell(s)][ambition_cell]);
    if (row.current) {
      row.current_text = entry.levels[static_cast<std::size_t>(*row.current - 1)].in(in.lang);
      my_means[cell(s)][now_cell] = *row.current;
    }
    if (row.desired) {
      row.desired_text = entry.levels[static_cast<std::size_t>(*row.desired - 1)].in(in.lang);
      my_means[cell(s)][ambition_cell] = *row.desired;
    }
    if (row.current && row.desired) {
      row.gap = *row.desired - *row.current;
      ++r.answered;
    }
    if (r.workshop && row.current) {
      const auto counts = in.projection.counts(round, s, aspect::current);
      group_position g;
      g.counts = counts;
      double sum = 0;
      for (int level = 1; level <= domain::level_count; ++level) {
        const int n = counts[static_cast<std::size_t>(level - 1)];
        g.n += n;
        sum += static_cast<double>(n * level);
        if (level < *row.current) g.below += n;
        if (level == *row.current) g.same += n;
      }
      if (g.n > 1) {  // a group of one is the respondent alone
        g.group_mean = sum / g.n;
        row.group = g;
      }
    }
    r.statements.push_back(std::move(row));
  }
  r.themes = theme_rows(in.catalogue, in.lang, my_means);
  r.overall = domain::overall_mean(my_means);

  const int k = in.min_respondents;
  if (auto own = comparison_of(in.averages, in.municipalities, in.session.municipality, comparison::kind::own,
                               k, in.lang))
    r.comparisons.push_back(std::move(*own));
  int chosen = 0;
  for (const auto& typed : in.chosen) {
    if (chosen == 2) break;
    const auto* m = in.municipalities.find(typed);
    if (m == nullptr || m->code == in.session.municipality) continue;
    const bool seen = std::any_of(r.comparisons.begin(), r.comparisons.end(),
                                  [&](const comparison& c) { return c.code == m->code; });
    if (seen) continue;
    if (auto other =
            comparison_of(in.averages, in.municipalities, m->code, comparison::kind::chosen, k, in.lang)) {
      r.comparisons.push_back(std::move(*other));
      ++chosen;
    }
  }
  if (auto national =
          comparison_of(in.averages, in.municipalities, "", comparison::kind::national, k, in.lang))
    r.comparisons.push_back(std::move(*national));

  std::vector<std::optional<int>> gaps(statement_count);
  for (const auto& row : r.statements) gaps[static_cast<std::size_t>(row.statement - 1)] = row.gap;
  r.roadmap = domain::roadmap_starting_points(gaps);
  std::vector<domain::standing> mine_now;
  for (const auto& row : r.statements) {
    auto level = [](const std::optional<int>& l) { return l ? std::optional<double>(*l) : std::nullopt; };
    mine_now.push_back({row.statement, level(row.current), level(row.desired)});
  }
  r.learn_from = learn_from_rows(mine_now, in.averages, in.municipalities, in.catalogue, in.lang,
                                 in.session.municipality, k);
  if (r.workshop)
    r.group =
        build_group_roadmap(in.catalogue, in.lang, in.session, in.projection, in.texts, in.participant_id);
  return r;
}

workshop_report build_workshop_report(const workshop_inputs& in) {
  workshop_report r;
  r.lang = in.lang;
  r.session_title = in.session.title;
  r.municipality_code = in.session.municipality;
  if (const auto* m = in.municipalities.find(in.session.municipality)) r.municipality_name = m->name;
  r.date = in.date;
  r.levels = levels_of(in.catalogue, in.lang);
  r.participants = static_cast<int>(in.projection.answers.active_count);
  r.rounds = in.projection.current_round();
  r.min_respondents = in.min_respondents;

  // Each statement as of the latest round in which the group answered it: a second round often revisits
  // only the statements under discussion, and the others keep their first-round picture.
  std::vector<domain::session_summary> per_round;
  for (const auto& [number, counts] : in.projection.rounds)
    per_round.push_back(domain::summarize_session(in.projection, number));

  statement_means group_means{};
  for (int s = 1; s <= statement_count; ++s) {
    workshop_statement row;
    row.statement = s;
    row.title = in.catalogue.statement(s).title.in(in.lang);
    row.theme_name = in.catalogue.theme_of(s).name.in(in.lang);
    for (auto round = per_round.rbegin(); round != per_round.rend(); ++round) {
      const auto& st = round->statements[cell(s)];
      if (st.by_aspect[now_cell].n == 0 && st.by_aspect[ambition_cell].n == 0) continue;
      row.by_aspect = st.by_aspect;
      row.gap = st.gap;
      row.latest_round = round->round;
      break;
    }
    for (const auto& round : per_round) {
      means_pair p;
      for (std::size_t k = 0; k < 2; ++k)
        if (round.statements[cell(s)].by_aspect[k].n > 0) p[k] = round.statements[cell(s)].by_aspect[k].mean;
      row.rounds.push_back(p);
    }
    for (std::size_t k = 0; k < 2; ++k)
      if (row.by_aspect[k].n > 0) group_means[cell(s)][k] = row.by_aspect[k].mean;
    if (row.gap) r.by_gap.push_back({s, *row.gap});
    // The aspect with the lower consensus (current on a tie), as the session summary ranks them.
    std::optional<domain::disagreement_rank> least;
    for (const aspect which : {aspect::current, aspect::desired}) {
      const auto& d = row.by_aspect[aspect_index(which)];
      if (d.n == 0) continue;
      if (!least || d.consensus < least->consensus)
        least = domain::disagreement_rank{s, which, d.consensus, d.interquartile_range};
    }
    if (least) r.by_disagreement.push_back(*least);
    r.statements.push_back(std::move(row));
  }
  r.themes = theme_rows(in.catalogue, in.lang, group_means);
  std::stable_sort(r.by_gap.begin(), r.by_gap.end(),
                   [](const domain::gap_rank& a, const domain::gap_rank& b) { return a.gap > b.gap; });
  std::stable_sort(r.by_disagreement.begin(), r.by_disagreement.end(),
                   [](const domain::disagreement_rank& a, const domain::disagreement_rank& b) {
                     return a.consensus < b.consensus;
                   });

  // Departments smaller than k are left out (the rule: domain/department_comparison.hpp).
  for (const auto& d : domain::compare_departments(in.projection.answers, in.session, in.min_respondents))
    r.departments.push_back({d.department, d.participants, d.themes, d.overall});
  r.municipality = comparison_of(in.averages, in.municipalities, in.session.municipality,
                                 comparison::kind::own, in.min_respondents, in.lang);
  r.roadmap = build_group_roadmap(in.catalogue, in.lang, in.session, in.projection, in.texts, {});
  std::vector<domain::standing> group_now;
  for (const auto& row : r.statements) {
    auto mean = [&](std::size_t which) {
      return row.by_aspect[which].n > 0 ? std::optional<double>(row.by_aspect[which].mean) : std::nullopt;
    };
    group_now.push_back({row.statement, mean(now_cell), mean(ambition_cell)});
  }
  r.learn_from = learn_from_rows(group_now, in.averages, in.municipalities, in.catalogue, in.lang,
                                 in.session.municipality, in.min_respondents);
  return r;
}

void to_json(nlohmann::json& j, const personal_report& r) {
  auto statements = nlohmann::json::array();
  for (const auto& s : r.statements) {
    nlohmann::json row{{"statement", s.statement},
                       {"title", s.title},
                       {"theme", s.theme_name},
                       {"current", s.current ? nlohmann::json(*s.current) : nlohmann::json(nullptr)},
                       {"desired", s.desired ? nlohmann::json(*s.desired) : nlohmann::json(nullptr)},
                       {"gap", s.gap ? nlohmann::json(*s.gap) : nlohmann::json(nullptr)},
                       {"current_text", s.current_text},
                       {"desired_text", s.desired_text}};
    if (s.group)
      row["group"] = {{"n", s.group->n},
                      {"mean", number_or_null(s.group->group_mean)},
                      {"counts", s.group->counts},
                      {"below", s.group->below},
                      {"same", s.group->same}};
    statements.push_back(std::move(row));
  }
  auto themes = nlohmann::json::array();
  for (const auto& t : r.themes)
    themes.push_back({{"theme", t.id}, {"name", t.name}, {"mine", pair_json(t.mine)}});
  auto comparisons = nlohmann::json::array();
  for (const auto& c : r.comparisons) {
    auto per_statement = nlohmann::json::array();
    for (const auto& p : c.statements) per_statement.push_back(pair_json(p));
    auto per_theme = nlohmann::json::array();
    for (const auto& p : c.themes) per_theme.push_back(pair_json(p));
    comparisons.push_back({{"role", c.role == comparison::kind::own      ? "own"
                                    : c.role == comparison::kind::chosen ? "chosen"
                                                                         : "national"},
                           {"code", c.code.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.code)},
                           {"name", c.name},
                           {"respondents", c.respondents},
                           {"statements", std::move(per_statement)},
                           {"themes", std::move(per_theme)}});
  }
  auto levels = nlohmann::json::array();
  for (const auto& l : r.levels)
    levels.push_back({{"level", l.level}, {"name", l.name}, {"meaning", l.meaning}});
  j = nlohmann::json{{"language", domain::to_string(r.lang)},
                     {"session_title", r.session_title},
                     {"municipality", {{"code", r.municipality_code}, {"name", r.municipality_name}}},
                     {"workshop", r.workshop},
                     {"date", r.date},
                     {"answered", r.answered},
                     {"overall", pair_json(r.overall)},
                     {"levels", std::move(levels)},
                     {"statements", std::move(statements)},
                     {"themes", std::move(themes)},
                     {"comparisons", std::move(comparisons)},
                     {"roadmap", r.roadmap},
                     {"group_roadmap", r.group ? nlohmann::json(*r.group) : nlohmann::json(nullptr)},
                     {"learn_from", r.learn_from},
                     {"baseline", r.baseline ? nlohmann::json(*r.baseline) : nlohmann::json(nullptr)}};
}

}  // namespace scsa::server::report
