// Rounding served means (see json_number.hpp).
#include "domain/json_number.hpp"

#include <cmath>

namespace scsa::domain {

nlohmann::json number_or_null(const std::optional<double>& value) {
  return value ? nlohmann::json(std::round(*value * 1000) / 1000) : nlohmann::json(nullptr);
}

}  // namespace scsa::domain
