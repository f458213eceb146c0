// Merging the updates that wait for a slow reader: the rules one by one, then a whole workshop (answers,
// names, a reveal, proposals, votes, a merge of actions, explanations, a conclusion, a new round) whose
// updates a reader either gets one by one or merged as a reader who read nothing until the end would: the
// copy it keeps is the same both ways, and equal to a fresh snapshot.
#include "server/live/update_merge.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <set>

#include "events/sqlite_event_log.hpp"
#include "server/live/live_hub.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/server/hub_calls.hpp"
#include "tests/server/recording_connection.hpp"
#include "tests/server/roadmap_mirror.hpp"

using namespace scsa;
using namespace scsa::server;
using namespace std::chrono_literals;
using json = nlohmann::json;
using testing::recording_connection;
using outcome = frame_merge::outcome;

namespace {

// The frames as the hub sends them: serialised, with their shapes (update_merge.hpp).
update_frame frame_of(const json& body) {
  return {std::make_shared<const std::string>(body.dump()), update_shape(body)};
}
update_frame frame_of(const std::string& text) {
  return {std::make_shared<const std::string>(text), update_shape(json::parse(text, nullptr, false))};
}

// Merged without the shapes' shortcut: always parsed.
frame_merge merged(const json& older, const json& newer) {
  return merge_frames({std::make_shared<const std::string>(older.dump())},
                      {std::make_shared<const std::string>(newer.dump())});
}

json merged_json(const json& older, const json& newer) {
  const auto merge = merged(older, newer);
  REQUIRE(merge.result == outcome::merged);
  REQUIRE(merge.merged.text);
  return json::parse(*merge.merged.text);
}

// What a reader who read nothing while `updates` were sent receives: each update merged into a waiting one
// it may merge with, looking back past independent ones, as websocket_session queues them.
std::vector<std::string> as_a_slow_reader_gets(const std::vector<std::shared_ptr<const std::string>>& updates,
                                               bool with_shapes) {
  std::vector<update_frame> waiting;
  for (const auto& update : updates) {
    update_frame newer = with_shapes ? frame_of(*update) : update_frame{update};
    bool done = false;
    for (auto at = waiting.size(); at-- > 0 && !done;) {
      const auto merge = merge_frames(waiting[at], newer);
      if (merge.result == outcome::ordered) break;
      if (merge.result == outcome::merged) {
        waiting[at] = merge.merged;
        done = true;
      }
    }
    if (!done) waiting.push_back(newer);
  }
  std::vector<std::string> texts;
  for (const auto& frame : waiting) texts.push_back(*frame.text);
  return texts;
}

// --- a client's copy, kept as docs/protocol.md tells clients to keep it (written apart from the merge) ---

void put_in_place(json& list, const json& entry, const char* key) {
  for (auto& known : list)
    if (known[key] == entry[key]) {
      known = entry;
      return;
    }
  list.push_back(entry);
}

void apply_update(json& copy, const json& update) {
  for (const auto& [field, value] : update.items()) {
    if (field == "type") continue;
    if (field == "roadmap_changes") {
      if (copy.contains("roadmap")) testing::roadmap_mirror::apply_changes(copy["roadmap"], value);
    } else if (field.ends_with("_changes")) {
      const auto view = field.substr(0, field.size() - 8);
      if (!copy.contains(view)) continue;  // changes to nothing known
      for (const auto& [key, part] : value.items())
        if (key != "statements") copy[view][key] = part;
      for (const auto& entry : value["statements"])
        put_in_place(copy[view]["statements"], entry, "statement");
    } else if (field == "participants_changed") {
      for (const auto& entry : value) put_in_place(copy["participants"], entry, "participant_id");
    } else if (field == "you") {
      copy["you"].update(value);
    } else {
      copy[field] = value;
    }
  }
}

// The copy as a snapshot would give it, in one order whatever order entries arrived in.
json canonical(json copy) {
  auto by_dump = [](const json& a, const json& b) { return a.dump() < b.dump(); };
  if (copy.contains("rounds")) {  // a facilitator's snapshot: the current round's views as updates carry them
    copy["consensus"] = copy["rounds"].back()["consensus"];
    copy["summary"] = copy["rounds"].back()["summary"];
    copy.erase("rounds");
  }
  if (copy.contains("participants"))
    std::sort(copy["participants"].begin(), copy["participants"].end(), by_dump);
  if (copy.contains("roadmap")) {
    auto& roadmap = copy["roadmap"];
    std::stable_sort(roadmap["actions"].begin(), roadmap["actions"].end(),
                     [](const json& a, const json& b) { return a["order"] < b["order"]; });
    for (const char* list : {"explanations", "conclusions"})
      std::sort(roadmap[list].begin(), roadmap[list].end(), by_dump);
  }
  for (const char* view : {"results", "consensus", "summary"})
    if (copy.contains(view) && copy[view].contains("statements"))
      std::sort(copy[view]["statements"].begin(), copy[view]["statements"].end(), by_dump);
  copy.erase("type");
  copy.erase("id");
  return copy;
}

}  // namespace

