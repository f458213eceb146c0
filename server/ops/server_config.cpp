// Parses scsa-server's configuration file, SCSA_* environment variables and flags. One table lists every
// option, so the three parsers, the usage text and the documentation cannot drift apart. (About 500 lines:
// the table and the three layers that apply it are one job; apart, the table's readers would be scattered.)
#include "server/ops/server_config.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

#include "events/pg_handle.hpp"
#include "server/comma_list.hpp"
#include "server/forms/form_submission.hpp"
#include "server/limits/rate_limit_spec.hpp"
#include "server/net/client_address.hpp"
#include "server/net/origin_check.hpp"

namespace scsa::server {

namespace {

// Returns an error message, or "" when the value was applied.
using apply_fn = std::string (*)(server_config&, const std::string& value, const std::string& source);

struct option {
  std::string_view flag;         // "--port"
  std::string_view variable;     // "SCSA_PORT"
  std::string_view placeholder;  // "N", or "" for a switch without a value
  std::string_view default_text;
  std::string_view description;
  apply_fn apply;  // applies one value (of a list: one item)
  // A repeatable option's list: each flag adds an item; a file line or variable is a comma-separated list;
  // a later layer replaces an earlier one's list instead of extending it.
  std::vector<std::string> server_config::*list = nullptr;
};

template <typename T>
std::optional<T> parse_unsigned(const std::string& text) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

std::string quoted(const std::string& value) {
  return "'" + value + "'";
}

std::string apply_port(server_config& config, const std::string& value, const std::string& source) {
  const auto port = parse_unsigned<std::uint32_t>(value);
  if (!port || *port > 65535) return source + ": " + quoted(value) + " is not a port number (0-65535)";
  config.port = static_cast<std::uint16_t>(*port);
  return {};
}

std::string apply_bind(server_config& config, const std::string& value, const std::string& source) {
  std::array<unsigned char, 16> address{};
  if (inet_pton(AF_INET, value.c_str(), address.data()) != 1 &&
      inet_pton(AF_INET6, value.c_str(), address.data()) != 1) {
    return source + ": " + quoted(value) + " is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::)";
  }
  config.bind = value;
  return {};
}

std::string apply_bool(bool& target, const std::string& value, const std::string& source) {
  static constexpr std::array<std::string_view, 5> yes = {"1", "true", "yes", "on", ""};
  static constexpr std::array<std::string_view, 4> no = {"0", "false", "no", "off"};
  for (const auto word : yes) {
    if (value == word) {
      target = true;
      return {};
    }
  }
  for (const auto word : no) {
    if (value == word) {
      target = false;
      return {};
    }
  }
  return source + ": " + quoted(value) + " is not a boolean (1/0, true/false, yes/no, on/off)";
}

std::string apply_smtp_host(server_config& config, const std::string& value, const std::string& source) {
  for (const char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return source + ": " + quoted(value) + " is not a host name or IP address";
  }
  config.smtp_host = value;  // "" switches mail delivery off (mails stay queued)
  return {};
}

std::string apply_smtp_port(server_config& config, const std::string& value, const std::string& source) {
  const auto port = parse_unsigned<std::uint32_t>(value);
  if (!port || *port < 1 || *port > 65535)
    return source + ": " + quoted(value) + " is not a port number (1-65535)";
  config.smtp_port = static_cast<std::uint16_t>(*port);
  return {};
}

std::string apply_public_url(server_config& config, const std::string& value, const std::string& source) {
  std::string url = value;
  while (!url.empty() && url.back() == '/') url.pop_back();
  const bool scheme = url.starts_with("https://") || url.starts_with("http://");
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F) return source + ": " + quoted(value) + " is not a URL";
  }
  if (!url.empty() && !scheme)
    return source + ": " + quoted(value) + " is not a URL such as https://scsa.example.org";
  config.public_url = url;
  return {};
}

