// The long-lived projections and their snapshot: folding random histories of several interleaved sessions
// gives the same projections whether a start-up folds the whole log or decodes a snapshot taken anywhere
// and folds the rest; the directory lists, finds and admits as the sessions' own states say; damaged or
// foreign text is refused rather than half read.
#include <catch2/catch.hpp>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "domain/history_snapshot.hpp"
#include "domain/session_decider.hpp"
#include "domain/session_state.hpp"

using namespace scsa::domain;

namespace {

struct logged_event {
  std::int64_t sequence;
  std::string session_id;
  std::int64_t time_ms;
  session_event event;
};

struct random_history {
  std::vector<logged_event> log;
  std::map<std::string, session_state> states;  // each session's final state
};

// A SHA-256-shaped hash (64 lowercase hex digits), different for every n: what the server writes.
std::string hex_hash(std::uint64_t n) {
  std::string text;
  for (int i = 0; i < 4; ++i) {
    char part[17];
    std::snprintf(
        part, sizeof part, "%016llx",
        static_cast<unsigned long long>((n + 1) * 0x9e3779b97f4a7c15ull * static_cast<unsigned>(i + 1)));
    text += part;
  }
  return text;
}

// Sessions decided from random commands (every event one the decider makes), interleaved in one log.
// Half the token hashes are shaped as the server writes them, half are any text (an imported session):
// the directory keeps both.
random_history make_history(std::uint32_t seed, int sessions, int steps) {
  std::mt19937 random(seed);
  auto pick = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
  random_history out;
  std::map<std::string, std::vector<std::string>> joined;
  std::int64_t time = 1'700'000'000'000;
  auto run = [&](const std::string& session_id, const actor& by, command_body body) {
    auto& state = out.states[session_id];
    auto decided = decide(command{{}, by, std::move(body)}, state);
    if (is_rejection(decided)) return;
    for (auto& event : std::get<std::vector<session_event>>(decided)) {
      time += pick(0, 5000);
      state = evolve(std::move(state), event);
      out.log.push_back(logged_event{static_cast<std::int64_t>(out.log.size()) + 1, session_id, time, event});
    }
  };
  const std::vector<std::string> municipalities{"GM0363", "GM0344", "GM0599"};
  for (int s = 0; s < sessions; ++s) {
    const std::string id = "s-" + std::to_string(s);
    run(id, actor{actor_role::operator_, {}},
        create_session{
            id, "Sessie " + std::to_string(s), municipalities[static_cast<std::size_t>(s) % 3],
            s % 4 == 3 ? session_mode::solo : session_mode::workshop, "CODE" + std::to_string(s),
            s % 2 == 0 ? hex_hash(static_cast<std::uint64_t>(s)) : "facilitator-hash-" + std::to_string(s)});
  }
  const actor facilitator{actor_role::facilitator, {}};
  for (int step = 0; step < steps; ++step) {
    const std::string session_id = "s-" + std::to_string(pick(0, sessions - 1));
    auto& people = joined[session_id];
    const int what = pick(0, 99);
    const std::string someone = people.empty()
                                    ? std::string("nobody")
                                    : people[static_cast<std::size_t>(pick(0, int(people.size()) - 1))];
    const actor participant{actor_role::participant, someone};
    const auto which = pick(0, 1) == 0 ? aspect::current : aspect::desired;
    if (what < 10) {
      std::string id = "p-" + std::to_string(people.size());
      people.push_back(id);
      const auto token = step % 2 == 0 ? hex_hash(1000 + static_cast<std::uint64_t>(step))
                                       : "token-" + session_id + "-" + id;
      run(session_id, actor{}, join_session{id, std::nullopt, token});
    } else if (what < 75) {
      run(session_id, participant, give_answer{pick(1, 21), which, pick(1, 5)});
    } else if (what < 82) {
      run(session_id, participant, withdraw_answer{pick(1, 21), which});
    } else if (what < 85) {
      run(session_id, facilitator, remove_participant{someone});
    } else if (what < 90) {
      run(session_id, facilitator, reveal_results{});
    } else if (what < 93) {
      run(session_id, facilitator, start_round{});
    } else if (what < 97) {
      run(session_id, facilitator, close_session{});
    } else {
      run(session_id, facilitator, reopen_session{});
    }
  }
  return out;
}

long_lived_projections fold(long_lived_projections p, const std::vector<logged_event>& log, std::size_t from,
                            std::size_t to) {
  for (std::size_t i = from; i < to; ++i)
    p = evolve(std::move(p), log[i].sequence, log[i].session_id, log[i].time_ms, log[i].event);
  return p;
}

}  // namespace

