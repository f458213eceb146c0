// parse_config: defaults, every flag, every environment variable, the configuration file, file < variables <
// flags, every error; check_config's findings on real files and sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <catch2/catch.hpp>

#include "server/ops/config_check.hpp"
#include "server/ops/server_config.hpp"

namespace {

using scsa::server::config_result;
using scsa::server::parse_config;

using files = std::map<std::string, std::string>;

config_result parse(std::vector<std::string> arguments, std::map<std::string, std::string> environment = {},
                    files file_system = {}) {
  arguments.insert(arguments.begin(), "scsa-server");
  std::vector<const char*> argv;
  for (const auto& argument : arguments) argv.push_back(argument.c_str());
  return parse_config(
      static_cast<int>(argv.size()), argv.data(),
      [environment](const std::string& name) -> std::optional<std::string> {
        const auto found = environment.find(name);
        if (found == environment.end()) return std::nullopt;
        return found->second;
      },
      [file_system](const std::string& path) -> std::optional<std::string> {
        const auto found = file_system.find(path);
        if (found == file_system.end()) return std::nullopt;
        return found->second;
      });
}

}  // namespace

TEST_CASE("defaults without flags or variables", "[config]") {
  const auto result = parse({});
  REQUIRE(result.ok());
  CHECK_FALSE(result.help);
  CHECK_FALSE(result.version);
  CHECK(result.config.port == 8080);
  CHECK(result.config.bind == "127.0.0.1");
  CHECK(result.config.db_path == "data/scsa.db");
  CHECK_FALSE(result.config.demo);
  CHECK(result.config.log_level == "info");
  CHECK(result.config.allowed_origins.empty());
  CHECK(result.config.data_dir == "data");
  CHECK(result.config.io_threads == 2);
  CHECK(result.config.max_message_bytes == 64 * 1024);
  CHECK(result.config.max_queued_frames == 1024);
  CHECK(result.config.max_connections_per_ip == 2000);
}

TEST_CASE("every flag, with a separate value or after '='", "[config]") {
  const auto result = parse({"--port",
                             "9000",
                             "--bind=0.0.0.0",
                             "--db",
                             "/tmp/x.db",
                             "--web-root",
                             "/srv/www",
                             "--demo",
                             "--log-level",
                             "debug",
                             "--allowed-origin",
                             "https://a.example",
                             "--allowed-origin=HTTPS://B.example:443/",
                             "--data-dir",
                             "/srv/data",
                             "--io-threads",
                             "4",
                             "--max-message-bytes",
                             "2048",
                             "--max-queued-frames",
                             "16",
                             "--max-connections-per-ip",
                             "5"});
  REQUIRE(result.ok());
  CHECK(result.config.port == 9000);
  CHECK(result.config.bind == "0.0.0.0");
  CHECK(result.config.db_path == "/tmp/x.db");
  CHECK(result.config.web_root == "/srv/www");
  CHECK(result.config.demo);
  CHECK(result.config.log_level == "debug");
  CHECK(result.config.allowed_origins == std::vector<std::string>{"https://a.example", "https://b.example"});
  CHECK(result.config.data_dir == "/srv/data");
  CHECK(result.config.io_threads == 4);
  CHECK(result.config.max_message_bytes == 2048);
  CHECK(result.config.max_queued_frames == 16);
  CHECK(result.config.max_connections_per_ip == 5);
  CHECK(parse({"--max-connections-per-ip", "0"}).config.max_connections_per_ip == 0);  // no limit
  CHECK(parse({"--bind", "::1"}).config.bind == "::1");
  CHECK(parse({"--port", "0"}).config.port == 0);
  CHECK(parse({"--web-root", ""}).config.web_root.empty());
}

