// The workshop report's layout (render_workshop_report_pdf in report_pdf.hpp): title, key figures, the
// group's theme profile, where the discussion should go, every statement's distribution and consensus,
// the rounds, departments with at least k participants, and the roadmap (priorities and agreed actions).
#include <algorithm>

#include "server/report/report_charts.hpp"
#include "server/report/report_layout.hpp"
#include "server/report/report_pdf.hpp"

namespace scsa::server::report {

namespace {

// The roadmap: the statements the group worked on in priority order, with why and the conclusion, then the
// agreed actions as a timeline chart, one column per horizon.
void roadmap_section(page_flow& flow, const labels& text, const workshop_report& r) {
  pdf_canvas& canvas = flow.canvas();
  const language lang = r.lang;
  flow.break_page();
  flow.section(text.workshop_roadmap_title,
               r.roadmap.empty() ? text.roadmap_none : text.workshop_roadmap_intro, 80);
  for (const auto& row : r.roadmap) {
    const std::string why = std::string(text.gap) + " " + format_gap(row.gap, lang) + "  ·  " +
                            text.consensus + " " + format_fraction(row.agreement, lang) + "  ·  " +
                            text.votes + " " + std::to_string(row.votes);
    const double conclusion_height =
        row.conclusion.empty() ? 0
                               : canvas.measure(content_width - 40, row.conclusion, {8.8, false, true}) + 4;
    flow.ensure(34 + conclusion_height);
    canvas.fill_circle(margin + 9, flow.y + 7, 9, palette::navy);
    canvas.text(margin, flow.y + 2, 18, std::to_string(row.rank),
                {8.5, true, false, palette::white, align::center});
    flow.y += canvas.text(margin + 26, flow.y, content_width - 26,
                          std::to_string(row.statement) + "  " + row.title, {10, true, false, palette::navy});
    flow.y +=
        canvas.text(margin + 26, flow.y + 1, content_width - 26, why, {8, false, false, palette::muted}) + 2;
    if (!row.conclusion.empty()) {
      canvas.fill_rect(margin + 26, flow.y, 2.5, conclusion_height - 2, palette::teal);
      canvas.text(margin + 34, flow.y, content_width - 40, row.conclusion, {8.8, false, true, palette::ink});
      flow.y += conclusion_height;
    }
    flow.y += 8;
  }
  if (r.agreed_actions.empty()) return;

  // The timeline: a column per horizon that has actions (and one for those without a horizon yet).
  std::vector<std::pair<std::string, std::vector<const roadmap_action_row*>>> columns;
  const std::array<std::pair<std::optional<domain::action_horizon>, const char*>, 5> horizons{{
      {domain::action_horizon::now, text.horizon_now},
      {domain::action_horizon::within_a_year, text.horizon_year},
      {domain::action_horizon::one_to_three_years, text.horizon_one_three},
      {domain::action_horizon::three_to_five_years, text.horizon_three_five},
      {std::nullopt, text.horizon_none},
  }};
  for (const auto& [horizon, name] : horizons) {
    std::vector<const roadmap_action_row*> in_column;
    for (const auto& action : r.agreed_actions)
      if (action.horizon == horizon) in_column.push_back(&action);
    // The four horizons always show, so the chart reads as a timeline; "no horizon yet" only when needed.
    if (horizon || !in_column.empty()) columns.emplace_back(name, std::move(in_column));
  }
  constexpr std::size_t cards_per_column = 6;
  const double gutter = 8;
  const double width = (content_width - gutter * static_cast<double>(columns.size() - 1)) /
                       static_cast<double>(columns.size());
  auto card_text = [&](const roadmap_action_row& a) {
    std::string status;
    if (a.status == domain::action_status::started) status = std::string(" (") + text.status_started + ")";
    if (a.status == domain::action_status::done) status = std::string(" (") + text.status_done + ")";
    return std::to_string(a.statement) + "  " + a.text + status;
  };
  auto card_height = [&](const roadmap_action_row& a) {
    double h = canvas.measure(width - 12, card_text(a), {8, true}) + 10;
    if (!a.owner.empty()) h += canvas.measure(width - 12, std::string(text.owner) + a.owner, {7.5}) + 2;
    return h;
  };
  double tallest = 0;
  for (const auto& [name, actions] : columns) {
    double h = 0;
    for (std::size_t i = 0; i < actions.size() && i < cards_per_column; ++i)
      h += card_height(*actions[i]) + 5;
    tallest = std::max(tallest, h);
  }
  flow.section(text.timeline_title, text.timeline_intro, 40 + tallest);
  const double top_y = flow.y;
  // The arrow of time under the column heads.
  canvas.fill_rect(margin, top_y + 22, content_width, 2, palette::sky);
  double x = margin;
  double bottom_y = top_y;
  for (const auto& [name, actions] : columns) {
    canvas.fill_rounded(x, top_y, width, 18, 3, palette::navy);
    canvas.text(x, top_y + 4, width, name, {8.5, true, false, palette::white, align::center});
    double y = top_y + 30;
    for (std::size_t i = 0; i < actions.size() && i < cards_per_column; ++i) {
      const auto& a = *actions[i];
      const double h = card_height(a);
      canvas.fill_rounded(x, y, width, h, 3, palette::tint);
      canvas.fill_rect(x, y, 3, h, a.status == domain::action_status::done ? palette::teal : palette::orange);
      double ty = y + 5;
      ty += canvas.text(x + 7, ty, width - 12, card_text(a), {8, true, false, palette::ink});
      if (!a.owner.empty())
        canvas.text(x + 7, ty + 2, width - 12, std::string(text.owner) + a.owner,
                    {7.5, false, false, palette::muted});
      y += h + 5;
    }
    if (actions.size() > cards_per_column) {
      y += canvas.text(x, y, width,
                       printf_text(text.more, static_cast<int>(actions.size() - cards_per_column)),
                       {7.5, false, true, palette::muted});
    }
    bottom_y = std::max(bottom_y, y);
    x += width + gutter;
  }
  flow.y = bottom_y + 6;
}

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
  roadmap_section(flow, text, r);
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