TEST_CASE("merged updates keep the newest whole fields and every change", "[update_merge]") {
  const json older{
      {"type", "update"},
      {"seq", 7},
      {"session", {{"round", 1}, {"state", "open"}}},
      {"results_changes",
       {{"participants", 3}, {"statements", {{{"statement", 1}, {"n", 1}}, {{"statement", 2}, {"n", 1}}}}}},
      {"participants_changed", {{{"participant_id", "p1"}, {"name", nullptr}}}},
      {"you", {{"participant_id", "p1"}, {"removed", true}}}};
  const json newer{
      {"type", "update"},
      {"seq", 9},
      {"session", {{"round", 1}, {"state", "revealed"}}},
      {"results_changes",
       {{"participants", 4}, {"statements", {{{"statement", 2}, {"n", 2}}, {{"statement", 5}, {"n", 1}}}}}},
      {"participants_changed",
       {{{"participant_id", "p2"}, {"name", "Bo"}}, {{"participant_id", "p1"}, {"name", "Ann"}}}},
      {"you", {{"participant_id", "p1"}, {"votes", json::array()}}}};
  const json both = merged_json(older, newer);
  CHECK(both["seq"] == 9);
  CHECK(both["session"]["state"] == "revealed");
  CHECK(both["results_changes"]["participants"] == 4);
  CHECK(both["results_changes"]["statements"] ==
        json::array(
            {{{"statement", 1}, {"n", 1}}, {{"statement", 2}, {"n", 2}}, {{"statement", 5}, {"n", 1}}}));
  CHECK(both["participants_changed"] == json::array({{{"participant_id", "p1"}, {"name", "Ann"}},
                                                     {{"participant_id", "p2"}, {"name", "Bo"}}}));
  CHECK(both["you"] == json{{"participant_id", "p1"}, {"removed", true}, {"votes", json::array()}});
}

TEST_CASE("changes merged into a whole view make the whole view, a whole view drops earlier changes",
          "[update_merge]") {
  const json whole{
      {"type", "update"},
      {"seq", 3},
      {"consensus", {{"statements", {{{"statement", 1}, {"n", 0}}, {{"statement", 2}, {"n", 0}}}}}}};
  const json changes{{"type", "update"},
                     {"seq", 4},
                     {"consensus_changes", {{"statements", {{{"statement", 2}, {"n", 1}}}}}}};
  const json laid = merged_json(whole, changes);
  CHECK_FALSE(laid.contains("consensus_changes"));
  CHECK(laid["consensus"]["statements"] ==
        json::array({{{"statement", 1}, {"n", 0}}, {{"statement", 2}, {"n", 1}}}));
  const json replaced = merged_json(changes, whole);
  CHECK_FALSE(replaced.contains("consensus_changes"));
  CHECK(replaced["consensus"] == whole["consensus"]);
  CHECK(replaced["seq"] == 3);  // the newer frame's, whatever it is
}

