// Kill -9 under load: a child process appends from several threads and reports each committed append;
// after SIGKILL at a random moment, every reported append must be in the reopened log with the same
// sequences, the log must be gap-free and the file must pass integrity_check. 20 rounds on one file.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "events/sqlite_event_log.hpp"
#include "events/sqlite_handle.hpp"
#include "tests/events/event_log_testing.hpp"

using namespace scsa::events;
using scsa::events::testing::append_async;
using scsa::events::testing::temp_dir;

namespace {

struct reported_append {
  std::string command_id;
  std::int64_t first_sequence;
  std::int64_t last_sequence;
};

// Starts the child with stdout on a pipe, reads it for `run_for`, kills it and reads what is left.
std::string run_and_kill(const std::string& database, int run, std::chrono::milliseconds run_for) {
  int pipe_fds[2];
  REQUIRE(::pipe2(pipe_fds, O_CLOEXEC) == 0);
  const std::string program = SCSA_EVENTS_CRASH_CHILD;
  const std::string run_id = std::to_string(run);
  // Odd runs write the command index every 16 commands, so kills land before, during and after its writes.
  const std::string threads = "6", commands_held = run % 2 ? "16" : "8192";
  std::vector<char*> argv{const_cast<char*>(program.c_str()),       const_cast<char*>(database.c_str()),
                          const_cast<char*>(run_id.c_str()),        const_cast<char*>(threads.c_str()),
                          const_cast<char*>(commands_held.c_str()), nullptr};
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // only async-signal-safe calls until exec
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);

  std::string output;
  char buffer[65536];
  const auto deadline = std::chrono::steady_clock::now() + run_for;
  bool child_closed = false;
  for (;;) {  // the load period: read as the child reports, until the deadline
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd readable{pipe_fds[0], POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) {
      child_closed = true;  // it died on its own: the checks below fail on its exit status
      break;
    }
    output.append(buffer, static_cast<std::size_t>(n));
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK_FALSE(child_closed);
  CHECK(WIFSIGNALED(status));
  for (;;) {  // what it wrote before it died
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  return output;
}

std::vector<reported_append> parse(const std::string& output) {
  std::vector<reported_append> appends;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (lines.eof()) break;  // a line without its newline was not reported completely
    std::istringstream fields(line);
    reported_append append;
    if (fields >> append.command_id >> append.first_sequence >> append.last_sequence)
      appends.push_back(append);
  }
  return appends;
}

}  // namespace

TEST_CASE("every append reported as committed survives kill -9, 20 times in a row", "[events][crash]") {
  temp_dir dir;
  const std::string database = dir.file("crash.db");
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> milliseconds(50, 400);
  std::size_t total_reported = 0;

  for (int run = 0; run < 20; ++run) {
    const std::chrono::milliseconds run_for(milliseconds(random));
    INFO("run " << run << ", killed after " << run_for.count() << " ms");
    const std::vector<reported_append> reported = parse(run_and_kill(database, run, run_for));
    total_reported += reported.size();

    auto log = sqlite_event_log::open(database);
    const std::vector<recorded_event> all = log->read_all_after(0, SIZE_MAX);
    std::map<std::string, std::int64_t> versions;
    bool gap_free = true;
    for (std::size_t i = 0; i < all.size(); ++i) {
      gap_free = gap_free && all[i].sequence == static_cast<std::int64_t>(i + 1) &&
                 all[i].version == ++versions[all[i].stream_id];
    }
    CHECK(gap_free);
    std::size_t missing = 0;
    for (const reported_append& append : reported) {
      bool present =
          append.first_sequence >= 1 && append.last_sequence <= static_cast<std::int64_t>(all.size());
      for (std::int64_t s = append.first_sequence; present && s <= append.last_sequence; ++s) {
        present = all[static_cast<std::size_t>(s - 1)].command_id == append.command_id;
      }
      if (!present) {
        ++missing;
        UNSCOPED_INFO("missing: " << append.command_id << " " << append.first_sequence);
      }
    }
    CHECK(missing == 0);
    // Each reported command is still known by its id: a retry is its duplicate, at its own sequences.
    std::vector<std::future<append_result>> retries;
    for (const reported_append& append : reported)
      retries.push_back(
          append_async(*log, scsa::events::testing::make_request("retry", any_version, append.command_id)));
    std::size_t not_duplicates = 0;
    for (std::size_t i = 0; i < reported.size(); ++i) {
      const append_result retry = retries[i].get();
      if (retry.status != append_status::duplicate || retry.first_sequence != reported[i].first_sequence ||
          retry.last_sequence != reported[i].last_sequence)
        ++not_duplicates;
    }
    CHECK(not_duplicates == 0);
    CHECK(log->read_stream("retry").empty());
    log->close();
    log.reset();
    auto check = sqlite_connection::open(database, SQLITE_OPEN_READONLY);
    REQUIRE(check.query_text("PRAGMA integrity_check") == "ok");
    // Closed cleanly, the index is complete: one row per command in the events.
    CHECK(check.query_int("SELECT count(*) FROM commands") ==
          check.query_int("SELECT count(DISTINCT command_id) FROM events"));
    CHECK(check.query_int("SELECT through_sequence FROM commands_indexed") ==
          check.query_int("SELECT coalesce(max(sequence), 0) FROM events"));
  }
  CHECK(total_reported > 0);
}
