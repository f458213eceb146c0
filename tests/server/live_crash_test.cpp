// Durability through real crashes: 10 participants stream answers (each on its own thread and socket)
// while the server is SIGKILLed at a seeded random moment and restarted on the same database, three times.
// After every kill each acknowledged answer is in the log at its acked sequence and in the results; the
// clients resume with their tokens and resend what was not acknowledged with the same command ids; at the
// end every answer is stored exactly once and the results equal a fold of the log.
#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <thread>
#include <tuple>

#include <catch2/catch.hpp>

#include "tests/server/live_support.hpp"
#include "tests/server/server_process.hpp"

namespace {

using namespace scsa::testing;
using scsa::domain::answer_given;
using scsa::domain::aspect;

constexpr int participant_count = 10;
constexpr std::size_t answers_each = static_cast<std::size_t>(scsa::domain::statement_count) * 2;
constexpr std::size_t window = 2;  // answers a participant has in flight at once

bool is_type(const json& frame, const std::string& type) {
  return frame.value("type", "") == type;
}

struct planned_answer {
  std::string id;  // the client's command id, the same on every resend
  int statement = 0;
  std::string which;
  int level = 0;
};

// What the participant threads and the test's main thread share; everything under `mutex`.
struct crash_run {
  std::mutex mutex;
  std::condition_variable changed;
  int generation = 0;  // bumped at every restart
  std::uint16_t port = 0;
  int quiescent = 0;  // threads that are finished or wait for the next generation
  int joined = 0;
  std::size_t acked_total = 0;  // distinct answers acknowledged
  bool abort = false;
  std::vector<std::string> failures;  // from the threads, which must not use Catch's macros
};

struct participant {
  int index = 0;
  std::vector<planned_answer> plan;
  // Guarded by crash_run::mutex:
  std::string participant_id;
  std::string token;
  std::map<std::string, std::int64_t> acked;  // command id -> the seq of its first ack
  int resumes = 0;
  int resent = 0;  // answers sent again after a lost connection
};

class participant_thread {
 public:
  participant_thread(crash_run& run, participant& me, std::string code)
      : run_(run), me_(me), code_(std::move(code)) {}

  void operator()() {
    int generation = 0;
    std::deque<std::size_t> to_send;
    for (std::size_t i = 0; i < me_.plan.size(); ++i) to_send.push_back(i);
    for (;;) {
      std::uint16_t port = 0;
      {
        std::lock_guard lock(run_.mutex);
        if (run_.abort) return;
        port = run_.port;
      }
      live_peer peer;
      std::set<std::size_t> outstanding;
      if (peer.connect(port) && bind(peer) && stream(peer, to_send, outstanding)) {
        peer.socket().close();
        std::lock_guard lock(run_.mutex);
        ++run_.quiescent;
        run_.changed.notify_all();
        return;
      }
      // The server is gone: what was not acknowledged goes again, first and with the same ids.
      for (auto it = outstanding.rbegin(); it != outstanding.rend(); ++it) to_send.push_front(*it);
      std::unique_lock lock(run_.mutex);
      me_.resent += static_cast<int>(outstanding.size());
      ++run_.quiescent;
      run_.changed.notify_all();
      if (!run_.changed.wait_for(lock, std::chrono::seconds(30),
                                 [&] { return run_.abort || run_.generation > generation; }))
        fail("no restart within 30 s");
      --run_.quiescent;
      if (run_.abort) return;
      generation = run_.generation;
    }
  }

 private:
  void fail(std::string what) {
    run_.failures.push_back("participant " + std::to_string(me_.index) + ": " + std::move(what));
  }
  void fail_locked(std::string what) {
    std::lock_guard lock(run_.mutex);
    fail(std::move(what));
  }

  // Joins the first time, resumes later; false when the connection broke on the way.
  bool bind(live_peer& peer) {
    std::string token;
    std::int64_t after = 0;
    std::map<std::string, std::int64_t> acked;
    {
      std::lock_guard lock(run_.mutex);
      token = me_.token;
      acked = me_.acked;
    }
    for (const auto& [id, seq] : acked) after = std::max(after, seq);
    if (token.empty()) {
      auto joined = peer.request({{"type", "join"},
                                  {"id", "join"},
                                  {"code", code_},
                                  {"name", "Deelnemer " + std::to_string(me_.index)}});
      if (!joined) return false;
      if (!is_type(*joined, "ack")) {
        fail_locked("join refused: " + joined->dump());
        return false;
      }
      std::lock_guard lock(run_.mutex);
      me_.participant_id = (*joined)["participant_id"].get<std::string>();
      me_.token = (*joined)["token"].get<std::string>();
      ++run_.joined;
      run_.changed.notify_all();
      return true;
    }
    auto resumed = peer.request({{"type", "resume"}, {"id", "resume"}, {"token", token}, {"after", after}});
    if (!resumed) return false;
    auto snapshot = peer.take([](const json& f) { return is_type(f, "snapshot"); });
    if (!snapshot) return false;
    std::lock_guard lock(run_.mutex);
    ++me_.resumes;
    if (!is_type(*resumed, "ack") || (*resumed)["participant_id"] != me_.participant_id) {
      fail("resume refused: " + resumed->dump());
      return false;
    }
    // Every answer acknowledged so far is among the participant's own answers.
    const json& rows = (*snapshot)["you"]["answers"]["answers"];
    for (const auto& answer : me_.plan) {
      if (!acked.contains(answer.id)) continue;
      const json& level = rows[static_cast<std::size_t>(answer.statement - 1)][answer.which];
      if (level != answer.level)
        fail("after resume, " + answer.id + " is " + level.dump() + " instead of " +
             std::to_string(answer.level));
    }
    return true;
  }

