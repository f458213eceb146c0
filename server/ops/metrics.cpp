// Counting and the Prometheus text format (https://prometheus.io/docs/instrumenting/exposition_formats/).
#include "server/ops/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace scsa::server {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

constexpr std::array<std::string_view, static_cast<std::size_t>(command_type::count_)> type_names = {
    "join",           "resume",   "facilitate", "rename",  "ping", "answer",    "withdraw",
    "open",           "close",    "focus",      "reveal",  "hide", "new_round", "close_session",
    "reopen_session", "remove",   "explain",    "propose", "vote", "unvote",    "moderate",
    "conclude",       "baseline", "other",      "invalid"};
constexpr std::array<std::string_view, static_cast<std::size_t>(command_result::count_)> result_names = {
    "ok", "error"};

// Prometheus floats: the shortest text that reads back as the same double, +Inf spelled so.
std::string number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  std::array<char, 32> text{};
  const auto end = std::to_chars(text.data(), text.data() + text.size(), value).ptr;  // shortest round trip
  return std::string(text.data(), end);
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

template <typename T>
void single(std::string& out, std::string_view name, std::string_view type, std::string_view help, T value) {
  header(out, name, type, help);
  out.append(name).append(" ").append(number(static_cast<double>(value))).append("\n");
}

}  // namespace

histogram::histogram(std::initializer_list<double> upper_bounds) {
  size_ = std::min(upper_bounds.size(), max_bounds);
  std::copy_n(upper_bounds.begin(), size_, bounds_.begin());
}

void histogram::observe(double value) {
  const auto end = bounds_.begin() + static_cast<std::ptrdiff_t>(size_);
  const auto slot = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), end, value) - bounds_.begin());
  buckets_[slot].fetch_add(1, relaxed);
  sum_.fetch_add(value, relaxed);
  count_.fetch_add(1, relaxed);
}

void histogram::render(std::string& out, std::string_view name, std::string_view labels) const {
  const std::string prefix = labels.empty() ? std::string() : std::string(labels) + ",";
  const std::string only = labels.empty() ? std::string() : "{" + std::string(labels) + "}";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= size_; ++i) {
    cumulative += buckets_[i].load(relaxed);
    const std::string le = i < size_ ? number(bounds_[i]) : "+Inf";
    out.append(name).append("_bucket{").append(prefix).append("le=\"").append(le).append("\"} ");
    out.append(std::to_string(cumulative)).append("\n");
  }
  // The count is the +Inf bucket, so that a scrape during an update stays consistent for Prometheus.
  out.append(name).append("_sum").append(only).append(" ").append(number(sum_.load(relaxed))).append("\n");
  out.append(name).append("_count").append(only).append(" ").append(std::to_string(cumulative)).append("\n");
}

std::string_view command_type_name(command_type type) {
  return type_names.at(static_cast<std::size_t>(type));
}

void server_metrics::http_connection_opened() {
  http_connections_total_.fetch_add(1, relaxed);
  http_connections_open_.fetch_add(1, relaxed);
}

void server_metrics::http_connection_closed() {
  http_connections_open_.fetch_sub(1, relaxed);
}

void server_metrics::websocket_opened() {
  websockets_total_.fetch_add(1, relaxed);
  websockets_open_.fetch_add(1, relaxed);
}

void server_metrics::websocket_closed() {
  websockets_open_.fetch_sub(1, relaxed);
}

void server_metrics::http_request_served() {
  http_requests_total_.fetch_add(1, relaxed);
}

void server_metrics::command_answered(command_type type, command_result result,
                                      std::chrono::nanoseconds latency) {
  commands_[static_cast<std::size_t>(type)][static_cast<std::size_t>(result)].fetch_add(1, relaxed);
  ack_seconds_.observe(std::chrono::duration<double>(latency).count());
}

void server_metrics::ack_path(std::chrono::nanoseconds decide, std::chrono::nanoseconds queue,
                              std::chrono::nanoseconds commit, std::chrono::nanoseconds reply) {
  std::size_t i = 0;
  for (const auto stage : {decide, queue, commit, reply})
    ack_stage_seconds_[i++].observe(std::chrono::duration<double>(stage).count());
}

void server_metrics::committed(std::size_t appends, std::size_t events, std::chrono::nanoseconds duration) {
  commits_total_.fetch_add(1, relaxed);
  events_appended_total_.fetch_add(events, relaxed);
  commit_batch_appends_.observe(static_cast<double>(appends));
  commit_seconds_.observe(std::chrono::duration<double>(duration).count());
}

void server_metrics::command_retried(std::size_t commands) {
  command_retries_total_.fetch_add(commands, relaxed);
}

void server_metrics::outbound_queue_overflowed(std::size_t frames_dropped) {
  outbound_overflows_total_.fetch_add(1, relaxed);
  outbound_frames_dropped_total_.fetch_add(frames_dropped, relaxed);
}

void server_metrics::set_mail_outbox_size(std::size_t unsent) {
  mail_outbox_size_.store(unsent, relaxed);
}

void server_metrics::mail_attempted(bool sent) {
  (sent ? mails_sent_total_ : mail_failures_total_).fetch_add(1, relaxed);
}

void server_metrics::open_write_refused(open_write kind, limit_scope scope) {
  open_writes_refused_[static_cast<std::size_t>(kind)][static_cast<std::size_t>(scope)].fetch_add(1, relaxed);
}

std::uint64_t server_metrics::open_writes_refused(open_write kind, limit_scope scope) const {
  return open_writes_refused_[static_cast<std::size_t>(kind)][static_cast<std::size_t>(scope)].load(relaxed);
}

