// Memory and start-up follow what is live (issue 22): a closed workshop nobody watches leaves memory and,
// read back from the log, equals the one that left (answers, names, typed texts); beyond the memory budget
// the least recently active sessions leave first; a start from a snapshot and the log after it gives the
// same lists and averages as a start from the whole log, on both engines; a damaged snapshot is ignored with
// its reason, and the keeper writes a snapshot that the next start uses.
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <nlohmann/json.hpp>

#include "events/sqlite_event_log.hpp"
#include "events/sqlite_handle.hpp"
#include "server/history/history_keeper.hpp"
#include "server/history/history_loader.hpp"
#include "server/live/live_hub.hpp"
#include "server/live/personal_store.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/events/log_store.hpp"
#include "tests/server/hub_calls.hpp"
#include "tests/server/recording_connection.hpp"

using json = nlohmann::json;
using namespace scsa;
using namespace std::chrono_literals;
using testing::create_session_on;
using testing::recording_connection;
using testing::send_frame;

namespace {

// A workshop of `people` participants who answer, one proposes an action, and the facilitator closes it;
// everyone leaves. Returns the session.
server::created_session hold_workshop(server::live_hub& hub, const std::string& title,
                                      const std::string& municipality, int people, int seed) {
  static std::atomic<std::uint64_t> connection_ids{1000};
  const auto made = create_session_on(hub, title, municipality);
  auto host = std::make_shared<recording_connection>(connection_ids++);
  hub.on_open(host);
  REQUIRE(send_frame(hub, host,
                     {{"type", "facilitate"},
                      {"id", "f"},
                      {"session_id", made.session_id},
                      {"token", made.facilitator_token}})["type"] == "ack");
  for (int p = 0; p < people; ++p) {
    auto phone = std::make_shared<recording_connection>(connection_ids++);
    hub.on_open(phone);
    REQUIRE(send_frame(hub, phone,
                       {{"type", "join"},
                        {"id", "j"},
                        {"code", made.join_code},
                        {"name", "Deelnemer " + std::to_string(p)}})["type"] == "ack");
    for (int statement = 1; statement <= 21; statement += 4) {
      REQUIRE(send_frame(hub, phone,
                         {{"type", "answer"},
                          {"id", "a" + std::to_string(statement)},
                          {"statement", statement},
                          {"aspect", "current"},
                          {"level", 1 + (statement + p + seed) % 5}})["type"] == "ack");
    }
    if (p == 0)
      REQUIRE(
          send_frame(
              hub, phone,
              {{"type", "propose"}, {"id", "p"}, {"statement", 1}, {"text", "Een datastrategie"}})["type"] ==
          "ack");
    hub.on_close(phone);
  }
  REQUIRE(send_frame(hub, host, {{"type", "close_session"}, {"id", "c"}})["type"] == "ack");
  hub.on_close(host);
  return made;
}

json listing_json(std::vector<server::session_listing> listed) {
  std::sort(listed.begin(), listed.end(),
            [](const auto& a, const auto& b) { return a.session_id < b.session_id; });
  json out = json::array();
  for (const auto& l : listed)
    out.push_back({l.session_id, l.title, l.municipality, std::string(domain::to_string(l.mode)),
                   l.participants, l.closed, l.created_ms, l.events, l.rounds});
  return out;
}

// What every reader of the long-lived projections sees.
json projections_seen(const server::live_hub& hub) {
  return json{{"sessions", listing_json(hub.sessions())},
              {"GM0344", hub.municipality_average("GM0344")},
              {"GM0363", hub.municipality_average("GM0363")},
              {"national", hub.national_average()}};
}

struct clocked_hub_options {
  std::atomic<std::int64_t> now_ms{3'600'000};
  server::hub_options options;
  clocked_hub_options() {
    options.clock = [this] {
      return std::chrono::steady_clock::time_point{} + std::chrono::milliseconds(now_ms.load());
    };
    options.dormant_after = 1h;
    options.min_respondents = 2;
  }
};

}  // namespace

TEST_CASE("history: a closed workshop leaves memory and reads back as it was", "[history]") {
  events::testing::temp_dir dir;
  auto log = events::sqlite_event_log::open(dir.file("log.db"));
  {
    server::personal_store names(dir.file("side.db"));
    clocked_hub_options clocked;
    server::live_hub hub(*log, names, clocked.options);
    hub.load();
    const auto workshop = hold_workshop(hub, "Utrecht 2027", "GM0344", 6, 1);
    const auto before = hub.find_session(workshop.session_id);
    const auto state_before = before->state();
    const auto snapshot_before = before->facilitator_snapshot();
    const auto texts_before = before->typed_texts();
    REQUIRE(texts_before.size() == 1);

    clocked.now_ms += 61 * 60'000;
    hub.sweep_memory();  // marks it quiet
    clocked.now_ms += 61 * 60'000;
    CHECK(hub.sweep_memory() == 1);
    CHECK(hub.sessions_in_memory() == 0);
    CHECK(hub.dormant_sessions() == 1);
    CHECK(hub.sessions().size() == 1);  // still listed

    const auto after = hub.find_session(workshop.session_id);  // read back from the log
    REQUIRE(after != nullptr);
    CHECK(after != before);
    CHECK(after->state() == state_before);
    CHECK(after->facilitator_snapshot() == snapshot_before);  // names and presence as they were
    CHECK(after->typed_texts() == texts_before);
  }
  log->close();
}