TEST_CASE("every environment variable", "[config]") {
  const auto result = parse({}, {{"SCSA_PORT", "9001"},
                                 {"SCSA_BIND", "0.0.0.0"},
                                 {"SCSA_DB", "/var/lib/scsa.db"},
                                 {"SCSA_WEB_ROOT", "/srv/www"},
                                 {"SCSA_DEMO", "yes"},
                                 {"SCSA_LOG_LEVEL", "warn"},
                                 {"SCSA_ALLOWED_ORIGINS", "https://a.example, http://b.example:8080"},
                                 {"SCSA_DATA_DIR", "/srv/data"},
                                 {"SCSA_IO_THREADS", "8"},
                                 {"SCSA_MAX_MESSAGE_BYTES", "4096"},
                                 {"SCSA_MAX_QUEUED_FRAMES", "32"},
                                 {"SCSA_MAX_CONNECTIONS_PER_IP", "7"}});
  REQUIRE(result.ok());
  CHECK(result.config.port == 9001);
  CHECK(result.config.bind == "0.0.0.0");
  CHECK(result.config.db_path == "/var/lib/scsa.db");
  CHECK(result.config.web_root == "/srv/www");
  CHECK(result.config.demo);
  CHECK(result.config.log_level == "warn");
  CHECK(result.config.allowed_origins ==
        std::vector<std::string>{"https://a.example", "http://b.example:8080"});
  CHECK(result.config.data_dir == "/srv/data");
  CHECK(result.config.io_threads == 8);
  CHECK(result.config.max_message_bytes == 4096);
  CHECK(result.config.max_queued_frames == 32);
  CHECK(result.config.max_connections_per_ip == 7);
  CHECK_FALSE(parse({}, {{"SCSA_DEMO", "0"}}).config.demo);
  CHECK_FALSE(parse({}, {{"SCSA_DEMO", "off"}}).config.demo);
}

TEST_CASE("a flag wins over its variable", "[config]") {
  const auto result =
      parse({"--port", "7000", "--allowed-origin", "https://flag.example", "--log-level", "error"},
            {{"SCSA_PORT", "9001"},
             {"SCSA_ALLOWED_ORIGINS", "https://env.example"},
             {"SCSA_LOG_LEVEL", "trace"},
             {"SCSA_DB", "from-env.db"}});
  REQUIRE(result.ok());
  CHECK(result.config.port == 7000);
  CHECK(result.config.allowed_origins == std::vector<std::string>{"https://flag.example"});
  CHECK(result.config.log_level == "error");
  CHECK(result.config.db_path == "from-env.db");  // no flag: the variable holds
}

TEST_CASE("--help and --version are reported to the caller", "[config]") {
  CHECK(parse({"--help"}).help);
  CHECK(parse({"-h"}).help);
  CHECK(parse({"--version"}).version);
  const auto usage = scsa::server::usage_text();
  for (const char* word : {"--port",
                           "SCSA_PORT",
                           "--bind",
                           "SCSA_BIND",
                           "--db",
                           "SCSA_DB",
                           "--web-root",
                           "SCSA_WEB_ROOT",
                           "--demo",
                           "SCSA_DEMO",
                           "--log-level",
                           "SCSA_LOG_LEVEL",
                           "--allowed-origin",
                           "SCSA_ALLOWED_ORIGINS",
                           "--data-dir",
                           "SCSA_DATA_DIR",
                           "--io-threads",
                           "SCSA_IO_THREADS",
                           "8080",
                           "127.0.0.1",
                           "data/scsa.db",
                           "--version"}) {
    INFO(word);
    CHECK(usage.find(word) != std::string::npos);
  }
}

