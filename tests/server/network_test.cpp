// The network layer through real sockets on 127.0.0.1: HTTP routes and async responders, static files,
// WebSocket echo and every close code the layer produces, the Origin allowlist, a slow reader, shutdown.
// The handlers are small test doubles; every wait is on a condition with a deadline, never a sleep.
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <numeric>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/net/network_server.hpp"
#include "server/net/static_files.hpp"
#include "server/ops/metrics.hpp"
#include "tests/server/test_client.hpp"

namespace {

using namespace std::chrono_literals;
using scsa::server::client_connection;
using scsa::testing::http_call;
using scsa::testing::http_get;
using scsa::testing::http_post;
using scsa::testing::ws_client;
namespace fs = std::filesystem;

// Echoes every text message; "name:X" also names the connection so a test can send to it directly.
class echo_handler : public scsa::server::websocket_handler {
 public:
  void on_open(const std::shared_ptr<client_connection>& connection) override {
    std::lock_guard lock(mutex_);
    ++opened_;
    open_[connection->id()] = connection;
    changed_.notify_all();
  }
  void on_message(const std::shared_ptr<client_connection>& connection, std::string text) override {
    if (text.rfind("name:", 0) == 0) {
      std::lock_guard lock(mutex_);
      named_[text.substr(5)] = connection;
      changed_.notify_all();
    }
    if (text == "broadcasts then reply") {
      // Ten frames as a broadcast queues them, then a reply to the client's own command.
      for (int i = 0; i < 10; ++i)
        connection->send(std::make_shared<const std::string>("broadcast " + std::to_string(i)));
      connection->send_reply(std::make_shared<const std::string>("reply"));
      connection->send(std::make_shared<const std::string>("broadcast after"));
      return;
    }
    connection->send(std::make_shared<const std::string>(std::move(text)));
  }
  // Updates "u:1,2" and "u:3" merge into "u:1,2,3"; anything else keeps its order.
  scsa::server::frame_merge merge_updates(const scsa::server::update_frame& older,
                                          const scsa::server::update_frame& newer) override {
    if (older.text->rfind("u:", 0) != 0 || newer.text->rfind("u:", 0) != 0) return {};
    return {scsa::server::frame_merge::outcome::merged,
            {std::make_shared<const std::string>(*older.text + "," + newer.text->substr(2))}};
  }
  void on_close(const std::shared_ptr<client_connection>& connection) override {
    std::lock_guard lock(mutex_);
    if (!closed_.insert(connection->id()).second) ++double_closes_;
    open_.erase(connection->id());
    for (auto it = named_.begin(); it != named_.end();) {
      it = it->second == connection ? named_.erase(it) : std::next(it);
    }
    changed_.notify_all();
  }

  template <typename Predicate>
  bool wait(Predicate predicate, std::chrono::milliseconds timeout = 3s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return predicate(*this); });
  }
  std::shared_ptr<client_connection> named(const std::string& name) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, 3s, [&] { return named_.count(name) > 0; });
    return named_.count(name) > 0 ? named_[name] : nullptr;
  }
  bool is_closed(std::uint64_t id) const { return closed_.count(id) > 0; }  // under wait()'s lock
  std::size_t opened() const { return opened_; }
  std::size_t closed() const { return closed_.size(); }
  std::size_t closed_now() {
    std::lock_guard lock(mutex_);
    return closed_.size();
  }
  int double_closes() {
    std::lock_guard lock(mutex_);
    return double_closes_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t opened_ = 0;
  int double_closes_ = 0;
  std::set<std::uint64_t> closed_;
  std::map<std::uint64_t, std::shared_ptr<client_connection>> open_;
  std::map<std::string, std::shared_ptr<client_connection>> named_;
};

