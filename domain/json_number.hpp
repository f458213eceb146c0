// A mean as every JSON answer serves it: rounded to 3 decimals, null when there is none. One definition, so
// the open figures, the baseline's change and the trend round alike. Pure.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

namespace scsa::domain {

nlohmann::json number_or_null(const std::optional<double>& value);

}  // namespace scsa::domain
