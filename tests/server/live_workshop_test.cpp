// The live server through real sockets, as a workshop uses it: a facilitator and 30 participants answer
// every statement at once; every answer is acknowledged with a sequence that holds it in the log; HTTP
// results equal an independent fold of the log; participants see group results only after the reveal;
// a participant who reconnects keeps identity, answers and command ids. The real scsa-server runs as a
// child process; every wait is on a condition with a deadline.
#include <algorithm>
#include <array>
#include <cctype>
#include <random>

#include <catch2/catch.hpp>

#include "tests/server/live_support.hpp"
#include "tests/server/server_process.hpp"

namespace {

using namespace scsa::testing;
using scsa::domain::answer_given;
using scsa::domain::aspect;

constexpr int statement_count = scsa::domain::statement_count;
const std::array<std::string, 2> aspects{"current", "desired"};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string answer_id(int statement, const std::string& which) {
  return "a-" + std::to_string(statement) + "-" + which;
}

bool is_type(const json& frame, const std::string& type) {
  return frame.value("type", "") == type;
}

// A facilitator update whose consensus counts `expected` answers for every statement and aspect.
bool update_with_all_answers(const json& frame, int expected) {
  if (!is_type(frame, "update") || !frame.contains("consensus")) return false;
  for (const auto& row : frame["consensus"]["statements"])
    for (const auto& which : aspects)
      if (row[which]["n"] != expected) return false;
  return true;
}

std::size_t count_answer_events(const std::vector<logged_event>& events) {
  return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [](const logged_event& e) {
    return std::holds_alternative<answer_given>(e.event);
  }));
}

}  // namespace

