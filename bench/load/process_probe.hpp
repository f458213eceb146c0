// CPU and memory of a process through /proc, and of this one through getrusage; the CPU of each thread of
// either through /proc/PID/task, and of the whole machine through /proc/stat.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench/load/common.hpp"

namespace scsa::load {

struct process_sample {
  bool valid{false};
  double cpu_s{0};          // utime + stime of all threads
  double rss_mib{0};        // VmRSS
  double hwm_mib{0};        // VmHWM: the peak RSS so far
  long threads{0};          // Threads
  double own_cpu_s{0};      // this benchmark's user + system time at the same moment
  double machine_cpu_s{0};  // every process's CPU time on all cores so far (/proc/stat), at the same moment
  clock_type::time_point at{};
};

inline double own_cpu_seconds() {
  rusage usage_now{};
  getrusage(RUSAGE_SELF, &usage_now);
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return seconds(usage_now.ru_utime) + seconds(usage_now.ru_stime);
}

// CPU seconds all cores have been busy since boot: /proc/stat's first line, everything but idle and iowait.
inline double machine_cpu_seconds() {
  std::ifstream stat_file("/proc/stat");
  std::string name;
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (!(stat_file >> name >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) ||
      name != "cpu")
    return 0;
  return (user + nice + system + irq + softirq + steal) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

inline process_sample sample_process(pid_t pid) {
  process_sample sample;
  sample.at = clock_type::now();
  sample.own_cpu_s = own_cpu_seconds();
  sample.machine_cpu_s = machine_cpu_seconds();
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

// CPU seconds (utime + stime) of each live thread of a process, by thread id; pid 0 is this process.
using thread_cpu = std::map<long, double>;

inline thread_cpu sample_threads(pid_t pid) {
  thread_cpu threads;
  const std::filesystem::path tasks =
      std::filesystem::path("/proc") / (pid == 0 ? std::string("self") : std::to_string(pid)) / "task";
  std::error_code ec;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    std::ifstream stat_file(task.path() / "stat");
    std::string stat_line;
    if (!std::getline(stat_file, stat_line)) continue;  // ended meanwhile
    const auto name_end = stat_line.rfind(')');
    if (name_end == std::string::npos) continue;
    std::istringstream fields(stat_line.substr(name_end + 1));
    std::vector<std::string> after_name{std::istream_iterator<std::string>(fields),
                                        std::istream_iterator<std::string>()};
    if (after_name.size() < 13) continue;
    try {
      threads[std::stol(task.path().filename().string())] =
          (std::stod(after_name[11]) + std::stod(after_name[12])) / ticks;
    } catch (const std::exception&) {
    }
  }
  return threads;
}

// The most CPU seconds one thread used between two samples (a thread new since `before` counts from 0).
inline double busiest_thread_cpu_s(const thread_cpu& before, const thread_cpu& after) {
  double busiest = 0;
  for (const auto& [id, cpu_s] : after) {
    const auto earlier = before.find(id);
    busiest = std::max(busiest, cpu_s - (earlier == before.end() ? 0.0 : earlier->second));
  }
  return busiest;
}

}  // namespace scsa::load
