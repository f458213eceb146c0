// The aiosmtpd relay as a child process: fork/exec, wait for its port to accept, SIGTERM to stop.
#include "tests/server/smtp_sink.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

namespace scsa::testing {

namespace {

bool accepts_connections(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

}  // namespace

std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

smtp_sink::smtp_sink(std::uint16_t port) : port_(port) {
  std::random_device entropy;
  dir_ = std::filesystem::temp_directory_path() / ("scsa-smtp-" + std::to_string(entropy()));
  std::filesystem::create_directories(dir_);
}

smtp_sink::~smtp_sink() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void smtp_sink::start() {
  if (pid_ > 0) return;
  const auto script =
      std::filesystem::path(SCSA_DATA_DIR).parent_path() / "tests" / "interop" / "smtp_sink.py";
  const std::string port = std::to_string(port_);
  const std::string dir = dir_.string();
  const std::string script_path = script.string();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const char* argv[] = {
        "/usr/bin/python3", script_path.c_str(), "--port", port.c_str(), "--dir", dir.c_str(), nullptr};
    ::execv(argv[0], const_cast<char* const*>(argv));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    if (accepts_connections(port_)) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("smtp_sink.py exited (is python3-aiosmtpd installed? ops/setup)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop();
  throw std::runtime_error("smtp_sink.py did not listen within 15 s");
}

void smtp_sink::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::vector<nlohmann::json> smtp_sink::mails() const {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir_))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<nlohmann::json> mails;
  for (const auto& file : files) {
    std::ifstream in(file);
    mails.push_back(nlohmann::json::parse(in));
  }
  return mails;
}

std::vector<nlohmann::json> smtp_sink::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto received = mails();
    if (received.size() >= count || std::chrono::steady_clock::now() >= deadline) return received;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace scsa::testing