TEST_CASE("every error names its flag or variable", "[config]") {
  const std::vector<std::pair<config_result, std::string>> cases = {
      {parse({"--frobnicate"}), "unknown option '--frobnicate'"},
      {parse({"extra"}), "unknown option 'extra'"},
      {parse({"--port"}), "--port needs a value"},
      {parse({"--port", "http"}), "--port: 'http' is not a port number"},
      {parse({"--port", "65536"}), "--port: '65536' is not a port number"},
      {parse({"--port", "-1"}), "--port: '-1' is not a port number"},
      {parse({"--port", "80x"}), "--port: '80x' is not a port number"},
      {parse({"--bind", "localhost"}), "--bind: 'localhost' is not an IP address"},
      {parse({"--db", ""}), "--db: the database path must not be empty"},
      {parse({"--log-level", "loud"}), "--log-level: 'loud' is not a log level"},
      {parse({"--allowed-origin", "example.org"}), "--allowed-origin: 'example.org' is not an origin"},
      {parse({"--allowed-origin", "https://a.example/path"}), "is not an origin"},
      {parse({"--io-threads", "0"}), "--io-threads: '0' is not a number from 1 to 64"},
      {parse({"--io-threads", "many"}), "--io-threads: 'many' is not a number"},
      {parse({"--max-queued-frames", "0"}), "--max-queued-frames: '0' is not a number"},
      {parse({"--max-connections-per-ip", "-1"}), "--max-connections-per-ip: '-1' is not a number"},
      {parse({"--data-dir="}), "--data-dir: the data directory must not be empty"},
      {parse({"--demo=maybe"}), "--demo: 'maybe' is not a boolean"},
      {parse({}, {{"SCSA_PORT", "abc"}}), "SCSA_PORT: 'abc' is not a port number"},
      {parse({}, {{"SCSA_DEMO", "perhaps"}}), "SCSA_DEMO: 'perhaps' is not a boolean"},
      {parse({}, {{"SCSA_LOG_LEVEL", "verbose"}}), "SCSA_LOG_LEVEL: 'verbose' is not a log level"},
      {parse({}, {{"SCSA_ALLOWED_ORIGINS", "https://ok.example,null"}}), "SCSA_ALLOWED_ORIGINS: 'null'"},
      {parse({}, {{"SCSA_IO_THREADS", "1000"}}), "SCSA_IO_THREADS: '1000' is not a number"},
      {parse({}, {{"SCSA_BIND", "999.1.1.1"}}), "SCSA_BIND: '999.1.1.1' is not an IP address"},
  };
  for (const auto& [result, expected] : cases) {
    INFO(expected);
    CHECK_FALSE(result.ok());
    CHECK(result.error.find(expected) != std::string::npos);
  }
}

TEST_CASE("the operator token's hash file comes from --operator-token-file or SCSA_OPERATOR_TOKEN_FILE",
          "[config]") {
  CHECK(parse({}).config.operator_token_file.empty());
  CHECK(parse({"--operator-token-file", "/etc/scsa/operator.hash"}).config.operator_token_file ==
        "/etc/scsa/operator.hash");
  CHECK(parse({"--operator-token-file=/a"}).config.operator_token_file == "/a");
  CHECK(parse({}, {{"SCSA_OPERATOR_TOKEN_FILE", "/b"}}).config.operator_token_file == "/b");
  CHECK(parse({"--operator-token-file", "/a"}, {{"SCSA_OPERATOR_TOKEN_FILE", "/b"}})
            .config.operator_token_file == "/a");
  CHECK(parse({"--operator-token-file", ""}, {{"SCSA_OPERATOR_TOKEN_FILE", "/b"}})
            .config.operator_token_file.empty());
  const auto missing = parse({"--operator-token-file"});
  CHECK_FALSE(missing.ok());
  CHECK(missing.error == "--operator-token-file needs a value (PATH)");
  const auto usage = scsa::server::usage_text();
  for (const char* word : {"--operator-token-file", "SCSA_OPERATOR_TOKEN_FILE", "scsa-server import",
                           "scsa-server operator-token"}) {
    INFO(word);
    CHECK(usage.find(word) != std::string::npos);
  }
}

