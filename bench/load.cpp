// scsa-load, the WebSocket load generator behind ops/bench: starts scsa-server (or uses a running one),
// creates a workshop, connects a facilitator and up to 10,000 participants over WebSocket (the descriptor
// limit is raised to fit), lets each answer up to 21 statements x 2 aspects (closed loop with think time,
// or open loop at a fixed total rate), and reports send->ack latency percentiles, the server's CPU and
// memory before joining, when idle and after answering, and this program's own CPU. One io_context on one
// thread drives every socket. With --echo it drives scsa-bench-echo instead (the network ceiling).
// Usage: scsa-load [--participants N] [--answers K] [--think-ms M | --open-loop RATE] [--json FILE] (--help)
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/latency_histogram.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;
using json = nlohmann::json;
using scsa::bench::latency_histogram;

constexpr int statement_count = 21;
constexpr int answers_per_participant = statement_count * 2;  // current and desired per statement
constexpr int max_connecting = 64;                            // connections in their handshake at once

constexpr const char* usage = R"(Usage: scsa-load [options]

Measures what a live workshop costs scsa-server: a facilitator and N participants join over WebSocket and
answer up to 21 statements x 2 aspects; reports ack latency, server CPU and memory, and its own CPU.

Options:
  --participants N     participants (default 200, at most 10000 plus what the descriptor limit allows)
  --answers K          answers per participant, 0-42 (default 42: every statement, current and desired);
                       0 joins, measures the idle joined connections and closes (memory per connection)
  --echo               the server is scsa-bench-echo: no workshop is created, echoed frames count as acks
  --think-ms M         closed loop: think time after each ack before the next answer, +-50% jitter (500)
  --open-loop RATE     open loop instead: RATE answers/s in total, sent whether or not acks came back;
                       latency counts from the intended send time
  --server PATH        the server binary to start (default: scsa-server next to this program)
  --server-arg ARG     an extra argument for the started server (repeatable)
  --url ws://127.0.0.1:PORT
                       use a running server instead of starting one (loopback only)
  --server-pid PID     with --url: the server process to measure CPU and memory of
  --data-dir DIR       where the temporary database directory goes (default $TMPDIR or /tmp)
  --timeout-s S        global deadline: report what was measured and stop after S seconds (120)
  --scenario NAME      scenario name in the JSON output (default workshop-N, workshop-N-open for open loop)
  --json FILE          also write [{"scenario","metric","value","unit"}] to FILE
  --seed N             random seed for levels and think times (1)
  --help               show this help
)";

struct options {
  int participants{200};
  int answers{answers_per_participant};
  bool echo{false};
  int think_ms{500};
  double open_loop_rate{0};  // answers/s in total; 0 means closed loop
  std::string server_path;
  std::vector<std::string> server_args;
  std::string url;
  pid_t server_pid{-1};
  std::string data_dir;
  int timeout_s{120};
  std::string scenario;
  std::string json_file;
  unsigned seed{1};
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "scsa-load: %s (see --help)\n", message.c_str());
  std::exit(2);
}

long parse_long(const std::string& text, const std::string& flag, long low, long high) {
  try {
    std::size_t used = 0;
    const long value = std::stol(text, &used);
    if (used == text.size() && value >= low && value <= high) return value;
  } catch (const std::exception&) {
  }
  usage_error(flag + " wants a whole number from " + std::to_string(low) + " to " + std::to_string(high));
}

