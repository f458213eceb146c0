// Parsing of client frames: checks every field's type and range before anything reaches a session.
#include "server/live/protocol.hpp"

#include <map>

namespace scsa::server {

namespace {

using json = nlohmann::json;
using parse_result = std::variant<client_message, protocol_error>;

// Reads the fields of one frame, keeping the first problem.
class frame_reader {
 public:
  explicit frame_reader(const json& frame) : frame_(frame) {}

  std::string text(const char* name, std::size_t max_length) {
    auto value = optional_text(name, max_length);
    if (!value && problem_.empty()) problem_ = std::string(name) + " is required";
    return value.value_or("");
  }

  std::optional<std::string> optional_text(const char* name, std::size_t max_length) {
    auto it = frame_.find(name);
    if (it == frame_.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) return fail(std::string(name) + " must be a string");
    const auto& value = it->get_ref<const std::string&>();
    if (value.empty() || value.size() > max_length)
      return fail(std::string(name) + " must be 1.." + std::to_string(max_length) + " characters");
    return value;
  }

  // A typed text: any string (empty too: the decider judges lengths in characters, with its own codes),
  // at most `max_bytes` long so a frame cannot carry a novel.
  std::string any_text(const char* name, std::size_t max_bytes) {
    auto it = frame_.find(name);
    if (it == frame_.end() || !it->is_string()) {
      fail(std::string(name) + " is required and must be a string");
      return {};
    }
    const auto& value = it->get_ref<const std::string&>();
    if (value.size() > max_bytes) {
      fail(std::string(name) + " is too long");
      return {};
    }
    return value;
  }

  bool flag(const char* name) {
    auto it = frame_.find(name);
    if (it == frame_.end() || it->is_null()) return false;
    if (!it->is_boolean()) {
      fail(std::string(name) + " must be true or false");
      return false;
    }
    return it->get<bool>();
  }

  int integer(const char* name) {
    auto it = frame_.find(name);
    if (it == frame_.end()) return fail_int(std::string(name) + " is required");
    if (!it->is_number_integer()) return fail_int(std::string(name) + " must be a whole number");
    auto value = it->get<long long>();
    // Out-of-range values go on to the decider, which names them (invalid_level, invalid_statement).
    if (value < -1'000'000 || value > 1'000'000) return -1;
    return static_cast<int>(value);
  }

  std::int64_t optional_sequence(const char* name) {
    auto it = frame_.find(name);
    if (it == frame_.end() || it->is_null()) return 0;
    if (!it->is_number_integer() || it->get<long long>() < 0) {
      fail(std::string(name) + " must be a sequence number >= 0");
      return 0;
    }
    return it->get<std::int64_t>();
  }

  // "protocol": the version of the update format the client reads (docs/protocol.md, "Versions"); absent: 1.
  // A newer version than this server knows gets the newest it has.
  int protocol_version() {
    auto it = frame_.find("protocol");
    if (it == frame_.end() || it->is_null()) return 1;
    if (!it->is_number_integer() || it->get<long long>() < 1) {
      fail("protocol must be a version number >= 1");
      return 1;
    }
    return static_cast<int>(std::min<long long>(it->get<long long>(), latest_protocol));
  }

  domain::aspect which() {
    auto it = frame_.find("aspect");
    if (it == frame_.end() || !it->is_string()) {
      fail("aspect must be \"current\" or \"desired\"");
      return domain::aspect::current;
    }
    auto parsed = domain::parse_aspect(it->get_ref<const std::string&>());
    if (!parsed) fail("aspect must be \"current\" or \"desired\"");
    return parsed.value_or(domain::aspect::current);
  }

  // "statement": N or "all" (nullopt means all).
  std::optional<int> statement_or_all() {
    auto it = frame_.find("statement");
    if (it != frame_.end() && it->is_string() && it->get_ref<const std::string&>() == "all")
      return std::nullopt;
    if (it == frame_.end() || !it->is_number_integer()) {
      fail("statement must be a number or \"all\"");
      return std::nullopt;
    }
    return integer("statement");
  }

  const std::string& problem() const { return problem_; }
  void fail_with(std::string problem) { fail(std::move(problem)); }

 private:
  std::nullopt_t fail(std::string problem) {
    if (problem_.empty()) problem_ = std::move(problem);
    return std::nullopt;
  }
  int fail_int(std::string problem) {
    fail(std::move(problem));
    return 0;
  }

