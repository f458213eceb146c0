// The server as a child process: fork and exec with stdout and stderr on one pipe, a reader thread that
// collects the pipe's bytes and wakes the starter when the "listening on" line arrives, and a pidfd so
// stopping waits for the exit with a deadline instead of a sleep loop.
#include "tests/server/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <stdexcept>

namespace scsa::testing {

namespace {

constexpr std::size_t kept_output = 64 * 1024;
constexpr std::string_view ready_marker = "listening on http://";

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "scsa-live-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// The port in "scsa-server listening on http://HOST:PORT/", once the whole line has arrived.
std::optional<std::uint16_t> parse_port(const std::string& output) {
  auto at = output.find(ready_marker);
  if (at == std::string::npos) return std::nullopt;
  auto line_end = output.find('\n', at);
  if (line_end == std::string::npos) return std::nullopt;
  std::string url = output.substr(at + ready_marker.size(), line_end - at - ready_marker.size());
  auto colon = url.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  int port = std::atoi(url.c_str() + colon + 1);
  if (port <= 0 || port > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

}  // namespace

server_process::server_process(std::vector<std::string> extra_args, std::chrono::milliseconds start_timeout)
    : dir_(make_temp_dir()), db_path_(dir_ / "t.db"), extra_args_(std::move(extra_args)) {
  try {
    start(start_timeout);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    throw;
  }
}

server_process::~server_process() {
  if (running() && !terminate()) kill();
  join_reader();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void server_process::start(std::chrono::milliseconds timeout) {
  std::vector<std::string> args{SCSA_SERVER_BINARY, "--port",      "0",           "--db", db_path_.string(),
                                "--data-dir",       SCSA_DATA_DIR, "--log-level", "warn"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  std::array<int, 2> pipe_fds{};
  if (::pipe2(pipe_fds.data(), O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  {
    std::lock_guard lock(mutex_);
    output_.clear();
    reader_done_ = false;
  }
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw std::runtime_error("fork failed");
  }
  if (child == 0) {
    // Only async-signal-safe calls from here to exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test run
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close_range(3, ~0U, 0);  // the test's own sockets stay with the test
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  pid_ = child;
  port_ = 0;
  reader_ = std::thread([this, fd = pipe_fds[0]] { drain(fd); });

  std::unique_lock lock(mutex_);
  std::optional<std::uint16_t> port;
  changed_.wait_for(lock, timeout, [&] {
    port = parse_port(output_);
    return port.has_value() || reader_done_;
  });
  std::string seen = output_;
  lock.unlock();
  if (!port) {
    kill();
    throw std::runtime_error("scsa-server did not report its port; it wrote: " + seen);
  }
  port_ = *port;
}

void server_process::drain(int fd) {
  std::array<char, 4096> chunk{};
  for (;;) {
    ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    std::lock_guard lock(mutex_);
    output_.append(chunk.data(), static_cast<std::size_t>(got));
    if (output_.size() > kept_output) output_.erase(0, output_.size() - kept_output);
    changed_.notify_all();
  }
  ::close(fd);
  std::lock_guard lock(mutex_);
  reader_done_ = true;
  changed_.notify_all();
}

void server_process::join_reader() {
  if (reader_.joinable()) reader_.join();
}

std::optional<int> server_process::reap(std::chrono::milliseconds timeout) {
  // syscall(): glibc 2.36's <sys/pidfd.h> declares pidfd_open without C linkage for C++.
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd >= 0) {
    pollfd waiting{pidfd, POLLIN, 0};
    int ready = 0;
    do {
      ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
    } while (ready < 0 && errno == EINTR);
    ::close(pidfd);
    if (ready == 0) return std::nullopt;
  }
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return status;
}

void server_process::kill() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  reap(std::chrono::seconds(10));
  join_reader();
}

std::optional<int> server_process::terminate(std::chrono::milliseconds timeout) {
  if (!running()) return std::nullopt;
  ::kill(pid_, SIGTERM);
  auto status = reap(timeout);
  if (status) join_reader();
  return status;
}

void server_process::restart(std::chrono::milliseconds start_timeout) {
  kill();
  start(start_timeout);
}

std::string server_process::output() const {
  std::lock_guard lock(mutex_);
  return output_;
}

}  // namespace scsa::testing
