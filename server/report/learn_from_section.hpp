// The "whom to learn from" section both reports print.
#pragma once

#include <vector>

#include "server/report/learn_from_rows.hpp"
#include "server/report/report_labels.hpp"
#include "server/report/report_layout.hpp"

namespace scsa::server::report {

// `reader_label` names the reader's column ("U" in the personal report, "Groep" in the workshop's).
void learn_from_section(page_flow& flow, const labels& text, domain::language lang,
                        const std::vector<learn_from_row>& rows, const char* intro, const char* reader_label,
                        int min_respondents);

}  // namespace scsa::server::report