options parse_options(int argc, char** argv) {
  options result;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(usage, stdout);
      std::exit(0);
    } else if (arg == "--participants") {
      result.participants = static_cast<int>(parse_long(value(), arg, 1, 100000));
    } else if (arg == "--answers") {
      result.answers = static_cast<int>(parse_long(value(), arg, 0, answers_per_participant));
    } else if (arg == "--echo") {
      result.echo = true;
    } else if (arg == "--think-ms") {
      result.think_ms = static_cast<int>(parse_long(value(), arg, 0, 600000));
    } else if (arg == "--open-loop") {
      const std::string text = value();
      char* end = nullptr;
      result.open_loop_rate = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || *end != '\0' || !(result.open_loop_rate > 0) || result.open_loop_rate > 1e7)
        usage_error("--open-loop wants a positive rate in answers/s");
    } else if (arg == "--server") {
      result.server_path = value();
    } else if (arg == "--server-arg") {
      result.server_args.push_back(value());
    } else if (arg == "--url") {
      result.url = value();
    } else if (arg == "--server-pid") {
      result.server_pid = static_cast<pid_t>(parse_long(value(), arg, 1, 1L << 30));
    } else if (arg == "--data-dir") {
      result.data_dir = value();
    } else if (arg == "--timeout-s") {
      result.timeout_s = static_cast<int>(parse_long(value(), arg, 1, 86400));
    } else if (arg == "--scenario") {
      result.scenario = value();
    } else if (arg == "--json") {
      result.json_file = value();
    } else if (arg == "--seed") {
      result.seed = static_cast<unsigned>(parse_long(value(), arg, 0, 1L << 31));
    } else {
      usage_error("unknown option '" + arg + "'");
    }
  }
  if (result.scenario.empty())
    result.scenario =
        "workshop-" + std::to_string(result.participants) + (result.open_loop_rate > 0 ? "-open" : "");
  return result;
}

