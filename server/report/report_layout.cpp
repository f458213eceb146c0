// The page layout both PDF reports share (see report_layout.hpp).
#include "server/report/report_layout.hpp"

#include <algorithm>
#include <cstdio>

#include "server/report/report_charts.hpp"

namespace scsa::server::report {

std::string printf_text(const char* format, int value) {
  char text[512];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string now_to_ambition(const means_pair& p, language lang) {
  if (!p[now_cell] && !p[ambition_cell]) return "–";
  return format_mean(p[now_cell], lang) + " → " + format_mean(p[ambition_cell], lang);
}

std::string level_pair(const std::optional<int>& now, const std::optional<int>& ambition) {
  auto one = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string("–"); };
  return one(now) + " → " + one(ambition);
}

std::string signed_levels(int gap) {
  std::string text = gap > 0 ? "+" : "";
  text += std::to_string(gap);
  return text;
}

void title_block(pdf_canvas& canvas, const labels& text, const std::string& title, const std::string& place,
                 const std::string& detail) {
  canvas.fill_rect(0, 0, a4_width, 172, palette::navy);
  canvas.fill_rect(0, 172, a4_width, 5, palette::teal);
  canvas.text(margin, 42, content_width, text.brand, {8.5, true, false, palette::sky});
  canvas.text(margin, 60, content_width, title, {28, true, false, palette::white});
  canvas.text(margin, 102, content_width, place, {16, false, false, palette::white});
  canvas.text(margin, 130, content_width, detail, {9.5, false, false, palette::sky});
}

void key_figures(page_flow& flow, const std::vector<std::pair<std::string, std::string>>& figures,
                 const std::vector<rgb>& colours) {
  const double gap = 12;
  const double width =
      (content_width - gap * static_cast<double>(figures.size() - 1)) / static_cast<double>(figures.size());
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const double x = margin + static_cast<double>(i) * (width + gap);
    flow.canvas().fill_rounded(x, flow.y, width, 58, 5, palette::tint);
    flow.canvas().text(x + 12, flow.y + 9, width - 24, figures[i].first, {8, true, false, palette::muted});
    flow.canvas().text(x + 12, flow.y + 22, width - 24, figures[i].second, {22, true, false, colours[i]});
  }
  flow.y += 58;
}

void legend_item(pdf_canvas& canvas, double x, double y, rgb colour, bool ring, bool dashed,
                 const std::string& label) {
  if (dashed)
    canvas.line(x, y + 5, x + 14, y + 5, colour, 1.5, true);
  else if (ring)
    canvas.line(x, y + 5, x + 14, y + 5, colour, 2);
  else
    canvas.fill_rect(x, y + 1, 14, 8, colour);
  canvas.text(x + 19, y, 200, label, {7.8, false, false, palette::ink});
}

void theme_profile(page_flow& flow, const labels& text, language lang, const std::vector<theme_row>& themes,
                   const std::optional<comparison>& average) {
  flow.ensure(250);
  const double cx = margin + 118, cy = flow.y + 112, radius = 78;
  std::vector<std::string> axes;
  radar_series now{{}, palette::teal, 0.25, 1.6, false};
  radar_series ambition{{}, palette::orange, 0, 1.6, false};
  radar_series municipality{{}, palette::grey, 0, 1.1, true};
  for (std::size_t t = 0; t < themes.size(); ++t) {
    axes.push_back(themes[t].name);
    now.values.push_back(themes[t].mine[now_cell]);
    ambition.values.push_back(themes[t].mine[ambition_cell]);
    if (average && t < average->themes.size()) municipality.values.push_back(average->themes[t][now_cell]);
  }
  std::vector<radar_series> series{now, ambition};
  if (average) series.push_back(municipality);
  draw_radar(flow.canvas(), cx, cy, radius, axes, series);

  const double lx = margin + 262;
  double ly = flow.y + 4;
  const table t{{110, 40, 45, 38}, {align::left, align::right, align::right, align::right}};
  const double saved = flow.y;
  flow.y = ly;
  {  // the theme table, right of the radar
    double x = lx;
    const std::vector<std::string> head{text.theme, text.now, text.desired, text.gap};
    for (std::size_t i = 0; i < head.size(); ++i) {
      flow.canvas().text(x + 3, flow.y, t.widths[i] - 6, head[i],
                         {7.5, true, false, palette::muted, t.aligns[i]});
      x += t.widths[i];
    }
    flow.y += 13;
    flow.canvas().line(lx, flow.y, lx + t.total(), flow.y, palette::grey, 0.7);
    flow.y += 3;
    for (std::size_t r = 0; r < themes.size(); ++r) {
      const auto& row = themes[r];
      std::optional<double> gap;
      if (row.mine[now_cell] && row.mine[ambition_cell]) gap = *row.mine[ambition_cell] - *row.mine[now_cell];
      const std::vector<std::string> cells{row.name, format_mean(row.mine[now_cell], lang),
                                           format_mean(row.mine[ambition_cell], lang), format_gap(gap, lang)};
      if (r % 2 == 0) flow.canvas().fill_rect(lx, flow.y, t.total(), 17, palette::tint);
      x = lx;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        flow.canvas().text(x + 3, flow.y + 3.5, t.widths[i] - 6, cells[i],
                           {8.5, i == 3, false, i == 3 ? palette::orange : palette::ink, t.aligns[i]});
        x += t.widths[i];
      }
      flow.y += 17;
    }
  }
  ly = flow.y + 14;
  legend_item(flow.canvas(), lx, ly, hex(0xA9D0D5), false, false, text.now);
  legend_item(flow.canvas(), lx, ly + 14, palette::orange, true, false, text.desired);
  if (average)
    legend_item(flow.canvas(), lx, ly + 28, palette::grey, false, true,
                average->name + ", " + std::string(text.legend_average_now));
  flow.y = std::max(saved + 212, ly + 44);
}

