// When the hub sends coalesced updates, on a made-up clock (the hub's flush thread is not started; the test
// calls flush_due itself): an answer after a quiet interval reaches the watchers in the very next flush, a
// burst within the interval becomes one update at the interval's end carrying the newest seq, and every
// participant receives the same serialised buffer; the facilitator hears only of the participants who
// changed.
#include "server/live/live_hub.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include "events/sqlite_event_log.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/server/hub_calls.hpp"
#include "tests/server/recording_connection.hpp"

using namespace scsa;
using namespace scsa::server;
using namespace std::chrono_literals;
using json = nlohmann::json;
using testing::recording_connection;

namespace {

std::int64_t seq_of(const std::shared_ptr<const std::string>& frame) {
  return json::parse(*frame).at("seq").get<std::int64_t>();
}

}  // namespace

TEST_CASE("an update leaves in the first flush after a quiet interval, a burst waits for the interval's end",
          "[live_hub]") {
  events::testing::temp_dir folder;
  auto log = events::sqlite_event_log::open(folder.file("log.db"));
  personal_store names(folder.file("log.db"));
  std::atomic<std::int64_t> now_ms{3'600'000};
  auto now = [&] {
    return std::chrono::steady_clock::time_point{} + std::chrono::milliseconds(now_ms.load());
  };
  hub_options options;
  options.update_interval = 1000ms;
  options.clock = now;
  live_hub hub(*log, names, options);
  hub.load();

  const auto created = testing::create_session_on(hub, "Flush");

  auto facilitator = std::make_shared<recording_connection>(1);
  hub.on_open(facilitator);
  hub.on_message(facilitator, json{{"type", "facilitate"},
                                   {"id", "f"},
                                   {"session_id", created.session_id},
                                   {"token", created.facilitator_token}}
                                  .dump());
  REQUIRE(facilitator->reply("f").value("type", "") == "ack");
  std::vector<std::shared_ptr<recording_connection>> participants;
  std::vector<std::string> participant_ids;
  for (std::uint64_t i = 0; i < 3; ++i) {
    participants.push_back(std::make_shared<recording_connection>(10 + i));
    hub.on_open(participants.back());
    hub.on_message(participants.back(),
                   json{{"type", "join"}, {"id", "j"}, {"code", created.join_code}}.dump());
    const json joined = participants.back()->reply("j");
    REQUIRE(joined.value("type", "") == "ack");
    participant_ids.push_back(joined.at("participant_id").get<std::string>());
  }
  hub.on_message(facilitator, json{{"type", "reveal"}, {"id", "r"}}.dump());
  REQUIRE(facilitator->reply("r").value("type", "") == "ack");
  hub.flush_due(now());  // everything so far: the joins and the reveal
  for (auto& p : participants) CHECK(p->take_updates().size() == 1);
  {
    // The facilitator hears of the three who joined, as changed members, not as a whole list.
    auto updates = facilitator->take_updates();
    REQUIRE(updates.size() == 1);
    const json update = json::parse(*updates[0]);
    CHECK_FALSE(update.contains("participants"));
    REQUIRE(update.at("participants_changed").size() == 3);
    for (const auto& entry : update.at("participants_changed")) CHECK(entry.at("connected") == true);
  }

  auto answer = [&](const std::string& id, int level) {
    hub.on_message(
        participants[0],
        json{{"type", "answer"}, {"id", id}, {"statement", 1}, {"aspect", "current"}, {"level", level}}
            .dump());
    const json ack = participants[0]->reply(id);
    REQUIRE(ack.value("type", "") == "ack");
    return ack.at("seq").get<std::int64_t>();
  };

  // Quiet for longer than the interval: the answer's update goes out in the very next flush.
  now_ms += 5000;
  const std::int64_t first = answer("a1", 2);
  hub.flush_due(now());
  std::vector<std::vector<std::shared_ptr<const std::string>>> received;
  for (auto& p : participants) received.push_back(p->take_updates());
  for (const auto& updates : received) {
    REQUIRE(updates.size() == 1);
    CHECK(seq_of(updates[0]) == first);
    CHECK(json::parse(*updates[0]).contains("results"));
    CHECK(updates[0] == received[0][0]);  // one buffer, serialised once, shared by every participant
  }
  auto to_facilitator = facilitator->take_updates();
  REQUIRE(to_facilitator.size() == 1);
  CHECK(seq_of(to_facilitator[0]) == first);
  CHECK_FALSE(json::parse(*to_facilitator[0]).contains("participants_changed"));  // an answer: nobody changed

  // A burst within the interval: nothing until the interval since that flush has passed, then one update
  // with the newest sequence.
  now_ms += 1;
  answer("a2", 3);
  answer("a3", 4);
  now_ms += 1;
  const std::int64_t last = answer("a4", 5);
  hub.flush_due(now());
  CHECK(participants[1]->take_updates().empty());
  CHECK(facilitator->take_updates().empty());
  now_ms += 997;  // 999 ms after the last flush
  hub.flush_due(now());
  CHECK(participants[1]->take_updates().empty());
  now_ms += 1;  // the interval's end
  hub.flush_due(now());
  auto coalesced = participants[1]->take_updates();
  REQUIRE(coalesced.size() == 1);
  CHECK(seq_of(coalesced[0]) == last);
  to_facilitator = facilitator->take_updates();
  REQUIRE(to_facilitator.size() == 1);
  CHECK(seq_of(to_facilitator[0]) == last);
  hub.flush_due(now() + 1h);                           // nothing changed since: nothing more is sent
  CHECK(participants[2]->take_updates().size() == 1);  // the coalesced one, never taken before
  CHECK(participants[2]->take_updates().empty());

  // One participant leaves: the facilitator's next update names only that one, now not connected.
  facilitator->take_updates();
  hub.on_close(participants[2]);
  hub.flush_due(now() + 2h);
  to_facilitator = facilitator->take_updates();
  REQUIRE(to_facilitator.size() == 1);
  const json left = json::parse(*to_facilitator[0]).at("participants_changed");
  REQUIRE(left.size() == 1);
  CHECK(left[0].at("participant_id") == participant_ids[2]);
  CHECK(left[0].at("connected") == false);
}