double seconds_between(clock_type::time_point from, clock_type::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// ---------------------------------------------------------------------------------------------------------
// Measuring a process through /proc, and this one through getrusage.

struct process_sample {
  bool valid{false};
  double cpu_s{0};      // utime + stime of all threads
  double rss_mib{0};    // VmRSS
  double hwm_mib{0};    // VmHWM: the peak RSS so far
  long threads{0};      // Threads
  double own_cpu_s{0};  // this benchmark's user + system time at the same moment
  clock_type::time_point at{};
};

double own_cpu_seconds() {
  rusage usage_now{};
  getrusage(RUSAGE_SELF, &usage_now);
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return seconds(usage_now.ru_utime) + seconds(usage_now.ru_stime);
}

process_sample sample_process(pid_t pid) {
  process_sample sample;
  sample.at = clock_type::now();
  sample.own_cpu_s = own_cpu_seconds();
  if (pid <= 0) return sample;
  const std::string base = "/proc/" + std::to_string(pid);
  std::ifstream stat_file(base + "/stat");
  std::string stat_line;
  if (!std::getline(stat_file, stat_line)) return sample;
  // The command name in field 2 may hold spaces and parentheses: count fields after the last ')'.
  const auto name_end = stat_line.rfind(')');
  if (name_end == std::string::npos) return sample;
  std::istringstream fields(stat_line.substr(name_end + 1));
  std::vector<std::string> after_name{std::istream_iterator<std::string>(fields),
                                      std::istream_iterator<std::string>()};
  if (after_name.size() < 13) return sample;  // [0] is field 3 (state); utime is field 14, stime 15
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  sample.cpu_s = (std::stod(after_name[11]) + std::stod(after_name[12])) / ticks;
  std::ifstream status_file(base + "/status");
  std::string line;
  while (std::getline(status_file, line)) {
    auto field_kib = [&](std::string_view name) -> std::optional<double> {
      if (line.rfind(name, 0) != 0) return std::nullopt;
      return std::stod(line.substr(name.size())) / 1024.0;
    };
    if (auto v = field_kib("VmRSS:")) sample.rss_mib = *v;
    if (auto v = field_kib("VmHWM:")) sample.hwm_mib = *v;
    if (line.rfind("Threads:", 0) == 0) sample.threads = std::stol(line.substr(8));
  }
  sample.valid = true;
  return sample;
}

// ---------------------------------------------------------------------------------------------------------
// The server under test as a child process.

class temp_dir {
 public:
  explicit temp_dir(const std::string& parent) {
    std::string pattern = (std::filesystem::path(parent) / "scsa-load-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp in " + parent + " failed");
    path_ = pattern;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Starts the server with its stdout on a pipe, waits for its "listening on http://HOST:PORT/" line, then
// forwards the rest of its output to stderr on a thread (so a chatty server never blocks on a full pipe).
// The destructor stops it: SIGTERM, then SIGKILL after 5 s.
class child_server {
 public:
  child_server(const std::string& path, std::vector<std::string> args) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    args.insert(args.begin(), path);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed or killed benchmark
      dup2(fds[1], STDOUT_FILENO);
      std::vector<char*> argv_child;
      for (auto& arg : args) argv_child.push_back(arg.data());
      argv_child.push_back(nullptr);
      execv(path.c_str(), argv_child.data());
      std::fprintf(stderr, "scsa-load: cannot start %s: %s\n", path.c_str(), std::strerror(errno));
      _exit(127);
    }
    close(fds[1]);
    out_fd_ = fds[0];
  }
  child_server(const child_server&) = delete;
  child_server& operator=(const child_server&) = delete;
  ~child_server() { stop(); }

  pid_t pid() const { return pid_; }

  // The port from the listening line, or an exception after `timeout` or when the server exits first.
  unsigned short wait_listening(std::chrono::milliseconds timeout) {
    const auto deadline = clock_type::now() + timeout;
    std::string pending;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
      if (left.count() <= 0) throw std::runtime_error("the server printed no listening line in time");
      pollfd waiting{out_fd_, POLLIN, 0};
      if (poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[4096];
      const ssize_t got = read(out_fd_, chunk, sizeof chunk);
      if (got <= 0)
        throw std::runtime_error("the server exited before it was listening (" + exit_text() + ")");
      pending.append(chunk, static_cast<std::size_t>(got));
      for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
        const std::string line = pending.substr(0, end);
        pending.erase(0, end + 1);
        constexpr std::string_view marker = "listening on http://";
        const auto at = line.find(marker);
        if (at == std::string::npos) {
          std::fprintf(stderr, "[server] %s\n", line.c_str());
          continue;
        }
        const std::string authority = line.substr(at + marker.size());
        const auto colon = authority.rfind(':');
        if (colon == std::string::npos) throw std::runtime_error("no port in: " + line);
        const unsigned short port = static_cast<unsigned short>(std::atoi(authority.c_str() + colon + 1));
        if (port == 0) throw std::runtime_error("no port in: " + line);
        if (!pending.empty()) std::fputs(pending.c_str(), stderr);
        forwarder_ = std::thread([this] { forward_output(); });
        return port;
      }
    }
  }

  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      const auto deadline = clock_type::now() + std::chrono::seconds(5);
      int status = 0;
      pid_t done = 0;
      while ((done = waitpid(pid_, &status, WNOHANG)) == 0 && clock_type::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (done == 0) {
        std::fprintf(stderr, "scsa-load: the server ignored SIGTERM for 5 s; killing it\n");
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
      }
      exit_status_ = status;
      pid_ = -1;
    }
    stop_forwarding_ = true;
    if (forwarder_.joinable()) forwarder_.join();
    if (out_fd_ >= 0) close(out_fd_);
    out_fd_ = -1;
  }

  std::optional<int> exit_status() const { return exit_status_; }

 private:
  std::string exit_text() {
    int status = 0;
    pid_t done = 0;
    // Its output closes a moment before it can be reaped.
    for (int tries = 0; tries < 50 && (done = waitpid(pid_, &status, WNOHANG)) == 0; ++tries)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (done == pid_) {
      pid_ = -1;
      exit_status_ = status;
      if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
      if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
    }
    return "closed its output";
  }

  void forward_output() {
    char chunk[4096];
    while (!stop_forwarding_) {
      pollfd waiting{out_fd_, POLLIN, 0};
      if (poll(&waiting, 1, 100) <= 0) continue;
      const ssize_t got = read(out_fd_, chunk, sizeof chunk);
      if (got <= 0) return;
      std::fwrite(chunk, 1, static_cast<std::size_t>(got), stderr);
    }
  }

  pid_t pid_{-1};
  int out_fd_{-1};
  std::thread forwarder_;
  std::atomic<bool> stop_forwarding_{false};
  std::optional<int> exit_status_;
};

// ---------------------------------------------------------------------------------------------------------
// HTTP: create the workshop.

