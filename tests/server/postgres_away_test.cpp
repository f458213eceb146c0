// A session asleep on a node while PostgreSQL is away: a phone that resumes is told to try again
// (storage_error), never that its token is unknown, which would make it drop its token and the answers it
// still holds; once the database is back the same resume lands and the answer after it is acknowledged.
#include <catch2/catch.hpp>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "events/postgres_event_log.hpp"
#include "server/live/live_hub.hpp"
#include "server/live/personal_store.hpp"
#include "tests/postgres/own_cluster.hpp"
#include "tests/server/hub_calls.hpp"
#include "tests/server/recording_connection.hpp"

using json = nlohmann::json;
using namespace scsa;
using testing::create_session_on;
using testing::recording_connection;
using testing::send_frame;

TEST_CASE("PostgreSQL away: resuming into a sleeping session says try again, then lands",
          "[postgres][live_hub]") {
  testing::own_cluster cluster;
  server::created_session session;
  json joined;
  {  // The session and the phone's join on a first run of the node.
    auto log = events::postgres_event_log::open(cluster.uri());
    server::personal_store names(cluster.uri());
    server::live_hub hub(*log, names);
    hub.load();
    session = create_session_on(hub, "Weg en terug");
    auto phone = std::make_shared<recording_connection>(1);
    hub.on_open(phone);
    joined =
        send_frame(hub, phone, {{"type", "join"}, {"id", "j"}, {"code", session.join_code}, {"name", "Ida"}});
    REQUIRE(joined["type"] == "ack");
    hub.on_close(phone);
    log->close();
  }

  // The node again: every session starts asleep. Then the database goes away.
  auto log = events::postgres_event_log::open(cluster.uri());
  server::personal_store names(cluster.uri());
  server::live_hub hub(*log, names);
  hub.load();
  REQUIRE(hub.dormant_sessions() == 1);
  REQUIRE(cluster.run("down") == 0);
  auto phone = std::make_shared<recording_connection>(2);
  hub.on_open(phone);
  const auto refused = send_frame(hub, phone, {{"type", "resume"}, {"id", "r1"}, {"token", joined["token"]}});
  CHECK(refused["type"] == "error");
  CHECK(refused["code"] == "storage_error");

  REQUIRE(cluster.run("up") == 0);
  const auto resumed = send_frame(hub, phone, {{"type", "resume"}, {"id", "r2"}, {"token", joined["token"]}});
  REQUIRE(resumed["type"] == "ack");
  CHECK(resumed["participant_id"] == joined["participant_id"]);
  const auto answered = send_frame(
      hub, phone, {{"type", "answer"}, {"id", "a"}, {"statement", 5}, {"aspect", "current"}, {"level", 3}});
  INFO(answered.dump());
  CHECK(answered["type"] == "ack");
  hub.on_close(phone);
  log->close();
}
