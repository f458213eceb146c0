// "BURST/PERIOD" <-> rate_limit.
#include "server/limits/rate_limit_spec.hpp"

#include <charconv>
#include <cstdint>

namespace scsa::server {

namespace {

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<rate_limit> parse_rate_limit(std::string_view text) {
  if (text == "off") return rate_limit::off();
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash + 2 > text.size()) return std::nullopt;
  const auto burst = whole_number(text.substr(0, slash));
  std::string_view period = text.substr(slash + 1);
  const char unit = period.back();
  const auto count = whole_number(period.substr(0, period.size() - 1));
  const std::int64_t unit_ms = unit == 's' ? 1000 : unit == 'm' ? 60'000 : unit == 'h' ? 3'600'000 : 0;
  if (!burst || *burst < 1 || *burst > 1'000'000 || !count || *count < 1 || *count > 1'000'000 ||
      unit_ms == 0)
    return std::nullopt;
  const std::int64_t refill_ms = *count * unit_ms / *burst;
  if (refill_ms < 1) return std::nullopt;
  return rate_limit{static_cast<double>(*burst), std::chrono::milliseconds(refill_ms)};
}

std::string format_rate_limit(const rate_limit& limit) {
  if (limit.unlimited()) return "off";
  const auto burst = static_cast<std::int64_t>(limit.burst);
  const std::int64_t period_ms = burst * limit.refill.count();
  std::string period = period_ms % 3'600'000 == 0 ? std::to_string(period_ms / 3'600'000) + "h"
                       : period_ms % 60'000 == 0  ? std::to_string(period_ms / 60'000) + "m"
                                                  : std::to_string((period_ms + 999) / 1000) + "s";
  return std::to_string(burst) + "/" + period;
}

}  // namespace scsa::server
