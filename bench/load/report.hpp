// What every scsa-load mode reports: named metrics, printed rows and the JSON file ops/bench reads.
#pragma once

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/latency_histogram.hpp"
#include "bench/load/common.hpp"

namespace scsa::load {

struct metric {
  std::string name;
  double value;
  std::string unit;
};

inline std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

inline void write_json(const std::string& file, const std::string& scenario,
                       const std::vector<metric>& metrics) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();  // keys in the documented order
  for (const auto& m : metrics)
    list.push_back({{"scenario", scenario}, {"metric", m.name}, {"value", m.value}, {"unit", m.unit}});
  std::ofstream out(file);
  out << list.dump(2) << '\n';
  if (!out) throw std::runtime_error("cannot write " + file);
}

// Prints p50..max of a histogram under a title and adds the metrics <prefix>_p50 ... <prefix>_mean (ms).
inline void latency_rows(const char* title, const scsa::bench::latency_histogram& h,
                         const std::string& prefix, std::vector<metric>& metrics) {
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
}

// The end of every mode's report: its errors by code (also as metrics) and why a run stopped early.
inline void report_errors_and_stops(const std::map<std::string, std::uint64_t>& errors_by_code,
                                    const std::vector<std::string>& fatal, std::vector<metric>& metrics) {
  if (!errors_by_code.empty()) {
    std::printf("\n%-34s %12s\n", "errors by code", "count");
    for (const auto& [code, count] : errors_by_code) {
      std::printf("  %-32s %12llu\n", code.c_str(), static_cast<unsigned long long>(count));
      metrics.push_back({"errors_" + code, static_cast<double>(count), "count"});
    }
  }
  for (const auto& why : fatal) std::printf("\nstopped early: %s\n", why.c_str());
  std::fflush(stdout);
}

}  // namespace scsa::load
