// The snapshot's JSON: compact arrays rather than objects (a national history holds many thousands of
// sessions), answer sheets as 42 digits. Decoding checks every shape and range it relies on.
#include "domain/history_snapshot.hpp"

#include <nlohmann/json.hpp>

namespace scsa::domain {

namespace {

using json = nlohmann::json;

constexpr std::size_t sheet_cells = statement_count * 2;

std::string sheet_text(const answer_sheet& sheet) {
  std::string text(sheet_cells, '0');
  for (std::size_t s = 0; s < statement_count; ++s)
    for (std::size_t a = 0; a < 2; ++a) text[s * 2 + a] = static_cast<char>('0' + sheet[s][a]);
  return text;
}

answer_sheet sheet_of(const json& value) {
  const auto& text = value.get_ref<const std::string&>();
  if (text.size() != sheet_cells) throw std::runtime_error("answer sheet of the wrong length");
  answer_sheet sheet{};
  for (std::size_t s = 0; s < statement_count; ++s)
    for (std::size_t a = 0; a < 2; ++a) {
      const char c = text[s * 2 + a];
      if (c < '0' || c > '5') throw std::runtime_error("answer sheet with a level outside 0..5");
      sheet[s][a] = static_cast<std::uint8_t>(c - '0');
    }
  return sheet;
}

json tally_json(const averages_tally& tally) {
  json sums = json::array(), answered = json::array();
  for (std::size_t s = 0; s < statement_count; ++s)
    for (std::size_t a = 0; a < 2; ++a) {
      sums.push_back(tally.sums[s][a]);
      answered.push_back(tally.answered[s][a]);
    }
  return json::array({tally.respondents, std::move(sums), std::move(answered)});
}

averages_tally tally_of(const json& value) {
  averages_tally tally;
  tally.respondents = value.at(0).get<int>();
  const auto& sums = value.at(1);
  const auto& answered = value.at(2);
  if (sums.size() != sheet_cells || answered.size() != sheet_cells)
    throw std::runtime_error("tally of the wrong length");
  for (std::size_t s = 0; s < statement_count; ++s)
    for (std::size_t a = 0; a < 2; ++a) {
      tally.sums[s][a] = sums.at(s * 2 + a).get<std::int64_t>();
      tally.answered[s][a] = answered.at(s * 2 + a).get<int>();
    }
  return tally;
}

json respondents_json(const session_respondents& session) {
  json participants = json::object();
  for (const auto& [id, r] : session.participants) {
    json rounds = json::object();
    for (const auto& [round, sheet] : r.rounds) rounds[std::to_string(round)] = sheet_text(sheet);
    participants[id] =
        json::array({r.joined, r.removed, r.latest_count, sheet_text(r.latest), std::move(rounds)});
  }
  return json::array({session.municipality, std::move(participants)});
}

session_respondents respondents_of(const json& value) {
  session_respondents session;
  session.municipality = value.at(0).get<std::string>();
  for (const auto& [id, r] : value.at(1).items()) {
    respondent one;
    one.joined = r.at(0).get<bool>();
    one.removed = r.at(1).get<bool>();
    one.latest_count = r.at(2).get<int>();
    one.latest = sheet_of(r.at(3));
    for (const auto& [round, sheet] : r.at(4).items()) one.rounds[std::stoi(round)] = sheet_of(sheet);
    session.participants.emplace(id, std::move(one));
  }
  return session;
}

json entry_json(const std::string& id, const directory_entry& e) {
  json participants = json::object();
  for (const auto& [participant, removed] : e.participants) participants[participant] = removed;
  return json::array({id, e.created, e.title, e.municipality, std::string(to_string(e.mode)), e.join_code,
                      e.facilitator_token_hash, e.created_ms, e.events, e.round, e.closed,
                      std::move(participants)});
}

std::pair<std::string, directory_entry> entry_of(const json& value) {
  directory_entry e;
  e.created = value.at(1).get<bool>();
  e.title = value.at(2).get<std::string>();
  e.municipality = value.at(3).get<std::string>();
  const auto mode = parse_session_mode(value.at(4).get<std::string>());
  if (!mode) throw std::runtime_error("unknown session mode");
  e.mode = *mode;
  e.join_code = value.at(5).get<std::string>();
  e.facilitator_token_hash = value.at(6).get<std::string>();
  e.created_ms = value.at(7).get<std::int64_t>();
  e.events = value.at(8).get<std::int64_t>();
  e.round = value.at(9).get<int>();
  e.closed = value.at(10).get<bool>();
  for (const auto& [participant, removed] : value.at(11).items())
    e.participants.emplace(participant, removed.get<bool>());
  return {value.at(0).get<std::string>(), std::move(e)};
}

}  // namespace

long_lived_projections evolve(long_lived_projections projections, std::int64_t sequence,
                              const std::string& session_id, std::int64_t time_ms,
                              const session_event& event) {
  projections.directory = evolve(std::move(projections.directory), session_id, time_ms, event);
  projections.averages = evolve(std::move(projections.averages), session_id, event);
  projections.through_sequence = sequence;
  return projections;
}

std::string encode_snapshot(const long_lived_projections& p) {
  json sessions = json::array();
  for (const auto& [id, entry] : p.directory.sessions) sessions.push_back(entry_json(id, entry));
  json tokens = json::array();
  for (const auto& [hash, owner] : p.directory.tokens)
    tokens.push_back(json::array({hash, owner.session_id, owner.participant_id}));
  json join_codes = json::object();
  for (const auto& [code, id] : p.directory.join_codes) join_codes[code] = id;
  json respondents = json::object();
  for (const auto& [id, session] : p.averages.sessions) respondents[id] = respondents_json(session);
  json municipalities = json::object();
  for (const auto& [code, tally] : p.averages.municipalities) municipalities[code] = tally_json(tally);
  return json{{"through", p.through_sequence},
              {"sessions", std::move(sessions)},
              {"tokens", std::move(tokens)},
              {"join_codes", std::move(join_codes)},
              {"respondents", std::move(respondents)},
              {"municipalities", std::move(municipalities)},
              {"national", tally_json(p.averages.national)}}
      .dump();
}

std::optional<long_lived_projections> decode_snapshot(std::string_view text) {
  json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) return std::nullopt;
  try {
    long_lived_projections p;
    p.through_sequence = root.at("through").get<std::int64_t>();
    if (p.through_sequence < 0) return std::nullopt;
    for (const auto& value : root.at("sessions")) p.directory.sessions.insert(entry_of(value));
    for (const auto& value : root.at("tokens"))
      p.directory.tokens.emplace(value.at(0).get<std::string>(),
                                 token_owner{value.at(1).get<std::string>(), value.at(2).get<std::string>()});
    for (const auto& [code, id] : root.at("join_codes").items())
      p.directory.join_codes.emplace(code, id.get<std::string>());
    for (const auto& [id, session] : root.at("respondents").items())
      p.averages.sessions.emplace(id, respondents_of(session));
    for (const auto& [code, tally] : root.at("municipalities").items())
      p.averages.municipalities.emplace(code, tally_of(tally));
    p.averages.national = tally_of(root.at("national"));
    return p;
  } catch (const std::exception&) {  // a field missing or of another type: not a snapshot of this schema
    return std::nullopt;
  }
}

}  // namespace scsa::domain
