// The "since the baseline" section both reports print for a re-assessment: per theme the mean now and
// ambition then and today, the statements that moved most, and the baseline's actions with where they
// stand now. The pages are built from the baseline's model in the report's language, then drawn.
#pragma once

#include <string>
#include <vector>

#include "server/report/baseline_model.hpp"
#include "server/report/report_labels.hpp"
#include "server/report/report_layout.hpp"

namespace scsa::server::report {

baseline_pages baseline_pages_for(const baseline_model& baseline, const domain::catalogue& catalogue,
                                  domain::language lang);

void baseline_section(page_flow& flow, const labels& text, domain::language lang,
                      const baseline_pages& pages);

}  // namespace scsa::server::report
