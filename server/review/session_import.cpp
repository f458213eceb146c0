// Import: parse and check every line, give the session new credentials, decode every event as the server
// will, then append in runs of events that share a time and an actor (one append each, as the original
// appends were), pipelined through the group-commit writer, each with the version it expects.
#include "server/review/session_import.hpp"

#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "domain/event_codec.hpp"
#include "server/tokens.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

struct parsed_line {
  std::int64_t version = 0;         // position in the session
  std::string type;                 // event type
  std::int32_t schema_version = 1;  // payload layout version
  std::int64_t time_ms = 0;         // original time
  std::string actor;                // actor kind
  json payload;                     // credentials replaced
};

std::string where(std::size_t line) {
  return "line " + std::to_string(line) + ": ";
}

}  // namespace

std::variant<imported_session, std::string> import_session(events::event_log& log, std::string_view ndjson) {
  imported_session result;
  std::vector<parsed_line> lines;
  std::size_t line_number = 0;
  while (!ndjson.empty()) {
    const auto end = ndjson.find('\n');
    std::string_view text = ndjson.substr(0, end);
    ndjson = end == std::string_view::npos ? std::string_view{} : ndjson.substr(end + 1);
    ++line_number;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
    json object = json::parse(text, nullptr, false);
    if (object.is_discarded() || !object.is_object()) return where(line_number) + "not a JSON object";
    if (object.value("type", "") == "typed_text") {
      auto id = object.find("text_id");
      auto typed = object.find("text");
      if (id == object.end() || !id->is_string() || id->get<std::string>().empty() || typed == object.end() ||
          !typed->is_string())
        return where(line_number) + "a typed_text needs a text_id and a text";
      result.texts[id->get<std::string>()] = typed->get<std::string>();
      continue;
    }
    auto integer = [&](const char* name) -> std::optional<std::int64_t> {
      auto it = object.find(name);
      if (it == object.end() || !it->is_number_integer()) return std::nullopt;
      return it->get<std::int64_t>();
    };
    auto version = integer("version"), schema = integer("schema_version"), time = integer("time_ms");
    auto type = object.find("type");
    auto payload = object.find("payload");
    if (!version || !schema || !time || type == object.end() || !type->is_string() ||
        payload == object.end() || !payload->is_object())
      return where(line_number) + "needs version, type, schema_version, time_ms and an object payload";
    parsed_line parsed{*version,
                       type->get<std::string>(),
                       static_cast<std::int32_t>(*schema),
                       *time,
                       object.value("actor", std::string{}),
                       *payload};
    if (parsed.version != static_cast<std::int64_t>(lines.size()) + 1)
      return where(line_number) + "version " + std::to_string(parsed.version) + " where " +
             std::to_string(lines.size() + 1) + " was expected (one session, in order)";
    if (parsed.version == 1) {
      if (parsed.type != "session_created")
        return where(line_number) + "the first event must be session_created";
      result.session_id = parsed.payload.value("session_id", std::string{});
      result.facilitator_token = make_token();
      result.join_code = make_join_code();
      parsed.payload["facilitator_token_hash"] = hash_token(result.facilitator_token);
      parsed.payload["join_code"] = result.join_code;
    } else if (parsed.type == "session_created") {
      return where(line_number) + "a second session_created: one session per file";
    }
    if (parsed.type == "participant_joined") parsed.payload["token_hash"] = hash_token(make_token());
    auto decoded = domain::decode_event(parsed.type, parsed.schema_version, parsed.payload);
    if (auto* error = std::get_if<domain::decode_error>(&decoded)) return where(line_number) + error->message;
    lines.push_back(std::move(parsed));
  }
  if (lines.empty()) return std::string("the file holds no events");
  if (result.session_id.empty()) return std::string("the session has no id");
  if (!log.read_stream(result.session_id, 1, 1).empty())
    return "session " + result.session_id + " is already in this database";

  // Runs of events with one time and one actor become one append, as they were one command's events.
  std::vector<events::append_request> requests;
  for (const auto& line : lines) {
    if (requests.empty() || requests.back().time_ms != line.time_ms || requests.back().actor != line.actor) {
      events::append_request request;
      request.stream_id = result.session_id;
      request.expected_version = line.version == 1 ? events::no_stream : line.version - 1;
      request.command_id = "import/" + result.session_id + "/" + std::to_string(line.version);
      request.actor = line.actor;
      request.time_ms = line.time_ms;
      requests.push_back(std::move(request));
    }
    requests.back().events.push_back(events::new_event{line.type, line.schema_version, line.payload.dump()});
  }

  struct progress {
    std::mutex mutex;
    std::size_t left = 0;
    std::string first_failure;
    std::int64_t written = 0;
    std::promise<void> done;
  };
  auto state = std::make_shared<progress>();
  state->left = requests.size();
  auto finished = state->done.get_future();
  for (auto& request : requests) {
    const auto count = static_cast<std::int64_t>(request.events.size());
    const auto first_version = request.expected_version + 1;
    log.append(std::move(request), [state, count, first_version](events::append_result outcome) {
      std::lock_guard lock(state->mutex);
      if (outcome.status == events::append_status::committed)
        state->written += count;
      else if (state->first_failure.empty())
        state->first_failure = "version " + std::to_string(first_version) + ": " +
                               std::string(events::to_string(outcome.status)) + " " + outcome.message;
      if (--state->left == 0) state->done.set_value();
    });
  }
  finished.wait();
  std::lock_guard lock(state->mutex);
  if (!state->first_failure.empty())
    return "import failed at " + state->first_failure + " (" + std::to_string(state->written) +
           " events were written)";
  result.events = state->written;
  return result;
}

}  // namespace scsa::server
