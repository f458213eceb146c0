// Two nodes on one PostgreSQL database (two hubs, each with its own connections to the log and to the
// tables beside it): a session created on node A is found on node B; a facilitator watching on B sees a
// participant who joins on A, with the name typed there, and their answers within moments, as updates; a
// participant who joined on A resumes on B with their token; the municipality averages agree on both nodes.
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "events/postgres_event_log.hpp"
#include "server/live/live_hub.hpp"
#include "server/live/personal_store.hpp"
#include "server/ops/metrics.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/events/log_store.hpp"
#include "tests/server/hub_calls.hpp"
#include "tests/server/recording_connection.hpp"

using json = nlohmann::json;
using namespace scsa;
using testing::create_session_on;
using testing::recording_connection;
using testing::send_frame;

namespace {

// Waits until one of the connection's frames satisfies `wanted`.
bool eventually(const std::shared_ptr<recording_connection>& connection,
                const std::function<bool(const json&)>& wanted) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    for (const auto& frame : connection->frames())
      if (wanted(frame)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("two nodes: what one node commits, the other folds and shows live", "[postgres][nodes]") {
  events::testing::log_store store("postgres");
  auto log_a = store.open();
  auto log_b = store.open();
  {
    server::personal_store names_a(store.location());
    server::personal_store names_b(store.location());
    server::hub_options options;
    options.min_respondents = 1;
    server::live_hub node_a(*log_a, names_a, options);
    server::live_hub node_b(*log_b, names_b, options);
    node_a.load();
    node_b.load();
    node_a.follow_other_nodes();
    node_b.follow_other_nodes();
    node_a.start();
    node_b.start();

    const auto session = create_session_on(node_a, "Twee knopen");

    // Node B learns of the session from A's commit: its facilitator watches it there.
    auto host = std::make_shared<recording_connection>(1);
    node_b.on_open(host);
    json facilitated;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int attempt = 0;
    do {  // until node B has folded the creation (each attempt its own id: replies are found by id)
      facilitated = send_frame(node_b, host,
                               {{"type", "facilitate"},
                                {"id", "f" + std::to_string(++attempt)},
                                {"session_id", session.session_id},
                                {"token", session.facilitator_token}});
      if (facilitated["type"] == "ack") break;
      std::this_thread::sleep_for(
          std::chrono::milliseconds(100));  // within the 20 messages/s of a connection
    } while (std::chrono::steady_clock::now() < deadline);
    INFO(facilitated.dump());
    REQUIRE(facilitated["type"] == "ack");

    // A phone on node A joins and answers; the facilitator on B gets it as an update.
    auto phone = std::make_shared<recording_connection>(2);
    node_a.on_open(phone);
    const auto joined = send_frame(
        node_a, phone, {{"type", "join"}, {"id", "j"}, {"code", session.join_code}, {"name", "Noor"}});
    REQUIRE(joined["type"] == "ack");
    // The name was typed on A: the facilitator on B sees it (it lives beside the log, not in it).
    CHECK(eventually(host,
                     [](const json& frame) { return frame.dump().find("\"Noor\"") != std::string::npos; }));
    REQUIRE(send_frame(node_a, phone,
                       {{"type", "answer"},
                        {"id", "a"},
                        {"statement", 2},
                        {"aspect", "current"},
                        {"level", 4}})["type"] == "ack");
    CHECK(eventually(host, [](const json& frame) {
      if (frame.value("type", "") != "update" || !frame.contains("consensus")) return false;
      for (const auto& s : frame["consensus"]["statements"])
        if (s["statement"] == 2 && s["current"]["n"] == 1) return true;
      return false;
    }));
    node_a.on_close(phone);

    // The phone comes back through node B (a proxy sent it there): its token is known there too.
    auto back = std::make_shared<recording_connection>(3);
    node_b.on_open(back);
    const auto resumed =
        send_frame(node_b, back, {{"type", "resume"}, {"id", "r"}, {"token", joined["token"]}});
    REQUIRE(resumed["type"] == "ack");
    CHECK(resumed["participant_id"] == joined["participant_id"]);
    CHECK(send_frame(node_b, back,
                     {{"type", "answer"},
                      {"id", "b"},
                      {"statement", 3},
                      {"aspect", "desired"},
                      {"level", 5}})["type"] == "ack");

    // Both nodes agree on the session and the municipality's averages.
    const auto agree = [&] {
      return node_a.municipality_average("GM0344") == node_b.municipality_average("GM0344") &&
             !node_a.municipality_average("GM0344").is_null() && node_a.sessions().size() == 1 &&
             node_b.sessions().size() == 1 && node_a.sessions()[0].events == node_b.sessions()[0].events;
    };
    const auto settle = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!agree() && std::chrono::steady_clock::now() < settle)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(agree());
    CHECK(node_a.sessions()[0].events == 4);  // created, joined, two answers
    node_b.on_close(back);
    node_b.on_close(host);
    node_a.stop();
    node_b.stop();
  }
  log_a->close();
  log_b->close();
}

TEST_CASE("two nodes: a command decided on a state another node moved on is decided again, once",
          "[postgres][nodes]") {
  events::testing::log_store store("postgres");
  auto log_a = store.open();
  auto log_b = store.open();
  {
    server::personal_store names_a(store.location());
    server::personal_store names_b(store.location());
    // Node B does not follow the other node here, so its session stays behind until its append loses.
    server::live_hub node_b(*log_b, names_b);
    node_b.load();
    const auto session = create_session_on(node_b, "Wedloop");
    REQUIRE(node_b.find_session(session.session_id) != nullptr);  // in memory on B, at version 1

    server::live_hub node_a(*log_a, names_a);
    node_a.load();  // reads the session from the log
    auto phone_a = std::make_shared<recording_connection>(1);
    node_a.on_open(phone_a);
    REQUIRE(send_frame(node_a, phone_a,
                       {{"type", "join"}, {"id", "j"}, {"code", session.join_code}})["type"] == "ack");
    REQUIRE(send_frame(node_a, phone_a,
                       {{"type", "answer"},
                        {"id", "a"},
                        {"statement", 1},
                        {"aspect", "current"},
                        {"level", 2}})["type"] == "ack");

    const auto retries_before = server::metrics().command_retries();
    auto phone_b = std::make_shared<recording_connection>(2);
    node_b.on_open(phone_b);
    const auto joined =
        send_frame(node_b, phone_b, {{"type", "join"}, {"id", "j"}, {"code", session.join_code}});
    REQUIRE(joined["type"] == "ack");  // lost on the expected version, read the log, decided again
    CHECK(server::metrics().command_retries() > retries_before);
    REQUIRE(send_frame(node_b, phone_b,
                       {{"type", "answer"},
                        {"id", "a"},
                        {"statement", 1},
                        {"aspect", "current"},
                        {"level", 4}})["type"] == "ack");

    // The log holds each command once, in a gap-free stream; node B's state is the log's.
    const auto stream = log_b->read_stream(session.session_id);
    REQUIRE(stream.size() == 5);  // created, joined (A), answered (A), joined (B), answered (B)
    for (std::size_t i = 0; i < stream.size(); ++i)
      CHECK(stream[i].version == static_cast<std::int64_t>(i) + 1);
    std::set<std::string> commands;
    for (const auto& e : stream) commands.insert(e.command_id);
    CHECK(commands.size() == stream.size());
    server::live_hub fresh(*log_b, names_b);
    fresh.load();
    CHECK(fresh.find_session(session.session_id)->state() ==
          node_b.find_session(session.session_id)->state());
    node_a.on_close(phone_a);
    node_b.on_close(phone_b);
  }
  log_a->close();
  log_b->close();
}
