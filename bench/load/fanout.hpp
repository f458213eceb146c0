// The fan-out mode (S3): N participants watch one workshop whose results are revealed (by a facilitator
// who then leaves) while K answerers answer in a closed loop. For every acknowledged answer (ack seq S) it
// records when the LAST watcher had received an update with seq >= S, measured from the answer's send and
// from its ack; and it counts the update frames all watchers receive per second. Against
// scsa-bench-broadcast (--broadcast) the same driver measures the bare Beast broadcast of a payload of the
// same size: acks there come after the broadcast was written to every connection.
// Threads: the driver (facilitator, answerers, phases, timers, every latency) runs on the main io_context;
// the watchers on --receive-threads groups (bench/load/fanout_watchers.hpp), each on a thread of its own
// when there are several, which report to it through that io_context.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/latency_histogram.hpp"
#include "bench/load/common.hpp"
#include "bench/load/driver_base.hpp"
#include "bench/load/fanout_watchers.hpp"
#include "bench/load/http_calls.hpp"
#include "bench/load/options.hpp"
#include "bench/load/process_probe.hpp"
#include "bench/load/report.hpp"
#include "bench/load/ws_client.hpp"

namespace scsa::load {

struct fanout_results {
  int receive_threads{1};  // io_contexts (threads) the watchers' frames were read on
  int watchers_joined{0};
  int answerers_joined{0};
  int join_failures{0};
  int watchers_dropped{0};  // during the answering phase
  std::uint64_t answers_acknowledged{0};
  std::uint64_t answers_refused{0};
  std::uint64_t answers_unconfirmed{0};  // acknowledged, but some watcher never saw an update that far
  std::uint64_t deliveries{0};           // update frames received by watchers while answering
  std::uint64_t delivery_bytes{0};
  std::uint64_t facilitator_updates{0};
  std::uint64_t facilitator_update_bytes{0};
  latency_histogram from_send;  // answer send -> last watcher has it (its ack, when the watchers were first)
  latency_histogram from_ack;   // answer ack -> last watcher has it (0 when it was there first)
  latency_histogram
      send_to_ack;  // an answerer's own answer: send -> its ack (acks share the socket with updates)
  std::map<std::string, std::uint64_t> errors_by_code;
  std::vector<std::string> fatal;
  process_sample idle, after;
  thread_cpu server_threads_idle, server_threads_after;  // the server's CPU per thread
  thread_cpu own_threads_idle, own_threads_after;        // this program's CPU per thread
  double answering_s{0};
};

class fanout_driver : public driver_base, private watcher_events {
 public:
  fanout_driver(asio::io_context& ioc, const options& opts, tcp::endpoint endpoint, created_session session,
                pid_t measured_pid, clock_type::time_point deadline)
      : driver_base(ioc, opts, endpoint, std::move(session), deadline),
        measured_pid_(measured_pid),
        pace_timer_(ioc),
        answerers_(static_cast<std::size_t>(opts.answerers)) {
    // Watcher i belongs to group i % G, as its (i / G)th: joins alternate between the groups.
    const std::size_t groups =
        static_cast<std::size_t>(std::max(1, std::min(opts.receive_threads, opts.fanout)));
    const std::size_t watchers = static_cast<std::size_t>(opts.fanout);
    watcher_events& events = *this;
    for (std::size_t g = 0; g < groups; ++g)
      groups_.push_back(std::make_unique<watcher_group>(g, groups > 1, ioc, events, opts, endpoint,
                                                        (watchers - g + groups - 1) / groups, counting_));
    known_.resize(groups);
  }

  fanout_results run() {
    for (auto& group : groups_) group->start();
    arm_deadline(result_.fatal, [this] { stop_now(); });
    if (opts_.broadcast) {
      start_joining();
    } else {
      facilitator_ = connect_facilitator();
      facilitator_->send(json{{"type", "reveal"}, {"id", "f2"}}.dump());
    }
    ioc_.run();
    // The groups' threads end here; only then are their tallies read.
    result_.receive_threads = static_cast<int>(groups_.size());
    for (auto& group : groups_) {
      group->finish();
      result_.deliveries += group->deliveries();
      result_.delivery_bytes += group->delivery_bytes();
      for (const auto& [code, count] : group->errors_by_code()) result_.errors_by_code[code] += count;
      if (!group->failure().empty()) result_.fatal.push_back(group->failure());
    }
    return std::move(result_);
  }