  const json& frame_;
  std::string problem_;
};

using body_parser = client_body (*)(frame_reader&);

client_body roadmap(domain::roadmap_command command) {
  return domain::command_body{std::move(command)};
}

// A UTF-8 character is at most 4 bytes: the byte cap that lets every allowed text through.
constexpr std::size_t roadmap_text_bytes(std::size_t characters) {
  return characters * 4;
}

const std::map<std::string, body_parser, std::less<>>& parsers() {
  static const std::map<std::string, body_parser, std::less<>> table{
      {"join",
       [](frame_reader& r) -> client_body {
         join_message m;
         m.code = r.text("code", 32);
         m.name = r.optional_text("name", max_name_length);
         m.department = r.optional_text("department", 100);
         m.token = r.optional_text("token", 128);
         if (m.token && m.token->size() < min_client_token_length)
           r.fail_with("token must be at least 32 characters");
         m.protocol = r.protocol_version();
         return m;
       }},
      {"resume",
       [](frame_reader& r) -> client_body {
         resume_message m;
         m.token = r.text("token", 128);
         m.after = r.optional_sequence("after");
         m.protocol = r.protocol_version();
         return m;
       }},
      {"facilitate",
       [](frame_reader& r) -> client_body {
         facilitate_message m;
         m.session_id = r.text("session_id", 64);
         m.token = r.text("token", 128);
         m.protocol = r.protocol_version();
         return m;
       }},
      {"rename",
       [](frame_reader& r) -> client_body { return rename_message{r.text("name", max_name_length)}; }},
      {"ping", [](frame_reader&) -> client_body { return ping_message{}; }},
      {"choose_baseline",
       [](frame_reader& r) -> client_body {
         choose_baseline_message m;
         m.baseline_session_id = r.text("baseline_session_id", 64);
         m.token = r.optional_text("token", 128);
         return m;
       }},
      {"remove_baseline",
       [](frame_reader&) -> client_body {
         return domain::command_body{domain::baseline_command{domain::remove_baseline{}}};
       }},
      {"review_baseline_action",
       [](frame_reader& r) -> client_body {
         domain::review_baseline_action c{};
         c.action_id = r.text("action_id", 64);
         auto status = domain::parse_action_status(r.text("status", 32));
         if (!status) r.fail_with("status must be agreed, started, done or dropped");
         c.status = status.value_or(domain::action_status::agreed);
         return domain::command_body{domain::baseline_command{std::move(c)}};
       }},
      {"answer",
       [](frame_reader& r) -> client_body {
         domain::give_answer a{};
         a.statement = r.integer("statement");
         a.which = r.which();
         a.level = r.integer("level");
         return domain::command_body{a};
       }},
      {"withdraw",
       [](frame_reader& r) -> client_body {
         domain::withdraw_answer w{};
         w.statement = r.integer("statement");
         w.which = r.which();
         return domain::command_body{w};
       }},
      {"open",
       [](frame_reader& r) -> client_body {
         return domain::command_body{domain::open_statements{r.statement_or_all()}};
       }},
      {"close",
       [](frame_reader& r) -> client_body {
         return domain::command_body{domain::close_statements{r.statement_or_all()}};
       }},
      {"focus",
       [](frame_reader& r) -> client_body {
         return domain::command_body{domain::focus_statement{r.integer("statement")}};
       }},
      {"reveal", [](frame_reader&) -> client_body { return domain::command_body{domain::reveal_results{}}; }},
      {"hide", [](frame_reader&) -> client_body { return domain::command_body{domain::hide_results{}}; }},
      {"new_round", [](frame_reader&) -> client_body { return domain::command_body{domain::start_round{}}; }},
      {"close_session",
       [](frame_reader&) -> client_body { return domain::command_body{domain::close_session{}}; }},
      {"reopen_session",
       [](frame_reader&) -> client_body { return domain::command_body{domain::reopen_session{}}; }},
      {"remove",
       [](frame_reader& r) -> client_body {
         return domain::command_body{domain::remove_participant{r.text("participant_id", 64)}};
       }},
      // The roadmap dialogue: ids and text ids are the server's, filled in by the hub.
      {"explain",
       [](frame_reader& r) -> client_body {
         domain::give_explanation e{};
         e.statement = r.integer("statement");
         e.which = r.which();
         e.text = r.any_text("text", roadmap_text_bytes(domain::max_explanation_length));
         e.is_signed = r.flag("signed");
         return roadmap(std::move(e));
       }},
      {"propose",
       [](frame_reader& r) -> client_body {
         domain::propose_action p{};
         p.statement = r.integer("statement");
         p.text = r.any_text("text", roadmap_text_bytes(domain::max_action_length));
         return roadmap(std::move(p));
       }},
      {"vote",
       [](frame_reader& r) -> client_body { return roadmap(domain::cast_vote{r.text("action_id", 64)}); }},
      {"unvote",
       [](frame_reader& r) -> client_body {
         return roadmap(domain::withdraw_vote{r.text("action_id", 64)});
       }},
      {"show_explanations",
       [](frame_reader& r) -> client_body {
         return roadmap(domain::show_explanations{r.integer("statement")});
       }},
      {"hide_explanations",
       [](frame_reader& r) -> client_body {
         return roadmap(domain::hide_explanations{r.integer("statement")});
       }},
      {"reword",
       [](frame_reader& r) -> client_body {
         domain::reword_action w{};
         w.action_id = r.text("action_id", 64);
         w.text = r.any_text("text", roadmap_text_bytes(domain::max_action_length));
         return roadmap(std::move(w));
       }},
      {"hide_action",
       [](frame_reader& r) -> client_body { return roadmap(domain::hide_action{r.text("action_id", 64)}); }},
      {"show_action",
       [](frame_reader& r) -> client_body { return roadmap(domain::show_action{r.text("action_id", 64)}); }},
      {"merge",
       [](frame_reader& r) -> client_body {
         domain::merge_actions m{};
         m.action_id = r.text("action_id", 64);
         m.into = r.text("into", 64);
         return roadmap(std::move(m));
       }},
      {"set_owner",
       [](frame_reader& r) -> client_body {
         domain::set_action_owner o{};
         o.action_id = r.text("action_id", 64);
         o.text = r.any_text("owner", roadmap_text_bytes(domain::max_owner_length));
         return roadmap(std::move(o));
       }},
      {"set_horizon",
       [](frame_reader& r) -> client_body {
         domain::set_action_horizon h{};
         h.action_id = r.text("action_id", 64);
         auto horizon = domain::parse_action_horizon(r.text("horizon", 32));
         if (!horizon) r.fail_with("horizon must be now, within_1_year, 1_3_years or 3_5_years");
         h.horizon = horizon.value_or(domain::action_horizon::now);
         return roadmap(std::move(h));
       }},
      {"set_status",
       [](frame_reader& r) -> client_body {
         domain::set_action_status s{};
         s.action_id = r.text("action_id", 64);
         auto status = domain::parse_action_status(r.text("status", 32));
         if (!status) r.fail_with("status must be proposed, agreed, dropped, started or done");
         s.status = status.value_or(domain::action_status::proposed);
         return roadmap(std::move(s));
       }},
      {"vote_budget",
       [](frame_reader& r) -> client_body { return roadmap(domain::set_vote_budget{r.integer("budget")}); }},
      {"conclude",
       [](frame_reader& r) -> client_body {
         domain::record_conclusion c{};
         c.statement = r.integer("statement");
         c.text = r.any_text("text", roadmap_text_bytes(domain::max_conclusion_length));
         return roadmap(std::move(c));
       }},
  };
  return table;
}

}  // namespace

parse_result parse_client_message(std::string_view text) {
  json frame = json::parse(text, nullptr, false);
  if (frame.is_discarded()) return protocol_error{"", "bad_json", "the frame is not valid JSON"};
  if (!frame.is_object()) return protocol_error{"", "bad_message", "a frame is a JSON object"};

  std::string id;
  auto id_field = frame.find("id");
  if (id_field != frame.end() && id_field->is_string()) id = id_field->get<std::string>();
  if (id.size() > max_id_length) id.clear();

  auto type_field = frame.find("type");
  if (type_field == frame.end() || !type_field->is_string())
    return protocol_error{id, "bad_message", "type is required and must be a string"};
  const auto& type = type_field->get_ref<const std::string&>();
  auto parser = parsers().find(type);
  if (parser == parsers().end())
    return protocol_error{id, "unknown_type", "unknown message type '" + type + "'"};

  if (id_field == frame.end() || !id_field->is_string() || id.empty())
    return protocol_error{"", "bad_message",
                          "id is required: a string of 1.." + std::to_string(max_id_length) + " characters"};

  frame_reader reader(frame);
  client_body body = parser->second(reader);
  if (!reader.problem().empty()) return protocol_error{id, "bad_message", reader.problem()};
  return client_message{std::move(id), std::move(body)};
}

std::string ack_frame(std::string_view id, std::optional<std::int64_t> seq) {
  // Keys in nlohmann's (sorted) order; the id is escaped by nlohmann, which also refuses invalid UTF-8
  // exactly as dumping the whole object would.
  std::string frame = R"({"id":)";
  frame += json(id).dump();
  if (seq) {
    frame += R"(,"seq":)";
    frame += std::to_string(*seq);
  }
  frame += R"(,"type":"ack"})";
  return frame;
}

std::string ack_frame(std::string_view id, std::optional<std::int64_t> seq, const json& extra) {
  json frame = extra.is_object() ? extra : json::object();
  frame["type"] = "ack";
  frame["id"] = id;
  if (seq) frame["seq"] = *seq;
  return frame.dump();
}

std::string error_frame(std::string_view id, std::string_view code, std::string_view message) {
  json frame{{"type", "error"}, {"code", code}, {"message", message}};
  frame["id"] = id.empty() ? json(nullptr) : json(id);
  return frame.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string typed_frame(std::string_view type, json body) {
  if (!body.is_object()) body = json::object();
  body["type"] = type;
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace scsa::server
