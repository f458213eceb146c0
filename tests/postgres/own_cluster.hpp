// A PostgreSQL cluster of a test's own (tests/postgres/cluster.sh), for the tests that take the database
// away: stopping the shared one would fail the tests running beside them. Straight under /tmp: the server
// runs as the user postgres, who may not enter a test's private folder. Stopped and removed at the end.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace scsa::testing {

class own_cluster {
 public:
  own_cluster()
      : dir_((std::filesystem::temp_directory_path() /
              ("scsa-pg-own-" + std::to_string(std::random_device{}())))
                 .string()) {
    REQUIRE(run("start") == 0);
    std::ifstream file(dir_ + "/uri");
    REQUIRE(file >> uri_);
  }
  own_cluster(const own_cluster&) = delete;
  own_cluster& operator=(const own_cluster&) = delete;
  ~own_cluster() { run("stop"); }

  const std::string& uri() const { return uri_; }
  // cluster.sh's actions: restart, down (stopped, data kept), up (started again on the same port).
  int run(const std::string& action) const {
    return std::system(
        (std::string(SCSA_POSTGRES_CLUSTER_SCRIPT) + " " + action + " " + dir_ + " > /dev/null").c_str());
  }

 private:
  std::string dir_;
  std::string uri_;
};

}  // namespace scsa::testing
