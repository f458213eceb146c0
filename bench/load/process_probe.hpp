// CPU and memory of a process through /proc, and of this one through getrusage.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench/load/common.hpp"

namespace scsa::load {

struct process_sample {
  bool valid{false};
  double cpu_s{0};      // utime + stime of all threads
  double rss_mib{0};    // VmRSS
  double hwm_mib{0};    // VmHWM: the peak RSS so far
  long threads{0};      // Threads
  double own_cpu_s{0};  // this benchmark's user + system time at the same moment
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

inline process_sample sample_process(pid_t pid) {
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

}  // namespace scsa::load
