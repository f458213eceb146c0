// The workshop mode (S1, S2, S4): a facilitator and N participants join one workshop and answer in a
// closed loop with think time or an open loop at a fixed rate; send->ack latency, server CPU and memory.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
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

enum class answer_state : std::uint8_t { unsent, in_flight, acknowledged, refused, lost };

struct participant {
  std::shared_ptr<ws_client> client;
  std::unique_ptr<asio::steady_timer> think_timer;
  std::mt19937 rng;
  clock_type::time_point connect_started{};
  bool joined{false};
  bool snapshot{false};
  bool gone{false};  // connection ended (or the join failed)
  int next_answer{0};
  std::array<clock_type::time_point, answers_per_participant> sent_at{};
  std::array<answer_state, answers_per_participant> state{};
  std::array<std::uint8_t, answers_per_participant> level{};
};

enum class phase { facilitating, joining, settling, answering, closing, done };

struct results {
  int joined{0};
  int join_failures{0};
  int snapshots{0};
  std::uint64_t answers_sent{0};
  std::uint64_t acknowledged{0};
  std::uint64_t refused{0};
  std::uint64_t lost{0};
  std::uint64_t unexpected_frames{0};  // unparseable, or acks for ids we never sent
  std::uint64_t participant_frames{0};
  std::uint64_t participant_bytes{0};
  struct traffic {
    std::uint64_t frames{0};
    std::uint64_t bytes{0};
  };
  std::map<std::string, traffic> participant_frame_types;  // pushed frames besides acks and the snapshot
  std::uint64_t facilitator_frames{0};
  std::uint64_t facilitator_bytes{0};
  std::map<std::string, traffic> facilitator_frame_types;
  std::map<std::string, std::uint64_t> errors_by_code;
  std::vector<std::string> fatal;  // what stopped the run early
  bool timed_out{false};
  latency_histogram ack_latency;
  latency_histogram join_latency;
  process_sample before, idle, after;
  clock_type::time_point answering_started{}, answering_ended{};
  clock_type::time_point joining_started{}, joining_ended{};
};

class workshop_driver : public driver_base {
 public:
  workshop_driver(asio::io_context& ioc, const options& opts, tcp::endpoint endpoint, created_session session,
                  pid_t measured_pid, clock_type::time_point deadline)
      : driver_base(ioc, opts, endpoint, std::move(session), deadline),
        measured_pid_(measured_pid),
        signals_(ioc, SIGINT, SIGTERM),
        participants_(static_cast<std::size_t>(opts.participants)) {
    for (std::size_t i = 0; i < participants_.size(); ++i) {
      auto& p = participants_[i];
      p.rng.seed(opts.seed * 1000003u + static_cast<unsigned>(i));
      p.think_timer = std::make_unique<asio::steady_timer>(ioc);
      choose_levels(p);
    }
  }

  results run() {
    arm_deadline(result_.fatal, [this] {
      result_.timed_out = true;
      stop_now();
    });
    signals_.async_wait([this](beast::error_code ec, int) {
      if (ec) return;
      result_.fatal.push_back("interrupted");
      stop_now();
    });
    facilitator_ = connect_facilitator();
    ioc_.run();
    return std::move(result_);
  }

  void on_open(int) override {}

  void on_frame(int index, std::string_view text) override {
    const json frame = json::parse(text, nullptr, false);
    if (!frame.is_object()) {
      ++result_.unexpected_frames;
      return;
    }
    std::string type = frame.value("type", std::string());
    // The echo server returns the request itself: that is its acknowledgement.
    if (opts_.echo && (type == "facilitate" || type == "join" || type == "answer")) type = "ack";
    const std::string id = frame_id(frame);
    if (index < 0) return facilitator_frame(frame, type, id, text.size());
    auto& p = participants_[static_cast<std::size_t>(index)];
    ++result_.participant_frames;
    result_.participant_bytes += text.size();
    if (type == "ack" || type == "error") {
      if (id.rfind("j-", 0) == 0) return join_answered(index, p, frame, type == "ack");
      if (id.rfind("a-", 0) == 0) return answer_answered(index, p, frame, id, type == "ack");
      if (type == "error") count_error(frame);
      ++result_.unexpected_frames;
      return;
    }
    if (type == "snapshot" && !p.snapshot) {
      p.snapshot = true;
      ++result_.snapshots;
      return;
    }
    auto& pushed = result_.participant_frame_types[type];
    ++pushed.frames;
    pushed.bytes += text.size();
  }