  // The facilitator (index -1) and the answerers (index opts.fanout and up); the watchers' frames go to
  // their groups.
  void on_open(int) override {}

  void on_frame(int index, std::string_view text) override {
    if (index < 0) return facilitator_frame(text);
    if (update_seq(text) >= 0) return;  // answerers receive the updates too; only the watchers' count
    auto& a = answerer_at(index);
    const json frame = json::parse(text, nullptr, false);
    if (!frame.is_object()) return;
    const std::string type = frame.value("type", std::string());
    if (type != "ack" && type != "error") return;
    if (type == "error") count_error(frame);
    const std::string id = frame_id(frame);
    if (id == "j") return answerer_joined(a, type == "ack");
    if (id.rfind("a", 0) == 0 && a.in_flight) return answered(a, frame, type == "ack");
  }

  void on_closed(int index, beast::error_code) override {
    if (index < 0) return maybe_done();
    auto& a = answerer_at(index);
    if (!a.gone && !a.joined && phase_ < phase::closing) {
      ++result_.join_failures;
      join_finished();
    }
    a.gone = true;
    ++closed_;
    maybe_done();
  }

 private:
  enum class phase { facilitating, joining, settling, answering, draining, closing, done };
  struct answerer {
    std::shared_ptr<ws_client> ws;
    bool joined{false};
    bool gone{false};
    bool in_flight{false};  // its answer awaits its ack
    clock_type::time_point sent{};
    int next{0};                                // answers sent so far
    std::unique_ptr<asio::steady_timer> timer;  // its wait before its next answer
  };
  struct pending_answer {
    clock_type::time_point sent, acked;
    // When the watchers had it, as far as known: the latest moment a group's slowest reached its seq after
    // the ack came in (or the ack's).
    clock_type::time_point done;
  };
  struct group_state {  // a group as its last watchers_moved told it
    std::int64_t slowest{watcher_group::nobody};
    int counted{0};
  };

  answerer& answerer_at(int index) { return answerers_[static_cast<std::size_t>(index - opts_.fanout)]; }

  void facilitator_frame(std::string_view text) {
    if (update_seq(text) >= 0) {
      ++result_.facilitator_updates;
      result_.facilitator_update_bytes += text.size();
      return;
    }
    const json frame = json::parse(text, nullptr, false);
    if (!frame.is_object() || frame.value("type", "") == "snapshot") return;
    const std::string id = frame.value("id", "");
    if (frame.value("type", "") != "ack" && (id == "f1" || id == "f2")) {
      count_error(frame);
      result_.fatal.push_back("the facilitator was refused: " + frame.dump());
      return stop_now();
    }
    if (id == "f2" && phase_ == phase::facilitating) {
      // The facilitator leaves once the results are revealed: while thousands join, each of its updates
      // would carry the whole participant list (about 120 bytes a participant), which measures joining,
      // not the participants' fan-out.
      facilitator_->close();
      start_joining();
    }
  }

  void start_joining() {
    phase_ = phase::joining;
    for (int i = 0; i < opts_.connecting; ++i) connect_next();
  }

  // The next connection: watchers first (each on its group's io_context), then the answerers.
  void connect_next() {
    if (next_to_connect_ >= connections() || phase_ != phase::joining) return;
    const std::size_t i = next_to_connect_++;
    std::string join = with_protocol(json{{"type", "join"},
                                          {"id", "j"},
                                          {"code", session_.join_code},
                                          {"name", "W" + std::to_string(i)}})
                           .dump();
    if (i < static_cast<std::size_t>(opts_.fanout)) {
      auto& group = *groups_[i % groups_.size()];
      const std::size_t local = i / groups_.size();
      return group.run(
          [&group, local, join = std::move(join)]() mutable { group.connect(local, std::move(join)); });
    }
    auto& a = answerers_[i - static_cast<std::size_t>(opts_.fanout)];
    a.ws = std::make_shared<ws_client>(ioc_, *this, static_cast<int>(i), opts_.deflate);
    a.ws->connect(endpoint_);
    a.ws->send(std::move(join));
  }

  std::size_t connections() const { return static_cast<std::size_t>(opts_.fanout) + answerers_.size(); }

  void answerer_joined(answerer& a, bool ack) {
    if (a.joined) return;
    if (!ack) {
      ++result_.join_failures;
      a.gone = true;
      a.ws->close();
    } else {
      a.joined = true;
      ++result_.answerers_joined;
    }
    join_finished();
  }

