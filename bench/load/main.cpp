// scsa-load, the WebSocket load generator behind ops/bench: starts scsa-server (or uses a running one) and
// runs one of its modes over up to 10,000 WebSocket connections from one io_context on one thread (the
// descriptor limit is raised to fit), except the fan-out's watchers with --receive-threads N > 1:
//   the workshop (S1, S2, S4; bench/load/workshop.hpp): a facilitator and N participants answer up to 21
//     statements x 2 aspects, closed loop with think time or open loop at a fixed rate; send->ack latency,
//     the server's CPU and memory, and this program's own CPU. --echo drives scsa-bench-echo instead.
//   --fanout N (S3; bench/load/fanout.hpp): N watchers of one revealed workshop, K closed-loop answerers;
//     answer -> last watcher latency and update deliveries/s. --broadcast drives scsa-bench-broadcast.
//     --receive-threads N spreads the watchers over N io_contexts, each on a thread of its own
//     (bench/load/fanout_watchers.hpp), so one thread reading every update is not the limit; the driver
//     stays on the main one. The report gives the CPU of both sides, in all and of the busiest thread,
//     to tell which side was the limit.
//   --storm N (S6; bench/load/storm.hpp): N participants join, drop, and resume all at once.
//   --roadmap N (S7; bench/load/roadmap.hpp): N participants propose an action each and dot-vote.
// Usage: scsa-load [--participants N | --fanout N | --storm N | --roadmap N] [options] (--help)
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/load/child_server.hpp"
#include "bench/load/common.hpp"
#include "bench/load/fanout.hpp"
#include "bench/load/http_calls.hpp"
#include "bench/load/options.hpp"
#include "bench/load/report.hpp"
#include "bench/load/roadmap.hpp"
#include "bench/load/storm.hpp"
#include "bench/load/workshop.hpp"

namespace {

using namespace scsa::load;

std::string default_server_path() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "scsa-server";
  return (self.parent_path() / "scsa-server").string();
}

// Raises the soft limit on open descriptors towards `wanted` (at most the hard limit); returns the new
// soft limit. A started server inherits it, so it can hold as many connections as this process opens.
rlim_t raise_descriptor_limit(rlim_t wanted) {
  struct rlimit limit {};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur >= wanted) return limit.rlim_cur;
  limit.rlim_cur = std::min(wanted, limit.rlim_max);
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  return limit.rlim_cur;
}

bool on_tmpfs(const std::string& path) {
  struct statfs info {};
  return statfs(path.c_str(), &info) == 0 && info.f_type == 0x01021994;  // TMPFS_MAGIC
}

// The server under test, started by this program (restartable on the same database) or already running.
class server_under_test {
 public:
  server_under_test(const options& opts, clock_type::time_point deadline) : opts_(opts), deadline_(deadline) {
    if (!opts.url.empty()) {
      endpoint_ = parse_url(opts.url);
      pid_ = opts.server_pid;
      std::printf("server: running at %s%s\n", opts.url.c_str(),
                  pid_ > 0 ? (" (pid " + std::to_string(pid_) + ")").c_str() : "");
      return;
    }
    const std::string parent = !opts.data_dir.empty()             ? opts.data_dir
                               : std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR")
                                                                  : "/tmp";
    data_.emplace(parent);
    if (on_tmpfs(parent))
      std::fprintf(stderr, "note: %s is tmpfs: fsync is free there, so ack latency is not disk latency\n",
                   parent.c_str());
    path_ = opts.server_path.empty() ? default_server_path() : opts.server_path;
    args_ = {"--port", "0", "--db", (data_->path() / "bench.db").string(), "--log-level", "warn"};
    args_.insert(args_.end(), opts.server_args.begin(), opts.server_args.end());
    start();
  }

  const tcp::endpoint& endpoint() const { return endpoint_; }
  pid_t pid() const { return pid_; }
  bool started_here() const { return server_.has_value(); }

