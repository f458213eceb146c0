// Sessions nobody watches cost nothing after a while: after two sweeps a dormant_after apart (sweeps come
// with session creations) they leave memory, also one whose participants have left, while one a facilitator
// watches stays. A dormant session is still listed, and its code, link and participant tokens work: it wakes
// from the log as it was, with its participants' names. Time is a made-up clock.
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <nlohmann/json.hpp>

#include "events/sqlite_event_log.hpp"
#include "server/live/live_hub.hpp"
#include "server/live/personal_store.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/server/hub_calls.hpp"
#include "tests/server/recording_connection.hpp"

using json = nlohmann::json;
using namespace scsa;
using namespace std::chrono_literals;
using testing::create_session_on;
using testing::recording_connection;
using testing::send_frame;

TEST_CASE("dormant sessions: empty and quiet ones leave memory, and wake from the log when found",
          "[live_hub]") {
  events::testing::temp_dir dir;
  auto log = events::sqlite_event_log::open(dir.file("log.db"));
  {
    server::personal_store names(dir.file("log.db"));
    std::atomic<std::int64_t> now_ms{3'600'000};
    server::hub_options options;
    options.clock = [&] {
      return std::chrono::steady_clock::time_point{} + std::chrono::milliseconds(now_ms.load());
    };
    options.dormant_after = 1h;
    server::live_hub hub(*log, names, options);
    hub.load();

    const auto joined = create_session_on(hub, "Joined");
    const auto watched = create_session_on(hub, "Watched");
    std::vector<server::created_session> empty;
    for (int i = 0; i < 20; ++i) empty.push_back(create_session_on(hub, "Empty " + std::to_string(i)));

    auto phone = std::make_shared<recording_connection>(1);
    hub.on_open(phone);
    const auto joined_ack =
        send_frame(hub, phone, {{"type", "join"}, {"id", "j"}, {"code", joined.join_code}, {"name", "Anna"}});
    REQUIRE(joined_ack["type"] == "ack");
    hub.on_close(phone);  // gone again: nobody watches the session any more
    auto facilitator = std::make_shared<recording_connection>(2);
    hub.on_open(facilitator);
    REQUIRE(send_frame(hub, facilitator,
                       {{"type", "facilitate"},
                        {"id", "f"},
                        {"session_id", watched.session_id},
                        {"token", watched.facilitator_token}})["type"] == "ack");

    now_ms += 61 * 60'000;
    create_session_on(hub, "First sweep");  // marks the quiet ones
    CHECK(hub.dormant_sessions() == 0);
    // One of the empty sessions gets a visit between the sweeps: it is not quiet any more.
    auto visitor = std::make_shared<recording_connection>(3);
    hub.on_open(visitor);
    REQUIRE(send_frame(hub, visitor,
                       {{"type", "facilitate"},
                        {"id", "v"},
                        {"session_id", empty[0].session_id},
                        {"token", empty[0].facilitator_token}})["type"] == "ack");
    hub.on_close(visitor);
    now_ms += 30 * 60'000;
    create_session_on(hub, "Too soon");  // within dormant_after of the last sweep: no sweep
    CHECK(hub.dormant_sessions() == 0);
    now_ms += 31 * 60'000;
    create_session_on(hub, "Second sweep");
    CHECK(hub.dormant_sessions() == 20);  // the joined one and every empty one but the visited; not watched
    CHECK(hub.sessions_in_memory() == 1 + 1 + 3);
    CHECK(hub.sessions().size() == 2 + 20 + 3);  // the list still has them all, from the directory
    CHECK(hub.dormant_sessions() == 20);         // and listing did not wake them

    // The participant comes back with their token: the session wakes with them in it, name and all.
    auto back = std::make_shared<recording_connection>(7);
    hub.on_open(back);
    const auto resumed =
        send_frame(hub, back, {{"type", "resume"}, {"id", "r"}, {"token", joined_ack["token"]}});
    REQUIRE(resumed["type"] == "ack");
    CHECK(resumed["participant_id"] == joined_ack["participant_id"]);
    CHECK(hub.dormant_sessions() == 19);
    const auto snapshot = hub.find_session(joined.session_id)->facilitator_snapshot();
    REQUIRE(snapshot["participants"].size() == 1);
    CHECK(snapshot["participants"][0]["name"] == "Anna");

    // Its code wakes a dormant session as it was, and a participant can join it.
    auto late = std::make_shared<recording_connection>(4);
    hub.on_open(late);
    const auto ack = send_frame(hub, late, {{"type", "join"}, {"id", "late"}, {"code", empty[5].join_code}});
    REQUIRE(ack["type"] == "ack");
    CHECK(ack["session_id"] == empty[5].session_id);
    CHECK(hub.dormant_sessions() == 18);
    CHECK(hub.find_session(empty[5].session_id)->state().title == "Empty 5");
    // Its link and facilitator token wake another; commands after waking append where the log left off.
    auto host = std::make_shared<recording_connection>(5);
    hub.on_open(host);
    REQUIRE(send_frame(hub, host,
                       {{"type", "facilitate"},
                        {"id", "h"},
                        {"session_id", empty[7].session_id},
                        {"token", empty[7].facilitator_token}})["type"] == "ack");
    CHECK(send_frame(hub, host, {{"type", "reveal"}, {"id", "o"}})["type"] == "ack");
    CHECK(hub.dormant_sessions() == 17);
    CHECK(log->read_stream(empty[7].session_id).size() == 2);  // created, then revealed: no gap, no conflict

    // A wrong token for a dormant session is refused as for any other.
    auto stranger = std::make_shared<recording_connection>(6);
    hub.on_open(stranger);
    CHECK(send_frame(hub, stranger,
                     {{"type", "facilitate"},
                      {"id", "s"},
                      {"session_id", empty[9].session_id},
                      {"token", watched.facilitator_token}})["type"] == "error");
  }
  log->close();
}
