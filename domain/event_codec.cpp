// Encoding and decoding of every session event; one lambda per event type, so a new event fails to
// compile until it has an encoding. Decoding checks types and ranges of every field.
#include "domain/event_codec.hpp"

#include <functional>
#include <map>

#include "domain/overloaded.hpp"

namespace scsa::domain {

namespace {

using json = nlohmann::json;

// Reads fields of one payload, remembering the first problem so decoders stay linear.
class field_reader {
 public:
  field_reader(std::string_view type, const json& payload) : type_(type), payload_(payload) {
    if (!payload_.is_object()) fail("payload is not an object");
  }

  std::string text(const char* name) {
    const json* value = find(name);
    if (value == nullptr) return {};
    if (!value->is_string() || value->get_ref<const std::string&>().empty()) {
      fail(std::string(name) + " must be a non-empty string");
      return {};
    }
    return value->get<std::string>();
  }

  std::optional<std::string> optional_text(const char* name) {
    if (!payload_.is_object() || !payload_.contains(name) || payload_[name].is_null()) return std::nullopt;
    if (!payload_[name].is_string()) {
      fail(std::string(name) + " must be a string");
      return std::nullopt;
    }
    return payload_[name].get<std::string>();
  }

  int integer(const char* name, int min, int max) {
    const json* value = find(name);
    if (value == nullptr) return min;
    if (!value->is_number_integer()) {
      fail(std::string(name) + " must be an integer");
      return min;
    }
    auto number = value->get<long long>();
    if (number < min || number > max) {
      fail(std::string(name) + " " + std::to_string(number) + " is outside " + std::to_string(min) + ".." +
           std::to_string(max));
      return min;
    }
    return static_cast<int>(number);
  }

  aspect which() {
    auto parsed = parse_aspect(text("aspect"));
    if (!parsed) fail("aspect must be \"current\" or \"desired\"");
    return parsed.value_or(aspect::current);
  }

  session_mode mode() {
    auto parsed = parse_session_mode(text("mode"));
    if (!parsed) fail("mode must be \"workshop\" or \"solo\"");
    return parsed.value_or(session_mode::workshop);
  }

  std::variant<session_event, decode_error> result(session_event event) const {
    if (!problem_.empty()) return decode_error{std::string(type_) + ": " + problem_};
    return event;
  }

 private:
  const json* find(const char* name) {
    if (!payload_.is_object()) return nullptr;
    auto it = payload_.find(name);
    if (it == payload_.end()) {
      fail(std::string(name) + " is missing");
      return nullptr;
    }
    return &*it;
  }

  void fail(std::string problem) {
    if (problem_.empty()) problem_ = std::move(problem);
  }