TEST_CASE("live: 30 participants answer 21 x 2 at once and the results equal a fold of the log", "[live]") {
  server_process server;
  const auto port = server.port();
  const auto session = create_session(port, "Workshop of thirty");

  live_peer facilitator;
  REQUIRE(facilitator.connect(port));
  auto facilitating = facilitator.request({{"type", "facilitate"},
                                           {"id", "f-1"},
                                           {"session_id", session.session_id},
                                           {"token", session.facilitator_token}});
  REQUIRE(facilitating);
  REQUIRE(is_type(*facilitating, "ack"));
  auto facilitator_snapshot = facilitator.take([](const json& f) { return is_type(f, "snapshot"); });
  REQUIRE(facilitator_snapshot);
  CHECK((*facilitator_snapshot)["role"] == "facilitator");
  CHECK((*facilitator_snapshot)["session"]["join_code"] == session.join_code);

  constexpr int participant_count = 30;
  const std::array<std::string, 3> departments{"Mobiliteit", "ICT", "Sociaal Domein"};
  std::vector<std::unique_ptr<live_peer>> participants;
  std::vector<std::string> participant_ids;
  // Joins are pipelined too: everyone connects and asks, then the acks are read.
  for (int i = 0; i < participant_count; ++i) {
    participants.push_back(std::make_unique<live_peer>());
    REQUIRE(participants.back()->connect(port));
    REQUIRE(participants.back()->send({{"type", "join"},
                                       {"id", "join"},
                                       {"code", lower(session.join_code)},
                                       {"name", "Deelnemer " + std::to_string(i + 1)},
                                       {"department", departments[static_cast<std::size_t>(i) % 3]}}));
  }
  for (auto& participant : participants) {
    auto joined = participant->reply("join");
    REQUIRE(joined);
    INFO(joined->dump());
    REQUIRE(is_type(*joined, "ack"));
    REQUIRE(joined->contains("token"));
    CHECK((*joined)["session_id"] == session.session_id);
    participant_ids.push_back((*joined)["participant_id"].get<std::string>());
    auto snapshot = participant->take([](const json& f) { return is_type(f, "snapshot"); });
    REQUIRE(snapshot);
    CHECK((*snapshot)["role"] == "participant");
    CHECK_FALSE(snapshot->contains("results"));
  }

  // Seeded levels, [participant][statement - 1][aspect]; each participant sends all 42, then reads the acks.
  std::mt19937 random(344);
  std::uniform_int_distribution<int> level_of(1, 5);
  std::vector<std::array<std::array<int, 2>, statement_count>> levels(participant_count);
  for (auto& sheet : levels)
    for (auto& row : sheet)
      for (auto& level : row) level = level_of(random);
  std::set<std::string> ids;
  for (int statement = 1; statement <= statement_count; ++statement)
    for (const auto& which : aspects) ids.insert(answer_id(statement, which));
  for (std::size_t p = 0; p < participants.size(); ++p)
    for (int statement = 1; statement <= statement_count; ++statement)
      for (std::size_t a = 0; a < 2; ++a)
        REQUIRE(participants[p]->send(answer_frame(answer_id(statement, aspects[a]), statement, aspects[a],
                                                   levels[p][static_cast<std::size_t>(statement - 1)][a])));

  std::map<std::int64_t, std::pair<std::size_t, std::string>> acked;  // seq -> participant index, command id
  for (std::size_t p = 0; p < participants.size(); ++p) {
    auto replies = participants[p]->replies(ids);
    REQUIRE(replies.size() == ids.size());
    for (const auto& [id, reply] : replies) {
      INFO(reply.dump());
      REQUIRE(is_type(reply, "ack"));
      REQUIRE(reply["seq"].is_number_integer());
      CHECK(acked.emplace(reply["seq"].get<std::int64_t>(), std::make_pair(p, id)).second);
    }
  }
  REQUIRE(acked.size() == static_cast<std::size_t>(participant_count * statement_count * 2));

  // The log holds exactly these answers, each at the sequence its ack named.
  const auto events = read_session_log(server.db_path(), session.session_id);
  CHECK(count_answer_events(events) == acked.size());
  std::map<std::int64_t, const logged_event*> by_sequence;
  for (const auto& logged : events) by_sequence[logged.sequence] = &logged;
  for (const auto& [seq, who] : acked) {
    const auto& [p, id] = who;
    INFO("participant " << p << " command " << id << " seq " << seq);
    REQUIRE(by_sequence.contains(seq));
    const auto* given = std::get_if<answer_given>(&by_sequence[seq]->event);
    REQUIRE(given != nullptr);
    CHECK(given->participant_id == participant_ids[p]);
    CHECK(by_sequence[seq]->command_id == session.session_id + "/" + participant_ids[p] + "/" + id);
    CHECK(answer_id(given->statement, std::string(scsa::domain::to_string(given->which))) == id);
    CHECK(given->level ==
          levels[p][static_cast<std::size_t>(given->statement - 1)][given->which == aspect::current ? 0 : 1]);
  }

  // HTTP results == fold of the log == the counts the test itself sent.
  const auto folded = fold_consensus(events);
  const auto results = fetch_results(port, session.session_id, session.facilitator_token);
  REQUIRE(results["rounds"].size() == 1);
  const json served = results["rounds"][0]["consensus"];
  CHECK(consensus_differences(served, folded).empty());
  for (const auto& difference : consensus_differences(served, folded)) FAIL_CHECK(difference);
  for (int statement = 1; statement <= statement_count; ++statement)
    for (std::size_t a = 0; a < 2; ++a) {
      std::array<int, 5> counts{};
      for (const auto& sheet : levels)
        ++counts[static_cast<std::size_t>(sheet[static_cast<std::size_t>(statement - 1)][a] - 1)];
      CHECK(served["statements"][static_cast<std::size_t>(statement - 1)][aspects[a]]["counts"] ==
            json(counts));
    }
  CHECK(results["participants"] == participant_count);

  // The facilitator's updates reach the state of all answers, and the newest one equals the results.
  auto complete =
      facilitator.take([&](const json& f) { return update_with_all_answers(f, participant_count); });
  REQUIRE(complete);
  CHECK((*complete)["consensus"] == served);
  CHECK((*complete)["summary"] == results["rounds"][0]["summary"]);
  CHECK((*complete)["presence"]["participants"] == participant_count);

  // Before the reveal, no participant has seen group results.
  for (auto& participant : participants) {
    REQUIRE(participant->sync());
    for (const auto& frame : participant->history()) CHECK_FALSE(frame.contains("results"));
  }

  auto revealed = facilitator.request({{"type", "reveal"}, {"id", "f-reveal"}});
  REQUIRE(revealed);
  REQUIRE(is_type(*revealed, "ack"));
  const auto reveal_seq = (*revealed)["seq"].get<std::int64_t>();
  // Participants are sent what their view shows of each distribution: counts, n and mean.
  json shown = served;
  for (auto& statement : shown["statements"])
    for (const char* aspect : {"current", "desired"}) {
      const json full = statement[aspect];
      statement[aspect] = json{{"counts", full["counts"]}, {"n", full["n"]}, {"mean", full["mean"]}};
    }
  for (auto& participant : participants) {
    auto update =
        participant->take([](const json& f) { return is_type(f, "update") && f.contains("results"); });
    REQUIRE(update);
    CHECK((*update)["seq"].get<std::int64_t>() >= reveal_seq);
    CHECK((*update)["session"]["revealed"] == true);
    CHECK((*update)["results"] == shown);
    CHECK_FALSE((*update)["results"]["statements"][0]["current"].contains("median"));
  }

  REQUIRE(facilitator.sync());
  const auto& seen = facilitator.history();
  auto last_with_consensus = std::find_if(seen.rbegin(), seen.rend(), [](const json& f) {
    return is_type(f, "update") && f.contains("consensus");
  });
  REQUIRE(last_with_consensus != seen.rend());
  CHECK((*last_with_consensus)["consensus"] == served);
}