TEST_CASE("history snapshot: a snapshot taken anywhere, then the tail, equals folding the whole log",
          "[history_snapshot]") {
  for (std::uint32_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    const auto history = make_history(seed, 8, 600);
    const auto whole = fold({}, history.log, 0, history.log.size());
    REQUIRE(whole.through_sequence == static_cast<std::int64_t>(history.log.size()));
    std::mt19937 random(seed);
    for (int cut_try = 0; cut_try < 8; ++cut_try) {
      const auto cut = std::uniform_int_distribution<std::size_t>(0, history.log.size())(random);
      const auto head = fold({}, history.log, 0, cut);
      auto decoded = decode_snapshot(encode_snapshot(head));
      REQUIRE(decoded.has_value());
      REQUIRE(*decoded == head);
      const auto resumed = fold(std::move(*decoded), history.log, cut, history.log.size());
      INFO("seed " << seed << ", snapshot after " << cut << " of " << history.log.size() << " events");
      CHECK(resumed == whole);
    }
  }
}

TEST_CASE("history snapshot: the directory says what each session's own state says", "[history_snapshot]") {
  const auto history = make_history(11, 6, 900);
  const auto projections = fold({}, history.log, 0, history.log.size());
  REQUIRE(projections.directory.size() == history.states.size());
  for (const auto& [id, state] : history.states) {
    REQUIRE(projections.directory.find(id) != nullptr);
    const auto& entry = *projections.directory.find(id);
    CHECK(projections.directory.title(entry) == state.title);
    CHECK(projections.directory.municipality(entry) == state.municipality);
    CHECK(projections.directory.join_code(entry) == state.join_code);
    CHECK(entry.mode == state.mode);
    CHECK(entry.closed == state.closed);
    CHECK(entry.round == state.round);
    CHECK(entry.events == state.version);
    CHECK(projections.averages.active_participants(id) == state.active_participant_count());
    CHECK(projections.directory.facilitator_token_hash(entry) == state.facilitator_token_hash);
    // A SHA-256 in hex is kept as its 32 bytes, any other text as it is.
    CHECK((entry.facilitator_hash_text == no_text) == (state.facilitator_token_hash.size() == 64));
    CHECK(projections.directory.session_of_code(state.join_code) == id);
    for (const auto& [participant, who] : state.participants)
      CHECK(projections.directory.owner_of(who.token_hash) == token_owner{id, participant});
  }
  // The averages are the same fold as the hub's: every session's municipality is known.
  for (const auto& [id, state] : history.states) {
    REQUIRE(projections.averages.find_session(id) != nullptr);
    CHECK(projections.averages.municipality_of(*projections.averages.find_session(id)) == state.municipality);
  }
}

TEST_CASE("history snapshot: damaged, cut short or foreign text is refused", "[history_snapshot]") {
  const auto history = make_history(21, 4, 300);
  const auto text = encode_snapshot(fold({}, history.log, 0, history.log.size()));
  REQUIRE(decode_snapshot(text).has_value());
  for (std::size_t cut = 0; cut < text.size(); cut += 1 + cut / 7)  // every length short of the whole
    CHECK_FALSE(decode_snapshot(text.substr(0, cut)).has_value());
  CHECK_FALSE(decode_snapshot(text + "1 ").has_value());  // more than was written
  CHECK_FALSE(decode_snapshot("").has_value());
  CHECK_FALSE(decode_snapshot(R"({"through": 3})").has_value());
  std::string wrong_level = text;
  const auto sheet = wrong_level.find('#');
  REQUIRE(sheet != std::string::npos);
  wrong_level[sheet + 1] = '9';  // a level no answer can have
  CHECK_FALSE(decode_snapshot(wrong_level).has_value());
  std::string huge_count = text;
  const auto first_count = huge_count.find(' ', huge_count.find('\n')) + 1;  // after the header and "through"
  huge_count.insert(first_count, "99999999");  // far more sessions than the text could hold
  CHECK_FALSE(decode_snapshot(huge_count).has_value());
}