  // Streams the plan with `window` answers in flight; true when all are acknowledged, false when the
  // connection ended first (`outstanding` then holds what was sent without an ack).
  bool stream(live_peer& peer, std::deque<std::size_t>& to_send, std::set<std::size_t>& outstanding) {
    std::set<std::string> waiting_ids;
    while (!to_send.empty() || !outstanding.empty()) {
      while (outstanding.size() < window && !to_send.empty()) {
        const std::size_t next = to_send.front();
        const auto& answer = me_.plan[next];
        if (!peer.send(answer_frame(answer.id, answer.statement, answer.which, answer.level))) return false;
        to_send.pop_front();
        outstanding.insert(next);
        waiting_ids.insert(answer.id);
      }
      auto reply = peer.take([&](const json& f) {
        return (is_type(f, "ack") || is_type(f, "error")) && f["id"].is_string() &&
               waiting_ids.contains(f["id"].get<std::string>());
      });
      if (!reply) {
        if (!peer.socket().ended()) fail_locked("no reply within 10 s while the server runs");
        return false;
      }
      const std::string id = (*reply)["id"].get<std::string>();
      const auto done = std::find_if(outstanding.begin(), outstanding.end(),
                                     [&](std::size_t i) { return me_.plan[i].id == id; });
      outstanding.erase(done);
      waiting_ids.erase(id);
      std::lock_guard lock(run_.mutex);
      if (!is_type(*reply, "ack")) {
        fail("answer " + id + " refused: " + reply->dump());
        if (run_.failures.size() > 20) run_.abort = true;
        continue;
      }
      const auto seq = (*reply)["seq"].get<std::int64_t>();
      auto [known, first] = me_.acked.emplace(id, seq);
      if (first) {
        ++run_.acked_total;
        run_.changed.notify_all();
      } else if (known->second != seq) {
        fail(id + " acknowledged again with seq " + std::to_string(seq) + " after " +
             std::to_string(known->second));
      }
    }
    return true;
  }

