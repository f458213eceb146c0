// Encoding and decoding of every session event; one lambda per event type, so a new event fails to
// compile until it has an encoding. Decoding checks types and ranges of every field.
#include "domain/event_codec.hpp"

#include <optional>
#include <utility>

#include "domain/flat_json.hpp"
#include "domain/overloaded.hpp"
#include "domain/roadmap_commands.hpp"

namespace scsa::domain {

namespace {

using json = nlohmann::json;

// One field of a payload, whichever way it was read: a string, an integer or anything else.
struct field {
  enum class kind { string, integer, boolean, null, other };
  kind type = kind::other;
  std::string_view text;  // kind::string
  long long number = 0;   // kind::integer; kind::boolean: 0 or 1
};

// Reads fields of one payload, remembering the first problem so decoders stay linear. The payload is
// either an object read in place by read_flat_object (the common case: no DOM, no allocation) or a parsed
// nlohmann::json; both give the same fields, so decoding and its messages do not depend on the path.
class field_reader {
 public:
  field_reader(std::string_view type, const json& payload) : type_(type), json_(&payload) {
    if (!payload.is_object()) fail("payload is not an object");
  }
  field_reader(std::string_view type, const flat_object& payload) : type_(type), flat_(&payload) {}

  std::string text(const char* name) {
    const auto value = find(name);
    if (!value) return {};
    if (value->type != field::kind::string || value->text.empty()) {
      fail(std::string(name) + " must be a non-empty string");
      return {};
    }
    return std::string(value->text);
  }

  std::optional<std::string> optional_text(const char* name) {
    const auto value = lookup(name);
    if (!value || value->type == field::kind::null) return std::nullopt;
    if (value->type != field::kind::string) {
      fail(std::string(name) + " must be a string");
      return std::nullopt;
    }
    return std::string(value->text);
  }

  int integer(const char* name, int min, int max) {
    const auto value = find(name);
    if (!value) return min;
    if (value->type != field::kind::integer) {
      fail(std::string(name) + " must be an integer");
      return min;
    }
    const long long number = value->number;
    if (number < min || number > max) {
      fail(std::string(name) + " " + std::to_string(number) + " is outside " + std::to_string(min) + ".." +
           std::to_string(max));
      return min;
    }
    return static_cast<int>(number);
  }

  // A string that may be empty (a cleared text id).
  std::string any_text(const char* name) {
    const auto value = find(name);
    if (!value) return {};
    if (value->type != field::kind::string) {
      fail(std::string(name) + " must be a string");
      return {};
    }
    return std::string(value->text);
  }

  bool boolean(const char* name) {
    const auto value = find(name);
    if (!value) return false;
    if (value->type != field::kind::boolean) {
      fail(std::string(name) + " must be true or false");
      return false;
    }
    return value->number != 0;
  }

  action_horizon horizon() {
    auto parsed = parse_action_horizon(text("horizon"));
    if (!parsed) fail("horizon must be now, within_1_year, 1_3_years or 3_5_years");
    return parsed.value_or(action_horizon::now);
  }