struct created_session {
  json session_id;  // kept as the server sent it (string or number) and sent back the same way
  std::string join_code;
  std::string facilitator_token;
};

asio::awaitable<http::response<http::string_body>> http_request(http::verb verb, tcp::endpoint endpoint,
                                                                std::string target, std::string body) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(std::chrono::seconds(10));
  co_await stream.async_connect(endpoint, asio::use_awaitable);
  http::request<http::string_body> request{verb, target, 11};
  request.set(http::field::host, endpoint.address().to_string() + ":" + std::to_string(endpoint.port()));
  request.set(http::field::user_agent, "scsa-load");
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.body() = std::move(body);
  request.prepare_payload();
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  co_await http::async_read(stream, buffer, response, asio::use_awaitable);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return response;
}

created_session create_session(asio::io_context& ioc, const tcp::endpoint& endpoint) {
  const json body = {{"title", "Bench workshop"}, {"municipality", "GM0344"}, {"mode", "workshop"}};
  std::optional<http::response<http::string_body>> response;
  std::exception_ptr failure;
  asio::co_spawn(ioc, http_request(http::verb::post, endpoint, "/api/sessions", body.dump()),
                 [&](std::exception_ptr e, http::response<http::string_body> r) {
                   failure = e;
                   if (!e) response = std::move(r);
                 });
  ioc.run();
  ioc.restart();
  if (failure) std::rethrow_exception(failure);
  if (!response) throw std::runtime_error("POST /api/sessions: no response");
  if (response->result() != http::status::created)
    throw std::runtime_error("POST /api/sessions answered " + std::to_string(response->result_int()) + ": " +
                             response->body());
  const json answer = json::parse(response->body(), nullptr, false);
  if (!answer.is_object() || !answer.contains("session_id") ||
      !answer.value("join_code", json()).is_string() ||
      !answer.value("facilitator_token", json()).is_string())
    throw std::runtime_error("POST /api/sessions: unexpected body " + response->body());
  return {answer["session_id"], answer["join_code"].get<std::string>(),
          answer["facilitator_token"].get<std::string>()};
}

// The server's own count of its group commits (GET /metrics, Prometheus text): appends per committed
// transaction, summed and counted over the run, so a benchmark can report the batch sizes the log wrote.
// Nothing when the server does not answer (an older build, or the echo server).
struct commit_batches {
  double appends{0};
  double commits{0};
};

std::optional<commit_batches> fetch_commit_batches(asio::io_context& ioc, const tcp::endpoint& endpoint) {
  std::optional<http::response<http::string_body>> response;
  ioc.restart();
  asio::co_spawn(ioc, http_request(http::verb::get, endpoint, "/metrics", ""),
                 [&](std::exception_ptr e, http::response<http::string_body> r) {
                   if (!e) response = std::move(r);
                 });
  ioc.run();
  ioc.restart();
  if (!response || response->result() != http::status::ok) return std::nullopt;
  commit_batches found;
  bool sum = false, count = false;
  std::istringstream lines(response->body());
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string name;
    double value = 0;
    if (!(fields >> name >> value)) continue;
    if (name == "scsa_commit_batch_appends_sum") found.appends = value, sum = true;
    if (name == "scsa_commit_batch_appends_count") found.commits = value, count = true;
  }
  if (!sum || !count) return std::nullopt;
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// One WebSocket client: connect, a read loop, one write in flight with a queue behind it.

class ws_client;

// Who hears about a client's life; the benchmark driver. Called on the io_context's thread.
class client_listener {
 public:
  virtual ~client_listener() = default;
  virtual void on_open(int index) = 0;
  virtual void on_frame(int index, std::string_view text) = 0;
  virtual void on_closed(int index, beast::error_code error) = 0;  // error is empty for a clean close
};

class ws_client : public std::enable_shared_from_this<ws_client> {
 public:
  ws_client(asio::io_context& ioc, client_listener& listener, int index)
      : ws_(ioc), listener_(listener), index_(index) {}