TEST_CASE("roadmap changes merge as a reader applies them: actions, then counts, then removals",
          "[update_merge]") {
  const json older{{"type", "update"},
                   {"roadmap_changes",
                    {{"vote_budget", 5},
                     {"actions", {{{"action_id", "a"}, {"order", 1}, {"votes", 1}}}},
                     {"votes", {{"b", 4}, {"c", 2}}},
                     {"removed_actions", {"d", "e"}},
                     {"statements", {3}},
                     {"explanations", {{{"statement", 3}, {"text", "old"}}}},
                     {"conclusions", json::array()}}}};
  const json newer{
      {"type", "update"},
      {"roadmap_changes",
       {{"vote_budget", 6},
        {"actions", {{{"action_id", "b"}, {"order", 2}, {"votes", 5}}, {{"action_id", "d"}, {"order", 4}}}},
        {"votes", {{"a", 2}}},
        {"removed_actions", {"c"}},
        {"statements", {4}},
        {"explanations", {{{"statement", 4}, {"text", "new"}}}},
        {"conclusions", {{{"statement", 4}, {"text", "agreed"}}}}}}};
  const json changes = merged_json(older, newer)["roadmap_changes"];
  CHECK(changes["vote_budget"] == 6);
  CHECK(changes["votes"] == json{{"a", 2}, {"c", 2}});           // b's entry is newer than its count
  CHECK(changes["removed_actions"] == json::array({"e", "c"}));  // d came back
  CHECK(changes["statements"] == json::array({3, 4}));
  CHECK(changes["explanations"] ==
        json::array({{{"statement", 3}, {"text", "old"}}, {{"statement", 4}, {"text", "new"}}}));
  // Applied to a roadmap, the merged changes give what the two give one after the other.
  json roadmap{{"vote_budget", 5},
               {"actions",
                {{{"action_id", "a"}, {"order", 1}, {"votes", 0}},
                 {{"action_id", "b"}, {"order", 2}, {"votes", 0}},
                 {{"action_id", "c"}, {"order", 3}, {"votes", 0}},
                 {{"action_id", "d"}, {"order", 4}, {"votes", 0}},
                 {{"action_id", "e"}, {"order", 5}, {"votes", 0}}}},
               {"explanations", json::array()},
               {"conclusions", json::array()}};
  json one_by_one = roadmap, at_once = roadmap;
  testing::roadmap_mirror::apply_changes(one_by_one, older["roadmap_changes"]);
  testing::roadmap_mirror::apply_changes(one_by_one, newer["roadmap_changes"]);
  testing::roadmap_mirror::apply_changes(at_once, changes);
  CHECK(canonical({{"roadmap", at_once}}) == canonical({{"roadmap", one_by_one}}));
  // And laid over a whole roadmap waiting in the older frame, they make the whole roadmap.
  const json whole_then_changes = merged_json({{"type", "update"}, {"roadmap", roadmap}}, newer);
  CHECK_FALSE(whole_then_changes.contains("roadmap_changes"));
  json expected = roadmap;
  testing::roadmap_mirror::apply_changes(expected, newer["roadmap_changes"]);
  CHECK(canonical({{"roadmap", whole_then_changes["roadmap"]}}) == canonical({{"roadmap", expected}}));
}

TEST_CASE("an update whose fields the newer has whole is replaced by it without parsing", "[update_merge]") {
  const json results{{"statements", json::array()}};
  const json older{{"type", "update"},
                   {"seq", 1},
                   {"session", {{"round", 1}}},
                   {"results_changes", results},
                   {"presence", 3}};
  const json newer{
      {"type", "update"}, {"seq", 2}, {"session", {{"round", 1}}}, {"results", results}, {"presence", 4}};
  const auto newer_frame = frame_of(newer);
  const auto merge = merge_frames(frame_of(older), newer_frame);
  REQUIRE(merge.result == outcome::merged);
  CHECK(merge.merged.text == newer_frame.text);  // the very buffer every other reader gets
  CHECK(merge.merged.shape == newer_frame.shape);
  // Changes the newer lacks, or a reader's own `you`, need the parsed merge.
  const json with_you{{"type", "update"}, {"seq", 1}, {"you", {{"votes", json::array()}}}};
  CHECK(merge_frames(frame_of(with_you), newer_frame).merged.text != newer_frame.text);
  CHECK(json::parse(*merge_frames(frame_of(with_you), newer_frame).merged.text).contains("you"));
  const json participants{{"type", "update"}, {"seq", 1}, {"participants_changed", json::array()}};
  CHECK(merge_frames(frame_of(participants), newer_frame).merged.text != newer_frame.text);
  // A field it does not know leaves the shape unknown: parsed, never taken as moot.
  CHECK(update_shape(json{{"seq", 1}, {"something_new", 1}}) == 0);
}

