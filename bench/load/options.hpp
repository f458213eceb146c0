// scsa-load's command line: the options of every mode, their help text and their checks.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "bench/load/common.hpp"

namespace scsa::load {

constexpr const char* usage = R"(Usage: scsa-load [options]                  the workshop (S1, S2, S4)
       scsa-load --fanout N [options]       fan-out to N watchers (S3)
       scsa-load --storm N [options]        reconnect storm of N participants (S6)
       scsa-load --roadmap N [options]      N participants propose and dot-vote (S7)

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
  --connecting C       connections in their handshake at once while joining (64)
  --protocol N         the update format clients ask for in join, resume and facilitate (1; 2: results
                       and consensus as the changed statements)
  --deflate            clients offer permessage-deflate (RFC 7692); start the server with
                       --server-arg --permessage-deflate to have it accepted
  --help               show this help

Fan-out (S3): --fanout N
  N participants join one workshop and only watch; the facilitator reveals the results (and leaves), so every change
  to the group's answers reaches every participant as an `update`. --answerers K more participants (16)
  answer in a closed loop, each sending its next answer when the last is acknowledged, for --seconds S
  (10). Per answer: the time from its send (and from its ack) until the LAST watcher has received an
  update whose seq is at least the ack's seq; update frames received per second by all watchers; the
  update's size. What a server must speak for this (the Node.js peer speaks the same):
    POST /api/sessions {"title","municipality","mode"} -> 201 {"session_id","join_code","facilitator_token"}
    ws /ws: {"type":"facilitate","id","session_id","token"} -> {"type":"ack","id",...}
            {"type":"reveal","id"} -> {"type":"ack","id",...}
            {"type":"join","id","code","name"} -> {"type":"ack","id",...} then a "snapshot" with "seq"
            {"type":"answer","id","statement","aspect","level"} -> {"type":"ack","id","seq"} (seq: the commit)
            pushed {"type":"update","seq",...}: seq is the newest commit the update includes
  --broadcast          the server is scsa-bench-broadcast (the baseline): no workshop is created, joins
                       and answers are acked by it, each answer broadcast to every connection
  --answerers K        answering clients (16)
  --answer-rate R      closed loop: each answerer sends at most R answers/s (15; scsa allows a connection
                       20 messages/s, so more would be refused as rate_limited)
  --pace-ms M          a quiet room instead of the closed loop: one answer every M ms, the answerers in
                       turn; with M above the update interval every change leaves at once (leading edge)
  --seconds S          how long the answerers answer (10)
  --receive-threads N  read the watchers' frames on N threads, each with its own io_context and every Nth
                       watcher (default 1: every connection on the one thread); the facilitator, the
                       answerers and the latencies stay on the main thread. With one thread reading every
                       update this program is the limit of a large fan-out; the report gives the CPU of
                       both sides while answering, in all and of the busiest thread: a side whose busiest
                       thread used about a whole core (or both together every core) was the limit

Reconnect storm (S6): --storm N
  N participants join with tokens of their own, then every connection drops (closed by this program, or
  with --restart the server is stopped and started again on the same database: a server restart), and
  all N reconnect at once and send `resume` with their token; reports resume->snapshot latency and every
  failure (no connection, an error, no snapshot within --timeout-s).
  --restart            restart the server between the drop and the storm (only when this program started it)
  --storm-connecting C reconnects in their handshake at once (default 0: all N at once)

The roadmap dialogue (S7): --roadmap N
  N participants join one workshop (a facilitator watching); all at once each proposes one action, then
  each casts V dot votes on others' actions (the next when the last is acknowledged). Reports propose and
  vote send->ack latency, what each phone received per second and the largest update, phones left behind
  the last acknowledged command, and the whole roadmap's size (what updates would carry without
  roadmap_changes).
  --votes V            votes per participant (default 5, the default budget; at most 20)
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
  int connecting{64};
  int protocol{1};      // the update format clients read
  bool deflate{false};  // clients offer permessage-deflate (the server must run with --permessage-deflate)
  // fan-out (S3)
  int fanout{0};  // watchers; 0: not a fan-out run
  bool broadcast{false};
  int answerers{16};
  double answer_rate{15};
  int pace_ms{0};  // 0: closed loop
  double seconds{10};
  int receive_threads{1};  // threads reading the watchers' frames (1: everything on the main thread)
  // reconnect storm (S6)
  int storm{0};  // participants; 0: not a storm run
  bool restart{false};
  int storm_connecting{0};
  // the roadmap dialogue (S7)
  int roadmap{0};  // participants; 0: not a roadmap run
  int votes{5};
};