std::string apply_log_level(server_config& config, const std::string& value, const std::string& source) {
  static constexpr std::array<std::string_view, 7> levels = {"trace", "debug",    "info", "warn",
                                                             "error", "critical", "off"};
  for (const auto level : levels) {
    if (value == level) {
      config.log_level = value;
      return {};
    }
  }
  return source + ": " + quoted(value) +
         " is not a log level (trace, debug, info, warn, error, critical, off)";
}

std::string apply_log_format(server_config& config, const std::string& value, const std::string& source) {
  if (value != "text" && value != "json")
    return source + ": " + quoted(value) + " is not a log format (text, json)";
  config.log_format = value;
  return {};
}

std::string apply_one_origin(server_config& config, const std::string& value, const std::string& source) {
  const auto origin = normalize_origin(value);
  if (!origin) return source + ": " + quoted(value) + " is not an origin such as https://example.org:8443";
  config.allowed_origins.push_back(*origin);
  return {};
}

std::string apply_one_proxy(server_config& config, const std::string& value, const std::string& source) {
  if (!is_address_block(value))
    return source + ": " + quoted(value) + " is not an IP address or CIDR block such as 10.0.0.0/8";
  config.trusted_proxies.push_back(value);
  return {};
}

template <rate_limit open_write_settings::*member>
std::string apply_limit(server_config& config, const std::string& value, const std::string& source) {
  const auto limit = parse_rate_limit(value);
  if (!limit)
    return source + ": " + quoted(value) + " is not a limit such as 60/10m (60 at once, all back in 10 min)";
  config.limits.*member = *limit;
  return {};
}

// A list's items, comma-separated, each applied by `apply_one`.
std::string apply_each(server_config& config, apply_fn apply_one, const std::string& value,
                       const std::string& source) {
  for (const auto item : comma_list(value)) {
    if (auto error = apply_one(config, std::string(item), source); !error.empty()) return error;
  }
  return {};
}

std::string apply_count(std::size_t& target, std::size_t low, std::size_t high, const std::string& value,
                        const std::string& source) {
  const auto number = parse_unsigned<std::size_t>(value);
  if (!number || *number < low || *number > high) {
    return source + ": " + quoted(value) + " is not a number from " + std::to_string(low) + " to " +
           std::to_string(high);
  }
  target = *number;
  return {};
}

// The shapes most options share, each for one member of server_config: the table below names the member.
template <std::size_t server_config::*member, std::size_t low, std::size_t high>
std::string apply_number(server_config& config, const std::string& value, const std::string& source) {
  return apply_count(config.*member, low, high, value, source);
}

template <bool server_config::*member>
std::string apply_switch(server_config& config, const std::string& value, const std::string& source) {
  return apply_bool(config.*member, value, source);
}

// Any text; "" switches the feature off where that means something (no static files, no operator token).
template <std::string server_config::*member>
std::string apply_text(server_config& config, const std::string& value, const std::string&) {
  config.*member = value;
  return {};
}

constexpr char database_path[] = "database path";
constexpr char data_directory[] = "data directory";

template <std::string server_config::*member, const char* what>
std::string apply_path(server_config& config, const std::string& value, const std::string& source) {
  if (value.empty()) return source + ": the " + what + " must not be empty";
  config.*member = value;
  return {};
}

// An e-mail address, or "" for none.
template <std::string server_config::*member>
std::string apply_email(server_config& config, const std::string& value, const std::string& source) {
  if (!value.empty() && !valid_email(value))
    return source + ": " + quoted(value) + " is not an e-mail address such as someone@example.org";
  config.*member = value;
  return {};
}

std::string apply_config_path(server_config& config, const std::string& value, const std::string& source) {
  if (value.empty()) return source + ": the configuration file's path must not be empty";
  config.config_file = value;
  return {};
}

std::string apply_check_config(server_config& config, const std::string& value, const std::string& source) {
  if (!value.empty()) return source + " takes no value";
  config.check_config = true;
  return {};
}

