// Writes without an account are throttled per client address, in the API and the live hub alike, with the
// default settings a real instance runs: a script creating sessions from one address gets 429 with
// Retry-After after the burst while another address still gets 201; 30 colleagues behind one address
// start a solo assessment at once and a town hall's 300 phones behind one address join their workshop,
// none refused; a phone joining again costs nothing; codes that match nothing are limited on their own.
#include <catch2/catch.hpp>

#include <future>
#include <nlohmann/json.hpp>

#include "events/sqlite_event_log.hpp"
#include "server/limits/open_write_limits.hpp"
#include "server/live/live_hub.hpp"
#include "server/live/personal_store.hpp"
#include "server/ops/data_files.hpp"
#include "server/public_api.hpp"
#include "tests/events/event_log_testing.hpp"
#include "tests/server/recording_connection.hpp"

using json = nlohmann::json;
using namespace scsa;
using namespace std::chrono_literals;
using testing::recording_connection;

namespace {

server::http_response call(server::http_handler& api, const std::string& method, const std::string& target,
                           const std::string& address, const std::string& body = "") {
  std::promise<server::http_response> answered;
  server::http_request request;
  request.method = method;
  request.target = target;
  request.body = body;
  request.remote_address = address;
  REQUIRE(api.handle(request, [&](server::http_response r) { answered.set_value(std::move(r)); }));
  return answered.get_future().get();
}

server::http_response create(server::http_handler& api, const std::string& address,
                             const std::string& mode = "workshop") {
  return call(api, "POST", "/api/sessions", address,
              json{{"title", "Throttled"}, {"municipality", "GM0344"}, {"mode", mode}}.dump());
}

std::string header(const server::http_response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return {};
}

// A hub and its API over a fresh log, with the given limits (the defaults unless told).
struct open_server {
  explicit open_server(server::open_write_settings settings = {})
      : catalogue(server::load_catalogue(SCSA_DATA_DIR)),
        municipalities(server::load_municipalities(SCSA_DATA_DIR)),
        log(events::sqlite_event_log::open(dir.file("log.db"))),
        names(dir.file("log.db")),
        limits(settings),
        hub(*log, names,
            [this] {
              server::hub_options options;
              options.limits = &limits;
              return options;
            }()),
        api(catalogue, municipalities, hub, {.limits = &limits}) {
    hub.load();
  }
  ~open_server() { log->close(); }

  events::testing::temp_dir dir;
  domain::catalogue catalogue;
  domain::municipality_registry municipalities;
  std::unique_ptr<events::sqlite_event_log> log;
  server::personal_store names;
  server::open_write_limits limits;
  server::live_hub hub;
  server::public_api api;
};

json join(server::live_hub& hub, const std::shared_ptr<recording_connection>& phone, const std::string& code,
          const std::string& id, const std::optional<std::string>& token = std::nullopt) {
  json frame{{"type", "join"}, {"id", id}, {"code", code}};
  if (token) frame["token"] = *token;
  hub.on_message(phone, frame.dump());
  return phone->reply(id);
}

}  // namespace

TEST_CASE("open writes: sessions from one address get 429 after the burst, another address still 201",
          "[limits]") {
  open_server server;
  const auto refused_before =
      server::metrics().open_writes_refused(server::open_write::session, server::limit_scope::address);
  int created = 0;
  std::optional<server::http_response> first_refusal;
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto response = create(server.api, "203.0.113.7");
    if (response.status == 201)
      ++created;
    else if (!first_refusal)
      first_refusal = response;
  }
  CHECK(created >= 60);  // the default burst (60/10m), plus a token back if the loop outlasted 10 s
  CHECK(created <= 62);
  REQUIRE(first_refusal);
  CHECK(first_refusal->status == 429);
  const auto body = json::parse(first_refusal->body);
  CHECK(body["code"] == "rate_limited");
  const int retry_after = std::stoi(header(*first_refusal, "Retry-After"));
  CHECK(retry_after >= 1);
  CHECK(retry_after <= 10);
  CHECK(body["retry_after_s"] == retry_after);
  CHECK(server::metrics().open_writes_refused(server::open_write::session, server::limit_scope::address) ==
        refused_before + 200 - static_cast<std::uint64_t>(created));

  CHECK(create(server.api, "198.51.100.20").status == 201);  // another address is not affected
  CHECK(create(server.api, "203.0.113.7").status == 429);    // and the first one still waits
  // A request that would not create a session spends nothing, and is told what is wrong.
  CHECK(call(server.api, "POST", "/api/sessions", "192.0.2.99", "{\"title\":\"\"}").status == 400);
}

TEST_CASE("open writes: 30 colleagues behind one address start a solo assessment at once", "[limits]") {
  open_server server;
  for (int colleague = 0; colleague < 30; ++colleague)
    CHECK(create(server.api, "192.0.2.50", "solo").status == 201);
}