  void on_closed(int index, beast::error_code error) override {
    if (index < 0) {
      if (phase_ < phase::closing)
        result_.fatal.push_back("the facilitator's connection ended: " + error.message());
      if (phase_ == phase::facilitating) stop_now();
      return maybe_stopped();
    }
    auto& p = participants_[static_cast<std::size_t>(index)];
    const bool expected_end = p.gone || phase_ >= phase::closing;  // we closed it, or the run is ending
    p.gone = true;
    ++closed_;
    if (!expected_end) {
      ++unexpected_disconnects_;
      if (unexpected_disconnects_ <= 5)
        std::fprintf(stderr, "participant %d: connection ended: %s\n", index, error.message().c_str());
      if (!p.joined) {
        ++result_.join_failures;
        join_finished();
      }
      give_up_answers(p);
    }
    maybe_stopped();
  }

 private:
  // Current levels lean low and desired ones a step or two higher, as in real assessments.
  void choose_levels(participant& p) {
    std::discrete_distribution<int> current_level({15, 35, 30, 15, 5});
    std::discrete_distribution<int> ambition({20, 45, 30, 5});
    for (int s = 0; s < statement_count; ++s) {
      const int now = current_level(p.rng) + 1;
      const int desired = std::min(5, now + ambition(p.rng));
      p.level[static_cast<std::size_t>(2 * s)] = static_cast<std::uint8_t>(now);
      p.level[static_cast<std::size_t>(2 * s + 1)] = static_cast<std::uint8_t>(desired);
    }
  }

  process_sample sample() const { return sample_process(measured_pid_); }

  void facilitator_frame(const json& frame, const std::string& type, const std::string& id,
                         std::size_t bytes) {
    ++result_.facilitator_frames;
    result_.facilitator_bytes += bytes;
    if (id == "f1") {
      if (type != "ack") {
        count_error(frame);
        result_.fatal.push_back("facilitate refused: " + frame.dump());
        return stop_now();
      }
      if (phase_ == phase::facilitating) start_joining();
      return;
    }
    if (type == "error") count_error(frame);
    auto& seen = result_.facilitator_frame_types[type];
    ++seen.frames;
    seen.bytes += bytes;
  }

  void start_joining() {
    result_.before = sample();
    phase_ = phase::joining;
    result_.joining_started = clock_type::now();
    for (int i = 0; i < opts_.connecting; ++i) connect_next();
  }

  void connect_next() {
    if (next_to_connect_ >= participants_.size() || phase_ != phase::joining) return;
    const std::size_t i = next_to_connect_++;
    auto& p = participants_[i];
    p.client = std::make_shared<ws_client>(ioc_, *this, static_cast<int>(i), opts_.deflate);
    p.connect_started = clock_type::now();
    p.client->connect(endpoint_);
    p.client->send(with_protocol(json{{"type", "join"},
                                      {"id", "j-" + std::to_string(i)},
                                      {"code", session_.join_code},
                                      {"name", "P" + std::to_string(i)}})
                       .dump());
  }

  void join_answered(int index, participant& p, const json& frame, bool ack) {
    if (p.joined || p.gone) {
      ++result_.unexpected_frames;
      return;
    }
    if (!ack) {
      count_error(frame);
      if (result_.join_failures < 5)
        std::fprintf(stderr, "participant %d: join refused: %s\n", index, frame.dump().c_str());
      ++result_.join_failures;
      p.gone = true;
      give_up_answers(p);
      p.client->close();
      return join_finished();
    }
    p.joined = true;
    ++result_.joined;
    result_.join_latency.record(clock_type::now() - p.connect_started);
    join_finished();
  }