TEST_CASE("history: beyond the memory budget the least recently active sessions leave first", "[history]") {
  events::testing::temp_dir dir;
  auto log = events::sqlite_event_log::open(dir.file("log.db"));
  {
    server::personal_store names(dir.file("side.db"));
    std::vector<server::created_session> held;
    {
      clocked_hub_options clocked;
      server::live_hub hub(*log, names, clocked.options);
      hub.load();
      for (int i = 0; i < 4; ++i) held.push_back(hold_workshop(hub, "W" + std::to_string(i), "GM0363", 3, i));
    }
    clocked_hub_options clocked;
    clocked.options.dormant_after = 0ms;  // only the budget
    server::live_hub probe(*log, names, clocked.options);
    probe.load();
    const std::size_t each = probe.find_session(held[0].session_id)->approximate_bytes();
    clocked.options.memory_budget_bytes = 2 * each + each / 2;  // room for two of the four
    server::live_hub hub(*log, names, clocked.options);
    hub.load();
    CHECK(hub.sessions_in_memory() == 0);
    std::map<int, std::shared_ptr<server::live_session>> woken;
    for (int i : {1, 3, 2, 0}) woken[i] = hub.find_session(held[static_cast<std::size_t>(i)].session_id);
    CHECK(hub.sessions_in_memory() == 4);
    CHECK(hub.sweep_memory() == 2);
    CHECK(hub.sessions_in_memory() == 2);
    CHECK(hub.sweep_memory() == 0);  // within the budget now
    // 1 and 3 were used longest ago: they left (finding them folds a new actor); 2 and 0 stayed.
    CHECK(hub.find_session(held[2].session_id) == woken[2]);
    CHECK(hub.find_session(held[0].session_id) == woken[0]);
    const auto again = hub.find_session(held[1].session_id);
    CHECK(again != woken[1]);
    CHECK(again->state() == woken[1]->state());
    // A session somebody watches never leaves, whatever the budget.
    clocked.options.memory_budget_bytes = 1;
    server::live_hub tight(*log, names, clocked.options);
    tight.load();
    auto host = std::make_shared<recording_connection>(1);
    tight.on_open(host);
    REQUIRE(send_frame(tight, host,
                       {{"type", "facilitate"},
                        {"id", "f"},
                        {"session_id", held[3].session_id},
                        {"token", held[3].facilitator_token}})["type"] == "ack");
    const auto watched = tight.find_session(held[3].session_id);
    tight.find_session(held[2].session_id);
    CHECK(tight.sweep_memory() == 1);
    CHECK(tight.sessions_in_memory() == 1);
    CHECK(tight.find_session(held[3].session_id) == watched);
    tight.on_close(host);
  }
  log->close();
}

TEST_CASE("history: a start from a snapshot and the log after it equals a start from the whole log",
          "[history]") {
  events::testing::temp_dir dir;
  events::testing::log_store store(GENERATE(events::testing::engines()));
  auto log = store.open();
  {
    server::personal_store names(dir.file("side.db"));
    clocked_hub_options clocked;
    {
      server::live_hub hub(*log, names, clocked.options);
      hub.load();
      hold_workshop(hub, "Utrecht A", "GM0344", 4, 1);
      hold_workshop(hub, "Amsterdam", "GM0363", 3, 2);
      {
        server::history_keeper keeper(*log, nullptr, {.every_events = 1}, 0);
        REQUIRE(keeper.snapshot_now());
        CHECK_FALSE(keeper.snapshot_now());  // nothing new since
      }  // stopping writes a last snapshot only when something is new: nothing is
      hold_workshop(hub, "Utrecht B", "GM0344", 2, 3);  // the tail after the snapshot
    }
    server::live_hub from_snapshot(*log, names, clocked.options);
    const auto loaded = from_snapshot.load();
    CHECK(loaded.from_snapshot);
    CHECK(loaded.refused.empty());
    CHECK(loaded.folded_events > 0);
    CHECK(loaded.snapshot_sequence + loaded.folded_events == log->last_sequence());
    server::live_hub from_log(*log, names, clocked.options);
    const auto whole = from_log.load(false);
    CHECK_FALSE(whole.from_snapshot);
    CHECK(whole.folded_events == log->last_sequence());
    CHECK(server::load_history(*log).projections == server::load_history(*log, false).projections);
    CHECK(projections_seen(from_snapshot) == projections_seen(from_log));
    CHECK(projections_seen(from_log)["sessions"].size() == 3);
    CHECK_FALSE(projections_seen(from_log)["GM0344"].is_null());  // 6 respondents: shown

    // A damaged snapshot is ignored with its reason: the start folds the whole log instead.
    const std::string cut_short = "UPDATE snapshots SET payload = substr(payload, 1, 100)";
    if (store.engine() == "sqlite")
      events::sqlite_connection::open(store.location(), SQLITE_OPEN_READWRITE).exec(cut_short);
    else
      events::pg_connection::open(store.location()).exec(cut_short);
    server::live_hub after_damage(*log, names, clocked.options);
    const auto damaged = after_damage.load();
    CHECK_FALSE(damaged.from_snapshot);
    CHECK_THAT(damaged.refused, Catch::Matchers::Contains("digest"));
    CHECK(projections_seen(after_damage) == projections_seen(from_log));

    // A snapshot of another schema version is ignored too.
    log->write_snapshot(
        server::history_snapshot_name,
        events::log_snapshot{whole.projections.through_sequence, domain::history_snapshot_schema + 1,
                             domain::encode_snapshot(whole.projections), 0});
    server::live_hub other_schema(*log, names, clocked.options);
    const auto foreign = other_schema.load();
    CHECK_FALSE(foreign.from_snapshot);
    CHECK_THAT(foreign.refused, Catch::Matchers::Contains("schema"));
    CHECK(projections_seen(other_schema) == projections_seen(from_log));
  }
  log->close();
}