  std::string_view type_;
  const json& payload_;
  std::string problem_;
};

using decoder = std::function<std::variant<session_event, decode_error>(field_reader&)>;

const std::map<std::string_view, decoder>& decoders() {
  static const std::map<std::string_view, decoder> table{
      {"session_created",
       [](field_reader& r) {
         session_created e{r.text("session_id"),   r.text("title"),
                           r.text("municipality"), r.mode(),
                           r.text("join_code"),    r.text("facilitator_token_hash")};
         return r.result(e);
       }},
      {"participant_joined",
       [](field_reader& r) {
         participant_joined e{r.text("participant_id"), r.optional_text("department"), r.text("token_hash")};
         return r.result(e);
       }},
      {"participant_renamed",
       [](field_reader& r) { return r.result(participant_renamed{r.text("participant_id")}); }},
      {"participant_removed",
       [](field_reader& r) { return r.result(participant_removed{r.text("participant_id")}); }},
      {"statement_opened",
       [](field_reader& r) {
         return r.result(statement_opened{r.integer("statement", 1, statement_count)});
       }},
      {"statement_closed",
       [](field_reader& r) {
         return r.result(statement_closed{r.integer("statement", 1, statement_count)});
       }},
      {"results_revealed", [](field_reader& r) { return r.result(results_revealed{}); }},
      {"results_hidden", [](field_reader& r) { return r.result(results_hidden{}); }},
      {"round_started",
       [](field_reader& r) { return r.result(round_started{r.integer("round", 1, max_round)}); }},
      {"answer_given",
       [](field_reader& r) {
         answer_given e{};
         e.participant_id = r.text("participant_id");
         e.statement = r.integer("statement", 1, statement_count);
         e.which = r.which();
         e.level = r.integer("level", 1, level_count);
         e.round = r.integer("round", 1, max_round);
         return r.result(e);
       }},
      {"answer_withdrawn",
       [](field_reader& r) {
         answer_withdrawn e{};
         e.participant_id = r.text("participant_id");
         e.statement = r.integer("statement", 1, statement_count);
         e.which = r.which();
         e.round = r.integer("round", 1, max_round);
         return r.result(e);
       }},
      {"session_closed", [](field_reader& r) { return r.result(session_closed{}); }},
      {"session_reopened", [](field_reader& r) { return r.result(session_reopened{}); }},
  };
  return table;
}

}  // namespace

std::string_view event_type(const session_event& event) {
  return std::visit(overloaded{
                        [](const session_created&) { return "session_created"; },
                        [](const participant_joined&) { return "participant_joined"; },
                        [](const participant_renamed&) { return "participant_renamed"; },
                        [](const participant_removed&) { return "participant_removed"; },
                        [](const statement_opened&) { return "statement_opened"; },
                        [](const statement_closed&) { return "statement_closed"; },
                        [](const results_revealed&) { return "results_revealed"; },
                        [](const results_hidden&) { return "results_hidden"; },
                        [](const round_started&) { return "round_started"; },
                        [](const answer_given&) { return "answer_given"; },
                        [](const answer_withdrawn&) { return "answer_withdrawn"; },
                        [](const session_closed&) { return "session_closed"; },
                        [](const session_reopened&) { return "session_reopened"; },
                    },
                    event);
}

json encode_event(const session_event& event) {
  return std::visit(
      overloaded{
          [](const session_created& e) {
            return json{
                {"session_id", e.session_id},     {"title", e.title},
                {"municipality", e.municipality}, {"mode", to_string(e.mode)},
                {"join_code", e.join_code},       {"facilitator_token_hash", e.facilitator_token_hash}};
          },
          [](const participant_joined& e) {
            json payload{{"participant_id", e.participant_id}, {"token_hash", e.token_hash}};
            if (e.department) payload["department"] = *e.department;
            return payload;
          },
          [](const participant_renamed& e) {
            return json{{"participant_id", e.participant_id}};
          },
          [](const participant_removed& e) {
            return json{{"participant_id", e.participant_id}};
          },
          [](const statement_opened& e) {
            return json{{"statement", e.statement}};
          },
          [](const statement_closed& e) {
            return json{{"statement", e.statement}};
          },
          [](const results_revealed&) { return json::object(); },
          [](const results_hidden&) { return json::object(); },
          [](const round_started& e) {
            return json{{"round", e.round}};
          },
          [](const answer_given& e) {
            return json{{"participant_id", e.participant_id},
                        {"statement", e.statement},
                        {"aspect", to_string(e.which)},
                        {"level", e.level},
                        {"round", e.round}};
          },
          [](const answer_withdrawn& e) {
            return json{{"participant_id", e.participant_id},
                        {"statement", e.statement},
                        {"aspect", to_string(e.which)},
                        {"round", e.round}};
          },
          [](const session_closed&) { return json::object(); },
          [](const session_reopened&) { return json::object(); },
      },
      event);
}

std::variant<session_event, decode_error> decode_event(std::string_view type, int schema_version,
                                                       const json& payload) {
  if (schema_version != event_schema_version)
    return decode_error{std::string(type) + ": unknown schema version " + std::to_string(schema_version)};
  auto found = decoders().find(type);
  if (found == decoders().end()) return decode_error{"unknown event type '" + std::string(type) + "'"};
  field_reader reader(type, payload);
  return found->second(reader);
}

std::variant<session_event, decode_error> decode_event_text(std::string_view type, int schema_version,
                                                            std::string_view payload_json) {
  json payload = json::parse(payload_json, nullptr, false);
  if (payload.is_discarded()) return decode_error{std::string(type) + ": payload is not valid JSON"};
  return decode_event(type, schema_version, payload);
}

}  // namespace scsa::domain