// /hello answers at once; /async answers from another thread; /echo returns the body; the rest falls through.
class routes : public scsa::server::http_handler {
 public:
  ~routes() override {
    for (auto& worker : workers_) worker.join();
  }
  bool handle(const scsa::server::http_request& request, scsa::server::http_responder respond) override {
    if (request.path() == "/hello") {
      respond(scsa::server::http_response::json_body(
          200, R"({"hello":")" + request.query_parameter("name") + "\"}"));
      return true;
    }
    if (request.path() == "/async") {
      std::lock_guard lock(mutex_);
      workers_.emplace_back([respond = std::move(respond)] {
        std::this_thread::sleep_for(50ms);  // simulated slow work on another thread, not synchronisation
        respond(scsa::server::http_response::json_body(200, R"({"later":true})"));
      });
      return true;
    }
    if (request.path() == "/echo" && request.method == "POST") {
      auto response = scsa::server::http_response::json_body(201, request.body);
      response.headers.emplace_back("X-Remote", request.remote_address);
      respond(std::move(response));
      return true;
    }
    return false;
  }

 private:
  std::mutex mutex_;
  std::vector<std::thread> workers_;
};

// A throwaway web root with one file of each type, and a secret beside (not inside) it.
struct web_root {
  fs::path base;
  fs::path root;
  web_root() {
    static std::atomic<int> counter{0};
    base = fs::temp_directory_path() /
           ("scsa-network-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    root = base / "root";
    fs::create_directories(root / "assets");
    write(root / "index.html", "<!doctype html><title>app</title>");
    write(root / "app.js", "console.log('app')");
    write(root / "app.mjs", "export {}");
    write(root / "style.css", "body{}");
    write(root / "data.json", "{}");
    write(root / "icon.svg", "<svg/>");
    write(root / "logo.png", "PNG");
    write(root / "favicon.ico", "ICO");
    write(root / "font.woff2", "WOFF");
    write(root / "app.js.map", "{}");
    write(root / "robots.txt", "User-agent: *");
    write(root / "site.webmanifest", "{}");
    write(root / "assets" / "index-3f2a1b.js", "hashed");
    // Precompressed at build time (the bytes stand in for real brotli and gzip output).
    write(root / "assets" / "index-3f2a1b.js.br", "BROTLI");
    write(root / "assets" / "index-3f2a1b.js.gz", "GZIP");
    write(root / "index.html.gz", "GZIPPED INDEX");
    write(root / ".env", "SECRET=1");
    write(base / "secret", "TOP SECRET");
  }
  ~web_root() {
    std::error_code ignored;
    fs::remove_all(base, ignored);
  }
  static void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }
};

scsa::server::server_config test_config() {
  scsa::server::server_config config;
  config.port = 0;
  config.io_threads = 2;
  config.max_queued_frames = 64;
  config.shutdown_grace = 2s;
  config.slow_reader_grace = 300ms;
  return config;
}

// A server on a free port, run() on its own thread; stopped when the test ends.
struct running_server {
  web_root files;
  echo_handler websocket;
  std::unique_ptr<scsa::server::network_server> server;
  routes http;  // after server: its workers, holding responders, are joined before the server goes
  std::thread runner;

  explicit running_server(scsa::server::server_config config = test_config(),
                          std::function<void()> drain_hook = {}) {
    config.web_root = files.root.string();
    server = std::make_unique<scsa::server::network_server>(config, http, websocket);
    if (drain_hook) server->set_drain_hook(std::move(drain_hook));
    runner = std::thread([this] { server->run(); });
  }
  ~running_server() {
    server->stop();
    runner.join();
  }
  std::uint16_t port() const { return server->port(); }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port()); }
};

std::string json_code(const std::string& body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  return parsed.is_object() && parsed.contains("code") ? parsed["code"].get<std::string>() : std::string{};
}

}  // namespace

