// The watchers of the fan-out mode (S3) in groups: a group owns its watchers' connections and every frame
// they receive, on one io_context: its own, run on its own thread (--receive-threads N > 1), or the
// driver's (N = 1: one thread for everything, as before). Its tallies (update frames, bytes, error codes)
// are its thread's alone and are read once that thread has ended; what the driver needs while it runs (a
// join answered, a watcher closed, the group's slowest seq) goes to the driver's io_context, stamped with
// the moment it happened here, so a hand-over's own delay never counts in a latency.
#pragma once

#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "bench/load/common.hpp"
#include "bench/load/driver_base.hpp"
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

// What a watcher group tells the fan-out driver. Every call runs on the driver's io_context.
class watcher_events {
 public:
  virtual ~watcher_events() = default;
  // A watcher's join was answered: acknowledged, or refused (the watcher then closes).
  virtual void watcher_joined(bool acknowledged) = 0;
  // A watcher's connection ended; `already_gone`: its end was counted before (a refused join),
  // `had_joined`: its join had been acknowledged.
  virtual void watcher_closed(bool already_gone, bool had_joined) = 0;
  // Group `group` changed at `at`: `counted` of its watchers have a known seq, the slowest of them
  // `slowest` (watcher_group::nobody when none has).
  virtual void watchers_moved(std::size_t group, std::int64_t slowest, int counted,
                              clock_type::time_point at) = 0;
};

class watcher_group : public client_listener {
 public:
  static constexpr std::int64_t nobody = std::numeric_limits<std::int64_t>::max();  // no watcher counted

  // Group `number` of the watchers; on its own thread when `own_thread`, else on `driver_ioc`'s.
  // `counting` (the driver's) says whether update frames count as deliveries now.
  watcher_group(std::size_t number, bool own_thread, asio::io_context& driver_ioc, watcher_events& driver,
                const options& opts, tcp::endpoint endpoint, std::size_t watchers,
                const std::atomic<bool>& counting)
      : own_ioc_(own_thread ? std::make_unique<asio::io_context>(1) : nullptr),
        ioc_(own_thread ? *own_ioc_ : driver_ioc),
        driver_ioc_(driver_ioc),
        driver_(driver),
        number_(number),
        deflate_(opts.deflate),
        broadcast_(opts.broadcast),
        endpoint_(endpoint),
        counting_(counting),
        watchers_(watchers) {}

  watcher_group(const watcher_group&) = delete;
  watcher_group& operator=(const watcher_group&) = delete;
  ~watcher_group() override { finish(); }

  // Starts the group's own thread (a group on the driver's io_context has none).
  void start() {
    if (!own_ioc_ || thread_.joinable()) return;
    work_.emplace(own_ioc_->get_executor());
    thread_ = std::thread([this] {
      try {
        own_ioc_->run();
      } catch (const std::exception& e) {  // read after finish(); the driver's deadline ends the run
        failure_ = std::string("receive thread ") + std::to_string(number_) + ": " + e.what();
      }
    });
    const std::string name = "scsa-load-rx" + std::to_string(number_);
    pthread_setname_np(thread_.native_handle(), name.c_str());  // as `top -H` shows it
  }

  // Drops what is still open and ends the group's thread; its tallies may be read after this.
  void finish() {
    if (!thread_.joinable()) return;
    asio::post(*own_ioc_, [this] {
      abort_all();
      own_ioc_->stop();
    });
    work_.reset();
    thread_.join();
  }

  // Runs `work` on the group's io_context: at once when called on its thread (the driver's own calls, for a
  // group that shares its io_context), else queued.
  template <typename Work>
  void run(Work&& work) {
    asio::dispatch(ioc_, std::forward<Work>(work));
  }

  // The following run on the group's io_context (through run()).

  // Watcher `local` of this group connects and sends `join` (the frame, ready to send).
  void connect(std::size_t local, std::string join) {
    auto& w = watchers_[local];
    w.ws = std::make_shared<ws_client>(ioc_, *this, static_cast<int>(local), deflate_);
    w.ws->connect(endpoint_);
    w.ws->send(std::move(join));
  }

  void close_all() {
    for (auto& w : watchers_)
      if (w.ws) w.ws->close();
  }

  void abort_all() {
    for (auto& w : watchers_)
      if (w.ws) w.ws->abort();
  }