  void connect(const tcp::endpoint& endpoint) {
    host_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(ws_).async_connect(
        endpoint, [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
  }

  void send(std::string frame) {
    if (finished_) return;
    queue_.push_back(std::move(frame));
    if (!writing_ && open_) write_next();
  }

  // A clean close handshake; the read loop then ends with websocket::error::closed.
  void close() {
    if (finished_ || closing_) return;
    closing_ = true;
    if (!open_) return abort();
    ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code ec) {
      if (ec) self->abort();
    });
  }

  // Drops the connection at once (the deadline).
  void abort() {
    closing_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  void on_connect(beast::error_code ec) {
    if (ec) return finish(ec);
    beast::get_lowest_layer(ws_).expires_never();  // the websocket stream keeps its own timeouts
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& request) { request.set(http::field::user_agent, "scsa-load"); }));
    ws_.read_message_max(64 * 1024 * 1024);  // a facilitator's snapshot may be large
    ws_.text(true);
    ws_.async_handshake(host_, "/ws",
                        [self = shared_from_this()](beast::error_code e) { self->on_handshake(e); });
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return finish(ec);
    open_ = true;
    read_next();
    if (!queue_.empty()) write_next();
    listener_.on_open(index_);
  }

  void read_next() {
    ws_.async_read(buffer_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return finish(ec == websocket::error::closed && closing_ ? beast::error_code() : ec);
    const auto data = buffer_.cdata();
    listener_.on_frame(index_, std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer_.consume(buffer_.size());
    read_next();
  }

  void write_next() {
    writing_ = true;
    ws_.async_write(asio::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ec) return;  // the read loop reports the failure
    queue_.pop_front();
    if (!queue_.empty() && !finished_) write_next();
  }

  void finish(beast::error_code ec) {
    if (finished_) return;
    finished_ = true;
    open_ = false;
    listener_.on_closed(index_, ec);
  }

  websocket::stream<beast::tcp_stream> ws_;
  client_listener& listener_;
  int index_;  // -1 is the facilitator, 0..N-1 the participants
  std::string host_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool writing_{false};
  bool open_{false};
  bool closing_{false};
  bool finished_{false};
};

// ---------------------------------------------------------------------------------------------------------
// The workshop.

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

class workshop_driver : public client_listener {
 public:
  workshop_driver(asio::io_context& ioc, const options& opts, tcp::endpoint endpoint, created_session session,
                  pid_t measured_pid, clock_type::time_point deadline)
      : ioc_(ioc),
        opts_(opts),
        endpoint_(endpoint),
        session_(std::move(session)),
        measured_pid_(measured_pid),
        deadline_timer_(ioc, deadline),
        phase_timer_(ioc),
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
    deadline_timer_.async_wait([this](beast::error_code ec) {
      if (ec) return;
      result_.timed_out = true;
      result_.fatal.push_back("the deadline (--timeout-s " + std::to_string(opts_.timeout_s) + ") passed");
      stop_now();
    });
    signals_.async_wait([this](beast::error_code ec, int) {
      if (ec) return;
      result_.fatal.push_back("interrupted");
      stop_now();
    });
    facilitator_ = std::make_shared<ws_client>(ioc_, *this, -1);
    facilitator_->connect(endpoint_);
    facilitator_->send(json{{"type", "facilitate"},
                            {"id", "f1"},
                            {"session_id", session_.session_id},
                            {"token", session_.facilitator_token}}
                           .dump());
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
    const std::string id =
        frame.contains("id") && frame["id"].is_string() ? frame["id"].get<std::string>() : "";
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
    for (int i = 0; i < max_connecting; ++i) connect_next();
  }

  void connect_next() {
    if (next_to_connect_ >= participants_.size() || phase_ != phase::joining) return;
    const std::size_t i = next_to_connect_++;
    auto& p = participants_[i];
    p.client = std::make_shared<ws_client>(ioc_, *this, static_cast<int>(i));
    p.connect_started = clock_type::now();
    p.client->connect(endpoint_);
    p.client->send(json{{"type", "join"},
                        {"id", "j-" + std::to_string(i)},
                        {"code", session_.join_code},
                        {"name", "P" + std::to_string(i)}}
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

  void count_error(const json& frame) {
    const auto code = frame.contains("code") && frame["code"].is_string() ? frame["code"].get<std::string>()
                                                                          : std::string("(no code)");
    ++result_.errors_by_code[code];
  }

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
    for (auto& p : participants_) {
      if (!p.gone) give_up_answers(p);
      p.gone = true;
      if (p.client) p.client->abort();
    }
    if (facilitator_) facilitator_->abort();
    ioc_.stop();
  }

  asio::io_context& ioc_;
  const options& opts_;
  tcp::endpoint endpoint_;
  created_session session_;
  pid_t measured_pid_;
  asio::steady_timer deadline_timer_;
  asio::steady_timer phase_timer_;
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

// ---------------------------------------------------------------------------------------------------------
// The report.

struct metric {
  std::string name;
  double value;
  std::string unit;
};

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::vector<metric> report(const options& opts, const results& r, pid_t measured_pid) {
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

  auto latency_rows = [&](const char* title, const latency_histogram& h, const std::string& prefix) {
    if (h.count() == 0) return;
    std::printf("\n%-34s %12s\n", title, "ms");
    struct point {
      const char* label;
      const char* suffix;  // in the metric's name
      double percentile;
    };
    for (const point& at : {point{"p50", "_p50", 50}, point{"p90", "_p90", 90}, point{"p99", "_p99", 99},
                            point{"p99.9", "_p999", 99.9}}) {
      std::printf("  %-32s %12s\n", at.label, fixed(h.percentile_ms(at.percentile), 3).c_str());
      metrics.push_back({prefix + at.suffix, h.percentile_ms(at.percentile), "ms"});
    }
    std::printf("  %-32s %12s\n", "max", fixed(static_cast<double>(h.max_ns()) / 1e6, 3).c_str());
    std::printf("  %-32s %12s\n", "mean", fixed(h.mean_ns() / 1e6, 3).c_str());
    metrics.push_back({prefix + "_max", static_cast<double>(h.max_ns()) / 1e6, "ms"});
    metrics.push_back({prefix + "_mean", h.mean_ns() / 1e6, "ms"});
  };
  latency_rows(opts.open_loop_rate > 0 ? "answer latency (intended send->ack)" : "answer latency (send->ack)",
               r.ack_latency, "ack_latency");
  latency_rows("join latency (connect->join ack)", r.join_latency, "join_latency");

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

  if (!r.errors_by_code.empty()) {
    std::printf("\n%-34s %12s\n", "errors by code", "count");
    for (const auto& [code, count] : r.errors_by_code) {
      std::printf("  %-32s %12llu\n", code.c_str(), static_cast<unsigned long long>(count));
      metrics.push_back({"errors_" + code, static_cast<double>(count), "count"});
    }
  }
  for (const auto& why : r.fatal) std::printf("\nstopped early: %s\n", why.c_str());
  std::fflush(stdout);
  return metrics;
}

void write_json(const std::string& file, const std::string& scenario, const std::vector<metric>& metrics) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();  // keys in the documented order
  for (const auto& m : metrics)
    list.push_back({{"scenario", scenario}, {"metric", m.name}, {"value", m.value}, {"unit", m.unit}});
  std::ofstream out(file);
  out << list.dump(2) << '\n';
  if (!out) throw std::runtime_error("cannot write " + file);
}

// ws://127.0.0.1:PORT[/ws] -> the endpoint; only loopback hosts.
tcp::endpoint parse_url(const std::string& url) {
  constexpr std::string_view scheme = "ws://";
  if (url.rfind(scheme, 0) != 0) usage_error("--url must start with ws://");
  std::string authority = url.substr(scheme.size());
  authority = authority.substr(0, authority.find('/'));
  const auto colon = authority.rfind(':');
  if (colon == std::string::npos) usage_error("--url needs a port");
  const std::string host = authority.substr(0, colon);
  if (host != "127.0.0.1" && host != "localhost") usage_error("--url must name 127.0.0.1 (loopback only)");
  const auto port =
      static_cast<unsigned short>(parse_long(authority.substr(colon + 1), "--url port", 1, 65535));
  return {asio::ip::address_v4::loopback(), port};
}

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

}  // namespace