  void join_finished() {
    if (phase_ != phase::joining) return;
    connect_next();
    if (result_.joined + result_.join_failures < opts_.participants) return;
    result_.joining_ended = clock_type::now();
    phase_ = phase::settling;
    wait_for_snapshots(result_.joining_ended + std::chrono::seconds(2));
  }

  // Waits (up to `until`) for every joined participant's snapshot, then lets the server settle for a second
  // before the idle sample, so the idle memory is that of joined connections, not of joining ones.
  void wait_for_snapshots(clock_type::time_point until) {
    if (!opts_.echo && result_.snapshots < result_.joined && clock_type::now() < until) {
      phase_timer_.expires_after(std::chrono::milliseconds(50));
      phase_timer_.async_wait([this, until](beast::error_code ec) {
        if (!ec) wait_for_snapshots(until);
      });
      return;
    }
    phase_timer_.expires_after(std::chrono::seconds(1));
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) start_answering();
    });
  }

  void start_answering() {
    if (phase_ != phase::settling) return;
    result_.idle = sample();
    phase_ = phase::answering;
    result_.answering_started = clock_type::now();
    if (opts_.open_loop_rate > 0) {
      open_loop_next_ = 0;
      open_loop_tick();
    } else {
      for (auto& p : participants_)
        if (p.joined && !p.gone) think_then_answer(p);
    }
    check_answering_done();
  }

  std::chrono::nanoseconds think_time(participant& p) {
    if (opts_.think_ms == 0) return std::chrono::nanoseconds(0);
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    return std::chrono::nanoseconds(static_cast<std::int64_t>(opts_.think_ms * 1e6 * jitter(p.rng)));
  }

  void think_then_answer(participant& p) {
    if (p.gone || p.next_answer >= opts_.answers) return;
    const auto wait = think_time(p);
    if (wait.count() == 0) return send_answer(p, p.next_answer, clock_type::now());
    p.think_timer->expires_after(wait);
    p.think_timer->async_wait([this, &p](beast::error_code ec) {
      if (!ec && phase_ == phase::answering) send_answer(p, p.next_answer, clock_type::now());
    });
  }

  // Open loop: answer j of all is due at start + j / rate and goes to participant j mod N (each in turn
  // answers its next statement), whatever became of earlier answers.
  void open_loop_tick() {
    if (phase_ != phase::answering) return;
    const auto n = participants_.size();
    const std::size_t total = n * static_cast<std::size_t>(opts_.answers);
    const auto now = clock_type::now();
    auto due = [&](std::size_t j) {
      return result_.answering_started +
             std::chrono::duration_cast<clock_type::duration>(
                 std::chrono::duration<double>(static_cast<double>(j) / opts_.open_loop_rate));
    };
    while (open_loop_next_ < total && due(open_loop_next_) <= now) {
      auto& p = participants_[open_loop_next_ % n];
      const int k = static_cast<int>(open_loop_next_ / n);
      if (!p.gone && p.joined) send_answer(p, k, due(open_loop_next_));
      ++open_loop_next_;
    }
    if (open_loop_next_ >= total) return;
    phase_timer_.expires_at(due(open_loop_next_));
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) open_loop_tick();
    });
  }

  void send_answer(participant& p, int k, clock_type::time_point stamp) {
    const auto slot = static_cast<std::size_t>(k);
    if (p.gone || p.state[slot] != answer_state::unsent) return;
    p.state[slot] = answer_state::in_flight;
    p.sent_at[slot] = stamp;
    p.next_answer = k + 1;
    ++result_.answers_sent;
    const auto index = static_cast<std::size_t>(&p - participants_.data());
    std::string frame = R"({"type":"answer","id":"a-)";
    frame += std::to_string(index);
    frame += '-';
    frame += std::to_string(k);
    frame += R"(","statement":)";
    frame += std::to_string(k / 2 + 1);
    frame += k % 2 == 0 ? R"(,"aspect":"current","level":)" : R"(,"aspect":"desired","level":)";
    frame += std::to_string(p.level[slot]);
    frame += '}';
    p.client->send(std::move(frame));
  }

  void answer_answered(int index, participant& p, const json& frame, const std::string& id, bool ack) {
    const auto now = clock_type::now();
    // "a-<index>-<k>"
    const std::string expected_prefix = "a-" + std::to_string(index) + "-";
    int k = -1;
    if (id.rfind(expected_prefix, 0) == 0) {
      try {
        k = std::stoi(id.substr(expected_prefix.size()));
      } catch (const std::exception&) {
      }
    }
    if (k < 0 || k >= answers_per_participant ||
        p.state[static_cast<std::size_t>(k)] != answer_state::in_flight) {
      ++result_.unexpected_frames;
      if (!ack) count_error(frame);
      return;
    }
    const auto slot = static_cast<std::size_t>(k);
    if (ack) {
      p.state[slot] = answer_state::acknowledged;
      ++result_.acknowledged;
      result_.ack_latency.record(now - p.sent_at[slot]);
    } else {
      p.state[slot] = answer_state::refused;
      ++result_.refused;
      count_error(frame);
      if (result_.refused <= 5)
        std::fprintf(stderr, "answer %s refused: %s\n", id.c_str(), frame.dump().c_str());
    }
    if (opts_.open_loop_rate <= 0 && phase_ == phase::answering) think_then_answer(p);
    check_answering_done();
  }

  void count_error(const json& frame) { load::count_error(result_.errors_by_code, frame); }

  void give_up_answers(participant& p) {
    for (std::size_t k = 0; k < static_cast<std::size_t>(opts_.answers); ++k) {
      auto& state = p.state[k];
      if (state == answer_state::unsent || state == answer_state::in_flight) {
        state = answer_state::lost;
        ++result_.lost;
      }
    }
    check_answering_done();
  }

  void check_answering_done() {
    if (phase_ != phase::answering) return;
    const std::uint64_t expected = participants_.size() * static_cast<std::uint64_t>(opts_.answers);
    if (result_.acknowledged + result_.refused + result_.lost < expected) return;
    result_.answering_ended = clock_type::now();
    result_.after = sample();
    close_all();
  }

  // Clean close handshakes, with 3 s before the rest is dropped.
  void close_all() {
    phase_ = phase::closing;
    phase_timer_.cancel();
    for (auto& p : participants_) {
      p.think_timer->cancel();
      if (p.client) p.client->close();
    }
    if (facilitator_) facilitator_->close();
    phase_timer_.expires_after(std::chrono::seconds(3));
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) stop_now();
    });
    maybe_stopped();
  }

  void maybe_stopped() {
    if (phase_ != phase::closing) return;
    if (closed_ < static_cast<int>(next_to_connect_)) return;
    phase_ = phase::done;
    deadline_timer_.cancel();
    phase_timer_.cancel();
    signals_.cancel();
    facilitator_->abort();
  }

  // The deadline or an unrecoverable failure: record what was reached, drop every socket, end the run.
  void stop_now() {
    if (phase_ == phase::done) return;
    if (phase_ == phase::answering) {
      result_.answering_ended = clock_type::now();
      result_.after = sample();
    }
    phase_ = phase::done;
    // The io_context runs again afterwards (GET /metrics): a pending signal wait or timer would hang it.
    deadline_timer_.cancel();
    phase_timer_.cancel();
    signals_.cancel();
    for (auto& p : participants_) {
      if (!p.gone) give_up_answers(p);
      p.gone = true;
      p.think_timer->cancel();
      if (p.client) p.client->abort();
    }
    if (facilitator_) facilitator_->abort();
    ioc_.stop();
  }

  pid_t measured_pid_;
  asio::signal_set signals_;
  std::shared_ptr<ws_client> facilitator_;
  std::vector<participant> participants_;
  std::size_t next_to_connect_{0};
  std::size_t open_loop_next_{0};
  int closed_{0};
  int unexpected_disconnects_{0};
  phase phase_{phase::facilitating};
  results result_;
};