  void watcher_joined(bool acknowledged) override {
    if (acknowledged)
      ++result_.watchers_joined;
    else
      ++result_.join_failures;
    join_finished();
  }

  void watcher_closed(bool already_gone, bool had_joined) override {
    if (!already_gone && phase_ < phase::closing) {
      if (!had_joined) {
        ++result_.join_failures;
        join_finished();
      } else {
        ++result_.watchers_dropped;
      }
    }
    ++closed_;
    maybe_done();
  }

  void join_finished() {
    if (phase_ != phase::joining) return;
    connect_next();
    if (result_.watchers_joined + result_.answerers_joined + result_.join_failures <
        static_cast<int>(connections()))
      return;
    phase_ = phase::settling;
    settle(clock_type::now() + std::chrono::seconds(5));
  }

  // Waits until every joined watcher's snapshot is in (up to `until`) and a moment more (0.1 s, plus
  // 0.2 ms per connection, at most 1 s), so the joins' own updates are over before answering starts.
  void settle(clock_type::time_point until) {
    if (counted_watchers_ < result_.watchers_joined && clock_type::now() < until) {
      phase_timer_.expires_after(std::chrono::milliseconds(50));
      phase_timer_.async_wait([this, until](beast::error_code ec) {
        if (!ec) settle(until);
      });
      return;
    }
    const auto quiet = std::min<std::chrono::microseconds>(
        std::chrono::seconds(1), std::chrono::microseconds(100'000 + 200 * static_cast<long>(connections())));
    phase_timer_.expires_after(quiet);
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) start_answering();
    });
  }

  // CPU of both sides, in all and per thread, at the start and the end of the answering.
  void sample_cpu(process_sample& process, thread_cpu& server_threads, thread_cpu& own_threads) const {
    process = sample_process(measured_pid_);
    if (measured_pid_ > 0) server_threads = sample_threads(measured_pid_);
    own_threads = sample_threads(0);
  }

