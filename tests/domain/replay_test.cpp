// Replay: the state at EVERY point of random recorded sessions, reached through checkpoints, equals the fold
// of that prefix (several seeds, small K so checkpoints and their thinning are exercised); the header agrees
// with session_state; points are found by sequence and by time; the timeline's markers and its
// consensus-reached points follow the rule.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "domain/replay.hpp"
#include "domain/session_decider.hpp"
#include "domain/session_state.hpp"

using namespace scsa::domain;

namespace {

// A session recorded by deciding random commands (so every event is one the decider can make), with the
// envelope a log would give it: sequences with gaps (other sessions write in between) and times that
// mostly rise but sometimes step back a little (appends from several threads).
struct recorded_session {
  std::vector<replay_event> recorded;
  std::vector<session_event> events;
};

recorded_session record_random_session(std::uint32_t seed, int steps) {
  std::mt19937 random(seed);
  auto pick = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
  recorded_session out;
  session_state state;
  std::vector<std::string> joined;
  std::int64_t sequence = pick(0, 50);
  std::int64_t time = 1'700'000'000'000;
  auto run = [&](const actor& by, command_body body) {
    auto decided = decide(command{{}, by, std::move(body)}, state);
    if (is_rejection(decided)) return;
    for (auto& event : std::get<std::vector<session_event>>(decided)) {
      sequence += pick(1, 4);
      time += pick(0, 3) == 0 ? -pick(0, 20) : pick(0, 5000);
      state = evolve(std::move(state), event);
      out.recorded.push_back(
          replay_event{sequence, static_cast<std::int64_t>(out.recorded.size()) + 1, time, event});
      out.events.push_back(event);
    }
  };
  const actor facilitator{actor_role::facilitator, {}};
  run(actor{actor_role::operator_, {}},
      create_session{"s-1", "Replay", "GM0363", session_mode::workshop, "ABCDEF", "hash"});
  for (int step = 0; step < steps; ++step) {
    const int what = pick(0, 99);
    const std::string someone = joined.empty()
                                    ? std::string("nobody")
                                    : joined[static_cast<std::size_t>(pick(0, int(joined.size()) - 1))];
    const actor participant{actor_role::participant, someone};
    const auto which = pick(0, 1) == 0 ? aspect::current : aspect::desired;
    if (what < 8) {
      std::string id = "p-" + std::to_string(joined.size());
      std::optional<std::string> department;
      if (pick(0, 2) != 0) department = pick(0, 1) == 0 ? "ICT" : "Sociaal; Domein";
      joined.push_back(id);
      run(actor{}, join_session{id, department, "t"});
    } else if (what < 70) {
      run(participant, give_answer{pick(1, 6), which, pick(1, 5)});  // few statements: consensus happens
    } else if (what < 76) {
      run(participant, withdraw_answer{pick(1, 6), which});
    } else if (what < 78) {
      run(facilitator, remove_participant{someone});
    } else if (what < 84) {
      run(facilitator, close_statements{pick(0, 4) == 0 ? std::nullopt : std::optional(pick(1, 6))});
    } else if (what < 90) {
      run(facilitator, open_statements{pick(0, 4) == 0 ? std::nullopt : std::optional(pick(1, 6))});
    } else if (what < 93) {
      run(facilitator, reveal_results{});
    } else if (what < 95) {
      run(facilitator, hide_results{});
    } else if (what < 96) {
      run(facilitator, start_round{});
    } else if (what < 98) {
      run(facilitator, close_session{});
    } else {
      run(facilitator, reopen_session{});
    }
  }
  return out;
}

template <class state_type>
state_type fold(state_type state, const std::vector<session_event>& events, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) state = evolve(std::move(state), events[i]);
  return state;
}

bool same_answers(const participant_projection& a, const participant_projection& b) {
  if (a.round != b.round || a.active_count != b.active_count ||
      a.participants.size() != b.participants.size())
    return false;
  for (const auto& [id, who] : a.participants) {
    auto other = b.participants.find(id);
    if (other == b.participants.end()) return false;
    if (who.joined != other->second.joined || who.removed != other->second.removed ||
        who.rounds != other->second.rounds)
      return false;
  }
  return true;
}

bool same_state(const replay_state& a, const replay_state& b) {
  return a.session == b.session && a.consensus.rounds == b.consensus.rounds &&
         same_answers(a.consensus.answers, b.consensus.answers);
}

session_event created_event() {
  return session_created{"s-1", "Replay", "GM0363", session_mode::workshop, "ABCDEF", "hash"};
}

}  // namespace

