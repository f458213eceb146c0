// Protocol 2 through real sockets: a client that names "protocol": 2 in join, resume or facilitate gets the
// group's results and the facilitator's consensus and summary as the changed statements only
// (results_changes, consensus_changes, summary_changes), and whole after a reveal or a new round; a client
// without it keeps getting the whole views. A copy kept from the changes alone ends equal to a fresh
// snapshot.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "domain/statement_changes.hpp"
#include "tests/server/live_support.hpp"
#include "tests/server/server_process.hpp"
#include "tests/server/test_client.hpp"

namespace {

using namespace scsa::testing;

bool is_type(const json& frame, const std::string& type) {
  return frame.value("type", "") == type;
}

std::set<int> statements_in(const json& view) {
  std::set<int> numbers;
  for (const auto& entry : view["statements"]) numbers.insert(entry["statement"].get<int>());
  return numbers;
}

// A view kept as a protocol 2 client keeps it: whole from a snapshot or an update that has it whole,
// each changed statement's entry put in place from `name`_changes.
void apply(json& view, const json& frame, const std::string& name) {
  if (frame.contains(name)) {
    view = frame[name];
    return;
  }
  if (!frame.contains(name + "_changes") || !view.is_object()) return;
  const auto& changes = frame[name + "_changes"];
  for (auto it = changes.begin(); it != changes.end(); ++it)
    if (it.key() != "statements") view[it.key()] = it.value();
  for (const auto& entry : changes["statements"])
    for (auto& mine : view["statements"])
      if (mine["statement"] == entry["statement"]) mine = entry;
}

}  // namespace

