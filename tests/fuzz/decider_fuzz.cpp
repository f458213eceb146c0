// libFuzzer target: a sequence of commands decided and evolved against one session. Input: one command a
// line, `<command_id|-> <actor> <verb> [args]` (actor: op, fac, anon or p:<participant id>; see
// tests/fuzz/README.md). Invariants: decide never throws; every decided event encodes and decodes back to
// itself; a handled command id decides nothing again; levels, statements and rounds in the state stay in
// range; the consensus projection folded from the same events counts exactly the state's answers.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/consensus_projection.hpp"
#include "domain/event_codec.hpp"
#include "domain/roadmap_commands.hpp"
#include "domain/session_decider.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

namespace domain = scsa::domain;
using scsa::fuzz::check;

constexpr std::size_t max_commands = 512;

// Texts in commands come from parsed JSON (frames, POST bodies) or are made by the server, so they are valid
// UTF-8: invalid bytes become U+FFFD here, as they would never reach the decider. (The decider itself does
// not check: a command with invalid UTF-8 decides an event that encode_event(...).dump() cannot write.)
std::string valid_utf8(std::string_view word) {
  const auto escaped =
      nlohmann::json(std::string(word)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(escaped).get<std::string>();
}

// Splits a line at spaces; "~" stands for the empty string.
std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> out;
  while (!line.empty()) {
    const auto space = line.find(' ');
    const auto word = line.substr(0, space);
    line = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
    if (word.empty()) continue;
    out.push_back(word == "~" ? std::string{} : valid_utf8(word));
  }
  return out;
}

struct line_reader {
  std::vector<std::string> words;
  std::size_t next = 0;

  std::string text() { return next < words.size() ? words[next++] : std::string{}; }
  std::optional<std::string> optional_text() {
    if (next >= words.size()) return std::nullopt;
    return text();
  }
  // Any int, also out of range: the decider must refuse it. Unreadable numbers are 0.
  int number() {
    const std::string word = text();
    int value = 0;
    std::from_chars(word.data(), word.data() + word.size(), value);
    return value;
  }
  std::optional<int> statement_or_all() {
    if (next < words.size() && words[next] == "all") {
      ++next;
      return std::nullopt;
    }
    return number();
  }
  domain::aspect which() { return text() == "desired" ? domain::aspect::desired : domain::aspect::current; }
};

// The roadmap's verbs; horizons and statuses by their stored names (anything else is "now"/"proposed").
std::optional<domain::roadmap_command> read_roadmap_command(const std::string& verb, line_reader& r) {
  if (verb == "explain") {
    domain::give_explanation e{};
    e.statement = r.number();
    e.which = r.which();
    e.text = r.text();
    e.text_id = r.text();
    e.is_signed = r.text() == "1";
    return e;
  }
  if (verb == "show_expl") return domain::show_explanations{r.number()};
  if (verb == "hide_expl") return domain::hide_explanations{r.number()};
  if (verb == "propose") {
    domain::propose_action p{};
    p.action_id = r.text();
    p.statement = r.number();
    p.text = r.text();
    p.text_id = r.text();
    return p;
  }
  if (verb == "reword") {
    domain::reword_action w{};
    w.action_id = r.text();
    w.text = r.text();
    w.text_id = r.text();
    return w;
  }
  if (verb == "hide_action") return domain::hide_action{r.text()};
  if (verb == "show_action") return domain::show_action{r.text()};
  if (verb == "merge") {
    domain::merge_actions m{};
    m.action_id = r.text();
    m.into = r.text();
    return m;
  }
  if (verb == "owner") {
    domain::set_action_owner o{};
    o.action_id = r.text();
    o.text = r.text();
    o.text_id = r.text();
    return o;
  }
  if (verb == "horizon") {
    domain::set_action_horizon h{};
    h.action_id = r.text();
    h.horizon = domain::parse_action_horizon(r.text()).value_or(domain::action_horizon::now);
    return h;
  }
  if (verb == "status") {
    domain::set_action_status st{};
    st.action_id = r.text();
    st.status = domain::parse_action_status(r.text()).value_or(domain::action_status::proposed);
    return st;
  }
  if (verb == "vote") return domain::cast_vote{r.text()};
  if (verb == "unvote") return domain::withdraw_vote{r.text()};
  if (verb == "budget") return domain::set_vote_budget{r.number()};
  if (verb == "conclude") {
    domain::record_conclusion c{};
    c.statement = r.number();
    c.text = r.text();
    c.text_id = r.text();
    return c;
  }
  return std::nullopt;
}