TEST_CASE("a new watcher gets its snapshot before any update while the room answers and updates flush",
          "[live_hub]") {
  events::testing::temp_dir folder;
  auto log = events::sqlite_event_log::open(folder.file("log.db"));
  personal_store names(folder.file("log.db"));
  hub_options options;
  options.update_interval = 1ms;  // flushing all the time: the race has every chance
  options.messages_per_second = 1e6;
  options.message_burst = 1e6;
  live_hub hub(*log, names, options);
  hub.load();
  hub.start();
  const auto created = testing::create_session_on(hub, "Volgorde");
  auto facilitator = std::make_shared<recording_connection>(1);
  hub.on_open(facilitator);
  REQUIRE(testing::send_frame(hub, facilitator,
                              {{"type", "facilitate"},
                               {"id", "f"},
                               {"session_id", created.session_id},
                               {"token", created.facilitator_token}})
              .value("type", "") == "ack");
  auto answerer = std::make_shared<recording_connection>(2);
  hub.on_open(answerer);
  REQUIRE(testing::send_frame(hub, answerer, {{"type", "join"}, {"id", "j"}, {"code", created.join_code}})
              .value("type", "") == "ack");
  REQUIRE(testing::send_frame(hub, facilitator, {{"type", "reveal"}, {"id", "r"}}).value("type", "") ==
          "ack");

  std::atomic<bool> answering{true};
  std::thread room;
  // Joined however the test ends: a failed REQUIRE must not leave the room's thread running.
  struct stop_room {
    std::atomic<bool>& answering;
    std::thread& room;
    ~stop_room() {
      answering = false;
      if (room.joinable()) room.join();
    }
  } stopper{answering, room};
  room = std::thread([&] {
    for (int i = 0; answering; ++i) {
      const std::string id = "a" + std::to_string(i);
      hub.on_message(answerer, json{{"type", "answer"},
                                    {"id", id},
                                    {"statement", 1 + i % 21},
                                    {"aspect", i % 2 ? "current" : "desired"},
                                    {"level", 1 + i % 5}}
                                   .dump());
      answerer->reply(id);
    }
  });
  // Each newcomer's frames: the ack, the snapshot, then updates, never an update before the snapshot (an
  // update queued first, and newer than the snapshot, would be undone by it on the client).
  for (std::uint64_t n = 0; n < 150; ++n) {
    auto watcher = std::make_shared<recording_connection>(100 + n);
    hub.on_open(watcher);
    const bool as_facilitator = n % 2 == 0;
    const json bound = testing::send_frame(
        hub, watcher,
        as_facilitator ? json{{"type", "facilitate"},
                              {"id", "w"},
                              {"session_id", created.session_id},
                              {"token", created.facilitator_token},
                              {"protocol", 2}}
                       : json{{"type", "join"}, {"id", "w"}, {"code", created.join_code}, {"protocol", 2}});
    REQUIRE(bound.value("type", "") == "ack");
    // The snapshot follows the ack (it may still be serialising: under a sanitizer that takes a while),
    // and a flush or two after it.
    auto has_snapshot = [](const std::vector<json>& frames) {
      return std::any_of(frames.begin(), frames.end(),
                         [](const json& f) { return f.value("type", "") == "snapshot"; });
    };
    for (int wait = 0; wait < 1000 && !has_snapshot(watcher->frames()); ++wait)
      std::this_thread::sleep_for(5ms);
    std::this_thread::sleep_for(2ms);
    const auto frames = watcher->frames();
    const auto snapshot = std::find_if(frames.begin(), frames.end(),
                                       [](const json& f) { return f.value("type", "") == "snapshot"; });
    REQUIRE(snapshot != frames.end());
    for (auto it = frames.begin(); it != snapshot; ++it) CHECK(it->value("type", "") != "update");
    hub.on_close(watcher);
  }
  answering = false;
  room.join();
  hub.stop();
}
