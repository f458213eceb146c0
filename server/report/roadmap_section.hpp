// The roadmap section both reports print (the workshop report to the facilitator, the participant's own
// report with their proposals and votes marked).
#pragma once

#include "server/report/group_roadmap.hpp"
#include "server/report/report_labels.hpp"
#include "server/report/report_layout.hpp"

namespace scsa::server::report {

void group_roadmap_section(page_flow& flow, const labels& text, domain::language lang, const group_roadmap& r,
                           const char* title, const char* intro);

}  // namespace scsa::server::report