TEST_CASE("protocol 2: results and consensus arrive as the changed statements", "[live][protocol2]") {
  server_process server;
  const auto session = create_session(server.port(), "Versie 2");
  live_peer facilitator, old_facilitator, reader, old_reader, answerer;
  REQUIRE(facilitator.connect(server.port()));
  REQUIRE(old_facilitator.connect(server.port()));
  const json facilitate{{"type", "facilitate"},
                        {"id", "f"},
                        {"session_id", session.session_id},
                        {"token", session.facilitator_token}};
  json facilitate_v2 = facilitate;
  facilitate_v2["protocol"] = 2;
  REQUIRE(is_type(*facilitator.request(facilitate_v2), "ack"));
  REQUIRE(is_type(*old_facilitator.request(facilitate), "ack"));
  for (auto* peer : {&reader, &old_reader, &answerer}) REQUIRE(peer->connect(server.port()));
  const auto reader_ack =
      reader.request({{"type", "join"}, {"id", "j"}, {"code", session.join_code}, {"protocol", 2}});
  REQUIRE(is_type(*reader_ack, "ack"));
  REQUIRE(is_type(*old_reader.request({{"type", "join"}, {"id", "j"}, {"code", session.join_code}}), "ack"));
  REQUIRE(is_type(*answerer.request({{"type", "join"}, {"id", "j"}, {"code", session.join_code}}), "ack"));
  CHECK(reader.request({{"type", "join"}, {"id", "j2"}, {"code", session.join_code}, {"protocol", 0}})
            ->value("code", "") == "bad_message");

  REQUIRE(is_type(*answerer.request(answer_frame("a1", 3, "current", 2)), "ack"));
  REQUIRE(is_type(*facilitator.request({{"type", "reveal"}, {"id", "r"}}), "ack"));
  // The reveal: everyone gets the whole results.
  auto revealed = reader.take([](const json& f) { return is_type(f, "update") && f.contains("results"); });
  REQUIRE(revealed);
  json results = (*revealed)["results"];
  CHECK(statements_in(results).size() == 21);

  // An answer on statement 4: protocol 2 gets statement 4 alone, protocol 1 all 21.
  const auto answered = answerer.request(answer_frame("a2", 4, "desired", 5));
  REQUIRE(is_type(*answered, "ack"));
  const auto seq = (*answered)["seq"].get<std::int64_t>();
  auto seen_by = [&](live_peer& peer) {
    return peer.take(
        [&](const json& f) { return is_type(f, "update") && f["seq"].get<std::int64_t>() >= seq; });
  };
  const auto change = seen_by(reader);
  REQUIRE(change);
  CHECK_FALSE(change->contains("results"));
  REQUIRE(change->contains("results_changes"));
  CHECK(statements_in((*change)["results_changes"]) == std::set<int>{4});
  CHECK((*change)["results_changes"]["statements"][0]["desired"]["n"] == 1);
  apply(results, *change, "results");
  const auto whole = seen_by(old_reader);
  REQUIRE(whole);
  CHECK(statements_in((*whole)["results"]).size() == 21);
  CHECK_FALSE(whole->contains("results_changes"));

  const auto board = seen_by(facilitator);
  REQUIRE(board);
  CHECK_FALSE(board->contains("consensus"));
  CHECK(statements_in((*board)["consensus_changes"]) == std::set<int>{4});
  CHECK(statements_in((*board)["summary_changes"]) == std::set<int>{4});
  CHECK((*board)["summary_changes"].contains("themes"));  // what is not per statement comes whole
  const auto old_board = seen_by(old_facilitator);
  REQUIRE(old_board);
  CHECK(statements_in((*old_board)["consensus"]).size() == 21);
  CHECK(old_board->dump().size() > 2 * board->dump().size());

  // The copy kept from changes equals what a fresh snapshot has; resume keeps the version it names.
  live_peer again;
  REQUIRE(again.connect(server.port()));
  REQUIRE(is_type(
      *again.request({{"type", "resume"}, {"id", "r"}, {"token", (*reader_ack)["token"]}, {"protocol", 2}}),
      "ack"));
  const auto snapshot = again.take([](const json& f) { return is_type(f, "snapshot"); });
  REQUIRE(snapshot);
  CHECK((*snapshot)["results"] == results);
  REQUIRE(is_type(*answerer.request(answer_frame("a3", 9, "current", 1)), "ack"));
  const auto after_resume =
      again.take([](const json& f) { return is_type(f, "update") && f.contains("results_changes"); });
  REQUIRE(after_resume);
  CHECK(statements_in((*after_resume)["results_changes"]) == std::set<int>{9});

  // A new round: whole again.
  REQUIRE(is_type(*facilitator.request({{"type", "new_round"}, {"id", "n"}}), "ack"));
  const auto round_two = facilitator.take([](const json& f) {
    return is_type(f, "update") && f["session"]["round"] == 2 &&
           (f.contains("consensus") || f.contains("consensus_changes"));
  });
  REQUIRE(round_two);
  CHECK(round_two->contains("consensus"));
  CHECK_FALSE(round_two->contains("consensus_changes"));
}

TEST_CASE("statement changes: answers name their statement; a reveal, a new round or a removal all of them",
          "[protocol2]") {
  using namespace scsa::domain;
  statement_changes changes;
  changes.note(answer_given{"p1", 4, aspect::current, 2, 1});
  changes.note(answer_withdrawn{"p2", 7, aspect::desired, 1});
  changes.note(participant_joined{"p3", std::nullopt, "h"});
  CHECK(changes.statements == std::set<int>{4, 7});
  CHECK_FALSE(changes.everything);
  const json view{{"round", 1},
                  {"statements", json::array({{{"statement", 4}}, {{"statement", 5}}, {{"statement", 7}}})}};
  CHECK(changed_statements_of(view, changes)["statements"] ==
        json::array({{{"statement", 4}}, {{"statement", 7}}}));
  CHECK(changed_statements_of(view, changes)["round"] == 1);
  for (const session_event& all : {session_event(round_started{2}), session_event(participant_removed{"p1"}),
                                   session_event(results_revealed{})}) {
    statement_changes everything;
    everything.note(all);
    CHECK(everything.everything);
    CHECK(changed_statements_of(view, everything) == view);
  }
  changes.clear();
  CHECK_FALSE(changes.any());
}