TEST_CASE("a configuration file sets every option by the flag's name", "[config]") {
  const std::string text =
      "# scsa.conf\n"
      "\n"
      "port = 9100\n"
      "bind=0.0.0.0\n"
      "  db   =   /var/lib/scsa/scsa.db  \n"
      "web-root = /usr/share/scsa/web\n"
      "demo = off\n"
      "log-level = warn\r\n"
      "allowed-origin = https://a.example\n"
      "allowed-origin = https://b.example, https://c.example\n"
      "data-dir = /usr/share/scsa/data\n"
      "io-threads = 3\n"
      "max-message-bytes = 4096\n"
      "max-queued-frames = 64\n"
      "operator-token-file = /etc/scsa/operator.hash\n"
      "\t# an indented comment\n";
  const auto result = parse({"--config", "/etc/scsa/scsa.conf"}, {}, {{"/etc/scsa/scsa.conf", text}});
  REQUIRE(result.ok());
  CHECK(result.config.config_file == "/etc/scsa/scsa.conf");
  CHECK(result.config.port == 9100);
  CHECK(result.config.bind == "0.0.0.0");
  CHECK(result.config.db_path == "/var/lib/scsa/scsa.db");
  CHECK(result.config.web_root == "/usr/share/scsa/web");
  CHECK_FALSE(result.config.demo);
  CHECK(result.config.log_level == "warn");
  CHECK(result.config.allowed_origins ==
        std::vector<std::string>{"https://a.example", "https://b.example", "https://c.example"});
  CHECK(result.config.data_dir == "/usr/share/scsa/data");
  CHECK(result.config.io_threads == 3);
  CHECK(result.config.max_message_bytes == 4096);
  CHECK(result.config.max_queued_frames == 64);
  CHECK(result.config.operator_token_file == "/etc/scsa/operator.hash");
  CHECK(parse({"--config=/c"}, {}, {{"/c", "web-root =\n"}}).config.web_root.empty());
  CHECK(parse({}, {{"SCSA_CONFIG", "/c"}}, {{"/c", "port = 1234\n"}}).config.port == 1234);
  CHECK(parse({"--config", "/flag"}, {{"SCSA_CONFIG", "/env"}},
              {{"/flag", "port = 1\n"}, {"/env", "port = 2\n"}})
            .config.port == 1);
  CHECK(parse({}).config.config_file.empty());
}

TEST_CASE("file < environment < flags, origin lists replaced by the higher layer", "[config]") {
  const files file_system = {
      {"/c",
       "port = 1\nlog-level = trace\ndb = file.db\nallowed-origin = https://file.example\n"
       "io-threads = 5\n"}};
  const auto result = parse(
      {"--config", "/c", "--port", "3", "--allowed-origin", "https://flag.example"},
      {{"SCSA_PORT", "2"}, {"SCSA_LOG_LEVEL", "error"}, {"SCSA_ALLOWED_ORIGINS", "https://env.example"}},
      file_system);
  REQUIRE(result.ok());
  CHECK(result.config.port == 3);
  CHECK(result.config.log_level == "error");
  CHECK(result.config.db_path == "file.db");
  CHECK(result.config.io_threads == 5);
  CHECK(result.config.allowed_origins == std::vector<std::string>{"https://flag.example"});
  CHECK(parse({"--config", "/c"}, {{"SCSA_ALLOWED_ORIGINS", "https://env.example"}}, file_system)
            .config.allowed_origins == std::vector<std::string>{"https://env.example"});
  CHECK(parse({"--config", "/c"}, {}, file_system).config.allowed_origins ==
        std::vector<std::string>{"https://file.example"});
}

TEST_CASE("errors in the configuration file name the file and the line", "[config]") {
  const std::vector<std::pair<config_result, std::string>> cases = {
      {parse({"--config", "/c"}, {}, {{"/c", "port = 1\n\nfrobnicate = 3\n"}}),
       "/c:3: unknown key 'frobnicate'"},
      {parse({"--config", "/c"}, {}, {{"/c", "# ok\nport 8080\n"}}), "/c:2: expected 'key = value'"},
      {parse({"--config", "/c"}, {}, {{"/c", "port = http\n"}}), "/c:1: port: 'http' is not a port number"},
      {parse({"--config", "/c"}, {}, {{"/c", "= 3\n"}}), "/c:1: unknown key ''"},
      {parse({"--config", "/c"}, {}, {{"/c", "config = /other\n"}}), "/c:1: unknown key 'config'"},
      {parse({"--config", "/c"}, {}, {{"/c", "check-config = 1\n"}}), "/c:1: unknown key 'check-config'"},
      {parse({"--config", "/c"}, {}, {{"/c", "help = yes\n"}}), "/c:1: unknown key 'help'"},
      {parse({"--config", "/c"}, {}, {{"/c", "--port = 1\n"}}), "/c:1: unknown key '--port'"},
      {parse({"--config", "/c"}, {}, {{"/c", "demo = maybe\n"}}), "/c:1: demo: 'maybe' is not a boolean"},
      {parse({"--config", "/missing"}), "--config: cannot read the configuration file '/missing'"},
      {parse({}, {{"SCSA_CONFIG", "/missing"}}),
       "SCSA_CONFIG: cannot read the configuration file '/missing'"},
      {parse({"--config"}), "--config needs a value (FILE)"},
      {parse({"--config="}), "--config: the configuration file's path must not be empty"},
      {parse({"--check-config=yes"}), "--check-config takes no value"},
  };
  for (const auto& [result, expected] : cases) {
    INFO(expected);
    CHECK_FALSE(result.ok());
    CHECK(result.error.find(expected) != std::string::npos);
  }
  CHECK(parse({"--check-config"}).config.check_config);
  CHECK_FALSE(parse({}).config.check_config);
  const auto usage = scsa::server::usage_text();
  for (const char* word :
       {"--config", "SCSA_CONFIG", "--check-config", "key = value", "scsa-server backup"}) {
    INFO(word);
    CHECK(usage.find(word) != std::string::npos);
  }
}

