// The roadmap dialogue at scale (S7): N participants join one workshop with a facilitator watching; all at
// once, each proposes one action (for statement 1 + i mod 21), then each casts --votes V dot votes on
// others' actions, the next one when the last is acknowledged. Records propose and vote send->ack latency,
// what every phone received while it happened (bytes, update frames, the largest), and whether every phone
// ended up with an update at least as new as the last acknowledged command. A phone that joins afterwards
// reports the size of the whole roadmap in its snapshot: what each update would carry without
// `roadmap_changes`.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bench/latency_histogram.hpp"
#include "bench/load/common.hpp"
#include "bench/load/driver_base.hpp"
#include "bench/load/fanout.hpp"
#include "bench/load/options.hpp"
#include "bench/load/report.hpp"
#include "bench/load/ws_client.hpp"

namespace scsa::load {

struct roadmap_results {
  int joined{0};
  int join_failures{0};
  int proposals_acknowledged{0};
  int votes_acknowledged{0};
  int refused{0};                   // proposals or votes answered with an error
  int behind{0};                    // phones whose last update is older than the last ack
  std::uint64_t phone_bytes{0};     // received by all phones while proposing and voting
  std::uint64_t phone_updates{0};   // update frames among them
  std::uint64_t largest_update{0};  // bytes
  std::uint64_t facilitator_bytes{0};
  std::uint64_t whole_roadmap_bytes{0};  // a late joiner's snapshot's roadmap
  double dialogue_s{0};                  // first proposal -> last update settled
  latency_histogram propose_ack;
  latency_histogram vote_ack;
  std::map<std::string, std::uint64_t> errors_by_code;
  std::vector<std::string> fatal;
};

class roadmap_driver : public driver_base {
 public:
  roadmap_driver(asio::io_context& ioc, const options& opts, tcp::endpoint endpoint, created_session session,
                 clock_type::time_point deadline)
      : driver_base(ioc, opts, endpoint, std::move(session), deadline),
        phones_(static_cast<std::size_t>(opts.roadmap)),
        rng_(opts.seed) {}

  roadmap_results run() {
    arm_deadline(result_.fatal, [this] { stop(); });
    facilitator_ = connect_facilitator();
    for (int i = 0; i < opts_.connecting; ++i) connect_next();
    ioc_.run();
    return std::move(result_);
  }

  void on_open(int) override {}

  void on_frame(int index, std::string_view text) override {
    if (index == late_joiner) return late_frame(text);
    if (index < 0) {
      if (phase_ == phase::talking || phase_ == phase::settling) result_.facilitator_bytes += text.size();
      return;
    }
    auto& p = phones_[static_cast<std::size_t>(index)];
    if (phase_ == phase::talking || phase_ == phase::settling) {
      result_.phone_bytes += text.size();
      if (const auto seq = update_seq(text); seq >= 0) {
        ++result_.phone_updates;
        result_.largest_update = std::max<std::uint64_t>(result_.largest_update, text.size());
        p.last_update_seq = std::max(p.last_update_seq, seq);
      }
    }
    if (text.find(R"("type":"ack")") == std::string_view::npos &&
        text.find(R"("type":"error")") == std::string_view::npos)
      return;
    const json frame = json::parse(text, nullptr, false);
    if (!frame.is_object()) return;
    const bool ack = frame.value("type", "") == "ack";
    const std::string id = frame_id(frame);
    if (id == "j") return joined(p, frame, ack);
    if (!ack) {
      ++result_.refused;
      load::count_error(result_.errors_by_code, frame);
    } else {
      last_ack_seq_ = std::max(last_ack_seq_, frame.value("seq", std::int64_t{0}));
    }
    const auto now = clock_type::now();
    if (id == "p") {
      result_.propose_ack.record(now - p.sent);
      if (ack) {
        ++result_.proposals_acknowledged;
        action_ids_[static_cast<std::size_t>(index)] = frame.value("action_id", "");
      }
      if (++proposals_answered_ == result_.joined) start_voting();
    } else if (id.starts_with("v")) {
      result_.vote_ack.record(now - p.sent);
      if (ack) ++result_.votes_acknowledged;
      vote_next(index);
    }
  }

  void on_closed(int index, beast::error_code) override {
    if (index < 0 || index == late_joiner || phase_ != phase::joining) return;
    auto& p = phones_[static_cast<std::size_t>(index)];
    if (p.joined || p.failed) return;
    p.failed = true;
    ++result_.join_failures;
    join_finished();
  }

