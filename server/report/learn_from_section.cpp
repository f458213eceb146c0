// One row per gap: the statement, the reader's now -> ambition, and who is already there.
#include "server/report/learn_from_section.hpp"

#include <string>

namespace scsa::server::report {

void learn_from_section(page_flow& flow, const labels& text, domain::language lang,
                        const std::vector<learn_from_row>& rows, const char* intro, const char* reader_label,
                        int min_respondents) {
  if (rows.empty()) return;
  flow.section(text.learn_from_title, intro, 90);
  table grid{{content_width * 0.42, content_width * 0.16, content_width * 0.42},
             {align::left, align::left, align::left}};
  grid.header(flow, {text.statement, reader_label, text.learn_from_peers});
  bool shaded = false;
  for (const auto& row : rows) {
    std::string peers;
    for (const auto& p : row.peers) {
      if (!peers.empty()) peers += ", ";
      peers += p.name + " " + format_mean(p.now, lang) + " (" + std::to_string(p.respondents) + ")";
    }
    if (peers.empty()) peers = text.learn_from_nobody;
    grid.row(flow,
             {std::to_string(row.statement) + "  " + row.title,
              format_mean(row.now, lang) + " → " + format_mean(row.ambition, lang), peers},
             shaded);
    shaded = !shaded;
  }
  flow.y += 4;
  flow.y +=
      flow.canvas().text(margin, flow.y, content_width, printf_text(text.learn_from_note, min_respondents),
                         {7.8, false, true, palette::muted});
}

}  // namespace scsa::server::report
