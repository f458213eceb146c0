// The sample report the public site offers: the personal report of one demo solo respondent, built from
// the demo plan folded in memory (no database), compared with their municipality, two others and the
// nation. Safe from any thread.
#pragma once

#include <string>

#include "domain/catalogue.hpp"
#include "domain/municipalities.hpp"
#include "server/report/report_model.hpp"

namespace scsa::server::report {

// The sample's model (the respondent, comparisons and numbers are the same on every call but the date).
personal_report sample_report(const domain::catalogue& catalogue,
                              const domain::municipality_registry& municipalities, domain::language lang);

// The sample report as a PDF document, e.g. to attach to an e-mail.
std::string render_sample_report_pdf(const domain::catalogue& catalogue,
                                     const domain::municipality_registry& municipalities,
                                     domain::language lang);

}  // namespace scsa::server::report
