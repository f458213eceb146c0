// Runs a shell command for a test: its exit status and everything it printed (stdout and stderr).
// Header-only; the server tests share it.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>
#include <utility>

namespace scsa::testing {

inline std::pair<int, std::string> run_command(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::array<char, 4096> chunk{};
  while (const auto got = std::fread(chunk.data(), 1, chunk.size(), pipe)) output.append(chunk.data(), got);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace scsa::testing
