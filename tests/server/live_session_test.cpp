// The live session actor on a real SQLite log: acks only after the commit, retries with the same id land
// once, many answers in flight decide without conflicts, and a failed commit is never acknowledged and
// leaves the session able to take the retry.
#include "server/live/live_session.hpp"

#include <catch2/catch.hpp>

#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>

#include "domain/event_codec.hpp"
#include "events/sqlite_event_log.hpp"
#include "tests/server/recording_connection.hpp"

using namespace scsa;
using namespace scsa::server;
using testing::recording_connection;

namespace {

class temp_db {
 public:
  temp_db() {
    std::string pattern = (std::filesystem::temp_directory_path() / "scsa-live-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
  }
  ~temp_db() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string path() const { return (dir_ / "log.db").string(); }

 private:
  std::filesystem::path dir_;
};

// Runs a command and waits for its outcome.
command_outcome run(live_session& session, domain::command command, const std::string& log_id) {
  std::promise<command_outcome> promise;
  auto future = promise.get_future();
  session.execute(std::move(command), log_id, 1'700'000'000'000,
                  [&promise](const command_outcome& outcome) { promise.set_value(outcome); });
  return future.get();
}

const domain::actor operator_actor{domain::actor_role::operator_, {}};
domain::actor participant(const std::string& id) {
  return {domain::actor_role::participant, id};
}

domain::command answer(int statement, domain::aspect which, int level, const std::string& who) {
  return domain::command{{}, participant(who), domain::give_answer{statement, which, level}};
}

// A live session "s" with one participant "p".
std::shared_ptr<live_session> workshop_with_participant(events::event_log& log) {
  auto session = std::make_shared<live_session>("s", log, nullptr);
  REQUIRE(run(*session,
              domain::command{{},
                              operator_actor,
                              domain::create_session{"s", "Test", "GM0344", domain::session_mode::workshop,
                                                     "ABCDEF", "hash"}},
              "s/create")
              .accepted);
  REQUIRE(run(*session, domain::command{{}, {}, domain::join_session{"p", std::nullopt, "ph"}}, "s/join/p")
              .accepted);
  return session;
}

// Blocks the log's writer thread in a subscriber until released.
class writer_gate {
 public:
  explicit writer_gate(events::event_log& log) {
    log.subscribe([this](const std::vector<events::recorded_event>&) {
      std::unique_lock lock(mutex_);
      held_ = true;
      changed_.notify_all();
      changed_.wait(lock, [this] { return open_; });
    });
  }
  void wait_until_held() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return held_; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool held_ = false;
  bool open_ = false;
};

int count_answer_events(const events::event_log& log) {
  int answers = 0;
  for (const auto& e : log.read_stream("s"))
    if (e.type == "answer_given") ++answers;
  return answers;
}

}  // namespace

TEST_CASE("an answer is acknowledged only after its commit", "[live_session]") {
  temp_db db;
  auto log = events::sqlite_event_log::open(db.path());
  auto session = workshop_with_participant(*log);

  writer_gate gate(*log);
  // The first answer commits and then holds the writer; the second waits in the queue, uncommitted.
  std::promise<command_outcome> first;
  session->execute(answer(1, domain::aspect::current, 2, "p"), "s/p/a1", 0,
                   [&first](const command_outcome& o) { first.set_value(o); });
  gate.wait_until_held();
  std::promise<command_outcome> second;
  auto second_outcome = second.get_future();
  session->execute(answer(2, domain::aspect::current, 3, "p"), "s/p/a2", 0,
                   [&second](const command_outcome& o) { second.set_value(o); });
  CHECK(second_outcome.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
  CHECK(session->state().answer(1, "p", 2, domain::aspect::current) == std::nullopt);  // not folded yet

  gate.open();
  auto acked = second_outcome.get();
  REQUIRE(acked.accepted);
  CHECK(acked.seq == log->last_sequence());
  CHECK(session->state().answer(1, "p", 2, domain::aspect::current) == 3);
  CHECK(first.get_future().get().accepted);
}

TEST_CASE("a retried command id is acknowledged with its original sequence and lands once",
          "[live_session]") {
  temp_db db;
  auto log = events::sqlite_event_log::open(db.path());
  auto session = workshop_with_participant(*log);

  auto original = run(*session, answer(5, domain::aspect::desired, 4, "p"), "s/p/same");
  REQUIRE(original.accepted);
  auto retried = run(*session, answer(5, domain::aspect::desired, 1, "p"), "s/p/same");
  REQUIRE(retried.accepted);
  CHECK(retried.seq == original.seq);
  CHECK(count_answer_events(*log) == 1);
  CHECK(session->state().answer(1, "p", 5, domain::aspect::desired) == 4);

  SECTION("also after a restart, when the session is folded from the log") {
    auto reloaded = std::make_shared<live_session>("s", *log, nullptr);
    for (const auto& recorded : log->read_stream("s")) {
      auto decoded = domain::decode_event_text(recorded.type, recorded.schema_version, recorded.payload);
      reloaded->load(recorded, std::get<domain::session_event>(decoded));
    }
    auto after_restart = run(*reloaded, answer(5, domain::aspect::desired, 2, "p"), "s/p/same");
    REQUIRE(after_restart.accepted);
    CHECK(after_restart.seq == original.seq);
    CHECK(count_answer_events(*log) == 1);
  }
}

TEST_CASE("refusals are answered at once and append nothing", "[live_session]") {
  temp_db db;
  auto log = events::sqlite_event_log::open(db.path());
  auto session = workshop_with_participant(*log);
  auto before = log->last_sequence();

  auto refused = run(*session, answer(22, domain::aspect::current, 3, "p"), "s/p/bad");
  CHECK_FALSE(refused.accepted);
  CHECK(refused.code == "invalid_statement");
  auto stranger = run(*session, answer(1, domain::aspect::current, 3, "nobody"), "s/nobody/x");
  CHECK(stranger.code == "not_a_participant");
  CHECK(log->last_sequence() == before);
}

TEST_CASE("many answers in flight at once are decided in order without conflicts", "[live_session]") {
  temp_db db;
  auto log = events::sqlite_event_log::open(db.path());
  auto session = workshop_with_participant(*log);

  std::vector<std::future<command_outcome>> outcomes;
  std::vector<std::shared_ptr<std::promise<command_outcome>>> promises;
  for (int statement = 1; statement <= domain::statement_count; ++statement) {
    for (auto which : {domain::aspect::current, domain::aspect::desired}) {
      auto promise = std::make_shared<std::promise<command_outcome>>();
      outcomes.push_back(promise->get_future());
      promises.push_back(promise);
      int level = 1 + (statement + (which == domain::aspect::desired ? 2 : 0)) % 5;
      session->execute(answer(statement, which, level, "p"),
                       "s/p/" + std::to_string(statement) + std::string(domain::to_string(which)), 0,
                       [promise](const command_outcome& o) { promise->set_value(o); });
    }
  }
  for (auto& outcome : outcomes) CHECK(outcome.get().accepted);
  CHECK(count_answer_events(*log) == 42);
  auto state = session->state();
  CHECK(state.answer(1, "p", 21, domain::aspect::desired) == 1 + (21 + 2) % 5);
}

TEST_CASE("a failed commit is never acknowledged, and the retry lands once there is room", "[live_session]") {
  temp_db db;
  events::sqlite_options options;
  auto log = events::sqlite_event_log::open(db.path(), options);
  auto session = workshop_with_participant(*log);
  log->set_max_page_count(1);  // clamped to the current size: the file cannot grow

  std::vector<std::string> failed;
  for (int i = 0; i < 400 && failed.size() < 5; ++i) {
    int statement = 1 + i % domain::statement_count;
    auto outcome = run(*session, answer(statement, domain::aspect::current, 1 + i % 5, "p"),
                       "s/p/f" + std::to_string(i));
    if (!outcome.accepted) {
      CHECK(outcome.code == "storage_error");
      failed.push_back("s/p/f" + std::to_string(i));
    }
  }
  REQUIRE_FALSE(failed.empty());
  auto committed_before = log->read_stream("s").size();

  log->set_max_page_count(1'000'000);
  // The session rebuilt its pending state: a retry with the same id decides again and commits once.
  for (const auto& id : failed) {
    int i = std::stoi(id.substr(5));
    auto outcome =
        run(*session, answer(1 + i % domain::statement_count, domain::aspect::current, 1 + i % 5, "p"), id);
    CHECK(outcome.accepted);
  }
  auto stored = log->read_stream("s");
  std::set<std::string> command_ids;
  for (const auto& e : stored) command_ids.insert(e.command_id);
  CHECK(command_ids.size() == stored.size());  // every command landed at most once
  CHECK(stored.size() <= committed_before + failed.size());
}

TEST_CASE("a removed participant is told in an update of their own", "[live_session]") {
  temp_db db;
  auto log = events::sqlite_event_log::open(db.path());
  auto session = workshop_with_participant(*log);
  auto phone = std::make_shared<recording_connection>();
  session->watch_as_participant(phone, "p");
  session->flush_updates();
  auto before = phone->frames().size();

  REQUIRE(run(*session,
              domain::command{{}, {domain::actor_role::facilitator, {}}, domain::remove_participant{"p"}},
              "s/facilitator/r1")
              .accepted);
  session->flush_updates();
  auto frames = phone->frames();
  REQUIRE(frames.size() > before);
  bool told = false;
  for (const auto& frame : frames)
    told = told || (frame["type"] == "update" && frame.contains("you") && frame["you"]["removed"] == true);
  CHECK(told);
}

TEST_CASE("participants get results at most once per their interval; the session's own changes at once",
          "[live_session]") {
  temp_db db;
  auto log = events::sqlite_event_log::open(db.path());
  auto session = workshop_with_participant(*log);
  session->set_participant_interval(std::chrono::milliseconds(150));
  const domain::actor facilitator{domain::actor_role::facilitator, {}};
  REQUIRE(run(*session, domain::command{{}, facilitator, domain::reveal_results{}}, "s/f/reveal").accepted);
  auto phone = std::make_shared<recording_connection>();
  session->watch_as_participant(phone, "p");
  const auto start = std::chrono::steady_clock::now() + std::chrono::hours(1);  // after any earlier flush
  session->flush_updates(start);
  auto updates = [&] {
    std::size_t n = 0;
    for (const auto& frame : phone->frames())
      n += frame["type"] == "update" && frame.contains("results") ? 1 : 0;
    return n;
  };
  const auto before = updates();

  // An answer right after an update waits for the interval; the next flush after it sends it.
  REQUIRE(run(*session, answer(3, domain::aspect::current, 4, "p"), "s/p/a1").accepted);
  session->flush_updates(start + std::chrono::milliseconds(50));
  CHECK(updates() == before);
  session->flush_updates(start + std::chrono::milliseconds(160));
  CHECK(updates() == before + 1);

  // A focus (the facilitator steering the room) goes at once, with the results waiting so far.
  REQUIRE(run(*session, answer(4, domain::aspect::current, 2, "p"), "s/p/a2").accepted);
  REQUIRE(run(*session, domain::command{{}, facilitator, domain::focus_statement{4}}, "s/f/focus").accepted);
  session->flush_updates(start + std::chrono::milliseconds(170));
  CHECK(updates() == before + 2);
  CHECK(phone->frames().back()["session"]["focus"]["statement"] == 4);
  CHECK(phone->frames().back()["results"]["statements"][3]["current"]["n"] == 1);
}
