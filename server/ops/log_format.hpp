// How scsa-server's log lines look: spdlog's default text, or one JSON object per line for log collectors
// ({"time","level","thread","message"}, time in UTC with microseconds). Call once at start-up.
#pragma once

#include <string>
#include <string_view>

namespace scsa::server {

// format is "text" or "json" (server_config has checked it); level as spdlog::level::from_str takes it.
void configure_logging(const std::string& level, const std::string& format);

// The message escaped for a JSON string (quotes, backslashes and control characters), for tests.
std::string json_escaped(std::string_view text);

}  // namespace scsa::server
