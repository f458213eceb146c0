// A real SMTP server for tests: tests/interop/smtp_sink.py (Debian's python3-aiosmtpd) as a child process
// on a loopback port, writing each mail it accepts to a fresh temporary folder as JSON. start() and stop()
// let a test take the relay down and bring it back on the same port. One object per test; not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

namespace scsa::testing {

// A TCP port on 127.0.0.1 that was free a moment ago (bind to 0, read it, close).
std::uint16_t free_loopback_port();

class smtp_sink {
 public:
  explicit smtp_sink(std::uint16_t port = free_loopback_port());  // does not start it
  ~smtp_sink();                                                   // stops it, removes the folder
  smtp_sink(const smtp_sink&) = delete;
  smtp_sink& operator=(const smtp_sink&) = delete;

  std::uint16_t port() const { return port_; }
  // Starts the relay and waits until it accepts connections; throws std::runtime_error when it does not.
  void start();
  void stop();  // SIGTERM and reap; mails already received stay readable

  // Every mail received so far, in order: {"mail_from", "rcpt_tos", "headers", "content_type", "text",
  // "attachments"}.
  std::vector<nlohmann::json> mails() const;
  // Waits until at least `count` mails arrived (or the timeout passed) and returns them all.
  std::vector<nlohmann::json> wait_for(std::size_t count,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;

 private:
  std::uint16_t port_;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

}  // namespace scsa::testing
