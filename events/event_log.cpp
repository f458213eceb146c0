// The engine-independent parts of the event log: status names, request validation, the blocking
// append and the snapshots' digest. Stateless and thread-safe.
#include "events/event_log.hpp"

#include <future>
#include <memory>
#include <nlohmann/json.hpp>

namespace scsa::events {

std::string_view to_string(append_status status) noexcept {
  switch (status) {
    case append_status::committed:
      return "committed";
    case append_status::duplicate:
      return "duplicate";
    case append_status::version_conflict:
      return "version_conflict";
    case append_status::storage_error:
      return "storage_error";
    case append_status::rejected:
      return "rejected";
  }
  return "unknown";
}

std::string snapshot_digest(std::string_view payload) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : payload) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string text(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) text[static_cast<std::size_t>(i)] = digits[hash & 0xf];
  return text;
}

snapshot_read checked_snapshot(log_snapshot stored, std::string_view digest, std::int64_t last_sequence) {
  if (snapshot_digest(stored.payload) != digest)
    return {std::nullopt, "its digest does not match its content (damaged or cut short)"};
  if (stored.covers_sequence > last_sequence)
    return {std::nullopt, "it covers events up to " + std::to_string(stored.covers_sequence) +
                              " but the log ends at " + std::to_string(last_sequence) +
                              " (a log restored from an older copy?)"};
  return {std::move(stored), {}};
}

append_result event_log::append_and_wait(append_request request) {
  auto promise = std::make_shared<std::promise<append_result>>();
  auto result = promise->get_future();
  append(std::move(request), [promise](append_result outcome) { promise->set_value(std::move(outcome)); });
  return result.get();
}

std::optional<std::string> validate(const append_request& request) {
  if (request.stream_id.empty()) return "stream id is empty";
  if (request.command_id.empty()) return "command id is empty";
  if (request.expected_version < any_version) {
    return "expected version " + std::to_string(request.expected_version) +
           " is invalid (use any_version, no_stream or a version >= 1)";
  }
  if (request.events.empty()) return "an append needs at least one event";
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    const new_event& event = request.events[i];
    const std::string where = "event " + std::to_string(i) + ": ";
    if (event.type.empty()) return where + "type is empty";
    if (event.schema_version < 1) return where + "schema version must be >= 1";
    if (!nlohmann::json::accept(event.payload)) return where + "payload is not valid JSON";
  }
  return std::nullopt;
}

}  // namespace scsa::events