TEST_CASE("what may not merge keeps its place", "[update_merge]") {
  const json round_one{{"type", "update"}, {"seq", 1}, {"session", {{"round", 1}}}};
  const json round_two{{"type", "update"}, {"seq", 2}, {"session", {{"round", 2}}}};
  CHECK(merged(round_one, round_two).result == outcome::ordered);  // the old round's last changes stay
  const json average{{"type", "municipality_average"}, {"municipality", "GM0344"}, {"average", nullptr}};
  json newer_average = average;
  newer_average["average"] = {{"respondents", 5}};
  json other_average = average;
  other_average["municipality"] = "GM0363";
  CHECK(merged(round_one, average).result == outcome::independent);
  CHECK(merged(average, other_average).result == outcome::independent);
  CHECK(merged_json(average, newer_average) == newer_average);
  CHECK(merged({{"type", "snapshot"}, {"seq", 1}}, round_one).result == outcome::ordered);
  CHECK(merge_frames({std::make_shared<const std::string>("not json")}, frame_of(round_one)).result ==
        outcome::ordered);
  CHECK(merge_frames(frame_of(round_one), {std::make_shared<const std::string>("[1,2]")}).result ==
        outcome::ordered);
  CHECK(merge_frames(frame_of(round_one), frame_of(round_two)).result ==
        outcome::ordered);  // shapes say so too
}

