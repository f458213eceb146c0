// What may be shown of the averages (k-anonymity, docs/statistics.md "Who may be compared"): a municipality
// only from k respondents on, and within it a statement and aspect only from k answers on; the nation only
// as the shown cells plus the rest when the rest holds k answers or more. Without that last rule, the
// national average minus the municipalities shown would be the average of the ones too small to show, and
// with a single small one, its few people's answers. Every comparison, report and open figure reads the
// averages through here. Pure.
#pragma once

#include "domain/municipality_averages.hpp"

namespace scsa::domain {

// The municipality's averages as they may be shown: everything empty (respondents 0) below k respondents;
// a statement and aspect with fewer than k answers has no mean (respondents 0) and counts in no theme.
municipality_average disclosed_average(const municipality_averages& averages, const std::string& code, int k);

// The nation's averages as they may be shown: per statement and aspect, the shown municipalities' answers,
// plus the others' only when they are k or more together; `respondents` counts the same way.
municipality_average disclosed_national_average(const municipality_averages& averages, int k);

}  // namespace scsa::domain