std::optional<domain::command> read_command(std::string_view line) {
  line_reader r{words(line)};
  if (r.words.size() < 3) return std::nullopt;
  domain::command cmd;
  cmd.command_id = r.text();
  if (cmd.command_id == "-") cmd.command_id.clear();
  const std::string who = r.text();
  if (who == "op") {
    cmd.by.role = domain::actor_role::operator_;
  } else if (who == "fac") {
    cmd.by.role = domain::actor_role::facilitator;
  } else if (who.rfind("p:", 0) == 0) {
    cmd.by = domain::actor{domain::actor_role::participant, who.substr(2)};
  }
  const std::string verb = r.text();
  if (verb == "create") {
    domain::create_session c;
    c.session_id = r.text();
    c.title = r.text();
    c.municipality = r.text();
    c.mode = r.text() == "solo" ? domain::session_mode::solo : domain::session_mode::workshop;
    c.join_code = r.text();
    c.facilitator_token_hash = r.text();
    cmd.body = c;
  } else if (verb == "join") {
    domain::join_session j;
    j.participant_id = r.text();
    j.token_hash = r.text();
    j.department = r.optional_text();
    cmd.body = j;
  } else if (verb == "rename") {
    cmd.body = domain::rename_participant{r.text()};
  } else if (verb == "remove") {
    cmd.body = domain::remove_participant{r.text()};
  } else if (verb == "open") {
    cmd.body = domain::open_statements{r.statement_or_all()};
  } else if (verb == "close") {
    cmd.body = domain::close_statements{r.statement_or_all()};
  } else if (verb == "focus") {
    cmd.body = domain::focus_statement{r.number()};
  } else if (verb == "reveal") {
    cmd.body = domain::reveal_results{};
  } else if (verb == "hide") {
    cmd.body = domain::hide_results{};
  } else if (verb == "round") {
    cmd.body = domain::start_round{};
  } else if (verb == "close_session") {
    cmd.body = domain::close_session{};
  } else if (verb == "reopen") {
    cmd.body = domain::reopen_session{};
  } else if (verb == "answer") {
    domain::give_answer a{};
    a.statement = r.number();
    a.which = r.which();
    a.level = r.number();
    cmd.body = a;
  } else if (verb == "withdraw") {
    domain::withdraw_answer w{};
    w.statement = r.number();
    w.which = r.which();
    cmd.body = w;
  } else if (auto roadmap = read_roadmap_command(verb, r)) {
    cmd.body = std::move(*roadmap);
  } else if (verb == "baseline") {
    // What the hub could have found of the named session: every combination of its checks.
    domain::baseline_candidate c;
    c.session_id = "s" + std::to_string(std::abs(r.number()) % 3);
    const int found = r.number();
    c.exists = (found & 1) != 0;
    c.municipality = (found & 2) != 0 ? "GM0344" : "GM0363";
    c.earlier = (found & 4) != 0;
    c.readable = (found & 8) != 0;
    cmd.body = domain::baseline_command{domain::choose_baseline{std::move(c)}};
  } else if (verb == "unbaseline") {
    cmd.body = domain::baseline_command{domain::remove_baseline{}};
  } else if (verb == "review") {
    domain::review_baseline_action review{};
    review.action_id = "a" + std::to_string(std::abs(r.number()) % 4);
    review.status = static_cast<domain::action_status>(std::abs(r.number()) % 5);
    review.in_baseline = (r.number() & 1) != 0;
    cmd.body = domain::baseline_command{std::move(review)};
  } else {
    return std::nullopt;
  }
  return cmd;
}

void check_codec(const domain::session_event& event) {
  const auto type = domain::event_type(event);
  const std::string payload = domain::encode_event(event).dump();
  const auto decoded = domain::decode_event_text(type, domain::event_schema_version, payload);
  const auto* back = std::get_if<domain::session_event>(&decoded);
  check(back != nullptr, "a decided event decodes", std::string(type) + " " + payload);
  check(*back == event, "a decided event decodes to itself", std::string(type) + " " + payload);
}