TEST_CASE("open writes: the ceiling over all addresses refuses even fresh addresses", "[limits]") {
  server::open_write_settings settings;
  settings.sessions_total = server::rate_limit{3, 1h};
  open_server server(settings);
  for (int i = 0; i < 3; ++i) CHECK(create(server.api, "10.9.0." + std::to_string(i)).status == 201);
  const auto refused = create(server.api, "10.9.0.200");
  CHECK(refused.status == 429);
  CHECK(std::stoi(header(refused, "Retry-After")) > 1000);
}

TEST_CASE("open writes: 300 phones behind one address join their workshop; a flood of joins is refused",
          "[limits]") {
  open_server server;
  const auto made = json::parse(create(server.api, "192.0.2.1").body);
  const std::string code = made["join_code"];
  std::string first_token;
  for (int phone = 0; phone < 300; ++phone) {
    auto connection = std::make_shared<recording_connection>(100 + phone, "192.0.2.1");
    server.hub.on_open(connection);
    const auto reply = join(server.hub, connection, code, "j");
    REQUIRE(reply.value("type", "") == "ack");
    if (phone == 0) first_token = reply["token"];
  }

  server::open_write_settings tight;
  tight.joins_per_address = server::rate_limit{5, 1h};
  open_server small(tight);
  const std::string small_code = json::parse(create(small.api, "192.0.2.1").body)["join_code"];
  auto phone = std::make_shared<recording_connection>(1, "192.0.2.1");
  small.hub.on_open(phone);
  std::string token;
  for (int i = 0; i < 5; ++i) {
    const auto reply = join(small.hub, phone, small_code, "j" + std::to_string(i));
    REQUIRE(reply.value("type", "") == "ack");
    token = reply["token"];
  }
  const auto refused = join(small.hub, phone, small_code, "j5");
  CHECK(refused["type"] == "error");
  CHECK(refused["code"] == "rate_limited");
  CHECK(refused["retry_after_ms"].get<long>() > 0);
  // The same phone joining again with its token (its ack was lost) is no new participant: not refused.
  CHECK(join(small.hub, phone, small_code, "again", token).value("type", "") == "ack");
  // Another address, and the same address in another session, have their own buckets.
  auto other = std::make_shared<recording_connection>(2, "198.51.100.9");
  small.hub.on_open(other);
  CHECK(join(small.hub, other, small_code, "o").value("type", "") == "ack");
  const std::string second_code = json::parse(create(small.api, "192.0.2.1").body)["join_code"];
  CHECK(join(small.hub, phone, second_code, "s").value("type", "") == "ack");
}

TEST_CASE("open writes: codes that match no session are limited per address, over HTTP and WebSocket",
          "[limits]") {
  server::open_write_settings settings;
  settings.code_guesses_per_address = server::rate_limit{3, 1h};
  open_server server(settings);
  const std::string code = json::parse(create(server.api, "192.0.2.1").body)["join_code"];
  // Known codes cost nothing.
  for (int i = 0; i < 10; ++i)
    CHECK(call(server.api, "GET", "/api/join/" + code, "203.0.113.5").status == 200);
  CHECK(call(server.api, "GET", "/api/join/ZZZZZZ", "203.0.113.5").status == 404);
  CHECK(call(server.api, "GET", "/api/join/YYYYYY", "203.0.113.5").status == 404);
  auto phone = std::make_shared<recording_connection>(1, "203.0.113.5");
  server.hub.on_open(phone);
  CHECK(join(server.hub, phone, "XXXXXX", "x")["code"] == "unknown_code");
  // Three misses: the address must wait, even for a good code, until a token is back.
  const auto refused = call(server.api, "GET", "/api/join/" + code, "203.0.113.5");
  CHECK(refused.status == 429);
  CHECK(join(server.hub, phone, code, "y")["code"] == "rate_limited");
  CHECK(call(server.api, "GET", "/api/join/" + code, "198.51.100.5").status == 200);
}

TEST_CASE("open writes: IPv6 clients are limited per /64", "[limits]") {
  using server::address_key;
  CHECK(address_key("203.0.113.7") == "203.0.113.7");
  CHECK(address_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
  CHECK(address_key("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64");
  CHECK(address_key("2001:db8:1:3::1") == "2001:db8:1:3::/64");
  CHECK(address_key("::ffff:192.0.2.4") == "192.0.2.4");
  CHECK(address_key("unknown") == "unknown");

  server::open_write_settings settings;
  settings.sessions_per_address = server::rate_limit{2, 1h};
  server::open_write_limits limits(settings);
  const auto now = std::chrono::steady_clock::now();
  CHECK(limits.admit_session("2001:db8:1:2::10", now).allowed);
  CHECK(limits.admit_session("2001:db8:1:2::11", now).allowed);
  CHECK_FALSE(limits.admit_session("2001:db8:1:2::12", now).allowed);  // one /64, one bucket
  CHECK(limits.admit_session("2001:db8:1:9::12", now).allowed);
}