  // Stops the server (SIGTERM: it drains and closes cleanly) and starts it again on the same database.
  void restart() {
    stop();
    start();
  }

  void stop() {
    if (!server_) return;
    server_->stop();
    if (const auto status = server_->exit_status();
        status && !(WIFEXITED(*status) && WEXITSTATUS(*status) == 0))
      std::printf("note: the server did not exit 0 on SIGTERM (status %d)\n", *status);
    server_.reset();
  }

 private:
  void start() {
    const auto started = clock_type::now();
    server_.emplace(path_, args_);
    pid_ = server_->pid();
    const auto wait = std::min<clock_type::duration>(std::chrono::seconds(20), deadline_ - clock_type::now());
    const auto port = server_->wait_listening(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
    endpoint_ = {asio::ip::address_v4::loopback(), port};
    std::printf("server: %s (pid %d) on 127.0.0.1:%u, database in %s, ready after %.2f s\n", path_.c_str(),
                static_cast<int>(pid_), port, data_->path().c_str(),
                seconds_between(started, clock_type::now()));
    std::fflush(stdout);
  }

  const options& opts_;
  clock_type::time_point deadline_;
  std::optional<temp_dir> data_;
  std::optional<child_server> server_;
  std::string path_;
  std::vector<std::string> args_;
  tcp::endpoint endpoint_;
  pid_t pid_{-1};
};

int run_workshop(asio::io_context& ioc, const options& opts, server_under_test& server,
                 clock_type::time_point deadline) {
  const created_session session =
      opts.echo ? created_session{"echo", "ECHO", "echo"} : create_session(ioc, server.endpoint());
  workshop_driver driver(ioc, opts, server.endpoint(), session, server.pid(), deadline);
  const results outcome = driver.run();
  auto metrics = report(opts, outcome, server.pid());
  if (!opts.echo) {
    if (const auto figures = fetch_server_figures(ioc, server.endpoint()); figures && figures->commits > 0) {
      const double mean = figures->appends / figures->commits;
      std::printf("\nserver's group commits (GET /metrics): %.0f appends in %.0f commits, %.1f per commit\n",
                  figures->appends, figures->commits, mean);
      metrics.push_back({"server_commits", figures->commits, "count"});
      metrics.push_back({"server_appends_per_commit", mean, "count"});
      // Where an ack's time went inside the server (receipt to the ack's send, less parsing and the socket).
      if (!figures->stages.empty())
        std::printf("\n%-34s %12s %12s\n", "server's ack path (GET /metrics)", "mean ms", "p99 <= ms");
      for (const char* name : {"decide", "queue", "commit", "reply"}) {
        auto found = figures->stages.find(name);
        if (found == figures->stages.end() || found->second.count == 0) continue;
        const auto& stage = found->second;
        const double mean_ms = stage.sum_s / stage.count * 1000;
        const double p99_ms = stage.quantile_bound_s(0.99) * 1000;
        std::printf("  %-32s %12s %12s\n", name, fixed(mean_ms, 3).c_str(), fixed(p99_ms, 3).c_str());
        metrics.push_back({std::string("stage_") + name + "_mean", mean_ms, "ms"});
        metrics.push_back({std::string("stage_") + name + "_p99_bound", p99_ms, "ms"});
      }
    }
  }
  if (!opts.json_file.empty()) write_json(opts.json_file, opts.scenario, metrics);
  server.stop();
  const std::uint64_t expected = static_cast<std::uint64_t>(opts.participants) * opts.answers;
  const bool ok = outcome.fatal.empty() && outcome.acknowledged == expected && outcome.refused == 0 &&
                  outcome.lost == 0 && outcome.errors_by_code.empty();
  std::printf("\nresult: %s\n", ok ? "PASS (every answer acknowledged, no errors)" : "FAIL");
  return ok ? 0 : 1;
}

int run_fanout(asio::io_context& ioc, const options& opts, server_under_test& server,
               clock_type::time_point deadline) {
  const created_session session = opts.broadcast ? created_session{"broadcast", "BROADCAST", "broadcast"}
                                                 : create_session(ioc, server.endpoint());
  fanout_driver driver(ioc, opts, server.endpoint(), session, server.pid(), deadline);
  const fanout_results outcome = driver.run();
  const auto metrics = report_fanout(opts, outcome, server.pid());
  if (!opts.json_file.empty()) write_json(opts.json_file, opts.scenario, metrics);
  server.stop();
  const bool ok = outcome.fatal.empty() && outcome.watchers_joined == opts.fanout &&
                  outcome.watchers_dropped == 0 && outcome.answers_refused == 0 &&
                  outcome.answers_unconfirmed == 0 && outcome.answers_acknowledged > 0;
  std::printf("\nresult: %s\n", ok ? "PASS (every watcher saw every acknowledged answer)" : "FAIL");
  return ok ? 0 : 1;
}

int run_storm(asio::io_context& ioc, const options& opts, server_under_test& server,
              clock_type::time_point deadline) {
  const created_session session = create_session(ioc, server.endpoint());
  storm_driver driver(
      ioc, opts, server.endpoint(), session,
      [&] {
        if (opts.restart) server.restart();
        return server.endpoint();
      },
      deadline);
  const storm_results outcome = driver.run();
  const auto metrics = report_storm(opts, outcome);
  if (!opts.json_file.empty()) write_json(opts.json_file, opts.scenario, metrics);
  server.stop();
  const bool ok = outcome.fatal.empty() && outcome.joined == opts.storm && outcome.resumed == opts.storm;
  std::printf("\nresult: %s\n", ok ? "PASS (every participant resumed)" : "FAIL");
  return ok ? 0 : 1;
}

int run_roadmap(asio::io_context& ioc, const options& opts, server_under_test& server,
                clock_type::time_point deadline) {
  const created_session session = create_session(ioc, server.endpoint());
  roadmap_driver driver(ioc, opts, server.endpoint(), session, deadline);
  const roadmap_results outcome = driver.run();
  const auto metrics = report_roadmap(opts, outcome);
  if (!opts.json_file.empty()) write_json(opts.json_file, opts.scenario, metrics);
  server.stop();
  const bool ok = outcome.fatal.empty() && outcome.joined == opts.roadmap &&
                  outcome.proposals_acknowledged == opts.roadmap &&
                  outcome.votes_acknowledged == opts.roadmap * std::min(opts.votes, opts.roadmap - 1) &&
                  outcome.refused == 0 && outcome.behind == 0;
  std::printf("\nresult: %s\n",
              ok ? "PASS (every proposal and vote acknowledged, every phone caught up)" : "FAIL");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const options opts = parse_options(argc, argv);
  const int connections =
      std::max({opts.participants, opts.fanout + opts.answerers, opts.storm, opts.roadmap + 2});
  const rlim_t wanted = static_cast<rlim_t>(connections) + 256;
  if (const auto limit = raise_descriptor_limit(wanted); limit < wanted)
    std::fprintf(stderr, "note: only %llu file descriptors allowed (hard limit); %d connections may fail\n",
                 static_cast<unsigned long long>(limit), connections);
  const auto deadline = clock_type::now() + std::chrono::seconds(opts.timeout_s);
  try {
    asio::io_context ioc(1);
    server_under_test server(opts, deadline);
    std::printf("machine: %u hardware threads\n", std::thread::hardware_concurrency());
    std::fflush(stdout);
    if (opts.fanout > 0) return run_fanout(ioc, opts, server, deadline);
    if (opts.storm > 0) return run_storm(ioc, opts, server, deadline);
    if (opts.roadmap > 0) return run_roadmap(ioc, opts, server, deadline);
    return run_workshop(ioc, opts, server, deadline);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-load: %s\n", e.what());
    return 1;
  }
}