  void start_answering() {
    sample_cpu(result_.idle, result_.server_threads_idle, result_.own_threads_idle);
    phase_ = phase::answering;
    counting_.store(true, std::memory_order_relaxed);
    answering_started_ = clock_type::now();
    if (opts_.pace_ms > 0) {
      pace_tick();
    } else {
      for (std::size_t i = 0; i < answerers_.size(); ++i)
        if (answerers_[i].joined && !answerers_[i].gone) send_answer(answerers_[i]);
    }
    phase_timer_.expires_after(
        std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(opts_.seconds)));
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) stop_answering();
    });
  }

  // The quiet room: one answer every --pace-ms, from the next answerer that has none in flight.
  void pace_tick() {
    if (phase_ != phase::answering) return;
    for (std::size_t tried = 0; tried < answerers_.size(); ++tried) {
      auto& a = answerers_[next_pacer_++ % answerers_.size()];
      if (a.joined && !a.gone && !a.in_flight) {
        send_answer(a);
        break;
      }
    }
    pace_timer_.expires_after(std::chrono::milliseconds(opts_.pace_ms));
    pace_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) pace_tick();
    });
  }

  // Closed loop: the next answer as soon as the last is acknowledged, but no sooner than 1/--answer-rate
  // after the last send.
  void answer_again(answerer& a) {
    const auto gap = std::chrono::duration_cast<clock_type::duration>(
        std::chrono::duration<double>(1.0 / opts_.answer_rate));
    const auto due = a.sent + gap;
    if (due <= clock_type::now()) return send_answer(a);
    if (!a.timer) a.timer = std::make_unique<asio::steady_timer>(ioc_);
    a.timer->expires_at(due);
    a.timer->async_wait([this, &a](beast::error_code ec) {
      if (!ec) send_answer(a);
    });
  }

  // Answer j of answerer a (its connection index, opts.fanout and up): statements in turn, current then
  // desired, a different level on every pass so each answer changes the group's counts.
  void send_answer(answerer& a) {
    if (phase_ != phase::answering || a.gone) return;
    const int index = opts_.fanout + static_cast<int>(&a - answerers_.data());
    const int j = a.next++;
    const int statement = (j / 2) % statement_count + 1;
    const int level = 1 + (j / answers_per_participant + index) % 5;
    std::string frame = R"({"type":"answer","id":"a)";
    frame += std::to_string(j);
    frame += R"(","statement":)";
    frame += std::to_string(statement);
    frame += j % 2 == 0 ? R"(,"aspect":"current","level":)" : R"(,"aspect":"desired","level":)";
    frame += std::to_string(level);
    frame += '}';
    a.in_flight = true;
    a.sent = clock_type::now();
    a.ws->send(std::move(frame));
  }

  void answered(answerer& a, const json& frame, bool ack) {
    const auto now = clock_type::now();
    a.in_flight = false;
    if (!ack) {
      ++result_.answers_refused;
    } else if (phase_ == phase::answering || phase_ == phase::draining) {
      ++result_.answers_acknowledged;
      result_.send_to_ack.record(now - a.sent);
      const std::int64_t seq = frame.value("seq", std::int64_t{0});
      if (const auto slowest = slowest_watcher(); slowest && *slowest >= seq) {
        result_.from_send.record(now - a.sent);
        result_.from_ack.record(std::chrono::nanoseconds(0));
      } else {
        waiting_.emplace(seq, pending_answer{a.sent, now, now});
      }
    }
    if (phase_ == phase::answering && opts_.pace_ms == 0) answer_again(a);
    maybe_drained();
  }

  // The slowest counted watcher's seq over all groups, as they last told it; none while no watcher is
  // counted (answers then wait).
  std::optional<std::int64_t> slowest_watcher() const {
    if (counted_watchers_ == 0) return std::nullopt;
    std::int64_t slowest = watcher_group::nobody;
    for (const auto& group : known_) slowest = std::min(slowest, group.slowest);
    return slowest;
  }

  // A group's slowest watcher (or its number counted) changed at `at`. Waiting answers whose seq it has now
  // reached note `at`: when the last group reaches an answer's seq, the latest such moment is when the last
  // watcher had the answer's update, whatever order the groups' reports arrive in (and the ack's moment,
  // when the watchers were there before the answerer had its ack, as with one thread).
  void watchers_moved(std::size_t group, std::int64_t slowest, int counted,
                      clock_type::time_point at) override {
    auto& known = known_[group];
    const std::int64_t before = known.slowest;
    const bool none_before = counted_watchers_ == 0;
    counted_watchers_ += counted - known.counted;
    known = {slowest, counted};
    if (phase_ >= phase::closing || waiting_.empty()) return;
    if (none_before && counted_watchers_ > 0) {
      // The first counted watcher: every answer it has reached was waiting for it.
      for (auto it = waiting_.begin(); it != waiting_.end() && it->first <= slowest; ++it)
        it->second.done = std::max(it->second.done, at);
    } else if (slowest > before) {
      for (auto it = waiting_.upper_bound(before); it != waiting_.end() && it->first <= slowest; ++it)
        it->second.done = std::max(it->second.done, at);
    }
    settle_waiting();
  }

  void settle_waiting() {
    const auto slowest = slowest_watcher();
    if (!slowest || waiting_.empty()) return;
    while (!waiting_.empty() && waiting_.begin()->first <= *slowest) {
      const auto& answer = waiting_.begin()->second;
      result_.from_send.record(answer.done - answer.sent);
      result_.from_ack.record(answer.done - answer.acked);
      waiting_.erase(waiting_.begin());
    }
    maybe_drained();
  }

  void stop_answering() {
    if (phase_ != phase::answering) return;
    result_.answering_s = seconds_between(answering_started_, clock_type::now());
    sample_cpu(result_.after, result_.server_threads_after, result_.own_threads_after);
    phase_ = phase::draining;
    pace_timer_.cancel();
    for (auto& a : answerers_)
      if (a.timer) a.timer->cancel();
    // The answers still in flight and the updates still on their way get up to 3 s more.
    phase_timer_.expires_after(std::chrono::seconds(3));
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) close_all();
    });
    maybe_drained();
  }

  void maybe_drained() {
    if (phase_ != phase::draining || !waiting_.empty()) return;
    for (const auto& a : answerers_)
      if (a.in_flight && !a.gone) return;
    close_all();
  }

  void close_all() {
    if (phase_ >= phase::closing) return;
    result_.answers_unconfirmed = waiting_.size();
    waiting_.clear();
    phase_ = phase::closing;
    counting_.store(false, std::memory_order_relaxed);
    phase_timer_.cancel();
    for (auto& a : answerers_)
      if (a.ws) a.ws->close();
    for (auto& group : groups_) group->run([&watchers = *group] { watchers.close_all(); });
    if (facilitator_) facilitator_->close();
    phase_timer_.expires_after(std::chrono::seconds(3));
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) stop_now();
    });
    maybe_done();
  }

  void maybe_done() {
    if (phase_ != phase::closing || closed_ < static_cast<int>(next_to_connect_)) return;
    phase_ = phase::done;
    deadline_timer_.cancel();
    phase_timer_.cancel();
    if (facilitator_) facilitator_->abort();
  }

  void stop_now() {
    if (phase_ == phase::done) return;
    if (phase_ == phase::answering) {
      result_.answering_s = seconds_between(answering_started_, clock_type::now());
      sample_cpu(result_.after, result_.server_threads_after, result_.own_threads_after);
    }
    if (phase_ < phase::closing) result_.answers_unconfirmed = waiting_.size();
    phase_ = phase::done;
    counting_.store(false, std::memory_order_relaxed);
    pace_timer_.cancel();
    for (auto& a : answerers_) {
      if (a.timer) a.timer->cancel();
      if (a.ws) a.ws->abort();
    }
    for (auto& group : groups_) group->run([&watchers = *group] { watchers.abort_all(); });
    if (facilitator_) facilitator_->abort();
    ioc_.stop();
  }

  void count_error(const json& frame) { load::count_error(result_.errors_by_code, frame); }

  pid_t measured_pid_;
  asio::steady_timer pace_timer_;
  std::size_t next_pacer_{0};
  std::shared_ptr<ws_client> facilitator_;
  std::vector<answerer> answerers_;
  std::atomic<bool> counting_{false};  // the watchers' update frames count as deliveries (read by the groups)
  std::vector<std::unique_ptr<watcher_group>> groups_;  // the watchers, one group per receive thread
  std::vector<group_state> known_;                      // each group as last told
  std::size_t next_to_connect_{0};
  int closed_{0};
  int counted_watchers_{0};                              // over all groups, as last told
  std::multimap<std::int64_t, pending_answer> waiting_;  // acknowledged answers some watcher has not seen yet
  clock_type::time_point answering_started_{};
  phase phase_{phase::facilitating};
  fanout_results result_;
};