[[noreturn]] inline void usage_error(const std::string& message) {
  std::fprintf(stderr, "scsa-load: %s (see --help)\n", message.c_str());
  std::exit(2);
}

inline long parse_long(const std::string& text, const std::string& flag, long low, long high) {
  try {
    std::size_t used = 0;
    const long value = std::stol(text, &used);
    if (used == text.size() && value >= low && value <= high) return value;
  } catch (const std::exception&) {
  }
  usage_error(flag + " wants a whole number from " + std::to_string(low) + " to " + std::to_string(high));
}

inline options parse_options(int argc, char** argv) {
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
    } else if (arg == "--deflate") {
      result.deflate = true;
    } else if (arg == "--protocol") {
      result.protocol = static_cast<int>(parse_long(value(), arg, 1, 100));
    } else if (arg == "--connecting") {
      result.connecting = static_cast<int>(parse_long(value(), arg, 1, 100000));
    } else if (arg == "--fanout") {
      result.fanout = static_cast<int>(parse_long(value(), arg, 1, 100000));
    } else if (arg == "--broadcast") {
      result.broadcast = true;
    } else if (arg == "--answerers") {
      result.answerers = static_cast<int>(parse_long(value(), arg, 1, 1000));
    } else if (arg == "--answer-rate") {
      result.answer_rate = static_cast<double>(parse_long(value(), arg, 1, 100000));
    } else if (arg == "--pace-ms") {
      result.pace_ms = static_cast<int>(parse_long(value(), arg, 1, 600000));
    } else if (arg == "--seconds") {
      result.seconds = static_cast<double>(parse_long(value(), arg, 1, 3600));
    } else if (arg == "--receive-threads") {
      result.receive_threads = static_cast<int>(parse_long(value(), arg, 1, 64));
    } else if (arg == "--storm") {
      result.storm = static_cast<int>(parse_long(value(), arg, 1, 100000));
    } else if (arg == "--restart") {
      result.restart = true;
    } else if (arg == "--storm-connecting") {
      result.storm_connecting = static_cast<int>(parse_long(value(), arg, 0, 100000));
    } else if (arg == "--roadmap") {
      result.roadmap = static_cast<int>(parse_long(value(), arg, 2, 100000));
    } else if (arg == "--votes") {
      result.votes = static_cast<int>(parse_long(value(), arg, 1, 20));
    } else {
      usage_error("unknown option '" + arg + "'");
    }
  }
  if ((result.fanout > 0) + (result.storm > 0) + (result.roadmap > 0) > 1)
    usage_error("--fanout, --storm and --roadmap are separate runs");
  if (result.broadcast && result.fanout == 0) usage_error("--broadcast goes with --fanout");
  if (result.receive_threads > 1 && result.fanout == 0) usage_error("--receive-threads goes with --fanout");
  if (result.restart && !result.url.empty()) usage_error("--restart needs a server this program starts");
  if (result.fanout > 0 && result.scenario.empty())
    result.scenario = "fanout-" + std::to_string(result.fanout) + (result.broadcast ? "-broadcast" : "");
  if (result.storm > 0 && result.scenario.empty()) result.scenario = "storm-" + std::to_string(result.storm);
  if (result.roadmap > 0 && result.scenario.empty())
    result.scenario = "roadmap-" + std::to_string(result.roadmap);
  if (result.scenario.empty())
    result.scenario =
        "workshop-" + std::to_string(result.participants) + (result.open_loop_rate > 0 ? "-open" : "");
  return result;
}

// ws://127.0.0.1:PORT[/ws] -> the endpoint; only loopback hosts.
inline tcp::endpoint parse_url(const std::string& url) {
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

}  // namespace scsa::load
