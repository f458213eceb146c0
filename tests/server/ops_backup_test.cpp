// `scsa-server backup` against a running server under load: the copy passes integrity_check, holds every
// event acknowledged before the backup started, and a server started on it serves exactly the copy's
// events. Plus the command's refusals. The server and the backup are real processes.
#include <sys/wait.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/server/live_support.hpp"
#include "tests/server/server_process.hpp"

namespace {

using namespace scsa::testing;
namespace fs = std::filesystem;

struct command_run {
  int exit_code = -1;
  std::string output;
};

// Runs scsa-server with the arguments (no shell quoting needed: test paths have no spaces), output captured.
command_run run_server_command(const std::string& arguments, const fs::path& output_file) {
  const std::string command =
      std::string(SCSA_SERVER_BINARY) + " " + arguments + " > " + output_file.string() + " 2>&1";
  const int status = std::system(command.c_str());  // NOLINT(cert-env33-c): a test runs its own binary
  command_run run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(output_file);
  run.output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return run;
}

}  // namespace

TEST_CASE("backup: a copy taken under load holds every event acknowledged before it and restores",
          "[live][backup]") {
  server_process server;
  const auto port = server.port();
  const fs::path folder = server.db_path().parent_path();
  const auto session = create_session(port, "Backup under load");

  std::mutex acked_mutex;
  std::vector<std::int64_t> acked;  // sequences of acknowledged answers, in the order their acks arrived
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::string failure;  // written by the load thread before it sets `failed`, read after join
  std::thread load([&] {
    std::vector<std::unique_ptr<live_peer>> peers;
    for (int i = 0; i < 20; ++i) {
      peers.push_back(std::make_unique<live_peer>());
      auto joined = peers.back()->connect(port)
                        ? peers.back()->request({{"type", "join"}, {"id", "j"}, {"code", session.join_code}})
                        : std::nullopt;
      if (!joined || (*joined)["type"] != "ack") {
        failure = joined ? joined->dump() : "no reply to a join";
        failed = true;
      }
    }
    for (int round = 0; !stop && !failed && round < 10'000; ++round) {
      // Each connection may send 20 messages a second (the hub's rate limit): a round every 60 ms.
      const auto round_started = std::chrono::steady_clock::now();
      const std::string id = "a" + std::to_string(round);
      for (auto& peer : peers) {
        if (!peer->send(
                answer_frame(id, round % 21 + 1, round % 2 == 0 ? "current" : "desired", round % 5 + 1)))
          failed = true;
      }
      for (auto& peer : peers) {
        auto reply = peer->reply(id);
        if (!reply || (*reply)["type"] != "ack") {
          failure = reply ? reply->dump() : "no reply to " + id;
          failed = true;
          break;
        }
        std::lock_guard lock(acked_mutex);
        acked.push_back((*reply)["seq"].get<std::int64_t>());
      }
      std::this_thread::sleep_until(round_started + 60ms);
    }
  });
  auto acked_count = [&] {
    std::lock_guard lock(acked_mutex);
    return acked.size();
  };
  for (int wait = 0; wait < 1000 && acked_count() < 200 && !failed; ++wait) std::this_thread::sleep_for(10ms);

  std::vector<std::int64_t> acked_before;
  {
    std::lock_guard lock(acked_mutex);
    acked_before = acked;
  }
  const fs::path copy = folder / "backup.db";
  const auto backup = run_server_command(
      "backup --db " + server.db_path().string() + " --to " + copy.string(), folder / "backup.out");
  const auto count_at_backup_end = acked_count();
  for (int wait = 0; wait < 1000 && acked_count() < count_at_backup_end + 100 && !failed; ++wait)
    std::this_thread::sleep_for(10ms);
  stop = true;
  load.join();
  INFO(failure);
  REQUIRE_FALSE(failed);
  INFO(backup.output);
  REQUIRE(backup.exit_code == 0);
  CHECK(backup.output.find("integrity ok") != std::string::npos);
  REQUIRE(acked_before.size() >= 200);
  CHECK_FALSE(fs::exists(copy.string() + ".partial"));
  CHECK_FALSE(fs::exists(copy.string() + "-wal"));

  // Every acknowledged event before the backup is in the copy, at its acknowledged sequence.
  const auto in_copy = read_session_log(copy, session.session_id);
  std::set<std::int64_t> copied;
  for (const auto& event : in_copy) copied.insert(event.sequence);
  std::size_t missing = 0;
  for (const auto seq : acked_before) missing += copied.count(seq) == 0 ? 1 : 0;
  CHECK(missing == 0);
  const auto in_live = read_session_log(server.db_path(), session.session_id);
  CHECK(in_live.size() >= in_copy.size());  // the load went on after the copy
  INFO("copy " << in_copy.size() << " events, live " << in_live.size());

  // Restore: a server started on the copy serves exactly the copy's events.
  server.terminate();
  server_process restored({"--db", copy.string()});
  const auto health = json::parse(http_get(restored.port(), "/healthz").body);
  CHECK(health["last_sequence"] == in_copy.back().sequence);
  const auto results = fetch_results(restored.port(), session.session_id, session.facilitator_token);
  CHECK(results.dump().find("Backup under load") != std::string::npos);
}