TEST_CASE("replay: the state at every version, through checkpoints, equals the fold of that prefix",
          "[replay][property]") {
  for (std::uint32_t seed : {1u, 2u, 3u, 42u, 2026u}) {
    const auto session = record_random_session(seed, 400);
    const auto& events = session.events;
    REQUIRE(events.size() > 100);
    for (auto [every, max_checkpoints] :
         {std::pair<std::int64_t, std::size_t>{1, 1000}, {3, 64}, {7, 4}, {2, 2}}) {
      replay_index index(replay_options{every, max_checkpoints, {}});
      for (const auto& recorded : session.recorded) index.add(recorded);
      INFO("seed " << seed << ", K " << every << ", at most " << max_checkpoints << " checkpoints");
      REQUIRE(index.size() == static_cast<std::int64_t>(events.size()));
      CHECK(index.checkpoint_count() <= std::max<std::size_t>(max_checkpoints, 2));
      replay_state folded;  // the plain fold of the first `version` events, one more each time
      for (std::size_t version = 0; version <= events.size(); ++version) {
        INFO("version " << version);
        if (version > 0) folded = evolve(std::move(folded), events[version - 1]);
        const auto replayed = replay_to(index, static_cast<std::int64_t>(version), events);
        REQUIRE(same_state(replayed, folded));
        const auto seq = index.sequence_of(static_cast<std::int64_t>(version));
        REQUIRE(results_json(replayed, seq) == results_json(folded, seq));
      }
      CHECK(same_state(index.head(), fold(initial_replay_state, events, events.size())));
    }
  }
}

TEST_CASE("replay: the header agrees with session_state at every prefix", "[replay][property]") {
  for (std::uint32_t seed : {5u, 6u, 7u}) {
    const auto session = record_random_session(seed, 300);
    session_state state;
    session_header header;
    consensus_projection consensus;
    for (const auto& event : session.events) {
      state = evolve(std::move(state), event);
      header = evolve(std::move(header), event);
      consensus = evolve(std::move(consensus), event);
      REQUIRE(header.created == state.created);
      REQUIRE(header.session_id == state.session_id);
      REQUIRE(header.title == state.title);
      REQUIRE(header.municipality == state.municipality);
      REQUIRE(header.mode == state.mode);
      REQUIRE(header.open == state.open);
      REQUIRE(header.revealed == state.revealed);
      REQUIRE(header.closed == state.closed);
      REQUIRE(header.round == state.round);
      REQUIRE(header.version == state.version);
      REQUIRE(consensus.answers.active_count == state.active_participant_count());
    }
  }
}

TEST_CASE("replay: points by global sequence and by time", "[replay]") {
  replay_index index(replay_options{2, 64, {}});
  const std::vector<std::pair<std::int64_t, std::int64_t>> envelopes{
      {5, 1000}, {9, 2000}, {10, 1990}, {20, 3000}};
  const std::vector<session_event> events{created_event(), statement_closed{1}, statement_closed{2},
                                          results_revealed{}};
  for (std::size_t i = 0; i < events.size(); ++i)
    index.add(
        replay_event{envelopes[i].first, static_cast<std::int64_t>(i) + 1, envelopes[i].second, events[i]});

  CHECK(index.version_at_sequence(0) == 0);
  CHECK(index.version_at_sequence(5) == 1);
  CHECK(index.version_at_sequence(8) == 1);
  CHECK(index.version_at_sequence(10) == 3);
  CHECK(index.version_at_sequence(1'000'000) == 4);
  CHECK(index.version_at_time(999) == 0);
  CHECK(index.version_at_time(1000) == 1);
  CHECK(index.version_at_time(1995) == 1);  // event 3 (1990) is recorded after event 2 (2000)
  CHECK(index.version_at_time(2000) == 3);
  CHECK(index.version_at_time(5000) == 4);
  CHECK(index.sequence_of(3) == 10);
  CHECK(index.time_of(4) == 3000);
  CHECK(index.sequence_of(0) == 0);
  CHECK(index.checkpoint_at_or_before(3).version == 2);
  CHECK(index.checkpoint_at_or_before(1).version == 0);
  CHECK_THROWS_AS(index.add(replay_event{30, 9, 4000, results_hidden{}}), std::invalid_argument);

  const auto at_two = replay_to(index, 2, events);
  CHECK_FALSE(at_two.session.open[0]);
  CHECK(at_two.session.open[1]);
  const auto results = results_json(at_two, index.sequence_of(2));
  CHECK(results["seq"] == 9);
  CHECK(results["session"]["open"].size() == 20);
  CHECK(results["session"]["revealed"] == false);
  CHECK(results["rounds"].size() == 1);
}

