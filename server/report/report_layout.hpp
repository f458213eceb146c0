// The page layout both PDF reports share: the page's measures, a page_flow that breaks pages with the
// running header and the footer, a simple table, the title block, key figures, the theme profile, the
// statements' scale rows, the levels explained, and render_twice ("page N of M"). Used by
// personal_report_pdf.cpp and workshop_report_pdf.cpp only. Not thread-safe on its own: render_twice
// holds pdf_canvas::lock while a document is drawn.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/report/pdf_canvas.hpp"
#include "server/report/report_charts.hpp"
#include "server/report/report_labels.hpp"
#include "server/report/report_model.hpp"

namespace scsa::server::report {

constexpr double margin = 50;
constexpr double content_width = a4_width - 2 * margin;
constexpr double top = 62;      // where content starts on pages after the first
constexpr double bottom = 782;  // content ends above this line

using domain::aspect;
using domain::aspect_index;
constexpr std::size_t now_cell = aspect_index(aspect::current);
constexpr std::size_t ambition_cell = aspect_index(aspect::desired);

std::string printf_text(const char* format, int value);

std::string now_to_ambition(const means_pair& p, language lang);

std::string level_pair(const std::optional<int>& now, const std::optional<int>& ambition);

// A whole-level gap with its sign: "+2", "0", "-1".
// (Appended, not `"+" + std::to_string(gap)`: GCC 12 at -O3 reports a false -Wrestrict for that.)
std::string signed_levels(int gap);

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
    // As tall as its tallest cell: any column may wrap.
    double height = 0;
    for (std::size_t i = 0; i < cells.size(); ++i)
      height =
          std::max(height, flow.canvas().measure(widths[i] - 6, cells[i], {size, i == 0 && bold_first}) + 6);
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
                 const std::string& detail);

// Tinted boxes with a label and a big number.
void key_figures(page_flow& flow, const std::vector<std::pair<std::string, std::string>>& figures,
                 const std::vector<rgb>& colours);

void legend_item(pdf_canvas& canvas, double x, double y, rgb colour, bool ring, bool dashed,
                 const std::string& label);

// The radar of the six themes beside a small theme table.
void theme_profile(page_flow& flow, const labels& text, language lang, const std::vector<theme_row>& themes,
                   const std::optional<comparison>& average);

// The statements' scale rows, grouped by theme; `extra` gives the last column's text per statement.
void statement_scales(page_flow& flow, const labels& text, const std::vector<personal_statement>& statements,
                      const std::function<scale_marks(const personal_statement&)>& marks,
                      const std::string& extra_head,
                      const std::function<std::string(const personal_statement&)>& extra);

void levels_section(page_flow& flow, const labels& text, const std::vector<level_text>& levels);

// Lays the document out once to count pages and once more to draw it with "page N of M".
std::string render_twice(const std::string& title, const std::string& subject,
                         const std::function<int(pdf_canvas&, int)>& layout);

}  // namespace scsa::server::report
