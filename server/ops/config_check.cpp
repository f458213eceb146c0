// The checks behind --check-config, each independent so that one run reports every problem.
#include "server/ops/config_check.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "events/pg_handle.hpp"
#include "server/ops/data_files.hpp"
#include "server/ops/operator_token.hpp"

namespace scsa::server {

namespace {

namespace fs = std::filesystem;

// Binds and closes a socket at once; SO_REUSEADDR as the listener sets it, so a socket in TIME_WAIT passes.
std::string check_port(const server_config& config) {
  sockaddr_storage address{};
  socklen_t length = 0;
  int family = AF_INET;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (inet_pton(AF_INET, config.bind.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(config.port);
    length = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, config.bind.c_str(), &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(config.port);
    length = sizeof(sockaddr_in6);
  } else {
    return "--bind: '" + config.bind + "' is not an IP address";
  }
  const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::string("cannot open a socket: ") + std::strerror(errno);
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  std::string problem;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0) {
    problem = "--bind/--port: cannot listen on " + config.bind + ":" + std::to_string(config.port) + ": " +
              std::strerror(errno);
  }
  ::close(fd);
  return problem;
}

// The database file must be writable if it exists, else its nearest existing folder must be.
std::string check_sqlite_file(const std::string& option, const std::string& path) {
  std::error_code ec;
  const fs::path db = fs::absolute(path, ec);
  if (fs::exists(db, ec)) {
    if (fs::is_directory(db, ec)) return option + ": " + path + " is a folder, not a database file";
    if (::access(db.c_str(), R_OK | W_OK) != 0) return option + ": " + path + " is not writable";
    return {};
  }
  fs::path folder = db.parent_path();
  while (!folder.empty() && !fs::exists(folder, ec) && folder != folder.parent_path()) {
    folder = folder.parent_path();
  }
  if (!fs::is_directory(folder, ec) || ::access(folder.c_str(), W_OK | X_OK) != 0) {
    return option + ": cannot create " + path + ": " + folder.string() + " is not a writable folder";
  }
  return {};
}

std::string check_database(const server_config& config) {
  if (events::is_postgres_uri(config.db_path)) {
    try {
      events::pg_connection::open(config.db_path);  // the message names the database, never a password
    } catch (const std::exception& e) {
      return std::string("--db: ") + e.what();
    }
    return {};
  }
  return check_sqlite_file("--db", config.db_path);
}

std::string check_data_files(const server_config& config) {
  try {
    load_catalogue(config.data_dir);
    load_municipalities(config.data_dir);
    return {};
  } catch (const std::exception& e) {
    return std::string("--data-dir: ") + e.what();
  }
}

std::string check_web_root(const server_config& config) {
  if (config.web_root.empty()) return {};
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(config.web_root) / "index.html", ec)) {
    return "--web-root: " + config.web_root + " has no index.html (build the web client, or set it empty)";
  }
  return {};
}

std::string check_operator_token(const server_config& config) {
  if (config.operator_token_file.empty()) return {};
  try {
    read_operator_tokens(config.operator_token_file);
    return {};
  } catch (const std::exception& e) {
    return std::string("--operator-token-file: ") + e.what();
  }
}

}  // namespace

std::vector<std::string> check_config(const server_config& config) {
  std::vector<std::string> problems;
  for (auto check : {check_port, check_database, check_data_files, check_web_root, check_operator_token}) {
    if (auto problem = check(config); !problem.empty()) problems.push_back(std::move(problem));
  }
  return problems;
}

}  // namespace scsa::server