constexpr std::array<option, 42> options = {{
    {"--config", "SCSA_CONFIG", "FILE", "none",
     "read 'key = value' lines first (keys as these flags, without '--')", apply_config_path},
    {"--port", "SCSA_PORT", "N", "8080", "TCP port to listen on (0: any free port)", apply_port},
    {"--bind", "SCSA_BIND", "ADDR", "127.0.0.1", "IP address to listen on (0.0.0.0 for every interface)",
     apply_bind},
    {"--db", "SCSA_DB", "PATH|URI", "data/scsa.db",
     "SQLite event log, created on first start; or postgresql://user@host:port/dbname (password: PGPASSWORD "
     "or ~/.pgpass)",
     apply_path<&server_config::db_path, database_path>},
    {"--web-root", "SCSA_WEB_ROOT", "DIR", "web-client/dist if it exists, else none",
     "static files to serve (an empty value serves none)", apply_text<&server_config::web_root>},
    {"--demo", "SCSA_DEMO", "", "off", "seed demo sessions into an empty database",
     apply_switch<&server_config::demo>},
    {"--permessage-deflate", "SCSA_PERMESSAGE_DEFLATE", "", "off",
     "compress WebSocket messages for clients that ask (RFC 7692; costs memory and CPU per connection)",
     apply_switch<&server_config::permessage_deflate>},
    {"--log-level", "SCSA_LOG_LEVEL", "LEVEL", "info", "trace, debug, info, warn, error, critical or off",
     apply_log_level},
    {"--log-format", "SCSA_LOG_FORMAT", "FORMAT", "text", "text, or json: one JSON object per line",
     apply_log_format},
    {"--allowed-origin", "SCSA_ALLOWED_ORIGINS", "ORIGIN", "same host only",
     "browser origin allowed to open /ws; repeatable (variable: comma-separated)", apply_one_origin,
     &server_config::allowed_origins},
    {"--trusted-proxy", "SCSA_TRUSTED_PROXIES", "ADDR", "none",
     "reverse proxy (address or CIDR) whose X-Forwarded-For names the client; repeatable", apply_one_proxy,
     &server_config::trusted_proxies},
    {"--limit-sessions", "SCSA_LIMIT_SESSIONS", "N/PERIOD", "60/10m",
     "sessions one address may create: N at once, all back after PERIOD (s, m, h)",
     apply_limit<&open_write_settings::sessions_per_address>},
    {"--limit-sessions-total", "SCSA_LIMIT_SESSIONS_TOTAL", "N/PERIOD", "1200/10m",
     "sessions all addresses together may create", apply_limit<&open_write_settings::sessions_total>},
    {"--limit-joins", "SCSA_LIMIT_JOINS", "N/PERIOD", "600/1m",
     "new participants one address may add to one session",
     apply_limit<&open_write_settings::joins_per_address>},
    {"--limit-joins-total", "SCSA_LIMIT_JOINS_TOTAL", "N/PERIOD", "10000/1m",
     "new participants all addresses together may add", apply_limit<&open_write_settings::joins_total>},
    {"--limit-code-guesses", "SCSA_LIMIT_CODE_GUESSES", "N/PERIOD", "100/10m",
     "join codes matching no session one address may try",
     apply_limit<&open_write_settings::code_guesses_per_address>},
    {"--limit-token-guesses", "SCSA_LIMIT_TOKEN_GUESSES", "N/PERIOD", "10/10m",
     "wrong operator tokens one address may try (the desk's sign-in)",
     apply_limit<&open_write_settings::token_guesses_per_address>},
    {"--dormant-after-s", "SCSA_DORMANT_AFTER_S", "S", "3600",
     "a session nobody watches leaves memory after S quiet seconds, woken from the log when found (0: never)",
     apply_number<&server_config::dormant_after_s, 0, 31'536'000>},
    {"--memory-budget-mb", "SCSA_MEMORY_BUDGET_MB", "MB", "256",
     "beyond this estimate of the sessions in memory, the least recently active unwatched ones leave it "
     "(0: no budget)",
     apply_number<&server_config::memory_budget_mb, 0, 1'048'576>},
    {"--snapshot-every-events", "SCSA_SNAPSHOT_EVERY_EVENTS", "N", "100000",
     "write a snapshot of the long-lived projections after N new events, so a start folds only the rest "
     "(0: never)",
     apply_number<&server_config::snapshot_every_events, 0, 1'000'000'000>},
    {"--limit-forms", "SCSA_LIMIT_FORMS", "N/PERIOD", "20/10m", "form submissions one address may send",
     apply_limit<&open_write_settings::forms_per_address>},
    {"--data-dir", "SCSA_DATA_DIR", "DIR", "data", "catalogue and municipality files",
     apply_path<&server_config::data_dir, data_directory>},
    {"--io-threads", "SCSA_IO_THREADS", "N", "2", "network threads (1-64)",
     apply_number<&server_config::io_threads, 1, 64>},
    {"--min-respondents", "SCSA_MIN_RESPONDENTS", "K", "5",
     "respondents a municipality needs before its averages are shown or compared (1-1000)",
     apply_number<&server_config::min_respondents, 1, 1000>},
    {"--update-interval-ms", "SCSA_UPDATE_INTERVAL_MS", "MS", "50",
     "at most one live update per session audience per MS (1-60000); a change after a quiet MS goes at once",
     apply_number<&server_config::update_interval_ms, 1, 60'000>},
    {"--participant-update-interval-ms", "SCSA_PARTICIPANT_UPDATE_INTERVAL_MS", "MS", "150",
     "participants get results and roadmap changes at most once per MS (0-60000); the session's own changes "
     "(focus, open, reveal) at once",
     apply_number<&server_config::participant_update_interval_ms, 0, 60'000>},
    {"--max-message-bytes", "SCSA_MAX_MESSAGE_BYTES", "N", "65536",
     "largest WebSocket message; larger ones close with 1009",
     apply_number<&server_config::max_message_bytes, 1024, 16 * 1024 * 1024>},
    {"--max-queued-frames", "SCSA_MAX_QUEUED_FRAMES", "N", "1024",
     "outbound frames queued per connection before a slow reader is closed with 1008",
     apply_number<&server_config::max_queued_frames, 1, 1'000'000>},
    {"--max-connections-per-ip", "SCSA_MAX_CONNECTIONS_PER_IP", "N", "2000",
     "open connections one IP address may hold (0: no limit); more are closed at accept",
     apply_number<&server_config::max_connections_per_ip, 0, 1'000'000>},
    {"--operator-token-file", "SCSA_OPERATOR_TOKEN_FILE", "PATH", "none",
     "file with a line per operator: a token's SHA-256 hex and a label (the desk, sessions, any replay)",
     apply_text<&server_config::operator_token_file>},
    {"--smtp-host", "SCSA_SMTP_HOST", "HOST", "none",
     "SMTP relay for the forms' confirmation mails (none: mails stay queued)", apply_smtp_host},
    {"--smtp-port", "SCSA_SMTP_PORT", "N", "25", "the relay's port (465: TLS from the start)",
     apply_smtp_port},
    {"--smtp-user", "SCSA_SMTP_USER", "USER", "none", "login at the relay",
     apply_text<&server_config::smtp_user>},
    {"--smtp-password", "SCSA_SMTP_PASSWORD", "PASSWORD", "none",
     "password at the relay (prefer the variable: flags show in ps)",
     apply_text<&server_config::smtp_password>},
    {"--smtp-starttls", "SCSA_SMTP_STARTTLS", "", "off", "send only over STARTTLS",
     apply_switch<&server_config::smtp_starttls>},
    {"--mail-from", "SCSA_MAIL_FROM", "ADDRESS", "none (required with --smtp-host)",
     "sender address of the confirmation mails", apply_email<&server_config::mail_from>},
    {"--mail-reply-to", "SCSA_MAIL_REPLY_TO", "ADDRESS", "none",
     "where replies to the mails go (a person's mailbox; without it the mails ask for no reply)",
     apply_email<&server_config::mail_reply_to>},
    {"--public-url", "SCSA_PUBLIC_URL", "URL", "none", "the site's public address, for links in mails",
     apply_public_url},
    {"--request-retention-days", "SCSA_REQUEST_RETENTION_DAYS", "N", "365",
     "form submissions older than this are erased (1-36500)",
     apply_number<&server_config::request_retention_days, 1, 36'500>},
    {"--mail-first-retry-s", "SCSA_MAIL_FIRST_RETRY_S", "S", "2",
     "wait after a mail's first failed attempt; doubles with each failure up to 15 min (1-86400)",
     apply_number<&server_config::mail_first_retry_s, 1, 86'400>},
    {"--check-config", "", "", "", "check the configuration, ports, paths and data files; exit 0 or 1",
     apply_check_config},
    {"--help", "", "", "", "show this help and exit", nullptr},
}};

const option* find_option(std::string_view flag) {
  for (const auto& candidate : options) {
    if (candidate.flag == flag) return &candidate;
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> process_environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read at start-up only
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

namespace {

// Which layer last set the origin list: a higher layer replaces a lower one's list instead of extending it.
enum class layer { none, file, environment, flags };

struct parse_state {
  explicit parse_state(server_config& target) : config(target) {}
  server_config& config;
  std::map<std::string_view, layer> lists_from;  // by flag
  bool web_root_set = false;
};

std::string apply_option(parse_state& state, const option& entry, const std::string& value,
                         const std::string& source, layer from) {
  state.web_root_set = state.web_root_set || entry.flag == "--web-root";
  if (entry.list == nullptr) return entry.apply(state.config, value, source);
  auto& list_from = state.lists_from[entry.flag];
  if (list_from != from) (state.config.*entry.list).clear();
  list_from = from;
  if (from == layer::flags) return entry.apply(state.config, value, source);
  return apply_each(state.config, entry.apply, value, source);  // file and variable: comma-separated
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string apply_file_lines(parse_state& state, const std::string& text, const std::string& file_name) {
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const std::string where = file_name + ":" + std::to_string(number);
    const auto content = trimmed(line);
    if (content.empty() || content.front() == '#') continue;
    const auto equals = content.find('=');
    if (equals == std::string_view::npos) return where + ": expected 'key = value', got '" + line + "'";
    const std::string key(trimmed(content.substr(0, equals)));
    const std::string value(trimmed(content.substr(equals + 1)));
    const option* entry = find_option("--" + key);
    if (key.empty() || entry == nullptr || entry->apply == nullptr || entry->flag == "--config" ||
        entry->flag == "--check-config") {
      return where + ": unknown key '" + key + "' (keys are the flags without '--', see --help)";
    }
    if (auto error = apply_option(state, *entry, value, where + ": " + key, layer::file); !error.empty()) {
      return error;
    }
  }
  return {};
}

// The --config flag's value (flags win over SCSA_CONFIG), found before the other flags are applied.
std::optional<std::string> config_flag(int argc, const char* const* argv, std::string& error) {
  std::optional<std::string> found;
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--config") {
      if (i + 1 >= argc) {
        error = "--config needs a value (FILE)";
        return std::nullopt;
      }
      found = argv[++i];
    } else if (argument.starts_with("--config=")) {
      found = std::string(argument.substr(9));
    }
  }
  return found;
}

}  // namespace

std::optional<std::string> read_file_if_present(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) return std::nullopt;
  std::ostringstream text;
  text << input.rdbuf();
  if (input.bad()) return std::nullopt;
  return text.str();
}

std::string apply_config_file(server_config& config, const std::string& text, const std::string& file_name) {
  parse_state state{config};
  return apply_file_lines(state, text, file_name);
}

config_result parse_config(int argc, const char* const* argv, const env_lookup& environment,
                           const file_lookup& read_file) {
  config_result result;
  parse_state state{result.config};

  // 1. The configuration file, named by the flag or else by the variable.
  std::optional<std::string> config_path = config_flag(argc, argv, result.error);
  if (!result.ok()) return result;
  std::string config_source = "--config";
  if (!config_path && environment) {
    config_path = environment("SCSA_CONFIG");
    config_source = "SCSA_CONFIG";
  }
  if (config_path) {
    if (auto error = apply_config_path(result.config, *config_path, config_source); !error.empty()) {
      result.error = std::move(error);
      return result;
    }
    const auto text = read_file ? read_file(*config_path) : std::nullopt;
    if (!text) {
      result.error = config_source + ": cannot read the configuration file '" + *config_path + "'";
      return result;
    }
    if (auto error = apply_file_lines(state, *text, *config_path); !error.empty()) {
      result.error = std::move(error);
      return result;
    }
  }

  // 2. The environment.
  for (const auto& entry : options) {
    if (entry.variable.empty() || entry.flag == "--config" || !environment) continue;
    const auto value = environment(std::string(entry.variable));
    if (!value) continue;
    if (auto error = apply_option(state, entry, *value, std::string(entry.variable), layer::environment);
        !error.empty()) {
      result.error = std::move(error);
      return result;
    }
  }

  // 3. The flags.
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--help" || argument == "-h") {
      result.help = true;
      continue;
    }
    if (argument == "--version") {
      result.version = true;
      continue;
    }
    const auto equals = argument.find('=');
    const std::string_view flag = argument.substr(0, equals);
    const option* entry = find_option(flag);
    if (entry == nullptr || entry->apply == nullptr) {
      result.error = "unknown option '" + std::string(argument) + "' (see --help)";
      return result;
    }
    std::string value;
    if (equals != std::string_view::npos) {
      value = std::string(argument.substr(equals + 1));
    } else if (!entry->placeholder.empty()) {
      if (i + 1 >= argc) {
        result.error = std::string(flag) + " needs a value (" + std::string(entry->placeholder) + ")";
        return result;
      }
      value = argv[++i];
    }
    if (entry->flag == "--config") continue;  // already read, first
    if (auto error = apply_option(state, *entry, value, std::string(flag), layer::flags); !error.empty()) {
      result.error = std::move(error);
      return result;
    }
  }

  if (!result.config.smtp_host.empty() && result.config.mail_from.empty()) {
    result.error = "--smtp-host needs --mail-from (or SCSA_MAIL_FROM): the confirmation mails' sender";
    return result;
  }
  if (!state.web_root_set) {
    std::error_code ignored;
    if (std::filesystem::is_directory("web-client/dist", ignored)) result.config.web_root = "web-client/dist";
  }
  return result;
}

std::string usage_text() {
  std::string text =
      "Usage: scsa-server [options]\n\n"
      "The live, event-sourced Smart City Self Assessment server.\n"
      "Every option can also be set by its environment variable or in the file named by --config\n"
      "(lines 'key = value', keys as the flags without '--'); a flag wins over its variable, a variable\n"
      "over the file. Values may follow the flag (--port 9000) or an equals sign (--port=9000).\n\n"
      "Options:\n";
  for (const auto& entry : options) {
    std::string left = "  ";  // built by appending: GCC 12 warns falsely (-Wrestrict) on "  " + string
    left += entry.flag;
    if (!entry.placeholder.empty()) left += " " + std::string(entry.placeholder);
    if (left.size() < 28) left.resize(28, ' ');
    text += left + std::string(entry.description) + "\n";
    if (!entry.variable.empty()) {
      text += std::string(28, ' ') + "[" + std::string(entry.variable) +
              "; default: " + std::string(entry.default_text) + "]\n";
    }
  }
  text += "  --version                 show the version and exit\n";
  text +=
      "\nCommands (each does one job and exits):\n"
      "  scsa-server import [--db PATH] FILE.ndjson   append a session exported as NDJSON\n"
      "  scsa-server operator-token FILE              make an operator token; its hash goes to FILE\n"
      "  scsa-server forget [--db PATH] --email ADDR [--name NAME]\n"
      "                                               erase a person's form submissions, mails and names\n"
      "  scsa-server backup --to FILE [--db PATH]     copy the database consistently while it is in use\n";
  return text;
}

}  // namespace scsa::server
