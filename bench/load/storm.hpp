// The reconnect storm (S6): N participants join with tokens of their own; then every connection drops
// (closed here, or the server is restarted by the caller's `drop` step) and all N reconnect at once, each
// sending `resume` with its token as soon as its handshake completes. Records resume->snapshot and
// reconnect->snapshot latency and counts every failure: a connection that fails, an error, or no snapshot
// before the deadline.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bench/latency_histogram.hpp"
#include "bench/load/common.hpp"
#include "bench/load/driver_base.hpp"
#include "bench/load/http_calls.hpp"
#include "bench/load/options.hpp"
#include "bench/load/process_probe.hpp"
#include "bench/load/report.hpp"
#include "bench/load/ws_client.hpp"

namespace scsa::load {

struct storm_results {
  int joined{0};
  int join_failures{0};
  int resumed{0};                           // snapshots after resume
  int connect_failures{0};                  // the reconnect's connection or handshake failed
  int resume_errors{0};                     // the server answered resume with an error
  int missing{0};                           // no snapshot before the deadline
  latency_histogram resume_to_snapshot;     // resume sent -> snapshot received
  latency_histogram reconnect_to_snapshot;  // storm start (connect) -> snapshot received
  double storm_s{0};                        // storm start -> last snapshot
  double restart_s{0};                      // the drop step (a server restart: until it listens again)
  std::map<std::string, std::uint64_t> errors_by_code;
  std::vector<std::string> fatal;
};

class storm_driver : public driver_base {
 public:
  // `drop` runs between the two halves, after every connection is closed: it returns the endpoint to
  // reconnect to (the same one, or a restarted server's).
  storm_driver(asio::io_context& ioc, const options& opts, tcp::endpoint endpoint, created_session session,
               std::function<tcp::endpoint()> drop, clock_type::time_point deadline)
      : driver_base(ioc, opts, endpoint, std::move(session), deadline),
        drop_(std::move(drop)),
        deadline_(deadline),
        clients_(static_cast<std::size_t>(opts.storm)) {
    std::mt19937_64 rng(opts.seed);
    for (auto& c : clients_) {
      char hex[17];
      for (int part = 0; part < 4; ++part) {
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(rng()));
        c.token += hex;
      }
    }
  }

  storm_results run() {
    arm_deadline(result_.fatal, [this] { deadline_passed(); });
    phase_ = phase::joining;
    for (int i = 0; i < opts_.connecting; ++i) connect_next();
    ioc_.run();
    return std::move(result_);
  }

  void on_open(int index) override {
    auto& c = clients_[static_cast<std::size_t>(index)];
    if (phase_ != phase::storming) return;
    c.resume_sent = clock_type::now();
    c.ws->send(with_protocol(json{{"type", "resume"}, {"id", "r"}, {"token", c.token}}).dump());
    if (opts_.storm_connecting > 0) storm_next();
  }

  void on_frame(int index, std::string_view text) override {
    auto& c = clients_[static_cast<std::size_t>(index)];
    const json frame = json::parse(text, nullptr, false);
    if (!frame.is_object()) return;
    const std::string type = frame.value("type", "");
    const std::string id = frame.value("id", "");
    if (phase_ == phase::joining && id == "j") return join_answered(c, frame, type == "ack");
    if (phase_ != phase::storming || c.done) return;
    if (type == "error" && id == "r") {
      ++result_.resume_errors;
      count_error(frame);
      return finish(c);
    }
    if (type == "snapshot") {
      const auto now = clock_type::now();
      ++result_.resumed;
      result_.resume_to_snapshot.record(now - c.resume_sent);
      result_.reconnect_to_snapshot.record(now - storm_started_);
      result_.storm_s = seconds_between(storm_started_, now);
      finish(c);
    }
  }

  void on_closed(int index, beast::error_code) override {
    auto& c = clients_[static_cast<std::size_t>(index)];
    c.ended = true;
    ++closed_;
    if (phase_ == phase::joining && !c.joined) {
      if (c.failed) return;
      c.failed = true;
      ++result_.join_failures;
      return join_finished();
    }
    if (phase_ == phase::dropping) return maybe_dropped();
    if (phase_ == phase::storming && !c.done) {
      ++result_.connect_failures;
      finish(c);
      if (opts_.storm_connecting > 0) storm_next();
    }
  }

 private:
  enum class phase { joining, dropping, storming, done };
  struct client {
    std::string token;
    std::shared_ptr<ws_client> ws;
    bool joined{false};
    bool failed{false};  // the join failed (refused, or the connection ended first)
    bool ended{false};   // its connection has ended
    bool done{false};    // the storm is over for it: a snapshot, an error or a failed connection
    clock_type::time_point resume_sent{};
  };

  void connect_next() {
    if (next_ >= clients_.size()) return;
    auto& c = clients_[next_];
    c.ws = std::make_shared<ws_client>(ioc_, *this, static_cast<int>(next_), opts_.deflate);
    ++next_;
    c.ws->connect(endpoint_);
    c.ws->send(
        with_protocol(json{{"type", "join"}, {"id", "j"}, {"code", session_.join_code}, {"token", c.token}})
            .dump());
  }