TEST_CASE("HTTP routes answer, also from another thread and in pipeline order", "[network]") {
  running_server server;
  const auto port = server.port();

  auto hello = http_get(port, "/hello?name=a%20b+c");
  CHECK(hello.status == 200);
  CHECK(hello.body == R"({"hello":"a b c"})");
  CHECK(hello.header("Content-Type") == "application/json");
  CHECK(hello.header("X-Content-Type-Options") == "nosniff");
  CHECK(hello.header("Cache-Control") == "no-store");

  auto later = http_get(port, "/async");
  CHECK(later.status == 200);
  CHECK(later.body == R"({"later":true})");

  auto echoed = http_post(port, "/echo", R"({"x":1})");
  CHECK(echoed.status == 201);
  CHECK(echoed.body == R"({"x":1})");
  CHECK(echoed.header("X-Remote") == "127.0.0.1");

  // Two pipelined requests: the slow one's response still comes first.
  const auto both = scsa::testing::raw_exchange(port,
                                                "GET /async HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?name=z "
                                                "HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const auto first = both.find(R"({"later":true})");
  const auto second = both.find(R"({"hello":"z"})");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  CHECK(first < second);

  auto unknown = http_post(port, "/nothing", "{}");
  CHECK(unknown.status == 404);
  CHECK(json_code(unknown.body) == "not_found");

  auto too_big = http_post(port, "/echo", std::string(70 * 1024, 'x'));
  CHECK(too_big.status == 413);
  CHECK(json_code(too_big.body) == "body_too_large");

  CHECK(scsa::testing::raw_exchange(port, "NOT HTTP AT ALL\r\n\r\n").rfind("HTTP/1.1 400", 0) == 0);
}

TEST_CASE("static files have their types, the app's index is the fallback, the root is never escaped",
          "[network]") {
  running_server server;
  const auto port = server.port();

  const std::vector<std::pair<std::string, std::string>> types = {
      {"/", "text/html; charset=utf-8"},
      {"/index.html", "text/html; charset=utf-8"},
      {"/app.js", "text/javascript; charset=utf-8"},
      {"/app.mjs", "text/javascript; charset=utf-8"},
      {"/style.css", "text/css; charset=utf-8"},
      {"/data.json", "application/json"},
      {"/icon.svg", "image/svg+xml"},
      {"/logo.png", "image/png"},
      {"/favicon.ico", "image/x-icon"},
      {"/font.woff2", "font/woff2"},
      {"/app.js.map", "application/json"},
      {"/robots.txt", "text/plain; charset=utf-8"},
      {"/site.webmanifest", "application/manifest+json"},
  };
  for (const auto& [path, type] : types) {
    INFO(path);
    const auto result = http_get(port, path);
    CHECK(result.status == 200);
    CHECK(result.header("Content-Type") == type);
    CHECK(result.header("X-Content-Type-Options") == "nosniff");
  }
  CHECK(http_get(port, "/").body == "<!doctype html><title>app</title>");
  CHECK(http_get(port, "/").header("Cache-Control") == "no-cache");
  CHECK(http_get(port, "/assets/index-3f2a1b.js").header("Cache-Control") ==
        "public, max-age=31536000, immutable");

  // Client-side routes without an extension get the app; missing files do not.
  const auto route = http_get(port, "/join/ABC123");
  CHECK(route.status == 200);
  CHECK(route.body == "<!doctype html><title>app</title>");
  const auto missing = http_get(port, "/missing.png");
  CHECK(missing.status == 404);
  CHECK(json_code(missing.body) == "not_found");
  CHECK(http_get(port, "/.env").status == 404);
  const auto api = http_get(port, "/api/unknown");
  CHECK(api.status == 404);
  CHECK(json_code(api.body) == "not_found");

  const auto head = http_call(port, "HEAD", "/app.js");
  CHECK(head.status == 200);
  CHECK(head.header("Content-Length") == "18");
  CHECK(head.body.empty());

  for (const char* attack :
       {"/../secret", "/%2e%2e/secret", "/a/../../secret", "/..%2fsecret", "/%2E%2E%5Csecret", "/..\\secret",
        "/a%00b", "//../secret", "/../CMakeLists.txt", "/%2e%2e/%2e%2e/etc/passwd"}) {
    INFO(attack);
    const auto response = scsa::testing::raw_exchange(
        port, std::string("GET ") + attack + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const bool refused = response.rfind("HTTP/1.1 400", 0) == 0 || response.rfind("HTTP/1.1 404", 0) == 0;
    CHECK(refused);
    CHECK(response.find("TOP SECRET") == std::string::npos);
  }
}

TEST_CASE("precompressed siblings are served to clients that accept them, with ETags and 304", "[network]") {
  using scsa::testing::header_list;
  running_server server;
  const auto port = server.port();
  const std::string script = "/assets/index-3f2a1b.js";
  auto with = [&](const std::string& accept) {
    return http_get(port, script, accept.empty() ? header_list{} : header_list{{"Accept-Encoding", accept}});
  };
  const auto brotli = with("gzip, deflate, br");
  CHECK(brotli.body == "BROTLI");
  CHECK(brotli.header("Content-Encoding") == "br");
  CHECK(brotli.header("Content-Type") == "text/javascript; charset=utf-8");  // the file's, not the .br's
  CHECK(brotli.header("Vary") == "Accept-Encoding");
  CHECK(brotli.header("Cache-Control") == "public, max-age=31536000, immutable");
  const auto gzip = with("gzip");
  CHECK(gzip.body == "GZIP");
  CHECK(gzip.header("Content-Encoding") == "gzip");
  CHECK(with("br;q=0, gzip;q=0.5").body == "GZIP");
  CHECK(with("*").body == "BROTLI");
  CHECK(with("*, br;q=0").body == "GZIP");
  const auto plain = with("");
  CHECK(plain.body == "hashed");
  CHECK(plain.header("Content-Encoding").empty());
  CHECK(plain.header("Vary") == "Accept-Encoding");
  CHECK(with("identity").body == "hashed");

  // Each representation has its own ETag; the one the client holds gets 304 without a body.
  CHECK_FALSE(brotli.header("ETag").empty());
  CHECK(brotli.header("ETag") != gzip.header("ETag"));
  CHECK(brotli.header("ETag") != plain.header("ETag"));
  const auto again =
      http_get(port, script,
               header_list{{"Accept-Encoding", "br"}, {"If-None-Match", std::string(brotli.header("ETag"))}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(again.header("ETag") == brotli.header("ETag"));
  CHECK(http_get(
            port, script,
            header_list{{"Accept-Encoding", "gzip"}, {"If-None-Match", std::string(brotli.header("ETag"))}})
            .status == 200);

  // The app's page for a client-side route comes compressed too; a file without siblings does not vary.
  const auto route = http_get(port, "/join/ABC123", {{"Accept-Encoding", "gzip, br"}});
  CHECK(route.body == "GZIPPED INDEX");
  CHECK(route.header("Content-Encoding") == "gzip");
  CHECK(http_get(port, "/app.js", {{"Accept-Encoding", "br"}}).header("Vary").empty());
}

TEST_CASE("Accept-Encoding: a coding is accepted by name or by *, unless its q is 0", "[network]") {
  using scsa::server::accepts_encoding;
  CHECK(accepts_encoding("gzip, br", "br"));
  CHECK(accepts_encoding("GZIP;q=0.3", "gzip"));
  CHECK_FALSE(accepts_encoding("", "br"));
  CHECK_FALSE(accepts_encoding("gzip", "br"));
  CHECK_FALSE(accepts_encoding("br;q=0", "br"));
  CHECK_FALSE(accepts_encoding("br;q=0.0, *", "br"));
  CHECK(accepts_encoding("*", "gzip"));
  CHECK_FALSE(accepts_encoding("*;q=0", "gzip"));
}

TEST_CASE("WebSocket echo, and the close codes of the network layer", "[network]") {
  running_server server;
  const auto port = server.port();

  SECTION("a text message is echoed and the handler sees open, message, close once") {
    ws_client client;
    REQUIRE(client.connect(port));
    CHECK(client.handshake_status() == 101);
    REQUIRE(client.send("hello"));
    CHECK(client.receive() == std::optional<std::string>("hello"));
    client.close(1000);
    CHECK(server.websocket.wait([](echo_handler& h) { return h.closed() == 1; }));
    CHECK(server.websocket.double_closes() == 0);
  }
  SECTION("a reply goes ahead of queued broadcasts, behind the frame being written") {
    ws_client client;
    REQUIRE(client.connect(port));
    REQUIRE(client.send("broadcasts then reply"));
    std::vector<std::string> received;
    while (auto frame = client.receive()) {
      received.push_back(*frame);
      if (received.size() == 12) break;
    }
    REQUIRE(received.size() == 12);
    CHECK(received[0] == "broadcast 0");  // already being written when the reply came
    CHECK(received[1] == "reply");
    CHECK(received[2] == "broadcast 1");
    CHECK(received[10] == "broadcast 9");
    CHECK(received[11] == "broadcast after");
  }
  SECTION("a message over 64 KiB closes with 1009") {
    ws_client client;
    REQUIRE(client.connect(port));
    client.send(std::string(65 * 1024, 'x'));
    CHECK(client.wait_closed() == std::optional<std::uint16_t>(1009));
    CHECK(server.websocket.wait([](echo_handler& h) { return h.closed() == 1; }));
  }
  SECTION("a binary frame closes with 1003") {
    ws_client client;
    REQUIRE(client.connect(port));
    client.send_binary("\x01\x02");
    CHECK(client.wait_closed() == std::optional<std::uint16_t>(1003));
  }
  SECTION("invalid UTF-8 in a text frame closes with 1007") {
    ws_client client;
    REQUIRE(client.connect(port));
    client.send("\xff\xfe");
    CHECK(client.wait_closed() == std::optional<std::uint16_t>(1007));
  }
  SECTION("an upgrade anywhere but /ws is refused") {
    ws_client client;
    CHECK_FALSE(client.connect(port, "/chat"));
    CHECK(client.handshake_status() == 404);
  }
  SECTION("the handler's close reaches the client with its code") {
    ws_client client;
    REQUIRE(client.connect(port));
    REQUIRE(client.send("name:me"));
    CHECK(client.receive() == std::optional<std::string>("name:me"));
    server.websocket.named("me")->close(4001, "bye");
    CHECK(client.wait_closed() == std::optional<std::uint16_t>(4001));
  }
}

TEST_CASE("permessage-deflate is accepted only when switched on, and compressed messages arrive whole",
          "[network]") {
  const std::string repetitive = [] {
    std::string text;
    for (int i = 0; i < 200; ++i) text += R"({"statement":)" + std::to_string(i % 21 + 1) + R"(,"n":12},)";
    return text;
  }();
  {
    running_server server;  // off by default
    ws_client client;
    client.offer_deflate();
    REQUIRE(client.connect(server.port()));
    CHECK(client.accepted_extensions().empty());
    REQUIRE(client.send(repetitive));
    CHECK(client.receive() == std::optional<std::string>(repetitive));
  }
  auto config = test_config();
  config.permessage_deflate = true;
  running_server server(config);
  ws_client client;
  client.offer_deflate();
  REQUIRE(client.connect(server.port()));
  CHECK_THAT(client.accepted_extensions(), Catch::Matchers::Contains("permessage-deflate"));
  REQUIRE(client.send(repetitive));
  CHECK(client.receive() == std::optional<std::string>(repetitive));
  ws_client plain;  // a client that does not ask is served as before
  REQUIRE(plain.connect(server.port()));
  CHECK(plain.accepted_extensions().empty());
  REQUIRE(plain.send("hello"));
  CHECK(plain.receive() == std::optional<std::string>("hello"));
}

TEST_CASE("the Origin of an upgrade is checked before accepting", "[network]") {
  SECTION("empty allowlist: same host only; no Origin (not a browser) is allowed") {
    running_server server;
    const auto port = server.port();
    const std::string same = server.origin();
    const std::vector<std::string> refused = {"http://evil.example",
                                              "null",
                                              same + ".evil.example",
                                              "http://evil.example:" + std::to_string(port),
                                              "",
                                              "https://127.0.0.1:1",
                                              "file://"};
    for (const auto& origin : refused) {
      INFO(origin);
      ws_client client;
      CHECK_FALSE(client.connect(port, "/ws", origin));
      CHECK(client.handshake_status() == 403);
      CHECK(json_code(client.handshake_body()) == "origin_not_allowed");
    }
    ws_client same_host;
    CHECK(same_host.connect(port, "/ws", same));
    ws_client no_origin;
    CHECK(no_origin.connect(port));
    CHECK(server.websocket.wait([](echo_handler& h) { return h.opened() == 2; }));
  }
  SECTION("an allowlist admits exactly its origins") {
    auto config = test_config();
    config.allowed_origins = {"https://app.example"};
    running_server server(config);
    const auto port = server.port();
    ws_client allowed;
    CHECK(allowed.connect(port, "/ws", std::string("https://app.example")));
    const std::vector<std::string> refused = {"https://app.example.evil", "http://app.example", "null",
                                              server.origin()};
    for (const auto& origin : refused) {
      INFO(origin);
      ws_client client;
      CHECK_FALSE(client.connect(port, "/ws", origin));
      CHECK(client.handshake_status() == 403);
    }
  }
}

TEST_CASE("a reader that falls behind is disconnected without slowing the others", "[network]") {
  running_server server;
  const auto port = server.port();
  ws_client slow;
  ws_client fast;
  REQUIRE(slow.connect(port));
  REQUIRE(fast.connect(port));
  REQUIRE(slow.send("name:slow"));
  REQUIRE(fast.send("name:fast"));
  CHECK(fast.receive() == std::optional<std::string>("name:fast"));
  const auto slow_connection = server.websocket.named("slow");
  const auto fast_connection = server.websocket.named("fast");
  REQUIRE(slow_connection);
  REQUIRE(fast_connection);
  const auto slow_id = slow_connection->id();

  // The slow client never reads: its socket buffers fill, then its queue passes max_queued_frames.
  const auto big = std::make_shared<const std::string>(256 * 1024, 'x');
  bool disconnected = false;
  int ticks = 0;
  for (int i = 0; i < 4000 && !disconnected; ++i) {
    slow_connection->send(big);
    if (i % 16 == 0) {
      const std::string tick = "tick " + std::to_string(i);
      fast_connection->send(std::make_shared<const std::string>(tick));
      REQUIRE(fast.receive(1s) == std::optional<std::string>(tick));  // promptly, every time
      ++ticks;
    }
    disconnected = server.websocket.wait([&](echo_handler& h) { return h.is_closed(slow_id); }, 0ms);
  }
  CHECK(server.websocket.wait([&](echo_handler& h) { return h.is_closed(slow_id); }, 3s));
  CHECK(ticks > 0);
  // The fast client is still served.
  REQUIRE(fast.send("still here"));
  CHECK(fast.receive(1s) == std::optional<std::string>("still here"));
  // The slow client's connection is over (its close frame, if any, sits behind megabytes it never read).
  slow.wait_closed(5s);
  CHECK(slow.ended());
}

// The numbers in the "u:" frames among `frames`, in the order they arrived.
std::vector<int> update_numbers(const std::vector<std::string>& frames) {
  std::vector<int> numbers;
  for (const auto& frame : frames) {
    if (frame.rfind("u:", 0) != 0) continue;
    std::stringstream list(frame.substr(2));
    for (std::string number; std::getline(list, number, ',');) numbers.push_back(std::stoi(number));
  }
  return numbers;
}

TEST_CASE("updates waiting for a slow reader merge into one behind its replies and in order", "[network]") {
  auto config = test_config();
  config.max_queued_frames = 200;
  running_server server(config);
  ws_client slow;
  REQUIRE(slow.connect(server.port()));
  REQUIRE(slow.send("name:slow"));
  REQUIRE(slow.receive() == std::optional<std::string>("name:slow"));
  const auto connection = server.websocket.named("slow");
  REQUIRE(connection);
  // 80 MiB it does not read: more than the socket buffers hold, so most of it waits in the queue.
  const auto big = std::make_shared<const std::string>(1024 * 1024, 'x');
  for (int i = 0; i < 80; ++i) connection->send(big);
  const auto merged_before = scsa::server::metrics().updates_merged();
  auto update = [&](int number) {
    connection->send_update({std::make_shared<const std::string>("u:" + std::to_string(number))});
  };
  for (int number = 1; number <= 50; ++number) update(number);
  connection->send_reply(std::make_shared<const std::string>("reply"));
  connection->send(std::make_shared<const std::string>("plain"));
  update(51);
  update(52);
  // Every send reached the queue: 49 merged into the first update, one into the one after "plain".
  for (int wait = 0; wait < 300 && scsa::server::metrics().updates_merged() - merged_before < 50; ++wait)
    std::this_thread::sleep_for(10ms);
  REQUIRE(scsa::server::metrics().updates_merged() - merged_before == 50);

  std::vector<std::string> small;  // what is not one of the big frames, in order
  std::size_t reply_after_bigs = 0, bigs = 0;
  while (small.size() < 4) {
    auto frame = slow.receive(5s);
    REQUIRE(frame);
    if (frame->size() == big->size()) {
      ++bigs;
      continue;
    }
    if (*frame == "reply") reply_after_bigs = bigs;
    small.push_back(*frame);
  }
  CHECK(bigs == 80);
  CHECK(reply_after_bigs < 80);  // ahead of the big frames still queued
  CHECK(small == std::vector<std::string>{"reply",
                                          "u:" +
                                              [] {
                                                std::string list;
                                                for (int n = 1; n <= 50; ++n)
                                                  list += (n > 1 ? "," : "") + std::to_string(n);
                                                return list;
                                              }(),
                                          "plain", "u:51,52"});
  std::vector<int> all(52);
  std::iota(all.begin(), all.end(), 1);
  CHECK(update_numbers(small) == all);
}

TEST_CASE("a reader whose writes stop completing is closed even when its updates merge", "[network]") {
  auto config = test_config();
  config.max_queued_frames = 200;
  running_server server(config);
  ws_client stuck;
  REQUIRE(stuck.connect(server.port()));
  REQUIRE(stuck.send("name:stuck"));
  REQUIRE(stuck.receive() == std::optional<std::string>("name:stuck"));
  const auto connection = server.websocket.named("stuck");
  REQUIRE(connection);
  const auto id = connection->id();
  const auto big = std::make_shared<const std::string>(1024 * 1024, 'x');
  for (int i = 0; i < 80; ++i) connection->send(big);
  // The queue no longer grows (each update merges), but the merges since the last completed write count.
  for (int number = 1; number <= 400; ++number)
    connection->send_update({std::make_shared<const std::string>("u:" + std::to_string(number))});
  CHECK(server.websocket.wait([&](echo_handler& h) { return h.is_closed(id); }, 5s));
}

TEST_CASE("one address may hold max_connections_per_ip connections of any kind", "[network]") {
  auto config = test_config();
  config.max_connections_per_ip = 3;
  running_server server(config);
  const auto port = server.port();
  std::vector<std::unique_ptr<ws_client>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<ws_client>());
    REQUIRE(held.back()->connect(port));
  }
  // The fourth is closed at accept: neither an upgrade nor any HTTP answer.
  ws_client over;
  CHECK_FALSE(over.connect(port));
  CHECK(over.handshake_body().empty());
  CHECK(http_get(port, "/hello").status == 0);
  // The held connections are unaffected.
  REQUIRE(held[0]->send("still served"));
  CHECK(held[0]->receive(1s) == std::optional<std::string>("still served"));
  // Closing one frees its slot (the server notices the close asynchronously: retry briefly).
  held[0]->close();
  held.erase(held.begin());
  bool admitted = false;
  for (int attempt = 0; attempt < 100 && !admitted; ++attempt) {
    ws_client again;
    admitted = again.connect(port);
    if (!admitted) std::this_thread::sleep_for(20ms);
  }
  CHECK(admitted);
}

TEST_CASE("stop() stops accepting, runs the drain hook, then closes WebSockets with 1001", "[network]") {
  std::atomic<bool> drained{false};
  std::atomic<std::size_t> closed_before_drain{99};
  running_server* self = nullptr;
  running_server server(test_config(), [&] {
    closed_before_drain = self->websocket.closed_now();
    drained = true;
  });
  self = &server;
  const auto port = server.port();
  ws_client first;
  ws_client second;
  REQUIRE(first.connect(port));
  REQUIRE(second.connect(port));
  REQUIRE(server.websocket.wait([](echo_handler& h) { return h.opened() == 2; }));

  server.server->request_shutdown();
  CHECK(first.wait_closed(3s) == std::optional<std::uint16_t>(1001));
  CHECK(second.wait_closed(3s) == std::optional<std::uint16_t>(1001));
  server.server->stop();  // returns once run() has finished
  CHECK(drained);
  CHECK(closed_before_drain == 0);
  CHECK(server.websocket.closed_now() == 2);
  CHECK(server.websocket.double_closes() == 0);
  CHECK(http_get(port, "/hello").status == 0);  // nobody listens any more
}

TEST_CASE("stop() cuts a client that ignores the closing handshake after the grace period", "[network]") {
  auto config = test_config();
  config.shutdown_grace = 300ms;
  running_server server(config);
  ws_client mute;  // never reads, so never answers the server's close frame
  REQUIRE(mute.connect(server.port()));
  REQUIRE(server.websocket.wait([](echo_handler& h) { return h.opened() == 1; }));
  const auto started = std::chrono::steady_clock::now();
  server.server->stop();
  CHECK(std::chrono::steady_clock::now() - started < 3s);
  CHECK(server.websocket.closed_now() == 1);
  CHECK(mute.wait_closed(1s) == std::optional<std::uint16_t>(1001));  // the frame did arrive before the cut
}
