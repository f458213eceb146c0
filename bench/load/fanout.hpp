// The fan-out mode (S3): N participants watch one workshop whose results are revealed (by a facilitator
// who then leaves) while K answerers
// answer in a closed loop. For every acknowledged answer (ack seq S) it records when the LAST watcher had
// received an update with seq >= S, measured from the answer's send and from its ack; and it counts the
// update frames all watchers receive per second. Against scsa-bench-broadcast (--broadcast) the same
// driver measures the bare Beast broadcast of a payload of the same size: acks there come after the
// broadcast was written to every connection.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
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

// The seq of an update frame without parsing it all: the server's JSON keys are sorted, so "seq" sits
// near the end (after "results"), behind only "session" and "type". -1 when the frame is no update.
inline std::int64_t update_seq(std::string_view text) {
  constexpr std::string_view type_tail = R"("type":"update"})";
  if (text.size() < type_tail.size() || text.substr(text.size() - type_tail.size()) != type_tail) {
    if (text.find(R"("type":"update")") == std::string_view::npos) return -1;
  }
  const auto at = text.rfind(R"("seq":)");
  if (at == std::string_view::npos) return -1;
  std::int64_t seq = 0;
  bool digits = false;
  for (std::size_t i = at + 6; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    seq = seq * 10 + (text[i] - '0');
    digits = true;
  }
  return digits ? seq : -1;
}

struct fanout_results {
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
  latency_histogram from_send;  // answer send -> last watcher has it
  latency_histogram from_ack;   // answer ack -> last watcher has it (0 when it was there first)
  latency_histogram
      send_to_ack;  // an answerer's own answer: send -> its ack (acks share the socket with updates)
  std::map<std::string, std::uint64_t> errors_by_code;
  std::vector<std::string> fatal;
  process_sample idle, after;
  double answering_s{0};
};

class fanout_driver : public driver_base {
 public:
  fanout_driver(asio::io_context& ioc, const options& opts, tcp::endpoint endpoint, created_session session,
                pid_t measured_pid, clock_type::time_point deadline)
      : driver_base(ioc, opts, endpoint, std::move(session), deadline),
        measured_pid_(measured_pid),
        pace_timer_(ioc),
        clients_(static_cast<std::size_t>(opts.fanout + opts.answerers)) {}

  fanout_results run() {
    arm_deadline(result_.fatal, [this] { stop_now(); });
    if (opts_.broadcast) {
      start_joining();
    } else {
      facilitator_ = connect_facilitator();
      facilitator_->send(json{{"type", "reveal"}, {"id", "f2"}}.dump());
    }
    ioc_.run();
    return std::move(result_);
  }

  void on_open(int) override {}

  void on_frame(int index, std::string_view text) override {
    if (index < 0) return facilitator_frame(text);
    auto& c = clients_[static_cast<std::size_t>(index)];
    const std::int64_t seq = update_seq(text);
    if (seq >= 0) {
      if (!is_watcher(index)) return;
      if (phase_ == phase::answering || phase_ == phase::draining) {
        ++result_.deliveries;
        result_.delivery_bytes += text.size();
      }
      return watcher_reached(c, seq);
    }
    const json frame = json::parse(text, nullptr, false);
    if (!frame.is_object()) return;
    const std::string type = frame.value("type", std::string());
    const std::string id = frame_id(frame);
    if (type == "snapshot") {
      if (is_watcher(index) && frame.contains("seq") && frame["seq"].is_number_integer())
        watcher_reached(c, frame["seq"].get<std::int64_t>());
      return;
    }
    if (type != "ack" && type != "error") return;
    if (type == "error") count_error(frame);
    if (id == "j") return joined(index, c, type == "ack");
    if (id.rfind("a", 0) == 0 && c.in_flight) return answered(c, frame, type == "ack");
  }

  void on_closed(int index, beast::error_code) override {
    if (index < 0) return maybe_done();
    auto& c = clients_[static_cast<std::size_t>(index)];
    const bool expected = phase_ >= phase::closing;
    if (!c.gone && !expected) {
      if (!c.joined) {
        ++result_.join_failures;
        join_finished();
      } else if (is_watcher(index)) {
        ++result_.watchers_dropped;
        forget_watcher(c);
      }
    }
    c.gone = true;
    ++closed_;
    maybe_done();
  }

 private:
  enum class phase { facilitating, joining, settling, answering, draining, closing, done };
  struct client {
    std::shared_ptr<ws_client> ws;
    bool joined{false};
    bool gone{false};
    bool counted{false};    // a watcher in seen_ (joined, its first seq known)
    std::int64_t seen{-1};  // a watcher's newest seq
    bool in_flight{false};  // an answerer's answer awaits its ack
    clock_type::time_point sent{};
    int next{0};                                // an answerer's answers sent so far
    std::unique_ptr<asio::steady_timer> timer;  // an answerer's wait before its next answer
  };
  struct pending_answer {
    clock_type::time_point sent, acked;
  };

  bool is_watcher(int index) const { return index < opts_.fanout; }

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