  void join_answered(client& c, const json& frame, bool ack) {
    if (c.joined) return;
    if (ack) {
      c.joined = true;
      ++result_.joined;
    } else {
      if (c.failed) return;
      c.failed = true;
      ++result_.join_failures;
      count_error(frame);
    }
    join_finished();
  }

  void join_finished() {
    connect_next();
    if (result_.joined + result_.join_failures < static_cast<int>(clients_.size())) return;
    // Every participant joined: drop every connection.
    phase_ = phase::dropping;
    closed_ = 0;
    for (auto& c : clients_) {
      if (c.ended)
        ++closed_;
      else if (c.ws)
        c.ws->close();
    }
    maybe_dropped();
  }

  void maybe_dropped() {
    if (phase_ != phase::dropping || closed_ < static_cast<int>(next_)) return;
    const auto started = clock_type::now();
    endpoint_ = drop_();
    result_.restart_s = seconds_between(started, clock_type::now());
    start_storm();
  }

  void start_storm() {
    phase_ = phase::storming;
    storm_started_ = clock_type::now();
    next_ = 0;
    const std::size_t at_once =
        opts_.storm_connecting > 0 ? static_cast<std::size_t>(opts_.storm_connecting) : clients_.size();
    for (std::size_t i = 0; i < at_once; ++i) storm_next();
  }

  void storm_next() {
    while (next_ < clients_.size() && !clients_[next_].joined) {
      clients_[next_].done = true;  // never joined: nothing to resume
      ++finished_;
      ++next_;
    }
    if (next_ >= clients_.size()) return maybe_over();
    auto& c = clients_[next_];
    c.ended = false;
    c.ws = std::make_shared<ws_client>(ioc_, *this, static_cast<int>(next_), opts_.deflate);
    ++next_;
    c.ws->connect(endpoint_);
  }

  void finish(client& c) {
    if (c.done) return;
    c.done = true;
    ++finished_;
    maybe_over();
  }

  void maybe_over() {
    if (finished_ < static_cast<int>(clients_.size())) return;
    stop();
  }

  void deadline_passed() {
    if (phase_ == phase::storming) {
      for (auto& c : clients_)
        if (!c.done && c.joined) ++result_.missing;
    }
    stop();
  }

  void stop() {
    if (phase_ == phase::done) return;
    phase_ = phase::done;
    deadline_timer_.cancel();
    phase_timer_.cancel();
    for (auto& c : clients_)
      if (c.ws) c.ws->abort();
    ioc_.stop();
  }

  void count_error(const json& frame) { load::count_error(result_.errors_by_code, frame); }

  std::function<tcp::endpoint()> drop_;
  clock_type::time_point deadline_;
  std::vector<client> clients_;
  std::size_t next_{0};
  int closed_{0};
  int finished_{0};
  clock_type::time_point storm_started_{};
  phase phase_{phase::joining};
  storm_results result_;
};

inline std::vector<metric> report_storm(const options& opts, const storm_results& r) {
  std::vector<metric> metrics;
  const int failures = r.join_failures + r.connect_failures + r.resume_errors + r.missing;
  std::printf("\nscsa reconnect storm: %d participants, %s, then %s\n", opts.storm,
              opts.restart ? "server restarted" : "connections closed",
              opts.storm_connecting > 0
                  ? ("at most " + std::to_string(opts.storm_connecting) + " handshakes at once").c_str()
                  : "all reconnecting at once");
  std::printf("  %-32s %12d of %d\n", "joined before the drop", r.joined, opts.storm);
  std::printf("  %-32s %12d\n", "resumed (snapshot received)", r.resumed);
  std::printf("  %-32s %12d\n", "connections failed", r.connect_failures);
  std::printf("  %-32s %12d\n", "resume answered with an error", r.resume_errors);
  std::printf("  %-32s %12d\n", "no snapshot before the deadline", r.missing);
  std::printf("  %-32s %12s s\n", "drop step (restart) took", fixed(r.restart_s, 2).c_str());
  std::printf("  %-32s %12s s\n", "storm start -> last snapshot", fixed(r.storm_s, 2).c_str());
  metrics.push_back({"joined", static_cast<double>(r.joined), "count"});
  metrics.push_back({"resumed", static_cast<double>(r.resumed), "count"});
  metrics.push_back({"failures", static_cast<double>(failures), "count"});
  metrics.push_back({"connect_failures", static_cast<double>(r.connect_failures), "count"});
  metrics.push_back({"resume_errors", static_cast<double>(r.resume_errors), "count"});
  metrics.push_back({"restart_s", r.restart_s, "s"});
  metrics.push_back({"storm_s", r.storm_s, "s"});
  latency_rows("resume sent -> snapshot", r.resume_to_snapshot, "resume_to_snapshot", metrics);
  latency_rows("storm start (connect) -> snapshot", r.reconnect_to_snapshot, "reconnect_to_snapshot",
               metrics);
  report_errors_and_stops(r.errors_by_code, r.fatal, metrics);
  return metrics;
}

}  // namespace scsa::load