 private:
  static constexpr int late_joiner = 1 << 30;
  enum class phase { joining, talking, settling, measuring_whole, done };
  struct phone {
    std::shared_ptr<ws_client> ws;
    bool joined{false};
    bool failed{false};
    std::vector<std::string> ballot;  // the actions it votes for, in order
    std::size_t voted{0};
    clock_type::time_point sent{};
    std::int64_t last_update_seq{-1};
  };

  void connect_next() {
    if (next_ >= phones_.size()) return;
    auto& p = phones_[next_];
    p.ws = std::make_shared<ws_client>(ioc_, *this, static_cast<int>(next_), opts_.deflate);
    ++next_;
    p.ws->connect(endpoint_);
    p.ws->send(with_protocol(json{{"type", "join"}, {"id", "j"}, {"code", session_.join_code}}).dump());
  }

  void joined(phone& p, const json& frame, bool ack) {
    if (p.joined || p.failed) return;
    if (ack) {
      p.joined = true;
      ++result_.joined;
    } else {
      p.failed = true;
      ++result_.join_failures;
      load::count_error(result_.errors_by_code, frame);
    }
    join_finished();
  }

  void join_finished() {
    connect_next();
    if (result_.joined + result_.join_failures < static_cast<int>(phones_.size())) return;
    if (result_.joined == 0) return stop();
    // Everyone is in: all propose at once.
    phase_ = phase::talking;
    started_ = clock_type::now();
    action_ids_.assign(phones_.size(), {});
    for (std::size_t i = 0; i < phones_.size(); ++i) {
      auto& p = phones_[i];
      if (!p.joined) continue;
      p.sent = clock_type::now();
      p.ws->send(json{{"type", "propose"},
                      {"id", "p"},
                      {"statement", 1 + static_cast<int>(i) % statement_count},
                      {"text", "Actie " + std::to_string(i + 1) + ": samen de data van de stad ontsluiten"}}
                     .dump());
    }
  }

  void start_voting() {
    std::vector<std::string> actions;
    for (const auto& id : action_ids_)
      if (!id.empty()) actions.push_back(id);
    for (std::size_t i = 0; i < phones_.size(); ++i) {
      auto& p = phones_[i];
      if (!p.joined) continue;
      std::vector<std::string> others;
      for (const auto& id : actions)
        if (id != action_ids_[i]) others.push_back(id);
      std::shuffle(others.begin(), others.end(), rng_);
      others.resize(std::min<std::size_t>(others.size(), static_cast<std::size_t>(opts_.votes)));
      p.ballot = std::move(others);
      vote_next(static_cast<int>(i));
    }
  }

  void vote_next(int index) {
    auto& p = phones_[static_cast<std::size_t>(index)];
    if (p.voted >= p.ballot.size()) {
      if (++phones_done_ == result_.joined) settle();
      return;
    }
    p.sent = clock_type::now();
    p.ws->send(json{{"type", "vote"}, {"id", "v" + std::to_string(p.voted)}, {"action_id", p.ballot[p.voted]}}
                   .dump());
    ++p.voted;
  }

  // The last updates go out within an update interval or two; then count who is behind and measure the whole
  // roadmap with a phone that joins now.
  void settle() {
    phase_ = phase::settling;
    phase_timer_.expires_after(std::chrono::milliseconds(500));
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (ec) return;
      result_.dialogue_s = seconds_between(started_, clock_type::now());
      for (const auto& p : phones_)
        if (p.joined && p.last_update_seq < last_ack_seq_) ++result_.behind;
      phase_ = phase::measuring_whole;
      late_ = std::make_shared<ws_client>(ioc_, *this, late_joiner, opts_.deflate);
      late_->connect(endpoint_);
      late_->send(json{{"type", "join"}, {"id", "j"}, {"code", session_.join_code}}.dump());
    });
  }

  void late_frame(std::string_view text) {
    if (text.find(R"("type":"snapshot")") == std::string_view::npos) return;
    const json frame = json::parse(text, nullptr, false);
    if (frame.is_object() && frame.contains("roadmap"))
      result_.whole_roadmap_bytes = frame["roadmap"].dump().size();
    stop();
  }

  void stop() {
    if (phase_ == phase::done) return;
    phase_ = phase::done;
    deadline_timer_.cancel();
    phase_timer_.cancel();
    for (auto& p : phones_)
      if (p.ws) p.ws->abort();
    if (facilitator_) facilitator_->abort();
    if (late_) late_->abort();
    ioc_.stop();
  }

  std::vector<phone> phones_;
  std::vector<std::string> action_ids_;  // per phone: the action it proposed
  std::mt19937 rng_;
  std::shared_ptr<ws_client> facilitator_;
  std::shared_ptr<ws_client> late_;
  std::size_t next_{0};
  int proposals_answered_{0};
  int phones_done_{0};
  std::int64_t last_ack_seq_{0};
  clock_type::time_point started_{};
  phase phase_{phase::joining};
  roadmap_results result_;
};

