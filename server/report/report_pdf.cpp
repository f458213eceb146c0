// The layouts of the two reports. A page_flow keeps a cursor down the page and breaks to a new page (with
// the running header and the footer) when a block would not fit; every document is laid out twice, first
// to count its pages for "page N of M", then for real.
#include "server/report/report_pdf.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>

#include "server/report/report_charts.hpp"
#include "server/report/report_labels.hpp"

namespace scsa::server::report {

namespace {

constexpr double margin = 50;
constexpr double content_width = a4_width - 2 * margin;
constexpr double top = 62;      // where content starts on pages after the first
constexpr double bottom = 782;  // content ends above this line

using domain::aspect;
using domain::aspect_index;
constexpr std::size_t now_cell = aspect_index(aspect::current);
constexpr std::size_t ambition_cell = aspect_index(aspect::desired);

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

// A whole-level gap with its sign: "+2", "0", "-1".
// (Appended, not `"+" + std::to_string(gap)`: GCC 12 at -O3 reports a false -Wrestrict for that.)
std::string signed_levels(int gap) {
  std::string text = gap > 0 ? "+" : "";
  text += std::to_string(gap);
  return text;
}

class page_flow {
 public:
  page_flow(pdf_canvas& canvas, const labels& text, std::string running_title, std::string date, int total)
      : canvas_(canvas),
        text_(text),
        running_title_(std::move(running_title)),
        date_(std::move(date)),
        total_(total) {}

  pdf_canvas& canvas() { return canvas_; }
  double y = top;
  int page() const { return page_; }

  // Starts a new page unless `height` still fits below the cursor.
  void ensure(double height) {
    if (y + height > bottom) break_page();
  }
  void break_page() {
    footer();
    canvas_.next_page();
    ++page_;
    header();
    y = top;
  }
  // Ends the last page; returns the number of pages.
  int finish() {
    footer();
    return page_;
  }

  // A section title with a short teal rule above it and an optional intro paragraph.
  void section(const std::string& title, const std::string& intro = {}, double keep_with = 80) {
    const double intro_height =
        intro.empty() ? 0 : canvas_.measure(content_width, intro, {8.8, false, false, palette::muted}) + 6;
    ensure(34 + intro_height + keep_with);
    if (y > top + 1) y += 14;
    canvas_.fill_rect(margin, y, 28, 2.5, palette::teal);
    y += 8;
    y += canvas_.text(margin, y, content_width, title, {14, true, false, palette::navy});
    y += 4;
    if (!intro.empty()) {
      y += canvas_.text(margin, y, content_width, intro,
                        {8.8, false, false, palette::muted, align::left, 1.1});
      y += 6;
    }
  }

 private:
  void header() {
    text_style style{7.5, false, false, palette::muted};
    canvas_.text(margin, 30, content_width / 2, text_.brand, {7.5, true, false, palette::teal});
    style.alignment = align::right;
    canvas_.text(margin + content_width / 2, 30, content_width / 2, running_title_, style);
    canvas_.line(margin, 44, margin + content_width, 44, palette::rule, 0.6);
  }
  void footer() {
    canvas_.line(margin, 800, margin + content_width, 800, palette::rule, 0.6);
    text_style style{7.5, false, false, palette::muted};
    canvas_.text(margin, 806, content_width / 2, date_, style);
    style.alignment = align::right;
    std::string number = std::string(text_.page) + " " + std::to_string(page_);
    if (total_ > 0) {  // appended: GCC 12 at -O3 reports a false -Wrestrict for `" " + std::string(...)`
      number += ' ';
      number += text_.of;
      number += ' ';
      number += std::to_string(total_);
    }
    canvas_.text(margin + content_width / 2, 806, content_width / 2, number, style);
  }

  pdf_canvas& canvas_;
  const labels& text_;
  std::string running_title_;
  std::string date_;
  int total_;
  int page_ = 1;
};

// A simple table: column widths, a header row, then rows; text may wrap in the first column only.
struct table {
  std::vector<double> widths;
  std::vector<align> aligns;

  void header(page_flow& flow, const std::vector<std::string>& cells) const {
    flow.ensure(40);
    double x = margin;
    double height = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      height = std::max(height, flow.canvas().text(x + 3, flow.y, widths[i] - 6, cells[i],
                                                   {7.5, true, false, palette::muted, aligns[i]}));
      x += widths[i];
    }
    flow.y += height + 3;
    flow.canvas().line(margin, flow.y, margin + total(), flow.y, palette::grey, 0.7);
    flow.y += 3;
  }

  void row(page_flow& flow, const std::vector<std::string>& cells, bool shaded, bool bold_first = false,
           double size = 8.5) const {
    const double height = flow.canvas().measure(widths[0] - 6, cells[0], {size, bold_first}) + 6;
    flow.ensure(height);
    if (shaded) flow.canvas().fill_rect(margin, flow.y, total(), height, palette::tint);
    double x = margin;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      flow.canvas().text(x + 3, flow.y + 3, widths[i] - 6, cells[i],
                         {size, i == 0 && bold_first, false, palette::ink, aligns[i]});
      x += widths[i];
    }
    flow.y += height;
  }

  void band(page_flow& flow, const std::string& title) const {
    flow.ensure(34);
    flow.y += 3;
    flow.canvas().text(margin + 3, flow.y, total(), title, {8, true, false, palette::teal});
    flow.y += 13;
  }

  double total() const {
    double sum = 0;
    for (double w : widths) sum += w;
    return sum;
  }
};

// The navy title block of the first page.
void title_block(pdf_canvas& canvas, const labels& text, const std::string& title, const std::string& place,
                 const std::string& detail) {
  canvas.fill_rect(0, 0, a4_width, 172, palette::navy);
  canvas.fill_rect(0, 172, a4_width, 5, palette::teal);
  canvas.text(margin, 42, content_width, text.brand, {8.5, true, false, palette::sky});
  canvas.text(margin, 60, content_width, title, {28, true, false, palette::white});
  canvas.text(margin, 102, content_width, place, {16, false, false, palette::white});
  canvas.text(margin, 130, content_width, detail, {9.5, false, false, palette::sky});
}

// Tinted boxes with a label and a big number.
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

// The radar of the six themes beside a small theme table.
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

// The statements' scale rows, grouped by theme; `extra` gives the last column's text per statement.
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
  levels_section(flow, text, r.levels);
  return flow.finish();
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

}  // namespace

std::string render_personal_report_pdf(const personal_report& report) {
  const labels& text = labels_for(report.lang);
  return render_twice(
      std::string(report.sample ? text.sample_title : text.personal_title) + " – " + report.municipality_name,
      "Smart City Self Assessment",
      [&](pdf_canvas& canvas, int total) { return layout_personal(canvas, report, total); });
}

std::string render_workshop_report_pdf(const workshop_report& report) {
  const labels& text = labels_for(report.lang);
  return render_twice(std::string(text.workshop_title) + " – " + report.session_title,
                      "Smart City Self Assessment",
                      [&](pdf_canvas& canvas, int total) { return layout_workshop(canvas, report, total); });
}

}  // namespace scsa::server::report
