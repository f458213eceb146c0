// The server's counters for GET /metrics (Prometheus text format 0.0.4). One process-wide instance,
// reached through metrics(), so that the network layer, the hub and the event log count without being
// wired to each other. Every update is a relaxed atomic: no locks on the hot path. render() may run
// at the same time as updates; each value it prints is one that was current during the call.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scsa::server {

// A cumulative histogram with fixed upper bounds (le), as Prometheus expects.
class histogram {
 public:
  static constexpr std::size_t max_bounds = 16;
  histogram(std::initializer_list<double> upper_bounds);
  void observe(double value);
  // Appends _bucket, _sum and _count lines for `name`, with `labels` (e.g. `stage="commit"`) on each.
  void render(std::string& out, std::string_view name, std::string_view labels = {}) const;
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::array<double, max_bounds> bounds_{};
  std::size_t size_ = 0;
  std::array<std::atomic<std::uint64_t>, max_bounds + 1> buckets_{};  // not cumulative; the last is +Inf
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

// What a WebSocket message asked for: the protocol's type names, plus "invalid" for a frame that could
// not be understood.
enum class command_type : std::size_t {
  join,
  resume,
  facilitate,
  rename,
  ping,
  answer,
  withdraw,
  open,
  close,
  focus,
  reveal,
  hide,
  new_round,
  close_session,
  reopen_session,
  remove,
  explain,
  propose,
  vote,
  unvote,
  moderate,  // the facilitator's roadmap commands: reword, hide/show, merge, plan, budget, explanations
  conclude,
  baseline,  // choose_baseline, remove_baseline, review_baseline_action
  other,
  invalid,
  count_
};
enum class command_result : std::size_t { ok, error, count_ };

std::string_view command_type_name(command_type type);

// Writes anyone may make without an account, throttled per client address and in total (server/limits/).
enum class open_write : std::size_t { session, join, code_guess, form, token_guess, count_ };
enum class limit_scope : std::size_t { address, total, count_ };

class server_metrics {
 public:
  // Connections (TCP connections accepted by the HTTP layer; WebSockets after their handshake).
  void http_connection_opened();
  void http_connection_closed();
  void websocket_opened();
  void websocket_closed();
  void http_request_served();
  // One answered WebSocket message: its type, whether it was acknowledged, and how long from receipt to
  // the reply (for commands that commit, this includes the durable commit).
  void command_answered(command_type type, command_result result, std::chrono::nanoseconds latency);
  // The stages of one acknowledged command's way through the log (see ack_stages in live_session.hpp):
  // decided, waited for the writer, committed, and from the commit to its ack being sent.
  void ack_path(std::chrono::nanoseconds decide, std::chrono::nanoseconds queue,
                std::chrono::nanoseconds commit, std::chrono::nanoseconds reply);
  // One committed transaction of the event log.
  void committed(std::size_t appends, std::size_t events, std::chrono::nanoseconds duration);
  // A slow reader's outbound queue was full: its frames were dropped and it was closed with 1008.
  void outbound_queue_overflowed(std::size_t frames_dropped);
  // An update merged into one still waiting for its reader (a reader slower than the updates).
  void update_merged() { updates_merged_total_.fetch_add(1, std::memory_order_relaxed); }
  std::uint64_t updates_merged() const { return updates_merged_total_.load(std::memory_order_relaxed); }
  // Commands decided again because another node had appended to their session's stream meanwhile.
  void command_retried(std::size_t commands);
  std::uint64_t command_retries() const { return command_retries_total_.load(std::memory_order_relaxed); }
  // Confirmation mails not yet sent, as the mail outbox's worker last counted them (it counts on its own
  // thread: the count reads the database, which an io thread serving /metrics must not wait for).
  void set_mail_outbox_size(std::size_t unsent);
  // One attempt to hand a mail to the relay: accepted, or failed (to be retried).
  void mail_attempted(bool sent);
  // An open write refused by its client address's bucket or by the ceiling over all addresses.
  void open_write_refused(open_write kind, limit_scope scope);

  // Values that are cheaper to ask for when scraping than to count (sessions, the log position), read from
  // memory on the scraping io thread. Set at start-up.
  // A gauge of the same name is replaced; remove_gauge before what `read` uses is destroyed.
  void set_gauge(std::string name, std::string help, std::function<double()> read);
  void remove_gauge(std::string_view name);

  std::string render() const;

  // For tests: read one counter without parsing.
  std::uint64_t commands(command_type type, command_result result) const;
  std::uint64_t open_writes_refused(open_write kind, limit_scope scope) const;

 private:
  struct gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };
  std::atomic<std::uint64_t> http_connections_total_{0};
  std::atomic<std::int64_t> http_connections_open_{0};
  std::atomic<std::uint64_t> websockets_total_{0};
  std::atomic<std::int64_t> websockets_open_{0};
  std::atomic<std::uint64_t> http_requests_total_{0};
  std::array<std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(command_result::count_)>,
             static_cast<std::size_t>(command_type::count_)>
      commands_{};
  std::atomic<std::uint64_t> commits_total_{0};
  std::atomic<std::uint64_t> events_appended_total_{0};
  std::atomic<std::uint64_t> outbound_overflows_total_{0};
  std::atomic<std::uint64_t> command_retries_total_{0};
  std::atomic<std::uint64_t> outbound_frames_dropped_total_{0};
  std::atomic<std::uint64_t> updates_merged_total_{0};
  std::atomic<std::uint64_t> mail_outbox_size_{0};
  std::atomic<std::uint64_t> mails_sent_total_{0};
  std::atomic<std::uint64_t> mail_failures_total_{0};
  std::array<std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(limit_scope::count_)>,
             static_cast<std::size_t>(open_write::count_)>
      open_writes_refused_{};
  histogram ack_seconds_{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  histogram commit_seconds_{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
  // decide, queue, commit, reply: finer at the low end, where a healthy ack path lives
  static histogram stage_histogram() {
    return histogram{0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
  }
  std::array<histogram, 4> ack_stage_seconds_{stage_histogram(), stage_histogram(), stage_histogram(),
                                              stage_histogram()};
  histogram commit_batch_appends_{1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
  mutable std::mutex gauges_mutex_;  // only set_gauge and render take it, never the hot path
  std::vector<gauge> gauges_;
};

// The process's metrics.
server_metrics& metrics();

// Times one WebSocket message from its arrival to its answer; copied into the callbacks that answer.
struct command_meter {
  command_type type = command_type::other;
  std::chrono::steady_clock::time_point arrived = std::chrono::steady_clock::now();
  void answered(bool ok) const {
    metrics().command_answered(type, ok ? command_result::ok : command_result::error,
                               std::chrono::steady_clock::now() - arrived);
  }
};

}  // namespace scsa::server