TEST_CASE("replay: checkpoints thin out and K doubles when there would be too many", "[replay]") {
  replay_index index(replay_options{1, 4, {}});
  index.add(replay_event{1, 1, 0, created_event()});
  for (std::int64_t v = 2; v <= 20; ++v) index.add(replay_event{v, v, 0, results_revealed{}});
  CHECK(index.checkpoint_count() <= 4);
  CHECK(index.checkpoint_every() == 8);
  CHECK(index.checkpoint_at_or_before(20).version == 16);
  CHECK(index.checkpoint_at_or_before(7).version == 0);
}

TEST_CASE("timeline: markers in order and the first moment a statement reached consensus",
          "[replay][timeline]") {
  replay_index index;
  std::int64_t version = 0;
  auto add = [&](session_event event) {
    ++version;
    index.add(replay_event{version * 10, version, 1000 * version, std::move(event)});
  };
  add(created_event());
  for (const std::string p : {"p-1", "p-2", "p-3", "p-4"}) add(participant_joined{p, std::nullopt, "t"});
  add(statement_closed{7});
  add(answer_given{"p-1", 5, aspect::current, 4, 1});
  add(answer_given{"p-2", 5, aspect::current, 4, 1});
  add(answer_given{"p-1", 5, aspect::desired, 5, 1});
  add(answer_given{"p-3", 5, aspect::current, 4, 1});  // version 10: current reaches (n 3, Cns 1)
  add(answer_given{"p-2", 5, aspect::desired, 5, 1});
  add(answer_given{"p-4", 5, aspect::desired, 1, 1});  // a dissenter keeps desired below the rule
  add(answer_given{"p-3", 5, aspect::desired, 5, 1});  // n 4 with 5 5 5 1: Cns < 0.8
  add(participant_removed{"p-4"});                     // version 14: desired 5 5 5, both reach here
  add(results_revealed{});
  add(round_started{2});
  add(session_closed{});

  const auto& line = index.markers();
  std::vector<std::string> kinds;
  for (const auto& marker : line.markers) kinds.push_back(marker.kind);
  CHECK(kinds == std::vector<std::string>{"session_created", "participant_joined", "participant_joined",
                                          "participant_joined", "participant_joined", "statement_closed",
                                          "participant_removed", "results_revealed", "round_started",
                                          "session_closed"});
  CHECK(line.markers[5].statement == 7);
  CHECK(line.markers[6].participant_id == "p-4");
  CHECK(line.markers[8].round == 2);
  REQUIRE(line.reached.size() == 1);
  const auto& reached = line.reached.at({1, 5});
  REQUIRE(reached.aspect[aspect_index(aspect::current)]);
  CHECK(reached.aspect[aspect_index(aspect::current)]->version == 10);
  CHECK(reached.aspect[aspect_index(aspect::current)]->sequence == 100);
  REQUIRE(reached.aspect[aspect_index(aspect::desired)]);
  CHECK(reached.aspect[aspect_index(aspect::desired)]->version == 14);
  REQUIRE(reached.both);
  CHECK(reached.both->version == 14);
  CHECK(reached.both->time_ms == 14000);
  CHECK(line.first->version == 1);
  CHECK(line.last->version == 17);

  nlohmann::json j = line;
  CHECK(j["rule"]["min_n"] == 3);
  CHECK(j["consensus_reached"][0]["statement"] == 5);
  CHECK(j["consensus_reached"][0]["both"]["seq"] == 140);
  CHECK(j["consensus_reached"][0]["current"]["version"] == 10);
  CHECK(j["markers"][1]["participant_id"] == "p-1");
  CHECK_FALSE(j["markers"][0].contains("statement"));
}

TEST_CASE("timeline: the rule needs both enough answers and enough agreement", "[replay][timeline]") {
  const consensus_rule rule{};
  CHECK(meets(rule, summarize({0, 0, 0, 3, 0})));
  CHECK_FALSE(meets(rule, summarize({0, 0, 0, 2, 0})));  // n 2
  CHECK(meets(rule, summarize({0, 0, 0, 3, 3})));        // 4 4 4 5 5 5: Cns .807
  CHECK_FALSE(meets(rule, summarize({3, 0, 0, 0, 1})));  // 1 1 1 5: IQR 1 but Cns .189
  CHECK(meets(consensus_rule{2, 0.5}, summarize({0, 1, 1, 0, 0})));
}
