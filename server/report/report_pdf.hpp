// Draws the report models as A4 PDF documents with vector charts (a radar of the six themes, a scale per
// statement): a title block, page headers and "page N of M" footers, in the model's language.
// Safe from any thread: rendering is serialised internally (pdf_canvas::lock).
#pragma once

#include <string>

#include "server/report/report_model.hpp"

namespace scsa::server::report {

std::string render_personal_report_pdf(const personal_report& report);
std::string render_workshop_report_pdf(const workshop_report& report);

}  // namespace scsa::server::report
