// scsa-server's entry point: configuration, data files, the event log, the live hub, demo data and the
// network server, started in that order and stopped in reverse.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "events/sqlite_event_log.hpp"
#include "server/data_files.hpp"
#include "server/demo_data.hpp"
#include "server/demo_seeder.hpp"
#include "server/http_api.hpp"
#include "server/live_hub.hpp"
#include "server/network_server.hpp"
#include "server/personal_store.hpp"
#include "server/server_config.hpp"
#include "server/version.hpp"

namespace {

using namespace scsa;

int serve(const server::server_config& config) {
  auto catalogue = server::load_catalogue(config.data_dir);
  auto municipalities = server::load_municipalities(config.data_dir);

  auto parent = std::filesystem::path(config.db_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  auto log = events::sqlite_event_log::open(config.db_path);
  server::personal_store names(config.db_path);

  server::live_hub hub(*log, names);
  hub.load();
  if (config.demo && log->last_sequence() == 0) {
    auto created = server::seed_demo(hub, server::make_demo_plan());
    spdlog::info("demo data: {} sessions, {} events", created, log->last_sequence());
  }

  server::http_api api(catalogue, municipalities, hub);
  server::network_server network(config, api, hub);
  network.handle_signals();
  // Between "stop accepting" and "close sockets": every queued append commits and is acknowledged.
  network.set_drain_hook([&log] { log->close(); });
  hub.start();

  std::printf("scsa-server listening on http://%s:%u/\n", config.bind.c_str(), network.port());
  std::fflush(stdout);
  network.run();
  hub.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = server::parse_config(argc, argv, server::process_environment);
  if (!parsed.ok()) {
    std::fprintf(stderr, "scsa-server: %s (see --help)\n", parsed.error.c_str());
    return 2;
  }
  if (parsed.help) {
    std::fputs(server::usage_text().c_str(), stdout);
    return 0;
  }
  if (parsed.version) {
    std::printf("scsa-server %s\n", server::version);
    return 0;
  }
  spdlog::set_level(spdlog::level::from_str(parsed.config.log_level));
  try {
    return serve(parsed.config);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    std::fprintf(stderr, "scsa-server: %s\n", e.what());
    return 1;
  }
}