inline std::vector<metric> report_fanout(const options& opts, const fanout_results& r, pid_t measured_pid) {
  std::vector<metric> metrics;
  const std::string loop = opts.pace_ms > 0
                               ? "one answer every " + std::to_string(opts.pace_ms) + " ms from"
                               : "a closed loop (at most " + fixed(opts.answer_rate, 0) + "/s each) of";
  std::printf("\nscsa fan-out benchmark: %d watchers, %s %d answerers for %.0f s%s\n", opts.fanout,
              loop.c_str(), opts.answerers, opts.seconds, opts.broadcast ? " (broadcast baseline)" : "");
  std::printf("  %-32s %12d%s\n", "receive threads (watchers)", r.receive_threads,
              r.receive_threads > 1 ? " (the answerers on one more)" : " (everything on one thread)");
  std::printf("  %-32s %12d of %d\n", "watchers joined", r.watchers_joined, opts.fanout);
  std::printf("  %-32s %12d of %d\n", "answerers joined", r.answerers_joined, opts.answerers);
  std::printf("  %-32s %12d\n", "watchers dropped while answering", r.watchers_dropped);
  std::printf("  %-32s %12llu\n", "answers acknowledged",
              static_cast<unsigned long long>(r.answers_acknowledged));
  std::printf("  %-32s %12llu\n", "acknowledged, never at every watcher",
              static_cast<unsigned long long>(r.answers_unconfirmed));
  metrics.push_back({"receive_threads", static_cast<double>(r.receive_threads), "count"});
  metrics.push_back({"watchers_joined", static_cast<double>(r.watchers_joined), "count"});
  metrics.push_back({"watchers_dropped", static_cast<double>(r.watchers_dropped), "count"});
  metrics.push_back({"join_failures", static_cast<double>(r.join_failures), "count"});
  metrics.push_back({"answers_acknowledged", static_cast<double>(r.answers_acknowledged), "count"});
  metrics.push_back({"answers_refused", static_cast<double>(r.answers_refused), "count"});
  metrics.push_back({"answers_unconfirmed", static_cast<double>(r.answers_unconfirmed), "count"});
  if (r.answering_s > 0) {
    const double rate = static_cast<double>(r.deliveries) / r.answering_s;
    const double answers = static_cast<double>(r.answers_acknowledged) / r.answering_s;
    std::printf("  %-32s %12s /s\n", "acknowledged answers", fixed(answers, 1).c_str());
    std::printf("  %-32s %12s /s\n", "updates delivered to watchers", fixed(rate, 0).c_str());
    std::printf("  %-32s %12s /s per watcher\n", "", fixed(rate / std::max(1, r.watchers_joined), 1).c_str());
    metrics.push_back({"answering_s", r.answering_s, "s"});
    metrics.push_back({"answers_per_s", answers, "1/s"});
    metrics.push_back({"deliveries_per_s", rate, "1/s"});
    metrics.push_back({"updates_per_watcher_per_s", rate / std::max(1, r.watchers_joined), "1/s"});
    metrics.push_back(
        {"delivered_mib_per_s", static_cast<double>(r.delivery_bytes) / r.answering_s / 1048576.0, "MiB/s"});
  }
  if (r.deliveries > 0) {
    const double bytes = static_cast<double>(r.delivery_bytes) / static_cast<double>(r.deliveries);
    std::printf("  %-32s %12s bytes\n", "update size (watchers, mean)", fixed(bytes, 0).c_str());
    metrics.push_back({"update_bytes", bytes, "bytes"});
  }
  if (r.facilitator_updates > 0) {
    const double bytes =
        static_cast<double>(r.facilitator_update_bytes) / static_cast<double>(r.facilitator_updates);
    std::printf("  %-32s %12llu of %s bytes\n", "facilitator updates",
                static_cast<unsigned long long>(r.facilitator_updates), fixed(bytes, 0).c_str());
    metrics.push_back({"facilitator_update_bytes", bytes, "bytes"});
  }
  latency_rows("answer send -> last watcher has it", r.from_send, "send_to_last_watcher", metrics);
  latency_rows("answer ack -> last watcher has it", r.from_ack, "ack_to_last_watcher", metrics);
  latency_rows("answer send -> its ack (the answerer's own)", r.send_to_ack, "send_to_ack", metrics);
  // Which side was the limit: a side whose busiest thread used about a whole core (or both sides together
  // every core of the machine) could not have gone faster.
  if (r.answering_s > 0) {
    const unsigned cores = std::thread::hardware_concurrency();
    std::printf("\n%-34s %12s %12s\n", "CPU while answering (% of one core)", "in all", "busiest thread");
    if (measured_pid > 0 && r.idle.valid && r.after.valid) {
      const double cpu = r.after.cpu_s - r.idle.cpu_s;
      const double busiest = busiest_thread_cpu_s(r.server_threads_idle, r.server_threads_after);
      const double percent = cpu / r.answering_s * 100.0;
      const double busiest_percent = busiest / r.answering_s * 100.0;
      std::printf("  %-32s %12s %12s   (%.2f s CPU, %ld threads)\n", "server", fixed(percent, 1).c_str(),
                  fixed(busiest_percent, 1).c_str(), cpu, r.after.threads);
      metrics.push_back({"server_cpu_answering", cpu, "s"});
      metrics.push_back({"server_cpu_percent_answering", percent, "%"});
      metrics.push_back({"server_busiest_thread_percent", busiest_percent, "%"});
      metrics.push_back({"server_threads", static_cast<double>(r.after.threads), "count"});
    }
    const double own = r.after.own_cpu_s - r.idle.own_cpu_s;
    const double own_busiest = busiest_thread_cpu_s(r.own_threads_idle, r.own_threads_after);
    std::printf("  %-32s %12s %12s   (%.2f s CPU, %d receive thread%s)\n", "load generator",
                fixed(own / r.answering_s * 100.0, 1).c_str(),
                fixed(own_busiest / r.answering_s * 100.0, 1).c_str(), own, r.receive_threads,
                r.receive_threads == 1 ? "" : "s");
    const double machine = r.after.machine_cpu_s - r.idle.machine_cpu_s;
    std::printf("  %-32s %12s %12s   (%u hardware threads; every process)\n", "the machine",
                fixed(machine / r.answering_s * 100.0, 1).c_str(), "", cores);
    metrics.push_back({"loadgen_cpu_answering", own, "s"});
    metrics.push_back({"loadgen_cpu_percent_answering", own / r.answering_s * 100.0, "%"});
    metrics.push_back({"loadgen_busiest_thread_percent", own_busiest / r.answering_s * 100.0, "%"});
    metrics.push_back({"machine_cores", static_cast<double>(cores), "count"});
    metrics.push_back({"machine_cpu_percent_answering", machine / r.answering_s * 100.0, "%"});
  }
  report_errors_and_stops(r.errors_by_code, r.fatal, metrics);
  return metrics;
}

}  // namespace scsa::load