TEST_CASE("backup: refusals name the problem and leave no partial file", "[backup]") {
  const fs::path folder = fs::temp_directory_path() / ("scsa-backup-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  const auto missing = run_server_command(
      "backup --db " + (folder / "none.db").string() + " --to " + (folder / "copy.db").string(),
      folder / "out");
  CHECK(missing.exit_code == 1);
  CHECK(missing.output.find("no database file here") != std::string::npos);
  const auto no_target = run_server_command("backup --db " + (folder / "none.db").string(), folder / "out");
  CHECK(no_target.exit_code == 2);
  CHECK(no_target.output.find("--to FILE is missing") != std::string::npos);
  const auto bad_flag = run_server_command("backup --to x.db --frobnicate", folder / "out");
  CHECK(bad_flag.exit_code == 2);
  CHECK(bad_flag.output.find("unknown option '--frobnicate'") != std::string::npos);
  {
    server_process server;  // a real database to copy into a folder that does not exist
    const auto no_folder = run_server_command(
        "backup --db " + server.db_path().string() + " --to " + (folder / "no" / "copy.db").string(),
        folder / "out");
    CHECK(no_folder.exit_code == 1);
    CHECK(no_folder.output.find("no such folder") != std::string::npos);
    const auto itself = run_server_command(
        "backup --db " + server.db_path().string() + " --to " + server.db_path().string(), folder / "out");
    CHECK(itself.exit_code == 1);
    CHECK(itself.output.find("is the database itself") != std::string::npos);
  }
  CHECK(fs::directory_iterator(folder) != fs::directory_iterator{});  // only "out" is there
  CHECK_FALSE(fs::exists(folder / "copy.db.partial"));
  fs::remove_all(folder);
}

TEST_CASE("check-config: the binary reads the file, exits 0 when usable and 1 naming each problem",
          "[config]") {
  const fs::path folder = fs::temp_directory_path() / ("scsa-check-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  std::ofstream(folder / "good.conf")
      << "# a usable configuration\nport = 0\ndb = " << (folder / "x.db").string()
      << "\ndata-dir = " << SCSA_DATA_DIR << "\nweb-root =\n";
  const auto good =
      run_server_command("--config " + (folder / "good.conf").string() + " --check-config", folder / "out");
  CHECK(good.exit_code == 0);
  CHECK(good.output.find("configuration OK") != std::string::npos);
  CHECK_FALSE(fs::exists(folder / "x.db"));  // checked, not created: the server did not start

  const auto bad_data = run_server_command(
      "--config " + (folder / "good.conf").string() + " --data-dir " + folder.string() + " --check-config",
      folder / "out");
  CHECK(bad_data.exit_code == 1);
  CHECK(bad_data.output.find("--data-dir: ") != std::string::npos);

  std::ofstream(folder / "bad.conf") << "port = 0\nprot = 8080\n";
  const auto bad_key =
      run_server_command("--config " + (folder / "bad.conf").string() + " --check-config", folder / "out");
  CHECK(bad_key.exit_code == 2);
  CHECK(bad_key.output.find("bad.conf:2: unknown key 'prot'") != std::string::npos);
  fs::remove_all(folder);
}