  void connect_next() {
    if (next_to_connect_ >= clients_.size() || phase_ != phase::joining) return;
    const std::size_t i = next_to_connect_++;
    auto& c = clients_[i];
    c.ws = std::make_shared<ws_client>(ioc_, *this, static_cast<int>(i), opts_.deflate);
    c.ws->connect(endpoint_);
    c.ws->send(with_protocol(json{{"type", "join"},
                                  {"id", "j"},
                                  {"code", session_.join_code},
                                  {"name", "W" + std::to_string(i)}})
                   .dump());
  }

  void joined(int index, client& c, bool ack) {
    if (c.joined) return;
    if (!ack) {
      ++result_.join_failures;
      c.gone = true;
      c.ws->close();
    } else {
      c.joined = true;
      if (is_watcher(index))
        ++result_.watchers_joined;
      else
        ++result_.answerers_joined;
      // The broadcast server sends no snapshot: a watcher starts from seq 0 there.
      if (opts_.broadcast && is_watcher(index)) watcher_reached(c, 0);
    }
    join_finished();
  }

  void join_finished() {
    if (phase_ != phase::joining) return;
    connect_next();
    if (result_.watchers_joined + result_.answerers_joined + result_.join_failures <
        static_cast<int>(clients_.size()))
      return;
    phase_ = phase::settling;
    settle(clock_type::now() + std::chrono::seconds(5));
  }

