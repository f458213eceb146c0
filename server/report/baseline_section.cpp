// Since the baseline: three tables, each only when it has rows.
#include "server/report/baseline_section.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace scsa::server::report {

namespace {

constexpr std::size_t most_moved = 6;
constexpr long long ms_per_day = 86'400'000;

void subheading(page_flow& flow, const char* title) {
  flow.ensure(48);
  flow.y += flow.canvas().text(margin, flow.y, content_width, title, {10, true, false, palette::navy}) + 4;
}

// "Eigenaar: " as a column head.
std::string column_head(const char* label) {
  std::string head = label;
  while (!head.empty() && (head.back() == ' ' || head.back() == ':')) head.pop_back();
  return head;
}

std::string then_today(const domain::aspect_since& a, domain::language lang) {
  return format_mean(a.then, lang) + " \u2192 " + format_mean(a.today, lang);
}

const char* status_word(const labels& text, domain::action_status status) {
  switch (status) {
    case domain::action_status::started:
      return text.status_started;
    case domain::action_status::done:
      return text.status_done;
    case domain::action_status::dropped:
      return text.status_dropped;
    case domain::action_status::agreed:
    case domain::action_status::proposed:
      return text.status_agreed;
  }
  return text.status_agreed;
}

}  // namespace

baseline_pages baseline_pages_for(const baseline_model& baseline, const domain::catalogue& catalogue,
                                  domain::language lang) {
  baseline_pages pages;
  pages.session_id = baseline.session_id;
  pages.mode = baseline.mode;
  pages.created_ms = baseline.created_ms;
  pages.title = baseline.title;
  pages.date = format_date(baseline.created_ms / ms_per_day, lang);
  pages.participants = baseline.participants;
  for (const auto& t : catalogue.themes) {
    const auto which = domain::parse_theme(t.id);
    if (!which) continue;
    const auto& since = baseline.comparison.themes[domain::theme_index(*which)];
    pages.themes.push_back({t.id, t.name.in(lang), since.by_aspect[0], since.by_aspect[1]});
  }
  std::vector<const domain::statement_since*> moved;
  // Moved: a change that shows as at least 0.1 (a statement that stayed put is no "most moved").
  for (const auto& s : baseline.comparison.statements)
    if (auto change = s.by_aspect[0].change(); change && std::fabs(*change) >= 0.05) moved.push_back(&s);
  std::stable_sort(moved.begin(), moved.end(), [](const auto* a, const auto* b) {
    return std::fabs(*a->by_aspect[0].change()) > std::fabs(*b->by_aspect[0].change());
  });
  if (moved.size() > most_moved) moved.resize(most_moved);
  for (const auto* s : moved)
    pages.moved.push_back(
        {std::to_string(s->statement),
         std::to_string(s->statement) + "  " + catalogue.statement(s->statement).title.in(lang),
         s->by_aspect[0], s->by_aspect[1]});
  pages.actions = baseline.actions;
  return pages;
}

void baseline_section(page_flow& flow, const labels& text, domain::language lang,
                      const baseline_pages& pages) {
  std::vector<char> intro(std::string(text.baseline_intro).size() + pages.title.size() + pages.date.size() +
                          32);
  std::snprintf(intro.data(), intro.size(), text.baseline_intro, pages.title.c_str(), pages.date.c_str(),
                pages.participants);
  flow.section(text.baseline_title, intro.data(), 90);
  const double w = content_width;
  table themes{{w * 0.34, w * 0.2, w * 0.11, w * 0.24, w * 0.11},
               {align::left, align::left, align::right, align::left, align::right}};
  themes.header(flow, {text.theme, text.baseline_now, text.baseline_change, text.baseline_ambition,
                       text.baseline_change});
  bool shaded = false;
  for (const auto& t : pages.themes) {
    themes.row(flow,
               {t.name, then_today(t.now, lang), format_gap(t.now.change(), lang),
                then_today(t.ambition, lang), format_gap(t.ambition.change(), lang)},
               shaded);
    shaded = !shaded;
  }

  if (!pages.moved.empty()) {
    flow.y += 8;
    subheading(flow, text.baseline_shifts);
    table shifts{{w * 0.58, w * 0.26, w * 0.16}, {align::left, align::left, align::right}};
    shifts.header(flow, {text.statement, text.baseline_now, text.baseline_change});
    shaded = false;
    for (const auto& s : pages.moved) {
      shifts.row(flow, {s.name, then_today(s.now, lang), format_gap(s.now.change(), lang)}, shaded);
      shaded = !shaded;
    }
  }

  if (pages.actions.empty()) return;
  flow.y += 8;
  subheading(flow, text.baseline_actions);
  table actions{{w * 0.5, w * 0.2, w * 0.14, w * 0.16}, {align::left, align::left, align::left, align::left}};
  actions.header(flow,
                 {text.statement, column_head(text.owner), text.baseline_then, text.baseline_status_now});
  shaded = false;
  for (const auto& a : pages.actions) {
    actions.row(flow,
                {std::to_string(a.statement) + "  " + a.text, a.owner, status_word(text, a.then),
                 a.reviewed ? status_word(text, a.now) : text.baseline_not_reviewed},
                shaded);
    shaded = !shaded;
  }
}

}  // namespace scsa::server::report
