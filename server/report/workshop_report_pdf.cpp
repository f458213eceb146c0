// The workshop report's layout (render_workshop_report_pdf in report_pdf.hpp): title, key figures, the
// group's theme profile, where the discussion should go, every statement's distribution and consensus,
// the rounds, departments with at least k participants, and the roadmap (priorities and agreed actions).
#include <algorithm>

#include "server/report/baseline_section.hpp"
#include "server/report/learn_from_section.hpp"
#include "server/report/report_charts.hpp"
#include "server/report/report_layout.hpp"
#include "server/report/report_pdf.hpp"
#include "server/report/roadmap_section.hpp"

namespace scsa::server::report {

namespace {

int layout_workshop(pdf_canvas& canvas, const workshop_report& r, int total) {
  const labels& text = labels_for(r.lang);
  const language lang = r.lang;
  page_flow flow(canvas, text, std::string(text.workshop_title) + " · " + r.municipality_name, r.date, total);
  title_block(canvas, text, text.workshop_title, r.municipality_name, r.session_title + "  ·  " + r.date);
  flow.y = 196;
  flow.y += canvas.text(margin, flow.y, content_width, text.workshop_intro,
                        {9.5, false, false, palette::ink, align::left, 1.15});
  flow.y += 14;

  std::array<std::optional<double>, 2> overall;
  for (std::size_t k = 0; k < 2; ++k) {
    double sum = 0;
    int n = 0;
    for (const auto& s : r.statements)
      if (s.by_aspect[k].n > 0) {
        sum += s.by_aspect[k].mean;
        ++n;
      }
    if (n > 0) overall[k] = sum / n;
  }
  key_figures(flow,
              {{text.participants, std::to_string(r.participants)},
               {text.rounds, std::to_string(r.rounds)},
               {text.mean_now, format_mean(overall[now_cell], lang)},
               {text.mean_desired, format_mean(overall[ambition_cell], lang)}},
              {palette::navy, palette::navy, palette::teal, palette::orange});
  flow.section(text.profile_title, text.group_profile_intro, 240);
  theme_profile(flow, text, lang, r.themes, r.municipality);

  // Where the discussion should go: the largest gaps and the least consensus, side by side.
  flow.section(text.focus_title, {}, 130);
  const double half = (content_width - 20) / 2;
  const double start = flow.y;
  auto list = [&](double x, const std::string& title, const std::vector<std::pair<int, std::string>>& rows) {
    double y = start;
    canvas.text(x, y, half, title, {9, true, false, palette::teal});
    y += 15;
    for (std::size_t i = 0; i < rows.size() && i < 5; ++i) {
      const auto& s = r.statements[static_cast<std::size_t>(rows[i].first - 1)];
      if (i % 2 == 0) canvas.fill_rect(x, y, half, 17, palette::tint);
      canvas.text(x + 4, y + 3.5, half - 60, std::to_string(s.statement) + "  " + s.title, {8.5});
      canvas.text(x + half - 56, y + 3.5, 52, rows[i].second,
                  {8.5, true, false, palette::orange, align::right});
      y += 17;
    }
    return y;
  };
  std::vector<std::pair<int, std::string>> gaps, disagreements;
  for (const auto& g : r.by_gap) gaps.emplace_back(g.statement, format_gap(g.gap, lang));
  for (const auto& d : r.by_disagreement)
    disagreements.emplace_back(d.statement, format_fraction(d.consensus, lang));
  const double end =
      std::max(list(margin, text.largest_gaps, gaps),
               list(margin + half + 20, std::string(text.least_consensus) + " (" + text.consensus + ")",
                    disagreements));
  flow.y = end + 6;

  // All statements of the latest round.
  flow.break_page();
  flow.section(text.table_title, text.table_intro, 200);
  table all{{172, 36, 42, 36, 56, 56, 36, 31, 30},
            {align::left, align::right, align::right, align::right, align::right, align::right, align::right,
             align::right, align::right}};
  all.header(flow,
             {text.statement, text.now, text.desired, text.gap, std::string(text.consensus) + " " + text.now,
              std::string(text.consensus) + " " + text.desired, std::string(text.iqr) + " " + text.now,
              text.answers, "R"});
  std::string theme;
  for (const auto& s : r.statements) {
    if (s.theme_name != theme) {
      theme = s.theme_name;
      all.band(flow, theme);
    }
    const auto& now = s.by_aspect[now_cell];
    const auto& ambition = s.by_aspect[ambition_cell];
    auto mean = [&](const domain::distribution_summary& d) {
      return d.n > 0 ? format_mean(d.mean, lang) : std::string("–");
    };
    auto fraction = [&](const domain::distribution_summary& d, double v) {
      return d.n > 0 ? format_fraction(v, lang) : std::string("–");
    };
    all.row(flow,
            {std::to_string(s.statement) + "  " + s.title, mean(now), mean(ambition), format_gap(s.gap, lang),
             fraction(now, now.consensus), fraction(ambition, ambition.consensus),
             now.n > 0 ? format_mean(now.interquartile_range, lang) : "–", std::to_string(now.n),
             s.latest_round > 0 ? std::to_string(s.latest_round) : "–"},
            s.statement % 2 == 1);
  }

  // Rounds compared.
  flow.section(text.rounds_title, r.rounds > 1 ? text.rounds_intro : text.one_round, r.rounds > 1 ? 200 : 20);
  if (r.rounds > 1) {
    const std::size_t shown = std::min<std::size_t>(static_cast<std::size_t>(r.rounds), 4);
    const std::size_t first = static_cast<std::size_t>(r.rounds) - shown;
    std::vector<double> w{178};
    std::vector<align> a{align::left};
    std::vector<std::string> h{text.statement};
    const double c = (content_width - 178 - 60) / static_cast<double>(shown);
    for (std::size_t i = 0; i < shown; ++i) {
      w.push_back(c);
      a.push_back(align::right);
      h.push_back(std::string(text.round) + " " + std::to_string(first + i + 1));
    }
    w.push_back(60);
    a.push_back(align::right);
    h.push_back(text.change);
    table rounds{w, a};
    rounds.header(flow, h);
    for (const auto& s : r.statements) {
      std::vector<std::string> cells{std::to_string(s.statement) + "  " + s.title};
      for (std::size_t i = first; i < s.rounds.size(); ++i)
        cells.push_back(now_to_ambition(s.rounds[i], lang));
      std::optional<double> change;
      if (s.rounds.size() >= 2 && s.rounds.front()[now_cell] && s.rounds.back()[now_cell])
        change = *s.rounds.back()[now_cell] - *s.rounds.front()[now_cell];
      cells.push_back(format_gap(change, lang));
      rounds.row(flow, cells, s.statement % 2 == 1);
    }
  }

  // Departments compared.
  flow.section(
      text.departments_title,
      printf_text(r.departments.empty() ? text.departments_none : text.departments_intro, r.min_respondents),
      r.departments.empty() ? 20 : 120);
  if (!r.departments.empty()) {
    std::vector<double> w{120, 30};
    std::vector<align> a{align::left, align::right};
    std::vector<std::string> h{text.department, text.answers};
    const double c = (content_width - 150) / static_cast<double>(r.themes.size() + 1);
    for (const auto& t : r.themes) {
      w.push_back(c);
      a.push_back(align::right);
      h.push_back(t.name);
    }
    w.push_back(c);
    a.push_back(align::right);
    h.push_back(text.overall);
    table departments{w, a};
    departments.header(flow, h);
    bool shade = true;
    for (const auto& d : r.departments) {
      std::vector<std::string> cells{d.name, std::to_string(d.participants)};
      for (const auto& t : d.themes) cells.push_back(format_mean(t[now_cell], lang));
      cells.push_back(format_mean(d.overall[now_cell], lang));
      departments.row(flow, cells, shade);
      shade = !shade;
    }
  }
  learn_from_section(flow, text, r.lang, r.learn_from, text.learn_from_workshop_intro, text.group,
                     r.min_respondents);
  if (r.baseline) baseline_section(flow, text, r.lang, *r.baseline);
  flow.break_page();
  group_roadmap_section(flow, text, r.lang, r.roadmap, text.workshop_roadmap_title,
                        r.roadmap.priorities.empty() ? text.roadmap_none : text.workshop_roadmap_intro);
  levels_section(flow, text, r.levels);
  return flow.finish();
}

}  // namespace

std::string render_workshop_report_pdf(const workshop_report& report) {
  const labels& text = labels_for(report.lang);
  return render_twice(std::string(text.workshop_title) + " – " + report.session_title,
                      "Smart City Self Assessment",
                      [&](pdf_canvas& canvas, int total) { return layout_workshop(canvas, report, total); });
}

}  // namespace scsa::server::report
