// The real scsa-server binary as a child process of a test: started on a fresh temporary database with
// `--port 0`, its port read from the "listening on" line it prints, its stdout and stderr kept for failure
// messages. kill() is a crash (SIGKILL), restart() starts it again on the same database; the destructor
// stops it with SIGTERM and removes the temporary folder. One object per test; not thread-safe itself.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace scsa::testing {

class server_process {
 public:
  // Starts the server on `<fresh temp dir>/t.db`; extra_args are appended to the command line.
  // Throws std::runtime_error when it does not print its port within the timeout.
  explicit server_process(std::vector<std::string> extra_args = {},
                          std::chrono::milliseconds start_timeout = std::chrono::seconds(10));
  ~server_process();  // SIGTERM, wait (SIGKILL after 5 s), remove the temp folder
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  std::uint16_t port() const { return port_; }  // of the running server (changes on restart)
  const std::filesystem::path& db_path() const { return db_path_; }
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }

  // SIGKILL and reap: a crash at this very moment.
  void kill();
  // SIGTERM and reap; the exit status as waitpid reports it (WIFEXITED...), or nullopt when not running.
  std::optional<int> terminate(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Kills it when it runs, then starts it again on the same database (on a new port).
  void restart(std::chrono::milliseconds start_timeout = std::chrono::seconds(10));

  // Everything the server wrote to stdout and stderr so far (the last 64 KiB), for failure messages.
  std::string output() const;

 private:
  void start(std::chrono::milliseconds timeout);
  void drain(int fd);  // the reader thread: appends the pipe's bytes to output_ until EOF
  void join_reader();
  // Waits for the child to exit (pidfd + poll), then reaps it; nullopt when it did not exit in time.
  std::optional<int> reap(std::chrono::milliseconds timeout);

  std::filesystem::path dir_;
  std::filesystem::path db_path_;
  std::vector<std::string> extra_args_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string output_;        // guarded by mutex_
  bool reader_done_ = false;  // guarded by mutex_: the pipe reached EOF
  std::thread reader_;
};

}  // namespace scsa::testing