void server_metrics::set_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(gauges_mutex_);
  std::erase_if(gauges_, [&name](const gauge& g) { return g.name == name; });
  gauges_.push_back(gauge{std::move(name), std::move(help), std::move(read)});
}

void server_metrics::remove_gauge(std::string_view name) {
  std::lock_guard lock(gauges_mutex_);
  std::erase_if(gauges_, [name](const gauge& g) { return g.name == name; });
}

std::uint64_t server_metrics::commands(command_type type, command_result result) const {
  return commands_[static_cast<std::size_t>(type)][static_cast<std::size_t>(result)].load(relaxed);
}

std::string server_metrics::render() const {
  std::string out;
  out.reserve(8192);
  single(out, "scsa_http_connections_total", "counter", "TCP connections accepted",
         http_connections_total_.load(relaxed));
  single(out, "scsa_http_connections_open", "gauge", "TCP connections open (HTTP, before any upgrade)",
         http_connections_open_.load(relaxed));
  single(out, "scsa_http_requests_total", "counter", "HTTP requests answered",
         http_requests_total_.load(relaxed));
  single(out, "scsa_websocket_connections_total", "counter", "WebSocket connections opened",
         websockets_total_.load(relaxed));
  single(out, "scsa_websocket_connections_open", "gauge", "WebSocket connections open",
         websockets_open_.load(relaxed));

  header(out, "scsa_commands_total", "counter",
         "WebSocket messages answered, by type and result (ok: acknowledged, error: refused)");
  for (std::size_t type = 0; type < type_names.size(); ++type) {
    for (std::size_t result = 0; result < result_names.size(); ++result) {
      const auto value = commands_[type][result].load(relaxed);
      if (value == 0) continue;  // the label sets that occurred: Prometheus treats a missing one as absent
      out.append("scsa_commands_total{type=\"").append(type_names[type]).append("\",result=\"");
      out.append(result_names[result]).append("\"} ").append(std::to_string(value)).append("\n");
    }
  }
  header(out, "scsa_ack_latency_seconds", "histogram",
         "from receiving a WebSocket message to sending its ack or error (commands: after the commit)");
  ack_seconds_.render(out, "scsa_ack_latency_seconds");
  header(out, "scsa_ack_stage_seconds", "histogram",
         "an acknowledged command's way through the log: decide (to the writer), queue (waiting for a "
         "transaction), commit (fsync included), reply (commit to the ack's send)");
  const std::array<std::string_view, 4> stage_names{"decide", "queue", "commit", "reply"};
  for (std::size_t i = 0; i < stage_names.size(); ++i)
    ack_stage_seconds_[i].render(out, "scsa_ack_stage_seconds",
                                 "stage=\"" + std::string(stage_names[i]) + "\"");

  single(out, "scsa_commits_total", "counter", "event log transactions committed",
         commits_total_.load(relaxed));
  single(out, "scsa_events_appended_total", "counter", "events written to the event log",
         events_appended_total_.load(relaxed));
  header(out, "scsa_commit_batch_appends", "histogram", "appends decided in one committed transaction");
  commit_batch_appends_.render(out, "scsa_commit_batch_appends");
  header(out, "scsa_commit_latency_seconds", "histogram", "time to write and commit one transaction (fsync)");
  commit_seconds_.render(out, "scsa_commit_latency_seconds");

  single(out, "scsa_command_retries_total", "counter",
         "commands decided again because another node had appended to their session meanwhile",
         command_retries_total_.load(relaxed));
  single(out, "scsa_outbound_queue_overflows_total", "counter",
         "slow readers closed with 1008 because their outbound queue was full",
         outbound_overflows_total_.load(relaxed));
  single(out, "scsa_outbound_frames_dropped_total", "counter", "frames dropped from those full queues",
         outbound_frames_dropped_total_.load(relaxed));
  single(out, "scsa_updates_merged_total", "counter",
         "updates merged into one still waiting for a slower reader", updates_merged_total_.load(relaxed));

  single(out, "scsa_mail_outbox_size", "gauge",
         "confirmation mails waiting to be sent (as of the outbox's last pass)",
         mail_outbox_size_.load(relaxed));
  single(out, "scsa_mails_sent_total", "counter", "confirmation mails the relay accepted",
         mails_sent_total_.load(relaxed));
  single(out, "scsa_mail_failures_total", "counter", "attempts to send a mail that failed (each is retried)",
         mail_failures_total_.load(relaxed));

  header(out, "scsa_open_writes_refused_total", "counter",
         "writes without an account refused with 429, by kind and by which limit: the client's or the total");
  static constexpr std::array<std::string_view, 5> write_names{"session", "join", "code_guess", "form",
                                                               "token_guess"};
  static constexpr std::array<std::string_view, 2> scope_names{"address", "total"};
  static_assert(write_names.size() == static_cast<std::size_t>(open_write::count_));
  for (std::size_t kind = 0; kind < write_names.size(); ++kind) {
    for (std::size_t scope = 0; scope < scope_names.size(); ++scope) {
      out.append("scsa_open_writes_refused_total{kind=\"").append(write_names[kind]).append("\",limit=\"");
      out.append(scope_names[scope]).append("\"} ");
      out.append(std::to_string(open_writes_refused_[kind][scope].load(relaxed))).append("\n");
    }
  }

  std::lock_guard lock(gauges_mutex_);
  for (const auto& g : gauges_) single(out, g.name, "gauge", g.help, g.read());
  return out;
}

server_metrics& metrics() {
  static server_metrics instance;
  return instance;
}

}  // namespace scsa::server