int main(int argc, char** argv) {
  const options opts = parse_options(argc, argv);
  const rlim_t wanted = static_cast<rlim_t>(opts.participants) + 256;
  if (const auto limit = raise_descriptor_limit(wanted); limit < wanted)
    std::fprintf(stderr, "note: only %llu file descriptors allowed (hard limit); %d connections may fail\n",
                 static_cast<unsigned long long>(limit), opts.participants);
  const auto started = clock_type::now();
  const auto deadline = started + std::chrono::seconds(opts.timeout_s);
  try {
    asio::io_context ioc(1);
    std::optional<temp_dir> data;
    std::optional<child_server> server;
    tcp::endpoint endpoint;
    pid_t measured_pid = opts.server_pid;
    if (opts.url.empty()) {
      const std::string parent = !opts.data_dir.empty()             ? opts.data_dir
                                 : std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR")
                                                                    : "/tmp";
      data.emplace(parent);
      if (on_tmpfs(parent))
        std::fprintf(stderr, "note: %s is tmpfs: fsync is free there, so ack latency is not disk latency\n",
                     parent.c_str());
      const std::string path = opts.server_path.empty() ? default_server_path() : opts.server_path;
      std::vector<std::string> args{"--port",      "0",   "--db", (data->path() / "bench.db").string(),
                                    "--log-level", "warn"};
      args.insert(args.end(), opts.server_args.begin(), opts.server_args.end());
      server.emplace(path, args);
      measured_pid = server->pid();
      const auto wait =
          std::min<clock_type::duration>(std::chrono::seconds(20), deadline - clock_type::now());
      const auto port = server->wait_listening(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
      endpoint = {asio::ip::address_v4::loopback(), port};
      std::printf("server: %s (pid %d) on 127.0.0.1:%u, database in %s, ready after %.2f s\n", path.c_str(),
                  static_cast<int>(measured_pid), port, data->path().c_str(),
                  seconds_between(started, clock_type::now()));
    } else {
      endpoint = parse_url(opts.url);
      std::printf("server: running at %s%s\n", opts.url.c_str(),
                  measured_pid > 0 ? (" (pid " + std::to_string(measured_pid) + ")").c_str() : "");
    }
    std::printf("machine: %u hardware threads\n", std::thread::hardware_concurrency());
    std::fflush(stdout);

    const created_session session =
        opts.echo ? created_session{"echo", "ECHO", "echo"} : create_session(ioc, endpoint);
    workshop_driver driver(ioc, opts, endpoint, session, measured_pid, deadline);
    const results outcome = driver.run();
    auto metrics = report(opts, outcome, measured_pid);
    if (!opts.echo) {
      if (const auto batches = fetch_commit_batches(ioc, endpoint); batches && batches->commits > 0) {
        const double mean = batches->appends / batches->commits;
        std::printf(
            "\nserver's group commits (GET /metrics): %.0f appends in %.0f commits, %.1f per commit\n",
            batches->appends, batches->commits, mean);
        metrics.push_back({"server_commits", batches->commits, "count"});
        metrics.push_back({"server_appends_per_commit", mean, "count"});
      }
    }
    if (!opts.json_file.empty()) write_json(opts.json_file, opts.scenario, metrics);
    if (server) {
      server->stop();
      if (const auto status = server->exit_status();
          status && !(WIFEXITED(*status) && WEXITSTATUS(*status) == 0))
        std::printf("note: the server did not exit 0 on SIGTERM (status %d)\n", *status);
    }
    const std::uint64_t expected = static_cast<std::uint64_t>(opts.participants) * opts.answers;
    const bool ok = outcome.fatal.empty() && outcome.acknowledged == expected && outcome.refused == 0 &&
                    outcome.lost == 0 && outcome.errors_by_code.empty();
    std::printf("\nresult: %s\n", ok ? "PASS (every answer acknowledged, no errors)" : "FAIL");
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-load: %s\n", e.what());
    return 1;
  }
}
