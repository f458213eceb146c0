// The personal report's layout (render_personal_report_pdf in report_pdf.hpp): title, key figures, the
// theme profile, the roadmap's starting points (and in a workshop the group's roadmap), the answers per
// statement beside the group or the municipality, every statement compared, and the levels explained.
#include <algorithm>

#include "server/report/baseline_section.hpp"
#include "server/report/learn_from_section.hpp"
#include "server/report/report_charts.hpp"
#include "server/report/report_layout.hpp"
#include "server/report/report_pdf.hpp"
#include "server/report/roadmap_section.hpp"

namespace scsa::server::report {

namespace {

int layout_personal(pdf_canvas& canvas, const personal_report& r, int total) {
  const labels& text = labels_for(r.lang);
  const language lang = r.lang;
  const char* title = r.sample ? text.sample_title : text.personal_title;
  page_flow flow(canvas, text, std::string(title) + " · " + r.municipality_name, r.date, total);
  title_block(canvas, text, title, r.municipality_name,
              r.sample ? std::string(text.sample_note) : r.session_title + "  ·  " + r.date);
  flow.y = 196;
  flow.y += canvas.text(margin, flow.y, content_width, text.personal_intro,
                        {9.5, false, false, palette::ink, align::left, 1.15});
  flow.y += 14;
  std::optional<double> gap;
  if (r.overall[now_cell] && r.overall[ambition_cell]) gap = *r.overall[ambition_cell] - *r.overall[now_cell];
  key_figures(flow,
              {{text.mean_now, format_mean(r.overall[now_cell], lang)},
               {text.mean_desired, format_mean(r.overall[ambition_cell], lang)},
               {text.mean_gap, format_gap(gap, lang)}},
              {palette::teal, palette::orange, palette::navy});

  std::optional<comparison> own;
  for (const auto& c : r.comparisons)
    if (c.role == comparison::kind::own) own = c;
  flow.section(text.profile_title, text.profile_intro, 240);
  theme_profile(flow, text, lang, r.themes, own);

  // Themes compared with every comparison (now -> ambition).
  flow.section(text.compare_themes_title, {}, 125);
  std::vector<double> widths{130};
  std::vector<align> aligns{align::left};
  std::vector<std::string> head{text.theme, text.you};
  const double col = (content_width - 130) / static_cast<double>(r.comparisons.size() + 1);
  for (std::size_t i = 0; i <= r.comparisons.size(); ++i) {
    widths.push_back(col);
    aligns.push_back(align::right);
  }
  for (const auto& c : r.comparisons) head.push_back(c.name + " (" + std::to_string(c.respondents) + ")");
  table themes{widths, aligns};
  themes.header(flow, head);
  for (std::size_t t = 0; t < r.themes.size(); ++t) {
    std::vector<std::string> cells{r.themes[t].name, now_to_ambition(r.themes[t].mine, lang)};
    for (const auto& c : r.comparisons) cells.push_back(now_to_ambition(c.themes[t], lang));
    themes.row(flow, cells, t % 2 == 0);
  }
  flow.y += 6;
  if (r.comparisons.empty())
    flow.y +=
        canvas.text(margin, flow.y, content_width, text.comparisons_none, {8.5, false, true, palette::muted});
  flow.y += canvas.text(margin, flow.y, content_width, printf_text(text.k_note, r.min_respondents),
                        {7.8, false, true, palette::muted});

  // Roadmap: the largest gaps, with the level descriptions of now and the ambition.
  flow.break_page();
  flow.section(text.roadmap_title, text.roadmap_intro, 120);
  if (r.roadmap.empty()) flow.y += canvas.text(margin, flow.y, content_width, text.roadmap_empty, {9});
  for (int number : r.roadmap) {
    const auto& s = r.statements[static_cast<std::size_t>(number - 1)];
    const std::string now_line =
        std::string(text.now) + " – " + text.level + " " + std::to_string(*s.current) + " (" +
        r.levels[static_cast<std::size_t>(*s.current - 1)].name + "): " + s.current_text;
    const std::string ambition_line =
        std::string(text.desired) + " – " + text.level + " " + std::to_string(*s.desired) + " (" +
        r.levels[static_cast<std::size_t>(*s.desired - 1)].name + "): " + s.desired_text;
    const double w = content_width - 56;
    const double h = 24 + canvas.measure(w, now_line, {8.6}) + canvas.measure(w, ambition_line, {8.6}) + 14;
    flow.ensure(h + 8);
    canvas.fill_rounded(margin, flow.y, content_width, h, 5, palette::tint);
    canvas.fill_rect(margin, flow.y, 4, h, palette::orange);
    canvas.text(margin + 14, flow.y + 9, 30, std::to_string(s.statement), {16, true, false, palette::navy});
    canvas.text(margin + 46, flow.y + 9, w - 80, s.title, {10.5, true, false, palette::navy});
    canvas.text(margin + content_width - 110, flow.y + 9, 100,
                std::string(text.gap) + " " + signed_levels(*s.gap),
                {10, true, false, palette::orange, align::right});
    double y = flow.y + 27;
    y += canvas.text(margin + 46, y, w, now_line, {8.6, false, false, palette::ink});
    y += 3;
    canvas.text(margin + 46, y, w, ambition_line, {8.6, false, false, palette::ink});
    flow.y += h + 8;
  }
  learn_from_section(flow, text, lang, r.learn_from, text.learn_from_personal_intro, text.you,
                     r.min_respondents);
  if (r.baseline) baseline_section(flow, text, lang, *r.baseline);
  // In a workshop that worked on its roadmap: what the group agreed, the reader's proposals and votes marked.
  if (r.group && !r.group->empty()) {
    flow.y += 6;
    group_roadmap_section(flow, text, lang, *r.group, text.group_roadmap_title, text.group_roadmap_intro);
  }
  levels_section(flow, text, r.levels);

  // Every statement on its scale.
  flow.break_page();
  flow.section(text.statements_title, r.workshop ? text.group_statements_intro : text.statements_intro, 200);
  {
    const double ly = flow.y;
    double x = margin;
    canvas.fill_circle(x + 4, ly + 5, 4, palette::teal);
    x += 12;
    canvas.text(x, ly, 120, text.legend_now, {7.8});
    x += 100;
    canvas.stroke_circle(x + 4, ly + 5, 3.6, palette::orange, 1.6);
    canvas.text(x + 12, ly, 100, text.legend_desired, {7.8});
    x += 80;
    const std::string whose =
        r.workshop ? std::string(text.group_average) : (own ? own->name : std::string());
    if (!whose.empty()) {
      canvas.fill_diamond(x + 4, ly + 5, 3.6, palette::grey);
      canvas.text(x + 12, ly, 130, whose + ", " + text.legend_average_now, {7.8});
      x += 130;
      canvas.polygon({{x + 4, ly + 1.4}, {x + 7.6, ly + 5}, {x + 4, ly + 8.6}, {x + 0.4, ly + 5}},
                     palette::white, 1, palette::grey, 0.9);
      canvas.text(x + 12, ly, 130, whose + ", " + text.legend_average_desired, {7.8});
    }
    flow.y += 22;
  }
  if (r.workshop) {
    statement_scales(
        flow, text, r.statements,
        [](const personal_statement& s) {
          scale_marks m{s.current, s.desired, std::nullopt, std::nullopt};
          if (s.group) m.current_mean = s.group->group_mean;
          return m;
        },
        text.group_below,
        [](const personal_statement& s) {
          if (!s.group || s.group->n == 0) return std::string("–");
          return std::to_string((s.group->below * 100 + s.group->n / 2) / s.group->n) + "%";
        });
  } else {
    statement_scales(
        flow, text, r.statements,
        [&](const personal_statement& s) {
          scale_marks m{s.current, s.desired, std::nullopt, std::nullopt};
          if (own) {
            m.current_mean = own->statements[static_cast<std::size_t>(s.statement - 1)][now_cell];
            m.desired_mean = own->statements[static_cast<std::size_t>(s.statement - 1)][ambition_cell];
          }
          return m;
        },
        own ? own->name : std::string(text.municipality_average),
        [&](const personal_statement& s) {
          return own ? format_mean(own->statements[static_cast<std::size_t>(s.statement - 1)][now_cell], lang)
                     : std::string("–");
        });
  }

  // Every statement beside every comparison.
  flow.section(text.comparisons_title, text.comparisons_intro, 200);
  if (r.comparisons.empty()) {
    flow.y +=
        canvas.text(margin, flow.y, content_width, text.comparisons_none, {9, false, true, palette::muted});
  } else {
    std::vector<double> w{170};
    std::vector<align> a{align::left};
    std::vector<std::string> h{text.statement, text.you};
    const double c = (content_width - 170) / static_cast<double>(r.comparisons.size() + 1);
    for (std::size_t i = 0; i <= r.comparisons.size(); ++i) {
      w.push_back(c);
      a.push_back(align::right);
    }
    for (const auto& cmp : r.comparisons) h.push_back(cmp.name);
    table compared{w, a};
    compared.header(flow, h);
    for (const auto& s : r.statements) {
      std::vector<std::string> cells{std::to_string(s.statement) + "  " + s.title,
                                     level_pair(s.current, s.desired)};
      for (const auto& cmp : r.comparisons)
        cells.push_back(now_to_ambition(cmp.statements[static_cast<std::size_t>(s.statement - 1)], lang));
      compared.row(flow, cells, s.statement % 2 == 1);
    }
    flow.y += 6;
    std::string counts;
    for (const auto& cmp : r.comparisons)
      counts += (counts.empty() ? "" : "; ") + cmp.name + ": " + std::to_string(cmp.respondents) + " " +
                text.respondents;
    flow.ensure(30);
    flow.y += canvas.text(margin, flow.y, content_width, counts, {7.8, false, false, palette::muted});
    flow.y += canvas.text(margin, flow.y, content_width, printf_text(text.k_note, r.min_respondents),
                          {7.8, false, true, palette::muted});
  }
  return flow.finish();
}

}  // namespace

std::string render_personal_report_pdf(const personal_report& report) {
  const labels& text = labels_for(report.lang);
  return render_twice(
      std::string(report.sample ? text.sample_title : text.personal_title) + " – " + report.municipality_name,
      "Smart City Self Assessment",
      [&](pdf_canvas& canvas, int total) { return layout_personal(canvas, report, total); });
}

}  // namespace scsa::server::report