  crash_run& run_;
  participant& me_;
  std::string code_;  // the session's join code
};

// The plan's answer a log event is, or nullptr.
const planned_answer* find_planned(const std::vector<participant>& everyone, const answer_given& given,
                                   const std::string& command_id, const std::string& session_id) {
  for (const auto& p : everyone) {
    if (p.participant_id != given.participant_id) continue;
    for (const auto& answer : p.plan)
      if (session_id + "/" + p.participant_id + "/" + answer.id == command_id) return &answer;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("live: SIGKILL while answers stream loses no acknowledged answer and stores none twice", "[live]") {
  server_process server;
  const auto session = create_session(server.port(), "Crash");

  std::mt19937 random(1853);
  std::uniform_int_distribution<int> level_of(1, 5);
  std::vector<participant> everyone(participant_count);
  for (int i = 0; i < participant_count; ++i) {
    auto& p = everyone[static_cast<std::size_t>(i)];
    p.index = i;
    for (int statement = 1; statement <= scsa::domain::statement_count; ++statement)
      for (const char* which : {"current", "desired"})
        p.plan.push_back(
            {"c-" + std::to_string(statement) + "-" + which, statement, which, level_of(random)});
    std::shuffle(p.plan.begin(), p.plan.end(), random);  // everyone answers in another order
  }
  const std::size_t total = everyone.size() * answers_each;
  // Seeded kill moments: after this many distinct acknowledged answers.
  const std::array<std::size_t, 3> kill_after{
      std::uniform_int_distribution<std::size_t>(40, 100)(random),
      std::uniform_int_distribution<std::size_t>(160, 220)(random),
      std::uniform_int_distribution<std::size_t>(280, 340)(random),
  };

  crash_run run;
  run.port = server.port();
  std::vector<std::thread> threads;
  // Stops and joins the threads however the test ends.
  struct joiner {
    crash_run& run;
    std::vector<std::thread>& threads;
    ~joiner() {
      {
        std::lock_guard lock(run.mutex);
        run.abort = true;
      }
      run.changed.notify_all();
      for (auto& t : threads)
        if (t.joinable()) t.join();
    }
  } join_all{run, threads};
  for (auto& p : everyone) threads.emplace_back(participant_thread(run, p, session.join_code));
  {
    std::unique_lock lock(run.mutex);
    REQUIRE(run.changed.wait_for(lock, 10s, [&] { return run.joined == participant_count || run.abort; }));
  }

  auto verify_acknowledged_are_stored = [&](const std::string& when) {
    INFO(when);
    const auto events = read_session_log(server.db_path(), session.session_id);
    std::map<std::int64_t, const logged_event*> by_sequence;
    for (const auto& e : events) by_sequence[e.sequence] = &e;
    const auto folded = fold_consensus(events);
    std::size_t checked = 0;
    std::lock_guard lock(run.mutex);
    for (const auto& p : everyone)
      for (const auto& answer : p.plan) {
        auto acked = p.acked.find(answer.id);
        if (acked == p.acked.end()) continue;
        INFO("participant " << p.index << " answer " << answer.id << " seq " << acked->second);
        auto stored = by_sequence.find(acked->second);
        REQUIRE(stored != by_sequence.end());
        const auto* given = std::get_if<answer_given>(&stored->second->event);
        REQUIRE(given != nullptr);
        CHECK(stored->second->command_id == session.session_id + "/" + p.participant_id + "/" + answer.id);
        CHECK(given->participant_id == p.participant_id);
        CHECK(given->statement == answer.statement);
        CHECK(given->which == (answer.which == "current" ? aspect::current : aspect::desired));
        CHECK(given->level == answer.level);
        CHECK(folded.answers.level(p.participant_id, 1, answer.statement, given->which) == answer.level);
        ++checked;
      }
    const auto results = fetch_results(server.port(), session.session_id, session.facilitator_token);
    const auto differences = consensus_differences(results["rounds"][0]["consensus"], folded);
    for (const auto& difference : differences) FAIL_CHECK(difference);
    return checked;
  };

  for (std::size_t cycle = 0; cycle < kill_after.size(); ++cycle) {
    std::size_t acked_at_kill = 0;
    {
      std::unique_lock lock(run.mutex);
      REQUIRE(
          run.changed.wait_for(lock, 10s, [&] { return run.acked_total >= kill_after[cycle] || run.abort; }));
      server.kill();  // under the lock: no thread records an ack between the count and the kill
      acked_at_kill = run.acked_total;
    }
    INFO("kill " << cycle + 1 << " after " << acked_at_kill << " acknowledged answers");
    CHECK(acked_at_kill < total);  // answers were still flowing
    {
      // Every thread has read what the dead server had sent and waits for the restart.
      std::unique_lock lock(run.mutex);
      REQUIRE(run.changed.wait_for(lock, 10s, [&] { return run.quiescent == participant_count; }));
    }
    server.restart();
    const auto checked = verify_acknowledged_are_stored("after kill " + std::to_string(cycle + 1));
    CHECK(checked >= acked_at_kill);
    {
      std::lock_guard lock(run.mutex);
      run.port = server.port();
      ++run.generation;
    }
    run.changed.notify_all();
  }

  {
    std::unique_lock lock(run.mutex);
    REQUIRE(run.changed.wait_for(lock, 10s, [&] {
      return (run.quiescent == participant_count && run.acked_total == total) || run.abort;
    }));
  }
  for (auto& t : threads) t.join();
  for (const auto& failure : run.failures) FAIL_CHECK(failure);
  REQUIRE(run.acked_total == total);

  // Everything acknowledged, stored exactly once at the acked sequence, and folded into the results.
  verify_acknowledged_are_stored("at the end");
  const auto events = read_session_log(server.db_path(), session.session_id);
  std::map<std::string, int> stored_per_command;
  std::map<std::tuple<std::string, int, aspect>, int> stored_per_cell;
  for (const auto& e : events) {
    const auto* given = std::get_if<answer_given>(&e.event);
    if (given == nullptr) continue;
    ++stored_per_command[e.command_id];
    ++stored_per_cell[{given->participant_id, given->statement, given->which}];
    CHECK(find_planned(everyone, *given, e.command_id, session.session_id) != nullptr);
  }
  CHECK(stored_per_command.size() == total);
  CHECK(stored_per_cell.size() == total);
  for (const auto& [command_id, count] : stored_per_command) {
    INFO(command_id);
    CHECK(count == 1);
  }
  int resumes = 0;
  int resent = 0;
  for (const auto& p : everyone) {
    resumes += p.resumes;
    resent += p.resent;
  }
  CHECK(resumes >= 3);  // after each kill, at least the participants still streaming came back
  INFO(resent << " answers were resent after a kill");

  const auto results = fetch_results(server.port(), session.session_id, session.facilitator_token);
  const auto folded = fold_consensus(events);
  CHECK(consensus_differences(results["rounds"][0]["consensus"], folded).empty());
  for (int statement = 1; statement <= scsa::domain::statement_count; ++statement)
    for (const char* which : {"current", "desired"}) {
      std::array<int, 5> counts{};
      for (const auto& p : everyone)
        for (const auto& answer : p.plan)
          if (answer.statement == statement && answer.which == which)
            ++counts[static_cast<std::size_t>(answer.level - 1)];
      CHECK(results["rounds"][0]["consensus"]["statements"][static_cast<std::size_t>(statement - 1)][which]
                   ["counts"] == json(counts));
    }
}