namespace {

// A temporary folder, removed at the end of the test.
struct temp_folder {
  std::filesystem::path path;
  temp_folder() {
    std::string name = (std::filesystem::temp_directory_path() / "scsa-check-XXXXXX").string();
    path = ::mkdtemp(name.data());
  }
  ~temp_folder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

bool mentions(const std::vector<std::string>& problems, std::string_view text) {
  for (const auto& problem : problems) {
    if (problem.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("check_config passes a usable configuration and names every problem of a broken one", "[config]") {
  temp_folder temp;
  scsa::server::server_config good;
  good.port = 0;
  good.db_path = (temp.path / "new" / "scsa.db").string();
  good.data_dir = SCSA_DATA_DIR;
  good.web_root = "";
  const auto fine = scsa::server::check_config(good);
  INFO((fine.empty() ? std::string{} : fine.front()));
  CHECK(fine.empty());

  std::ofstream(temp.path / "index.html") << "<html></html>";
  std::ofstream(temp.path / "operator.hash") << "not a hash\n";
  // A port in use: hold a listening socket on a port the kernel picked.
  const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(holder >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(holder, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(holder, 1) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(holder, reinterpret_cast<sockaddr*>(&address), &length) == 0);

  scsa::server::server_config broken = good;
  broken.port = ntohs(address.sin_port);
  broken.db_path = (temp.path / "index.html" / "scsa.db").string();  // under a file: cannot be created
  broken.data_dir = temp.path.string();                              // no catalogue.json
  broken.web_root = (temp.path / "nothing").string();
  broken.operator_token_file = (temp.path / "operator.hash").string();
  const auto problems = scsa::server::check_config(broken);
  ::close(holder);
  CHECK(problems.size() == 5);
  CHECK(mentions(problems, "--bind/--port: cannot listen on 127.0.0.1:"));
  CHECK(mentions(problems, "--db: cannot create"));
  CHECK(mentions(problems, "--data-dir: "));
  CHECK(mentions(problems, "catalogue.json"));
  CHECK(mentions(problems, "--web-root: "));
  CHECK(mentions(problems, "--operator-token-file: "));

  broken = good;
  broken.db_path = temp.path.string();  // a folder
  CHECK(mentions(scsa::server::check_config(broken), "is a folder, not a database file"));
  broken = good;
  broken.web_root = temp.path.string();  // holds index.html
  CHECK(scsa::server::check_config(broken).empty());
}

TEST_CASE("the mail settings come from flags or SCSA_SMTP_* / SCSA_MAIL_FROM variables", "[config]") {
  const auto defaults = parse({});
  REQUIRE(defaults.ok());
  CHECK(defaults.config.smtp_host.empty());
  CHECK(defaults.config.smtp_port == 25);
  CHECK_FALSE(defaults.config.smtp_starttls);
  CHECK(defaults.config.mail_from.empty());
  CHECK(defaults.config.public_url.empty());
  CHECK(defaults.config.request_retention_days == 365);

  const auto flags =
      parse({"--smtp-host", "smtp.example.org", "--smtp-port=587", "--smtp-user", "scsa", "--smtp-password",
             "s3cret", "--smtp-starttls", "--mail-from", "noreply@example.org", "--public-url",
             "https://scsa.example.org/", "--request-retention-days", "30"});
  REQUIRE(flags.ok());
  CHECK(flags.config.smtp_host == "smtp.example.org");
  CHECK(flags.config.smtp_port == 587);
  CHECK(flags.config.smtp_user == "scsa");
  CHECK(flags.config.smtp_password == "s3cret");
  CHECK(flags.config.smtp_starttls);
  CHECK(flags.config.mail_from == "noreply@example.org");
  CHECK(flags.config.public_url == "https://scsa.example.org");
  CHECK(flags.config.request_retention_days == 30);

  const auto variables = parse({}, {{"SCSA_SMTP_HOST", "10.0.0.5"},
                                    {"SCSA_SMTP_PORT", "465"},
                                    {"SCSA_SMTP_USER", "u"},
                                    {"SCSA_SMTP_PASSWORD", "p"},
                                    {"SCSA_SMTP_STARTTLS", "yes"},
                                    {"SCSA_MAIL_FROM", "scsa@gemeente.nl"},
                                    {"SCSA_PUBLIC_URL", "http://localhost:8080"},
                                    {"SCSA_REQUEST_RETENTION_DAYS", "90"}});
  REQUIRE(variables.ok());
  CHECK(variables.config.smtp_host == "10.0.0.5");
  CHECK(variables.config.smtp_port == 465);
  CHECK(variables.config.smtp_user == "u");
  CHECK(variables.config.smtp_password == "p");
  CHECK(variables.config.smtp_starttls);
  CHECK(variables.config.mail_from == "scsa@gemeente.nl");
  CHECK(variables.config.public_url == "http://localhost:8080");
  CHECK(variables.config.request_retention_days == 90);

  const std::vector<std::pair<config_result, std::string>> errors = {
      {parse({"--smtp-host", "relay"}), "--smtp-host needs --mail-from"},
      {parse({"--smtp-host", "a b"}), "--smtp-host: 'a b' is not a host name"},
      {parse({"--smtp-port", "0"}), "--smtp-port: '0' is not a port number"},
      {parse({"--mail-from", "noreply"}), "--mail-from: 'noreply' is not an e-mail address"},
      {parse({}, {{"SCSA_SMTP_STARTTLS", "maybe"}}), "SCSA_SMTP_STARTTLS: 'maybe' is not a boolean"},
      {parse({"--public-url", "scsa.example.org"}), "--public-url: 'scsa.example.org' is not a URL"},
      {parse({"--request-retention-days", "0"}), "--request-retention-days: '0' is not a number from 1"},
  };
  for (const auto& [result, expected] : errors) {
    INFO(expected);
    CHECK_FALSE(result.ok());
    CHECK(result.error.find(expected) != std::string::npos);
  }
  const auto usage = scsa::server::usage_text();
  for (const char* word : {"--smtp-host", "SCSA_SMTP_HOST", "--smtp-port", "--smtp-user", "--smtp-password",
                           "SCSA_SMTP_PASSWORD", "--smtp-starttls", "--mail-from", "SCSA_MAIL_FROM",
                           "--request-retention-days", "scsa-server forget"}) {
    INFO(word);
    CHECK(usage.find(word) != std::string::npos);
  }
}

TEST_CASE("k, the respondents a comparison needs, comes from --min-respondents or SCSA_MIN_RESPONDENTS",
          "[config]") {
  CHECK(parse({}).config.min_respondents == 5);
  CHECK(parse({"--min-respondents", "3"}).config.min_respondents == 3);
  CHECK(parse({"--min-respondents=1"}).config.min_respondents == 1);
  CHECK(parse({}, {{"SCSA_MIN_RESPONDENTS", "12"}}).config.min_respondents == 12);
  CHECK(parse({"--min-respondents", "7"}, {{"SCSA_MIN_RESPONDENTS", "12"}}).config.min_respondents == 7);
  for (const char* bad : {"0", "1001", "five", "-2", ""}) {
    INFO(bad);
    const auto result = parse({"--min-respondents", bad});
    CHECK_FALSE(result.ok());
    CHECK(result.error.find("--min-respondents") != std::string::npos);
  }
  CHECK(scsa::server::usage_text().find("SCSA_MIN_RESPONDENTS") != std::string::npos);
}

TEST_CASE("the live update interval comes from --update-interval-ms, SCSA_UPDATE_INTERVAL_MS or the file",
          "[config]") {
  CHECK(parse({}).config.update_interval_ms == 50);
  CHECK(parse({"--update-interval-ms", "5"}).config.update_interval_ms == 5);
  CHECK(parse({}, {{"SCSA_UPDATE_INTERVAL_MS", "250"}}).config.update_interval_ms == 250);
  CHECK(parse({"--update-interval-ms=20"}, {{"SCSA_UPDATE_INTERVAL_MS", "250"}}).config.update_interval_ms ==
        20);
  CHECK(parse({"--config", "/c"}, {}, {{"/c", "update-interval-ms = 100\n"}}).config.update_interval_ms ==
        100);
  for (const char* bad : {"0", "60001", "fast", "-1", ""}) {
    INFO(bad);
    const auto result = parse({"--update-interval-ms", bad});
    CHECK_FALSE(result.ok());
    CHECK(result.error.find("--update-interval-ms") != std::string::npos);
  }
  CHECK(scsa::server::usage_text().find("SCSA_UPDATE_INTERVAL_MS") != std::string::npos);
}

TEST_CASE("trusted proxies: repeatable flag, comma-separated variable or file line; a bad one is named",
          "[config]") {
  using list = std::vector<std::string>;
  CHECK(parse({}).config.trusted_proxies.empty());
  CHECK(parse({"--trusted-proxy", "127.0.0.1", "--trusted-proxy=10.0.0.0/8"}).config.trusted_proxies ==
        list{"127.0.0.1", "10.0.0.0/8"});
  CHECK(parse({}, {{"SCSA_TRUSTED_PROXIES", "127.0.0.1, ::1"}}).config.trusted_proxies ==
        list{"127.0.0.1", "::1"});
  CHECK(parse({"--config", "/c"}, {}, {{"/c", "trusted-proxy = 192.168.0.0/16\n"}}).config.trusted_proxies ==
        list{"192.168.0.0/16"});
  // A higher layer replaces the list rather than adding to it.
  CHECK(parse({"--trusted-proxy", "::1"}, {{"SCSA_TRUSTED_PROXIES", "127.0.0.1"}}).config.trusted_proxies ==
        list{"::1"});
  const auto bad = parse({"--trusted-proxy", "proxy.example"});
  CHECK_FALSE(bad.ok());
  CHECK(bad.error.find("--trusted-proxy: 'proxy.example' is not an IP address or CIDR block") !=
        std::string::npos);
  CHECK_FALSE(parse({}, {{"SCSA_TRUSTED_PROXIES", "127.0.0.1,10.0.0.0/40"}}).ok());
}

TEST_CASE("open-write limits come from --limit-* as BURST/PERIOD", "[config]") {
  using scsa::server::rate_limit;
  using namespace std::chrono_literals;
  const auto defaults = parse({}).config.limits;
  CHECK(defaults.sessions_per_address == rate_limit{60, 10s});
  CHECK(defaults.joins_per_address == rate_limit{600, 100ms});
  const auto set = parse({"--limit-sessions", "5/1m", "--limit-joins-total=100/1s", "--limit-forms", "3/1h"},
                         {{"SCSA_LIMIT_CODE_GUESSES", "10/10m"}, {"SCSA_LIMIT_SESSIONS_TOTAL", "50/5m"}}, {});
  REQUIRE(set.ok());
  CHECK(set.config.limits.sessions_per_address == rate_limit{5, 12s});
  CHECK(set.config.limits.joins_total == rate_limit{100, 10ms});
  CHECK(set.config.limits.forms_per_address == rate_limit{3, 1200s});
  CHECK(set.config.limits.code_guesses_per_address == rate_limit{10, 60s});
  CHECK(set.config.limits.sessions_total == rate_limit{50, 6s});
  CHECK(parse({"--config", "/c"}, {}, {{"/c", "limit-joins = 900/1m\n"}}).config.limits.joins_per_address ==
        rate_limit{900, 66ms});
  const auto bad = parse({"--limit-joins", "lots"});
  CHECK_FALSE(bad.ok());
  CHECK(bad.error.find("--limit-joins: 'lots' is not a limit such as 60/10m") != std::string::npos);
  CHECK(scsa::server::usage_text().find("SCSA_LIMIT_SESSIONS") != std::string::npos);
}