inline std::vector<metric> report(const options& opts, const results& r, pid_t measured_pid) {
  std::vector<metric> metrics;
  const std::uint64_t expected = static_cast<std::uint64_t>(opts.participants) * opts.answers;
  const double answering_s = seconds_between(r.answering_started, r.answering_ended);
  const bool answered = r.answering_started != clock_type::time_point{} && answering_s > 0;

  std::printf("\nscsa workshop benchmark: %d participants + 1 facilitator, %d answers each, ",
              opts.participants, opts.answers);
  if (opts.open_loop_rate > 0)
    std::printf("open loop at %.1f answers/s\n", opts.open_loop_rate);
  else
    std::printf("closed loop, think %d ms +-50%%\n", opts.think_ms);

  std::printf("\n%-34s %12s\n", "clients", "");
  std::printf("  %-32s %12d of %d\n", "participants joined", r.joined, opts.participants);
  std::printf("  %-32s %12d\n", "snapshots after join", r.snapshots);
  std::printf("  %-32s %12llu of %llu\n", "answers acknowledged",
              static_cast<unsigned long long>(r.acknowledged), static_cast<unsigned long long>(expected));
  std::printf("  %-32s %12llu\n", "answers refused", static_cast<unsigned long long>(r.refused));
  std::printf("  %-32s %12llu\n", "answers lost (no ack, no error)", static_cast<unsigned long long>(r.lost));
  metrics.push_back({"participants_joined", static_cast<double>(r.joined), "count"});
  metrics.push_back({"answers_acknowledged", static_cast<double>(r.acknowledged), "count"});
  metrics.push_back({"answers_refused", static_cast<double>(r.refused), "count"});
  metrics.push_back({"answers_lost", static_cast<double>(r.lost), "count"});
  if (answered) {
    const double rate = static_cast<double>(r.acknowledged) / answering_s;
    std::printf("  %-32s %12s s\n", "answering phase", fixed(answering_s, 2).c_str());
    std::printf("  %-32s %12s /s\n", "acknowledged answers", fixed(rate, 1).c_str());
    metrics.push_back({"answering_wall", answering_s, "s"});
    metrics.push_back({"answers_per_s", rate, "1/s"});
  }

  latency_rows(opts.open_loop_rate > 0 ? "answer latency (intended send->ack)" : "answer latency (send->ack)",
               r.ack_latency, "ack_latency", metrics);
  latency_rows("join latency (connect->join ack)", r.join_latency, "join_latency", metrics);

  if (measured_pid > 0 && r.before.valid) {
    const std::string title = "server (pid " + std::to_string(measured_pid) + ")";
    std::printf("\n%-34s %12s %12s %12s %8s\n", title.c_str(), "CPU s", "RSS MiB", "peak MiB", "threads");
    auto row = [](const char* label, const process_sample& s) {
      if (!s.valid) return;
      std::printf("  %-32s %12s %12s %12s %8ld\n", label, fixed(s.cpu_s, 2).c_str(),
                  fixed(s.rss_mib, 1).c_str(), fixed(s.hwm_mib, 1).c_str(), s.threads);
    };
    row("before participants", r.before);
    row("joined, idle", r.idle);
    row("after answers", r.after);
    metrics.push_back({"server_rss_before", r.before.rss_mib, "MiB"});
    if (r.idle.valid && r.joined > 0) {
      const double join_cpu_ms = (r.idle.cpu_s - r.before.cpu_s) * 1000.0;
      const double per_connection_kib = (r.idle.rss_mib - r.before.rss_mib) * 1024.0 / r.joined;
      std::printf("  %-32s %12s ms\n", "CPU per join (incl. 1 s idle)",
                  fixed(join_cpu_ms / r.joined, 3).c_str());
      std::printf("  %-32s %12s KiB\n", "RSS per joined connection", fixed(per_connection_kib, 1).c_str());
      metrics.push_back({"server_rss_idle", r.idle.rss_mib, "MiB"});
      metrics.push_back({"server_cpu_per_join", join_cpu_ms / r.joined, "ms"});
      metrics.push_back({"server_rss_per_connection", per_connection_kib, "KiB"});
    }
    if (answered && r.after.valid && r.idle.valid) {
      const double cpu = r.after.cpu_s - r.idle.cpu_s;
      const double percent = cpu / answering_s * 100.0;
      std::printf("  %-32s %12s s\n", "CPU while answering", fixed(cpu, 2).c_str());
      std::printf("  %-32s %12s %% of one core\n", "CPU load while answering", fixed(percent, 1).c_str());
      metrics.push_back({"server_cpu_answering", cpu, "s"});
      metrics.push_back({"server_cpu_percent_answering", percent, "%"});
      if (r.acknowledged > 0) {
        const double per_answer = cpu * 1000.0 / static_cast<double>(r.acknowledged);
        std::printf("  %-32s %12s ms\n", "CPU per acknowledged answer", fixed(per_answer, 3).c_str());
        metrics.push_back({"server_cpu_per_answer", per_answer, "ms"});
      }
      std::printf("  %-32s %12s MiB\n", "RSS growth while answering",
                  fixed(r.after.rss_mib - r.idle.rss_mib, 1).c_str());
      metrics.push_back({"server_rss_after", r.after.rss_mib, "MiB"});
      metrics.push_back({"server_rss_peak", r.after.hwm_mib, "MiB"});
    }
  } else {
    std::printf("\nserver CPU and memory: not measured (no process id; use --server-pid with --url)\n");
  }

  if (answered) {
    const double own = r.after.own_cpu_s - r.idle.own_cpu_s;
    std::printf("\n%-34s %12s\n", "load generator (this process)", "");
    std::printf("  %-32s %12s s\n", "CPU while answering", fixed(own, 2).c_str());
    std::printf("  %-32s %12s %% of one core\n", "CPU load while answering",
                fixed(own / answering_s * 100.0, 1).c_str());
    std::printf("  %-32s %12s s\n", "CPU in total", fixed(own_cpu_seconds(), 2).c_str());
    metrics.push_back({"loadgen_cpu_answering", own, "s"});
    metrics.push_back({"loadgen_cpu_percent_answering", own / answering_s * 100.0, "%"});
  }

  std::printf("\n%-34s %12s %12s\n", "frames received", "count", "bytes");
  std::printf("  %-32s %12llu %12llu\n", "by participants",
              static_cast<unsigned long long>(r.participant_frames),
              static_cast<unsigned long long>(r.participant_bytes));
  for (const auto& [type, seen] : r.participant_frame_types)
    std::printf("    pushed %-25s %12llu %12llu\n", type.c_str(),
                static_cast<unsigned long long>(seen.frames), static_cast<unsigned long long>(seen.bytes));
  std::printf("  %-32s %12llu %12llu\n", "by the facilitator",
              static_cast<unsigned long long>(r.facilitator_frames),
              static_cast<unsigned long long>(r.facilitator_bytes));
  for (const auto& [type, seen] : r.facilitator_frame_types) {
    std::printf("    %-30s %12llu %12llu\n", type.c_str(), static_cast<unsigned long long>(seen.frames),
                static_cast<unsigned long long>(seen.bytes));
    metrics.push_back({"facilitator_" + type + "_frames", static_cast<double>(seen.frames), "count"});
    metrics.push_back({"facilitator_" + type + "_bytes", static_cast<double>(seen.bytes), "bytes"});
  }
  if (r.unexpected_frames > 0)
    std::printf("  %-32s %12llu\n", "unexpected frames",
                static_cast<unsigned long long>(r.unexpected_frames));
  metrics.push_back({"participant_frames", static_cast<double>(r.participant_frames), "count"});
  metrics.push_back({"facilitator_frames", static_cast<double>(r.facilitator_frames), "count"});
  metrics.push_back({"facilitator_bytes", static_cast<double>(r.facilitator_bytes), "bytes"});
  metrics.push_back({"unexpected_frames", static_cast<double>(r.unexpected_frames), "count"});

  report_errors_and_stops(r.errors_by_code, r.fatal, metrics);
  return metrics;
}

}  // namespace scsa::load