  // The group's tallies: read them after finish() (or, on the driver's io_context, from it).
  std::uint64_t deliveries() const { return deliveries_; }
  std::uint64_t delivery_bytes() const { return delivery_bytes_; }
  const std::map<std::string, std::uint64_t>& errors_by_code() const { return errors_by_code_; }
  const std::string& failure() const { return failure_; }  // why its thread ended early, if it did

  void on_open(int) override {}

  void on_frame(int local, std::string_view text) override {
    auto& w = watchers_[static_cast<std::size_t>(local)];
    const std::int64_t seq = update_seq(text);
    if (seq >= 0) {
      if (counting_.load(std::memory_order_relaxed)) {
        ++deliveries_;
        delivery_bytes_ += text.size();
      }
      return reached(w, seq);
    }
    const json frame = json::parse(text, nullptr, false);
    if (!frame.is_object()) return;
    const std::string type = frame.value("type", std::string());
    if (type == "snapshot") {
      if (frame.contains("seq") && frame["seq"].is_number_integer())
        reached(w, frame["seq"].get<std::int64_t>());
      return;
    }
    if (type != "ack" && type != "error") return;
    if (type == "error") count_error(errors_by_code_, frame);
    if (frame_id(frame) == "j") joined(w, type == "ack");
  }

  void on_closed(int local, beast::error_code) override {
    auto& w = watchers_[static_cast<std::size_t>(local)];
    const bool already_gone = w.gone;
    tell([&driver = driver_, already_gone, joined = w.joined] {
      driver.watcher_closed(already_gone, joined);
    });
    // Then it no longer holds the slowest seq back (told second, so a drop counts before the answers it
    // held back settle; the driver ignores this once it closes every connection itself).
    if (!already_gone && w.joined) forget(w);
    w.gone = true;
  }

 private:
  struct watcher {
    std::shared_ptr<ws_client> ws;
    bool joined{false};
    bool gone{false};
    bool counted{false};    // in seen_ (joined, its first seq known)
    std::int64_t seen{-1};  // its newest seq
  };

  void joined(watcher& w, bool ack) {
    if (w.joined) return;
    if (!ack) {
      w.gone = true;
      w.ws->close();
    } else {
      w.joined = true;
      // The broadcast server sends no snapshot: a watcher starts from seq 0 there.
      if (broadcast_) reached(w, 0);
    }
    tell([&driver = driver_, ack] { driver.watcher_joined(ack); });
  }

  // A watcher has everything up to `seq`.
  void reached(watcher& w, std::int64_t seq) {
    if (w.gone || seq <= w.seen) return;
    if (w.counted) {
      auto old = seen_.find(w.seen);
      if (--old->second == 0) seen_.erase(old);
    } else {
      w.counted = true;
      ++counted_;
    }
    w.seen = seq;
    ++seen_[seq];
    moved();
  }

  void forget(watcher& w) {
    if (!w.counted) return;
    auto old = seen_.find(w.seen);
    if (--old->second == 0) seen_.erase(old);
    w.counted = false;
    --counted_;
    moved();
  }

  // Tells the driver when the slowest seq or the number counted changed, with the moment it did.
  void moved() {
    const std::int64_t slowest = seen_.empty() ? nobody : seen_.begin()->first;
    if (slowest == told_slowest_ && counted_ == told_counted_) return;
    told_slowest_ = slowest;
    told_counted_ = counted_;
    const auto at = clock_type::now();
    tell([&driver = driver_, number = number_, slowest, counted = counted_, at] {
      driver.watchers_moved(number, slowest, counted, at);
    });
  }

  // Runs `call` on the driver's io_context: at once on a group that shares it, else queued (in order).
  template <typename Call>
  void tell(Call&& call) {
    asio::dispatch(driver_ioc_, std::forward<Call>(call));
  }

  std::unique_ptr<asio::io_context> own_ioc_;  // null: the group runs on the driver's io_context
  asio::io_context& ioc_;
  asio::io_context& driver_ioc_;
  watcher_events& driver_;
  std::size_t number_;
  bool deflate_;
  bool broadcast_;
  tcp::endpoint endpoint_;
  const std::atomic<bool>& counting_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::vector<watcher> watchers_;     // destroyed before own_ioc_: their sockets belong to it
  std::map<std::int64_t, int> seen_;  // counted watchers by their newest seq: begin() is the slowest
  int counted_{0};
  std::int64_t told_slowest_{nobody};
  int told_counted_{0};
  std::uint64_t deliveries_{0};  // update frames received while the driver counts them
  std::uint64_t delivery_bytes_{0};
  std::map<std::string, std::uint64_t> errors_by_code_;
  std::string failure_;
};

}  // namespace scsa::load