  // Waits until every joined watcher's snapshot is in (up to `until`) and a moment more (0.1 s, plus
  // 0.2 ms per watcher, at most 1 s), so the joins' own updates are over before answering starts.
  void settle(clock_type::time_point until) {
    if (counted_watchers_ < result_.watchers_joined && clock_type::now() < until) {
      phase_timer_.expires_after(std::chrono::milliseconds(50));
      phase_timer_.async_wait([this, until](beast::error_code ec) {
        if (!ec) settle(until);
      });
      return;
    }
    const auto quiet = std::min<std::chrono::microseconds>(
        std::chrono::seconds(1),
        std::chrono::microseconds(100'000 + 200 * static_cast<long>(clients_.size())));
    phase_timer_.expires_after(quiet);
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) start_answering();
    });
  }

  void start_answering() {
    result_.idle = sample_process(measured_pid_);
    phase_ = phase::answering;
    answering_started_ = clock_type::now();
    if (opts_.pace_ms > 0) {
      pace_tick();
    } else {
      for (std::size_t i = static_cast<std::size_t>(opts_.fanout); i < clients_.size(); ++i)
        if (clients_[i].joined && !clients_[i].gone) send_answer(clients_[i], static_cast<int>(i));
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
    const std::size_t first = static_cast<std::size_t>(opts_.fanout);
    const std::size_t count = clients_.size() - first;
    for (std::size_t tried = 0; tried < count; ++tried) {
      const std::size_t i = first + (next_pacer_++ % count);
      if (clients_[i].joined && !clients_[i].gone && !clients_[i].in_flight) {
        send_answer(clients_[i], static_cast<int>(i));
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
  void answer_again(client& c, int index) {
    const auto gap = std::chrono::duration_cast<clock_type::duration>(
        std::chrono::duration<double>(1.0 / opts_.answer_rate));
    const auto due = c.sent + gap;
    if (due <= clock_type::now()) return send_answer(c, index);
    if (!c.timer) c.timer = std::make_unique<asio::steady_timer>(ioc_);
    c.timer->expires_at(due);
    c.timer->async_wait([this, &c, index](beast::error_code ec) {
      if (!ec) send_answer(c, index);
    });
  }

  // Answer j of answerer a: statements in turn, current then desired, a different level on every pass so
  // each answer changes the group's counts.
  void send_answer(client& c, int index) {
    if (phase_ != phase::answering || c.gone) return;
    const int j = c.next++;
    const int statement = (j / 2) % statement_count + 1;
    const int level = 1 + (j / answers_per_participant + index) % 5;
    std::string frame = R"({"type":"answer","id":"a)";
    frame += std::to_string(j);
    frame += R"(","statement":)";
    frame += std::to_string(statement);
    frame += j % 2 == 0 ? R"(,"aspect":"current","level":)" : R"(,"aspect":"desired","level":)";
    frame += std::to_string(level);
    frame += '}';
    c.in_flight = true;
    c.sent = clock_type::now();
    c.ws->send(std::move(frame));
  }

  void answered(client& c, const json& frame, bool ack) {
    const auto now = clock_type::now();
    c.in_flight = false;
    if (!ack) {
      ++result_.answers_refused;
    } else if (phase_ == phase::answering || phase_ == phase::draining) {
      ++result_.answers_acknowledged;
      result_.send_to_ack.record(now - c.sent);
      const std::int64_t seq = frame.value("seq", std::int64_t{0});
      if (!seen_.empty() && seen_.begin()->first >= seq) {
        result_.from_send.record(now - c.sent);
        result_.from_ack.record(std::chrono::nanoseconds(0));
      } else {
        waiting_.emplace(seq, pending_answer{c.sent, now});
      }
    }
    const auto index = static_cast<int>(&c - clients_.data());
    if (phase_ == phase::answering && opts_.pace_ms == 0) answer_again(c, index);
    maybe_drained();
  }

  // A watcher has everything up to `seq`: the slowest watcher's seq may move, settling waiting answers.
  void watcher_reached(client& c, std::int64_t seq) {
    if (c.gone || seq <= c.seen) return;
    if (c.counted) {
      auto old = seen_.find(c.seen);
      if (--old->second == 0) seen_.erase(old);
    } else {
      c.counted = true;
      ++counted_watchers_;
    }
    c.seen = seq;
    ++seen_[seq];
    settle_waiting();
  }

  void forget_watcher(client& c) {
    if (!c.counted) return;
    auto old = seen_.find(c.seen);
    if (--old->second == 0) seen_.erase(old);
    c.counted = false;
    --counted_watchers_;
    settle_waiting();
  }

  void settle_waiting() {
    if (seen_.empty() || waiting_.empty()) return;
    const std::int64_t slowest = seen_.begin()->first;
    const auto now = clock_type::now();
    while (!waiting_.empty() && waiting_.begin()->first <= slowest) {
      const auto& answer = waiting_.begin()->second;
      result_.from_send.record(now - answer.sent);
      result_.from_ack.record(now - answer.acked);
      waiting_.erase(waiting_.begin());
    }
    maybe_drained();
  }

  void stop_answering() {
    if (phase_ != phase::answering) return;
    result_.answering_s = seconds_between(answering_started_, clock_type::now());
    result_.after = sample_process(measured_pid_);
    phase_ = phase::draining;
    pace_timer_.cancel();
    for (auto& c : clients_)
      if (c.timer) c.timer->cancel();
    // The answers still in flight and the updates still on their way get up to 3 s more.
    phase_timer_.expires_after(std::chrono::seconds(3));
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) close_all();
    });
    maybe_drained();
  }

  void maybe_drained() {
    if (phase_ != phase::draining || !waiting_.empty()) return;
    for (std::size_t i = static_cast<std::size_t>(opts_.fanout); i < clients_.size(); ++i)
      if (clients_[i].in_flight && !clients_[i].gone) return;
    close_all();
  }

  void close_all() {
    if (phase_ >= phase::closing) return;
    result_.answers_unconfirmed = waiting_.size();
    phase_ = phase::closing;
    phase_timer_.cancel();
    for (auto& c : clients_)
      if (c.ws) c.ws->close();
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
      result_.after = sample_process(measured_pid_);
    }
    if (phase_ < phase::closing) result_.answers_unconfirmed = waiting_.size();
    phase_ = phase::done;
    pace_timer_.cancel();
    for (auto& c : clients_) {
      if (c.timer) c.timer->cancel();
      if (c.ws) c.ws->abort();
    }
    if (facilitator_) facilitator_->abort();
    ioc_.stop();
  }

  void count_error(const json& frame) { load::count_error(result_.errors_by_code, frame); }

  pid_t measured_pid_;
  asio::steady_timer pace_timer_;
  std::size_t next_pacer_{0};
  std::shared_ptr<ws_client> facilitator_;
  std::vector<client> clients_;  // watchers first, then the answerers
  std::size_t next_to_connect_{0};
  int closed_{0};
  int counted_watchers_{0};
  std::map<std::int64_t, int> seen_;  // watchers by their newest seq: begin() is the slowest
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
  std::printf("  %-32s %12d of %d\n", "watchers joined", r.watchers_joined, opts.fanout);
  std::printf("  %-32s %12d of %d\n", "answerers joined", r.answerers_joined, opts.answerers);
  std::printf("  %-32s %12d\n", "watchers dropped while answering", r.watchers_dropped);
  std::printf("  %-32s %12llu\n", "answers acknowledged",
              static_cast<unsigned long long>(r.answers_acknowledged));
  std::printf("  %-32s %12llu\n", "acknowledged, never at every watcher",
              static_cast<unsigned long long>(r.answers_unconfirmed));
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
  if (measured_pid > 0 && r.idle.valid && r.after.valid && r.answering_s > 0) {
    const double percent = (r.after.cpu_s - r.idle.cpu_s) / r.answering_s * 100.0;
    std::printf("\n  %-32s %12s %% of one core\n", "server CPU while answering", fixed(percent, 1).c_str());
    metrics.push_back({"server_cpu_percent_answering", percent, "%"});
  }
  if (r.answering_s > 0) {
    const double own = (r.after.own_cpu_s - r.idle.own_cpu_s) / r.answering_s * 100.0;
    std::printf("  %-32s %12s %% of one core\n", "load generator CPU while answering", fixed(own, 1).c_str());
    metrics.push_back({"loadgen_cpu_percent_answering", own, "%"});
  }
  report_errors_and_stops(r.errors_by_code, r.fatal, metrics);
  return metrics;
}

}  // namespace scsa::load