void statement_scales(page_flow& flow, const labels& text, const std::vector<personal_statement>& statements,
                      const std::function<scale_marks(const personal_statement&)>& marks,
                      const std::string& extra_head,
                      const std::function<std::string(const personal_statement&)>& extra) {
  const double title_w = 196, scale_x = margin + 212, scale_w = 126;
  const double cols_x = scale_x + scale_w + 16;
  // Three narrow number columns (now, ambition, gap) and a wider last one for its longer header
  // ("Groep lager" once ran into "Kloof"); a header that still does not fit wraps, and the row moves down.
  const double num_w = 31;
  const double extra_w = margin + content_width - cols_x - 3 * num_w;
  auto head = [&] {
    draw_scale_axis(flow.canvas(), scale_x, flow.y, scale_w);
    text_style h{7.5, true, false, palette::muted, align::right};
    flow.canvas().text(margin, flow.y, title_w, text.statement, {7.5, true, false, palette::muted});
    double height = 10;
    height = std::max(height, flow.canvas().text(cols_x, flow.y, num_w - 4, text.now, h));
    height = std::max(height, flow.canvas().text(cols_x + num_w, flow.y, num_w - 4, text.desired, h));
    height = std::max(height, flow.canvas().text(cols_x + 2 * num_w, flow.y, num_w - 4, text.gap, h));
    height = std::max(height, flow.canvas().text(cols_x + 3 * num_w, flow.y, extra_w - 4, extra_head, h));
    flow.y += height + 2;
    flow.canvas().line(margin, flow.y, margin + content_width, flow.y, palette::grey, 0.7);
    flow.y += 2;
  };
  head();
  std::string theme;
  int row = 0;
  for (const auto& s : statements) {
    if (s.theme_name != theme) {
      if (flow.y + 40 > bottom) {
        flow.break_page();
        head();
      }
      theme = s.theme_name;
      flow.y += 4;
      flow.canvas().text(margin, flow.y, content_width, theme, {8, true, false, palette::teal});
      flow.y += 13;
    }
    const std::string label = std::to_string(s.statement) + "  " + s.title;
    const double height = std::max(17.0, flow.canvas().measure(title_w, label, {8.5}) + 5);
    if (flow.y + height > bottom) {
      flow.break_page();
      head();
    }
    if (row++ % 2 == 0) flow.canvas().fill_rect(margin, flow.y, content_width, height, palette::tint);
    flow.canvas().text(margin + 3, flow.y + 3, title_w - 3, label, {8.5});
    draw_scale(flow.canvas(), scale_x, flow.y + height / 2, scale_w, marks(s));
    text_style num{8.5, false, false, palette::ink, align::right};
    const double ty = flow.y + height / 2 - 5.5;
    flow.canvas().text(cols_x, ty, num_w - 4, s.current ? std::to_string(*s.current) : "–", num);
    flow.canvas().text(cols_x + num_w, ty, num_w - 4, s.desired ? std::to_string(*s.desired) : "–", num);
    flow.canvas().text(cols_x + 2 * num_w, ty, num_w - 4, s.gap ? signed_levels(*s.gap) : "–",
                       {8.5, true, false, palette::orange, align::right});
    flow.canvas().text(cols_x + 3 * num_w, ty, extra_w - 4, extra(s), num);
    flow.y += height;
  }
}

void levels_section(page_flow& flow, const labels& text, const std::vector<level_text>& levels) {
  flow.section(text.levels_title, text.levels_intro, 150);
  for (const auto& l : levels) {
    const double h = std::max(22.0, flow.canvas().measure(content_width - 150, l.meaning, {8.8}) + 8);
    flow.ensure(h);
    flow.canvas().fill_circle(margin + 10, flow.y + 10, 9, palette::navy);
    flow.canvas().text(margin + 1, flow.y + 4.5, 18, std::to_string(l.level),
                       {9, true, false, palette::white, align::center});
    flow.canvas().text(margin + 28, flow.y + 4, 110, l.name, {9.5, true, false, palette::navy});
    flow.canvas().text(margin + 140, flow.y + 4, content_width - 140, l.meaning, {8.8});
    flow.y += h;
  }
}

// Lays the document out once to count pages and once more to draw it with "page N of M".
std::string render_twice(const std::string& title, const std::string& subject,
                         const std::function<int(pdf_canvas&, int)>& layout) {
  auto held = pdf_canvas::lock();
  int pages = 0;
  {
    pdf_canvas counting(title, subject);
    pages = layout(counting, 0);
    counting.finish();
  }
  pdf_canvas canvas(title, subject);
  layout(canvas, pages);
  return canvas.finish();
}

}  // namespace scsa::server::report