TEST_CASE(
    "a reader who gets the updates merged keeps the same copy as one who gets each, equal to a snapshot",
    "[update_merge]") {
  events::testing::temp_dir folder;
  auto log = events::sqlite_event_log::open(folder.file("log.db"));
  personal_store names(folder.file("log.db"));
  std::atomic<std::int64_t> now_ms{3'600'000};
  auto now = [&] {
    return std::chrono::steady_clock::time_point{} + std::chrono::milliseconds(now_ms.load());
  };
  hub_options options;
  options.update_interval = 100ms;
  options.clock = now;
  live_hub hub(*log, names, options);
  hub.load();
  const auto created = testing::create_session_on(hub, "Samenvoegen");

  std::uint64_t next_connection = 1;
  int next_id = 0;
  // Sends a command, waits for its reply, then lets every update due go out (one flush per command).
  auto run = [&](const std::shared_ptr<recording_connection>& from, json command) {
    const std::string id = "c" + std::to_string(++next_id);
    command["id"] = id;
    hub.on_message(from, command.dump());
    const json reply = from->reply(id);
    now_ms += 1'000;
    hub.flush_due(now());
    return reply;
  };
  auto facilitate = [&] {
    auto connection = std::make_shared<recording_connection>(next_connection++);
    hub.on_open(connection);
    REQUIRE(run(connection, {{"type", "facilitate"},
                             {"session_id", created.session_id},
                             {"token", created.facilitator_token},
                             {"protocol", 2}})
                .value("type", "") == "ack");
    return connection;
  };
  const auto board = facilitate();
  std::vector<std::shared_ptr<recording_connection>> phones;
  std::vector<std::string> tokens;
  for (const char* name : {"Anne", "Bert", "Carla"}) {
    phones.push_back(std::make_shared<recording_connection>(next_connection++));
    hub.on_open(phones.back());
    const json joined = run(phones.back(), {{"type", "join"}, {"code", created.join_code}, {"protocol", 2}});
    REQUIRE(joined.value("type", "") == "ack");
    tokens.push_back(joined["token"]);
    REQUIRE(run(phones.back(), {{"type", "rename"}, {"name", name}}).value("type", "") == "ack");
  }
  // The copies start from each reader's snapshot, the frame after its ack; what came later is the run.
  auto snapshot_of = [](const std::shared_ptr<recording_connection>& connection) {
    for (const auto& frame : connection->frames())
      if (frame.value("type", "") == "snapshot") return frame;
    return json();
  };
  json board_start = snapshot_of(board);
  json phone_start = snapshot_of(phones[2]);
  REQUIRE(board_start.is_object());
  REQUIRE(phone_start.is_object());
  board_start = canonical(board_start);
  phone_start = canonical(phone_start);

  auto answer = [&](std::size_t phone, int statement, const char* aspect, int level) {
    REQUIRE(run(phones[phone],
                {{"type", "answer"}, {"statement", statement}, {"aspect", aspect}, {"level", level}})
                .value("type", "") == "ack");
  };
  answer(0, 3, "current", 2);
  answer(1, 3, "current", 4);
  answer(0, 7, "desired", 5);
  REQUIRE(run(board, {{"type", "reveal"}}).value("type", "") == "ack");
  answer(2, 3, "desired", 3);
  answer(1, 12, "current", 1);
  REQUIRE(run(phones[0], {{"type", "explain"},
                          {"statement", 3},
                          {"aspect", "current"},
                          {"text", "Geen data"},
                          {"signed", true}})
              .value("type", "") == "ack");
  REQUIRE(run(board, {{"type", "show_explanations"}, {"statement", 3}}).value("type", "") == "ack");
  const std::string portal =
      run(phones[0], {{"type", "propose"}, {"statement", 3}, {"text", "Eén dataportaal"}})["action_id"];
  const std::string duplicate =
      run(phones[1], {{"type", "propose"}, {"statement", 3}, {"text", "Een open dataportaal"}})["action_id"];
  const std::string team =
      run(board, {{"type", "propose"}, {"statement", 3}, {"text", "Datateam"}})["action_id"];
  for (const auto& [phone, action] : std::vector<std::pair<std::size_t, std::string>>{
           {0, portal}, {0, duplicate}, {1, duplicate}, {2, team}, {2, portal}})
    REQUIRE(run(phones[phone], {{"type", "vote"}, {"action_id", action}}).value("type", "") == "ack");
  REQUIRE(run(board, {{"type", "merge"}, {"action_id", duplicate}, {"into", portal}}).value("type", "") ==
          "ack");
  REQUIRE(run(phones[2], {{"type", "unvote"}, {"action_id", team}}).value("type", "") == "ack");
  REQUIRE(run(board, {{"type", "hide_action"}, {"action_id", team}}).value("type", "") == "ack");
  REQUIRE(run(board, {{"type", "conclude"}, {"statement", 3}, {"text", "Eerst de data op orde"}})
              .value("type", "") == "ack");
  REQUIRE(run(board, {{"type", "vote_budget"}, {"budget", 3}}).value("type", "") == "ack");
  REQUIRE(run(phones[1], {{"type", "rename"}, {"name", "Bert B."}}).value("type", "") == "ack");
  REQUIRE(run(board, {{"type", "new_round"}}).value("type", "") == "ack");
  answer(0, 3, "current", 3);
  answer(1, 4, "current", 2);
  REQUIRE(run(phones[1], {{"type", "propose"}, {"statement", 4}, {"text", "Sensoren"}}).value("type", "") ==
          "ack");

  for (const auto& [reader, start] : std::vector<std::pair<std::shared_ptr<recording_connection>, json>>{
           {board, board_start}, {phones[2], phone_start}}) {
    const auto updates = reader->take_updates();
    const auto merged_frames = as_a_slow_reader_gets(updates, true);
    const auto parsed_frames = as_a_slow_reader_gets(updates, false);  // no shortcut: each merge parsed
    INFO("updates " << updates.size() << ", merged " << merged_frames.size());
    CHECK(updates.size() > 10);
    CHECK(merged_frames.size() ==
          2);  // one per round: the first round's last changes reach the reader as they are
    json each = start, merged = start, parsed = start;
    for (const auto& update : updates) apply_update(each, json::parse(*update));
    for (const auto& update : merged_frames) apply_update(merged, json::parse(update));
    for (const auto& update : parsed_frames) apply_update(parsed, json::parse(update));
    CHECK(canonical(merged) == canonical(each));
    CHECK(canonical(parsed) == canonical(each));
    // And both equal what a reader joining now is given.
    const bool is_board = reader == board;
    auto fresh = is_board ? facilitate() : std::make_shared<recording_connection>(next_connection++);
    if (!is_board) {
      hub.on_open(fresh);
      REQUIRE(run(fresh, {{"type", "resume"}, {"token", tokens[2]}, {"protocol", 2}}).value("type", "") ==
              "ack");
    }
    json snapshot = canonical(snapshot_of(fresh));
    json kept = canonical(merged);
    if (is_board) {
      kept.erase("presence");  // the fresh facilitator is one more watcher
      snapshot.erase("presence");
    }
    kept.erase("session");
    snapshot.erase("session");  // the snapshot's session adds the join code
    for (auto* copy : {&kept, &snapshot})
      if (copy->contains("you")) {
        (*copy)["you"].erase("answers");  // a phone keeps its own answers and name
        (*copy)["you"].erase("name");
      }
    INFO("differences: " << json::diff(snapshot, kept).dump());
    CHECK(kept == snapshot);
  }
}
