// The server under test as a child process, in a temporary data folder.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/load/common.hpp"

namespace scsa::load {

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

}  // namespace scsa::load
