// GET /healthz tells a working server from one whose log writer fail-stopped after an I/O error (which
// refuses every change until a restart): 200 "ok" before, 503 "failing" with the reason after. The fsync
// failure is injected with the events tests' faulty VFS; a full disk is not a failure (storage tests).
#include <catch2/catch.hpp>

#include <future>
#include <nlohmann/json.hpp>

#include "events/sqlite_event_log.hpp"
#include "server/live/live_hub.hpp"
#include "server/live/personal_store.hpp"
#include "server/ops/data_files.hpp"
#include "server/public_api.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/events/faulty_vfs.hpp"

using json = nlohmann::json;
using namespace scsa;

namespace {

server::http_response get(server::http_handler& api, const std::string& target) {
  std::promise<server::http_response> answered;
  server::http_request request;
  request.method = "GET";
  request.target = target;
  REQUIRE(api.handle(request, [&](server::http_response r) { answered.set_value(std::move(r)); }));
  return answered.get_future().get();
}

}  // namespace

TEST_CASE("healthz: 503 naming the reason once the log writer has fail-stopped", "[ops]") {
  const auto catalogue = server::load_catalogue(SCSA_DATA_DIR);
  const auto municipalities = server::load_municipalities(SCSA_DATA_DIR);
  events::testing::temp_dir dir;
  const std::string path = dir.file("log.db");
  events::testing::faulty_vfs disk;
  auto log = events::sqlite_event_log::open(path);
  {
    server::personal_store names(path);
    server::live_hub hub(*log, names);
    server::public_api api(catalogue, municipalities, hub);

    const auto healthy = get(api, "/healthz");
    CHECK(healthy.status == 200);
    CHECK(json::parse(healthy.body)["status"] == "ok");
    CHECK(json::parse(healthy.body)["log_writer"] == "running");
    CHECK(hub.log_failure().empty());

    disk.fail_sync(true);
    const auto refused =
        log->append_and_wait(events::testing::make_request("other", events::no_stream, "c1"));
    REQUIRE(refused.status == events::append_status::storage_error);
    disk.fail_sync(false);  // the disk recovers; the writer still does not trust it

    const auto failing = get(api, "/healthz");
    CHECK(failing.status == 503);
    const auto body = json::parse(failing.body);
    CHECK(body["status"] == "failing");
    CHECK(body["log_writer"] == "stopped");
    CHECK_THAT(body["reason"].get<std::string>(), Catch::Matchers::Contains("I/O error"));
    CHECK(body.contains("last_sequence"));
    CHECK_FALSE(hub.log_failure().empty());
  }
  log->close();
}
