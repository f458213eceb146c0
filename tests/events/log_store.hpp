// One event log store for a contract test, on either engine: "sqlite" (a file in a temporary directory) or
// "postgres" (a fresh database in the test cluster that ctest starts, tests/postgres/cluster.sh, dropped at
// the end). open() may be called again to reopen the same store. The contract tests run on both engines
// through GENERATE(engines()).
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <random>
#include <string>

#include "events/pg_handle.hpp"
#include "events/postgres_event_log.hpp"
#include "events/sqlite_event_log.hpp"
#include "tests/events/event_log_testing.hpp"

namespace scsa::events::testing {

inline auto engines() {
  return Catch::Generators::values<std::string>({"sqlite", "postgres"});
}

// The test cluster's URI (ctest's fixture writes it); throws when there is none: the [postgres] tests then
// fail with this message rather than pass without having run.
inline std::string test_cluster_uri() {
  std::ifstream file(std::string(SCSA_POSTGRES_TEST_DIR) + "/uri");
  std::string uri;
  if (!(file >> uri))
    throw std::runtime_error(
        "no test PostgreSQL cluster: run the tests through ctest, which starts one "
        "(tests/postgres/cluster.sh start " SCSA_POSTGRES_TEST_DIR ")");
  return uri;
}

class log_store {
 public:
  explicit log_store(std::string engine) : engine_(std::move(engine)) {
    if (engine_ == "sqlite") {
      location_ = dir_.file("log.db");
      return;
    }
    const std::string admin = test_cluster_uri();
    std::random_device entropy;
    database_ = "scsa_t" + std::to_string(entropy()) + std::to_string(entropy());
    pg_connection::open(admin).exec("CREATE DATABASE " + database_);
    location_ = admin.substr(0, admin.rfind('/') + 1) + database_;
  }
  log_store(const log_store&) = delete;
  log_store& operator=(const log_store&) = delete;
  ~log_store() {
    if (database_.empty()) return;
    try {
      pg_connection::open(test_cluster_uri()).exec("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }

  const std::string& engine() const { return engine_; }
  const std::string& location() const { return location_; }

  std::unique_ptr<event_log> open(std::size_t max_batch_size = 512) const {
    if (engine_ == "sqlite") {
      sqlite_options options;
      options.max_batch_size = max_batch_size;
      return sqlite_event_log::open(location_, options);
    }
    postgres_options options;
    options.max_batch_size = max_batch_size;
    return postgres_event_log::open(location_, options);
  }

 private:
  std::string engine_;
  temp_dir dir_;
  std::string database_;  // postgres: the test's own database
  std::string location_;  // the file or the URI
};

}  // namespace scsa::events::testing