TEST_CASE("live: a participant reconnects with resume and keeps identity, answers and command ids",
          "[live]") {
  server_process server;
  const auto port = server.port();
  const auto session = create_session(port, "Reconnect");
  const auto other = create_session(port, "Another workshop");

  std::string participant_id;
  std::string token;
  std::map<std::string, std::int64_t> seqs;  // command id -> acknowledged sequence
  {
    live_peer first;
    REQUIRE(first.connect(port));
    auto joined =
        first.request({{"type", "join"}, {"id", "j"}, {"code", lower(session.join_code)}, {"name", "Ans"}});
    REQUIRE(joined);
    REQUIRE(is_type(*joined, "ack"));
    participant_id = (*joined)["participant_id"].get<std::string>();
    token = (*joined)["token"].get<std::string>();
    std::set<std::string> ids;
    for (int statement = 1; statement <= 5; ++statement) {
      ids.insert(answer_id(statement, "current"));
      REQUIRE(first.send(answer_frame(answer_id(statement, "current"), statement, "current", statement)));
    }
    for (const auto& [id, reply] : first.replies(ids)) {
      INFO(reply.dump());
      REQUIRE(is_type(reply, "ack"));
      seqs[id] = reply["seq"].get<std::int64_t>();
    }
    REQUIRE(seqs.size() == 5);
  }  // the TCP connection drops without a closing handshake

  const std::int64_t last_seen = std::max_element(seqs.begin(), seqs.end(), [](const auto& a, const auto& b) {
                                   return a.second < b.second;
                                 })->second;
  live_peer again;
  REQUIRE(again.connect(port));
  auto resumed = again.request({{"type", "resume"}, {"id", "r"}, {"token", token}, {"after", last_seen}});
  REQUIRE(resumed);
  INFO(resumed->dump());
  REQUIRE(is_type(*resumed, "ack"));
  CHECK((*resumed)["participant_id"] == participant_id);
  CHECK((*resumed)["session_id"] == session.session_id);
  CHECK((*resumed)["seq"].get<std::int64_t>() >= last_seen);
  auto snapshot = again.take([](const json& f) { return is_type(f, "snapshot"); });
  REQUIRE(snapshot);
  const json& you = (*snapshot)["you"];
  CHECK(you["participant_id"] == participant_id);
  CHECK(you["name"] == "Ans");
  const json& answers = you["answers"]["answers"];
  REQUIRE(answers.size() == static_cast<std::size_t>(statement_count));
  for (int statement = 1; statement <= statement_count; ++statement) {
    const json& row = answers[static_cast<std::size_t>(statement - 1)];
    if (statement <= 5)
      CHECK(row["current"] == statement);
    else
      CHECK(row["current"].is_null());
    CHECK(row["desired"].is_null());
  }

  // The same command id again: the original sequence, and nothing new in the log.
  const auto events_before = read_session_log(server.db_path(), session.session_id);
  auto retried = again.request(answer_frame(answer_id(3, "current"), 3, "current", 3));
  REQUIRE(retried);
  REQUIRE(is_type(*retried, "ack"));
  CHECK((*retried)["seq"] == seqs[answer_id(3, "current")]);
  const auto events_after = read_session_log(server.db_path(), session.session_id);
  CHECK(events_after.size() == events_before.size());
  const std::string logged_id = session.session_id + "/" + participant_id + "/" + answer_id(3, "current");
  CHECK(std::count_if(events_after.begin(), events_after.end(),
                      [&](const logged_event& e) { return e.command_id == logged_id; }) == 1);

  // The resumed connection answers on as the same participant.
  auto more = again.request(answer_frame(answer_id(6, "desired"), 6, "desired", 4));
  REQUIRE(more);
  REQUIRE(is_type(*more, "ack"));
  CHECK((*more)["seq"].get<std::int64_t>() > last_seen);
  const auto after_more = read_session_log(server.db_path(), session.session_id);
  REQUIRE(after_more.back().sequence == (*more)["seq"].get<std::int64_t>());
  const auto* given = std::get_if<answer_given>(&after_more.back().event);
  REQUIRE(given != nullptr);
  CHECK(given->participant_id == participant_id);

  // Tokens that identify nobody here: each refusal echoes its id and leaves the connection open.
  live_peer stranger;
  REQUIRE(stranger.connect(port));
  const std::vector<json> strangers{
      {{"type", "resume"}, {"id", "garbage"}, {"token", "not-a-token-at-all"}},
      {{"type", "resume"}, {"id", "facilitator-as-participant"}, {"token", session.facilitator_token}},
      {{"type", "resume"}, {"id", "truncated"}, {"token", token.substr(0, token.size() - 1)}},
      {{"type", "facilitate"}, {"id", "wrong"}, {"session_id", session.session_id}, {"token", "wrong-token"}},
      {{"type", "facilitate"},
       {"id", "participant-token"},
       {"session_id", session.session_id},
       {"token", token}},
      {{"type", "facilitate"},
       {"id", "other-session"},
       {"session_id", session.session_id},
       {"token", other.facilitator_token}},
      {{"type", "facilitate"},
       {"id", "unknown-session"},
       {"session_id", "s-nope"},
       {"token", session.facilitator_token}},
  };
  for (const auto& frame : strangers) {
    INFO(frame.dump());
    auto reply = stranger.request(frame);
    REQUIRE(reply);
    INFO(reply->dump());
    CHECK(is_type(*reply, "error"));
    CHECK((*reply)["code"] == "invalid_token");
    CHECK((*reply)["id"] == frame["id"]);
  }
  // Refused, the stranger is bound to nothing.
  auto unbound = stranger.request(answer_frame("x", 1, "current", 1));
  REQUIRE(unbound);
  CHECK((*unbound)["code"] == "not_joined");
  REQUIRE(stranger.socket().is_open());
}
