// The roadmap's pages in both reports: the statements the group worked on in priority order, with why and
// the conclusion, then the agreed actions as a timeline chart, one column per horizon.
#include "server/report/roadmap_section.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace scsa::server::report {

void group_roadmap_section(page_flow& flow, const labels& text, language lang, const group_roadmap& r,
                           const char* title, const char* intro) {
  pdf_canvas& canvas = flow.canvas();
  flow.section(title, intro, 80);
  for (const auto& row : r.priorities) {
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
  // Who leads it, and whether the reader proposed it or voted for it.
  auto footer = [&](const roadmap_action_row& a) {
    std::string line = a.owner.empty() ? std::string() : std::string(text.owner) + a.owner;
    for (const auto& [marked, mark] :
         {std::pair{a.proposed_by_reader, text.you_proposed}, std::pair{a.voted_by_reader, text.you_voted}})
      if (marked) line += (line.empty() ? "" : "  ·  ") + std::string(mark);
    return line;
  };
  auto card_height = [&](const roadmap_action_row& a) {
    double h = canvas.measure(width - 12, card_text(a), {8, true}) + 10;
    if (const auto line = footer(a); !line.empty()) h += canvas.measure(width - 12, line, {7.5}) + 2;
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
      if (const auto line = footer(a); !line.empty())
        canvas.text(x + 7, ty + 2, width - 12, line, {7.5, false, false, palette::muted});
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

}  // namespace scsa::server::report