void check_state(const domain::session_state& s, const domain::consensus_projection& projection) {
  check(s.round >= 1 && s.round <= domain::max_round, "the round is within 1..max_round");
  check(s.created || s.participants.empty(), "no participants before the session exists");
  check(s.mode == domain::session_mode::workshop || s.participants.size() <= 1,
        "a solo session has at most one participant");
  for (const auto& [round, sheets] : s.answers) {
    check(round >= 1 && round <= s.round, "answers belong to a round that started");
    for (const auto& [participant, sheet] : sheets) {
      check(s.participants.contains(participant), "answers belong to a participant who joined");
      for (const auto& aspects : sheet)
        for (const auto level : aspects) check(level <= domain::level_count, "a level is 0..5");
    }
  }
  check(projection.current_round() == s.round, "projection and state agree on the round");
  // The roadmap: every vote is on an action that exists and is no duplicate, the tally counts the votes,
  // and nobody holds more votes in a round than the largest budget allows.
  for (const auto& [round, by_participant] : s.roadmap.votes) {
    std::map<std::string, int> counted;
    for (const auto& [participant, chosen] : by_participant) {
      check(s.participants.contains(participant), "votes belong to a participant who joined");
      check(chosen.size() <= static_cast<std::size_t>(domain::max_vote_budget),
            "at most the budget of votes");
      for (const auto& action_id : chosen) {
        const auto* action = s.roadmap.find(action_id);
        check(action != nullptr && action->merged_into.empty(), "a vote is on a live action");
        ++counted[action_id];
      }
    }
    for (const auto& [action_id, votes] : counted)
      check(s.roadmap.votes_for(action_id, round) == votes, "the tally counts the votes");
    const auto tallied = s.roadmap.tally.find(round);
    if (tallied != s.roadmap.tally.end())
      for (const auto& [action_id, votes] : tallied->second)
        check(votes > 0 && counted[action_id] == votes, "no stale tally entry");
  }
  // The projection counts each active participant's answer in the current round, nothing else.
  for (int statement = 1; statement <= domain::statement_count; ++statement) {
    for (const auto which : {domain::aspect::current, domain::aspect::desired}) {
      domain::level_counts expected{};
      for (const auto& [participant, standing] : s.participants) {
        if (standing.removed) continue;
        if (const auto level = s.answer(s.round, participant, statement, which))
          ++expected[static_cast<std::size_t>(*level - 1)];
      }
      check(projection.counts(s.round, statement, which) == expected,
            "the consensus projection counts the state's answers");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  domain::session_state state = domain::initial_session_state;
  domain::consensus_projection projection = domain::initial_consensus_projection;
  std::size_t done = 0;
  for (const auto line : scsa::fuzz::lines(text)) {
    if (++done > max_commands) break;
    const auto cmd = read_command(line);
    if (!cmd) continue;
    domain::decision decision;
    try {
      decision = domain::decide(*cmd, state);
    } catch (...) {
      check(false, "decide never throws", line);
    }
    const auto* events = std::get_if<std::vector<domain::session_event>>(&decision);
    if (events == nullptr) {
      check(!std::get<domain::rejection>(decision).code.empty(), "a rejection has a code");
      continue;
    }
    const auto version_before = state.version;
    for (const auto& event : *events) {
      check_codec(event);
      state = domain::evolve(std::move(state), domain::stamped_event{cmd->command_id, event});
      projection = domain::evolve(std::move(projection), event);
    }
    check(state.version == version_before + static_cast<std::int64_t>(events->size()),
          "the version counts the events");
    check_state(state, projection);
    // A command whose events were folded is handled: the same id decides nothing again.
    if (!events->empty() && !cmd->command_id.empty()) {
      const auto again = domain::decide(*cmd, state);
      const auto* none = std::get_if<std::vector<domain::session_event>>(&again);
      check(none != nullptr && none->empty(), "a handled command id decides no events again", line);
    }
  }
  // The projection's statistics stay finite and in range.
  const auto consensus = domain::consensus_of(projection, state.round);
  for (const auto& aspects : consensus.by_statement) {
    for (const auto& summary : aspects) {
      if (summary.n == 0) continue;
      check(summary.mean >= 1 && summary.mean <= domain::level_count, "a mean is within 1..5");
      check(summary.consensus >= -1e-9 && summary.consensus <= 1 + 1e-9, "consensus is within 0..1");
    }
  }
  return 0;
}