  action_status status() {
    auto parsed = parse_action_status(text("status"));
    if (!parsed) fail("status must be proposed, agreed, dropped, started or done");
    return parsed.value_or(action_status::proposed);
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

  template <class event_type>
  std::variant<session_event, decode_error> result(event_type&& event) const {
    if (!problem_.empty()) return decode_error{std::string(type_) + ": " + problem_};
    return session_event(std::forward<event_type>(event));
  }

 private:
  // The field, or nothing when the payload has no such field (or is not an object).
  std::optional<field> lookup(const char* name) const {
    if (flat_ != nullptr) {
      const flat_value* value = flat_->find(name);
      if (value == nullptr) return std::nullopt;
      switch (value->type) {
        case flat_value::kind::string:
          return field{field::kind::string, value->text, 0};
        case flat_value::kind::integer:
          return field{field::kind::integer, {}, value->number};
        case flat_value::kind::boolean:
          return field{field::kind::boolean, {}, value->number};
        case flat_value::kind::null:
          return field{field::kind::null, {}, 0};
        default:
          return field{};
      }
    }
    if (!json_->is_object()) return std::nullopt;
    auto it = json_->find(name);
    if (it == json_->end()) return std::nullopt;
    if (it->is_string()) return field{field::kind::string, it->get_ref<const std::string&>(), 0};
    if (it->is_number_integer()) return field{field::kind::integer, {}, it->get<long long>()};
    if (it->is_null()) return field{field::kind::null, {}, 0};
    if (it->is_boolean()) return field{field::kind::boolean, {}, it->get<bool>() ? 1 : 0};
    return field{};
  }

  // The same, noting a missing field as the problem.
  std::optional<field> find(const char* name) {
    if (json_ != nullptr && !json_->is_object()) return std::nullopt;
    auto value = lookup(name);
    if (!value) fail(std::string(name) + " is missing");
    return value;
  }

  void fail(std::string problem) {
    if (problem_.empty()) problem_ = std::move(problem);
  }

  std::string_view type_;
  const json* json_ = nullptr;
  const flat_object* flat_ = nullptr;
  std::string problem_;
};

// The event of a known type from its fields; nullopt for a type this version does not know. Ordered by
// how often each type is stored (answers first).
std::optional<std::variant<session_event, decode_error>> decode_fields(std::string_view type,
                                                                       field_reader& r) {
  if (type == "answer_given") {
    answer_given e{};
    e.participant_id = r.text("participant_id");
    e.statement = r.integer("statement", 1, statement_count);
    e.which = r.which();
    e.level = r.integer("level", 1, level_count);
    e.round = r.integer("round", 1, max_round);
    return r.result(std::move(e));
  }
  if (type == "results_revealed") return r.result(results_revealed{});
  if (type == "results_hidden") return r.result(results_hidden{});
  if (type == "participant_joined") {
    participant_joined e{r.text("participant_id"), r.optional_text("department"), r.text("token_hash")};
    return r.result(std::move(e));
  }
  if (type == "answer_withdrawn") {
    answer_withdrawn e{};
    e.participant_id = r.text("participant_id");
    e.statement = r.integer("statement", 1, statement_count);
    e.which = r.which();
    e.round = r.integer("round", 1, max_round);
    return r.result(std::move(e));
  }
  if (type == "statement_opened")
    return r.result(statement_opened{r.integer("statement", 1, statement_count)});
  if (type == "statement_closed")
    return r.result(statement_closed{r.integer("statement", 1, statement_count)});
  if (type == "statement_focused")
    return r.result(statement_focused{r.integer("statement", 1, statement_count)});
  if (type == "participant_renamed") return r.result(participant_renamed{r.text("participant_id")});
  if (type == "participant_removed") return r.result(participant_removed{r.text("participant_id")});
  if (type == "round_started") return r.result(round_started{r.integer("round", 1, max_round)});
  if (type == "session_created") {
    session_created e{r.text("session_id"),   r.text("title"),
                      r.text("municipality"), r.mode(),
                      r.text("join_code"),    r.text("facilitator_token_hash")};
    return r.result(std::move(e));
  }
  if (type == "session_closed") return r.result(session_closed{});
  if (type == "session_reopened") return r.result(session_reopened{});
  return std::nullopt;
}

// The roadmap's events (roadmap_events.hpp), after the assessment's: fewer of them are stored.
std::optional<std::variant<session_event, decode_error>> decode_roadmap_fields(std::string_view type,
                                                                               field_reader& r) {
  auto roadmap = [&r](auto&& event) { return r.result(roadmap_event(std::forward<decltype(event)>(event))); };
  if (type == "vote_cast" || type == "vote_withdrawn") {
    std::string participant = r.text("participant_id");
    std::string action = r.text("action_id");
    const int round = r.integer("round", 1, max_round);
    if (type == "vote_cast") return roadmap(vote_cast{std::move(participant), std::move(action), round});
    return roadmap(vote_withdrawn{std::move(participant), std::move(action), round});
  }
  if (type == "action_proposed") {
    action_proposed e{};
    e.action_id = r.text("action_id");
    e.statement = r.integer("statement", 1, statement_count);
    e.proposer = r.any_text("proposer");
    e.text_id = r.text("text_id");
    return roadmap(std::move(e));
  }
  if (type == "explanation_given") {
    explanation_given e{};
    e.participant_id = r.text("participant_id");
    e.statement = r.integer("statement", 1, statement_count);
    e.which = r.which();
    e.text_id = r.text("text_id");
    e.is_signed = r.boolean("signed");
    return roadmap(std::move(e));
  }
  if (type == "explanations_shown")
    return roadmap(explanations_shown{r.integer("statement", 1, statement_count)});
  if (type == "explanations_hidden")
    return roadmap(explanations_hidden{r.integer("statement", 1, statement_count)});
  if (type == "action_reworded") return roadmap(action_reworded{r.text("action_id"), r.text("text_id")});
  if (type == "action_hidden") return roadmap(action_hidden{r.text("action_id")});
  if (type == "action_shown") return roadmap(action_shown{r.text("action_id")});
  if (type == "actions_merged") return roadmap(actions_merged{r.text("action_id"), r.text("into")});
  if (type == "action_owner_set")
    return roadmap(action_owner_set{r.text("action_id"), r.any_text("text_id")});
  if (type == "action_horizon_set") return roadmap(action_horizon_set{r.text("action_id"), r.horizon()});
  if (type == "action_status_set") return roadmap(action_status_set{r.text("action_id"), r.status()});
  if (type == "vote_budget_set") return roadmap(vote_budget_set{r.integer("budget", 1, max_vote_budget)});
  if (type == "conclusion_recorded") {
    const int statement = r.integer("statement", 1, statement_count);
    return roadmap(conclusion_recorded{statement, r.any_text("text_id")});
  }
  return std::nullopt;
}

// The baseline's events (baseline_events.hpp).
std::optional<std::variant<session_event, decode_error>> decode_baseline_fields(std::string_view type,
                                                                                field_reader& r) {
  auto baseline = [&r](auto&& event) {
    return r.result(baseline_event(std::forward<decltype(event)>(event)));
  };
  if (type == "baseline_chosen") return baseline(baseline_chosen{r.text("baseline_session_id")});
  if (type == "baseline_removed") return baseline(baseline_removed{});
  if (type == "baseline_action_reviewed")
    return baseline(baseline_action_reviewed{r.text("action_id"), r.status()});
  return std::nullopt;
}

const char* baseline_event_type(const baseline_event& event) {
  return std::visit(overloaded{
                        [](const baseline_chosen&) { return "baseline_chosen"; },
                        [](const baseline_removed&) { return "baseline_removed"; },
                        [](const baseline_action_reviewed&) { return "baseline_action_reviewed"; },
                    },
                    event);
}

json encode_baseline_event(const baseline_event& event) {
  return std::visit(overloaded{
                        [](const baseline_chosen& e) {
                          return json{{"baseline_session_id", e.baseline_session_id}};
                        },
                        [](const baseline_removed&) { return json::object(); },
                        [](const baseline_action_reviewed& e) {
                          return json{{"action_id", e.action_id}, {"status", to_string(e.status)}};
                        },
                    },
                    event);
}

const char* roadmap_event_type(const roadmap_event& event) {
  return std::visit(overloaded{
                        [](const explanation_given&) { return "explanation_given"; },
                        [](const explanations_shown&) { return "explanations_shown"; },
                        [](const explanations_hidden&) { return "explanations_hidden"; },
                        [](const action_proposed&) { return "action_proposed"; },
                        [](const action_reworded&) { return "action_reworded"; },
                        [](const action_hidden&) { return "action_hidden"; },
                        [](const action_shown&) { return "action_shown"; },
                        [](const actions_merged&) { return "actions_merged"; },
                        [](const action_owner_set&) { return "action_owner_set"; },
                        [](const action_horizon_set&) { return "action_horizon_set"; },
                        [](const action_status_set&) { return "action_status_set"; },
                        [](const vote_cast&) { return "vote_cast"; },
                        [](const vote_withdrawn&) { return "vote_withdrawn"; },
                        [](const vote_budget_set&) { return "vote_budget_set"; },
                        [](const conclusion_recorded&) { return "conclusion_recorded"; },
                    },
                    event);
}

json encode_roadmap_event(const roadmap_event& event) {
  return std::visit(
      overloaded{
          [](const explanation_given& e) {
            return json{{"participant_id", e.participant_id},
                        {"statement", e.statement},
                        {"aspect", to_string(e.which)},
                        {"text_id", e.text_id},
                        {"signed", e.is_signed}};
          },
          [](const explanations_shown& e) {
            return json{{"statement", e.statement}};
          },
          [](const explanations_hidden& e) {
            return json{{"statement", e.statement}};
          },
          [](const action_proposed& e) {
            return json{{"action_id", e.action_id},
                        {"statement", e.statement},
                        {"proposer", e.proposer},
                        {"text_id", e.text_id}};
          },
          [](const action_reworded& e) {
            return json{{"action_id", e.action_id}, {"text_id", e.text_id}};
          },
          [](const action_hidden& e) {
            return json{{"action_id", e.action_id}};
          },
          [](const action_shown& e) {
            return json{{"action_id", e.action_id}};
          },
          [](const actions_merged& e) {
            return json{{"action_id", e.action_id}, {"into", e.into}};
          },
          [](const action_owner_set& e) {
            return json{{"action_id", e.action_id}, {"text_id", e.text_id}};
          },
          [](const action_horizon_set& e) {
            return json{{"action_id", e.action_id}, {"horizon", to_string(e.horizon)}};
          },
          [](const action_status_set& e) {
            return json{{"action_id", e.action_id}, {"status", to_string(e.status)}};
          },
          [](const vote_cast& e) {
            return json{{"participant_id", e.participant_id}, {"action_id", e.action_id}, {"round", e.round}};
          },
          [](const vote_withdrawn& e) {
            return json{{"participant_id", e.participant_id}, {"action_id", e.action_id}, {"round", e.round}};
          },
          [](const vote_budget_set& e) {
            return json{{"budget", e.budget}};
          },
          [](const conclusion_recorded& e) {
            return json{{"statement", e.statement}, {"text_id", e.text_id}};
          },
      },
      event);
}

template <class payload_type>
std::variant<session_event, decode_error> decode_payload(std::string_view type, int schema_version,
                                                         const payload_type& payload) {
  if (schema_version != event_schema_version)
    return decode_error{std::string(type) + ": unknown schema version " + std::to_string(schema_version)};
  field_reader reader(type, payload);
  auto decoded = decode_fields(type, reader);
  if (!decoded) decoded = decode_roadmap_fields(type, reader);
  if (!decoded) decoded = decode_baseline_fields(type, reader);
  if (!decoded) return decode_error{"unknown event type '" + std::string(type) + "'"};
  return std::move(*decoded);
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
                        [](const statement_focused&) { return "statement_focused"; },
                        [](const results_revealed&) { return "results_revealed"; },
                        [](const results_hidden&) { return "results_hidden"; },
                        [](const round_started&) { return "round_started"; },
                        [](const answer_given&) { return "answer_given"; },
                        [](const answer_withdrawn&) { return "answer_withdrawn"; },
                        [](const session_closed&) { return "session_closed"; },
                        [](const session_reopened&) { return "session_reopened"; },
                        [](const roadmap_event& e) { return roadmap_event_type(e); },
                        [](const baseline_event& e) { return baseline_event_type(e); },
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
          [](const statement_focused& e) {
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
          [](const roadmap_event& e) { return encode_roadmap_event(e); },
          [](const baseline_event& e) { return encode_baseline_event(e); },
      },
      event);
}

std::variant<session_event, decode_error> decode_event(std::string_view type, int schema_version,
                                                       const json& payload) {
  return decode_payload(type, schema_version, payload);
}

std::variant<session_event, decode_error> decode_event_text(std::string_view type, int schema_version,
                                                            std::string_view payload_json) {
  if (const auto flat = read_flat_object(payload_json)) return decode_payload(type, schema_version, *flat);
  json payload = json::parse(payload_json, nullptr, false);
  if (payload.is_discarded()) return decode_error{std::string(type) + ": payload is not valid JSON"};
  return decode_payload(type, schema_version, payload);
}

}  // namespace scsa::domain
