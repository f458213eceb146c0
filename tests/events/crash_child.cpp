// Helper for crash_test: appends under load from several threads until it is killed, and prints every
// append that completed as committed, one line each ("<command id> <first sequence> <last sequence>"),
// written with a single write(2) so that a kill never leaves a half line.
// Usage: events_crash_child <database> <run id> [threads] [commands held before the index is written]
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "events/sqlite_event_log.hpp"

using namespace scsa::events;

namespace {

std::mutex output_mutex;

void report(const std::string& line) {
  std::lock_guard lock(output_mutex);
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, line.data() + written, line.size() - written);
    if (n <= 0) std::_Exit(3);  // the test stopped listening
    written += static_cast<std::size_t>(n);
  }
}

void produce(event_log& log, const std::string& run, int thread) {
  const std::string stream = "r" + run + "-t" + std::to_string(thread);
  std::int64_t version = 0;
  for (int i = 0;; ++i) {
    append_request request;
    request.stream_id = stream;
    request.expected_version = version;
    request.command_id = stream + "-" + std::to_string(i);
    request.actor = "crash-child";
    request.time_ms = i;
    const int count = 1 + i % 3;
    for (int e = 0; e < count; ++e) {
      request.events.push_back(new_event{"thing_happened", 1, "{\"i\":" + std::to_string(i) + "}"});
    }
    const append_result result = log.append_and_wait(request);
    if (result.status != append_status::committed) {
      std::fprintf(stderr, "append %s: %s %s\n", request.command_id.c_str(),
                   std::string(to_string(result.status)).c_str(), result.message.c_str());
      std::_Exit(2);
    }
    version = result.stream_version;
    report(request.command_id + " " + std::to_string(result.first_sequence) + " " +
           std::to_string(result.last_sequence) + "\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <database> <run id> [threads] [commands held]\n", argv[0]);
    return 1;
  }
  const int threads = argc > 3 ? std::atoi(argv[3]) : 6;
  sqlite_options options;
  if (argc > 4) options.commands_held = static_cast<std::size_t>(std::atoi(argv[4]));
  auto log = sqlite_event_log::open(argv[1], std::move(options));
  std::vector<std::thread> producers;
  for (int t = 0; t < threads; ++t)
    producers.emplace_back([&log, run = std::string(argv[2]), t] { produce(*log, run, t); });
  for (auto& producer : producers) producer.join();  // never: the test kills the process
  return 0;
}