inline std::vector<metric> report_roadmap(const options& opts, const roadmap_results& r) {
  std::vector<metric> metrics;
  const double phones = std::max(1, r.joined);
  const double seconds = std::max(r.dialogue_s, 1e-3);
  const double kib_per_phone_s = static_cast<double>(r.phone_bytes) / phones / seconds / 1024;
  const double updates_per_phone = static_cast<double>(r.phone_updates) / phones;
  // Without roadmap_changes every update would carry the whole roadmap (at most this size, the final one).
  const double whole_kib_per_phone_s =
      updates_per_phone * static_cast<double>(r.whole_roadmap_bytes) / seconds / 1024;
  std::printf("\nscsa roadmap dialogue: %d participants propose one action each, then cast %d votes each\n",
              opts.roadmap, opts.votes);
  std::printf("  %-40s %12d of %d\n", "joined", r.joined, opts.roadmap);
  std::printf("  %-40s %12d\n", "proposals acknowledged", r.proposals_acknowledged);
  std::printf("  %-40s %12d\n", "votes acknowledged", r.votes_acknowledged);
  std::printf("  %-40s %12d\n", "refused", r.refused);
  std::printf("  %-40s %12d\n", "phones behind the last ack at the end", r.behind);
  std::printf("  %-40s %12s s\n", "first proposal -> settled", fixed(r.dialogue_s, 2).c_str());
  std::printf("  %-40s %12s KiB/s\n", "received per phone", fixed(kib_per_phone_s, 1).c_str());
  std::printf("  %-40s %12s KiB\n", "received per phone in all",
              fixed(static_cast<double>(r.phone_bytes) / phones / 1024, 1).c_str());
  std::printf("  %-40s %12s\n", "updates per phone", fixed(updates_per_phone, 1).c_str());
  std::printf("  %-40s %12llu bytes\n", "largest update", static_cast<unsigned long long>(r.largest_update));
  std::printf("  %-40s %12llu bytes\n", "whole roadmap (a late joiner's snapshot)",
              static_cast<unsigned long long>(r.whole_roadmap_bytes));
  std::printf("  %-40s %12s KiB/s\n", "per phone if updates carried it whole",
              fixed(whole_kib_per_phone_s, 1).c_str());
  metrics.push_back({"joined", static_cast<double>(r.joined), "count"});
  metrics.push_back({"proposals_acknowledged", static_cast<double>(r.proposals_acknowledged), "count"});
  metrics.push_back({"votes_acknowledged", static_cast<double>(r.votes_acknowledged), "count"});
  metrics.push_back({"refused", static_cast<double>(r.refused), "count"});
  metrics.push_back({"behind", static_cast<double>(r.behind), "count"});
  metrics.push_back({"dialogue_s", r.dialogue_s, "s"});
  metrics.push_back({"kib_per_phone_per_s", kib_per_phone_s, "KiB/s"});
  metrics.push_back({"whole_kib_per_phone_per_s", whole_kib_per_phone_s, "KiB/s"});
  metrics.push_back({"kib_per_phone", static_cast<double>(r.phone_bytes) / phones / 1024, "KiB"});
  metrics.push_back({"updates_per_phone", updates_per_phone, "count"});
  metrics.push_back({"largest_update_bytes", static_cast<double>(r.largest_update), "bytes"});
  metrics.push_back({"whole_roadmap_bytes", static_cast<double>(r.whole_roadmap_bytes), "bytes"});
  metrics.push_back(
      {"facilitator_kib_per_s", static_cast<double>(r.facilitator_bytes) / seconds / 1024, "KiB/s"});
  latency_rows("propose sent -> ack", r.propose_ack, "propose_ack", metrics);
  latency_rows("vote sent -> ack", r.vote_ack, "vote_ack", metrics);
  report_errors_and_stops(r.errors_by_code, r.fatal, metrics);
  return metrics;
}

}  // namespace scsa::load
