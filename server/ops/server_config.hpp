// scsa-server's configuration: a `key = value` file (--config / SCSA_CONFIG; keys are the flags' names),
// SCSA_* environment variables and command-line flags, in that order of precedence (a flag wins over its
// variable, a variable over the file), and the usage text that lists them. Pure parsing: the environment
// and the file arrive through lookup functions so tests need neither. Safe from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/limits/open_write_settings.hpp"

namespace scsa::server {

struct server_config {
  std::uint16_t port = 8080;       // --port, SCSA_PORT; 0 picks a free port (tests)
  std::string bind = "127.0.0.1";  // --bind, SCSA_BIND: an IPv4 or IPv6 address
  // --db, SCSA_DB: the SQLite event log, or a postgresql:// URI; the tables beside the log (names, typed
  // texts, review links, form requests and mails) live in the same database.
  std::string db_path = "data/scsa.db";
  // --web-root, SCSA_WEB_ROOT: static files. Default "web-client/dist" when that folder exists in the
  // working directory (running from a checkout after the client build), else "" (no static files).
  std::string web_root;
  bool demo = false;                // --demo, SCSA_DEMO: seed demo sessions into an empty log
  std::string log_level = "info";   // --log-level, SCSA_LOG_LEVEL: trace..critical, off
  std::string log_format = "text";  // --log-format, SCSA_LOG_FORMAT: text or json (one object a line)
  std::vector<std::string> allowed_origins;  // --allowed-origin (repeatable), SCSA_ALLOWED_ORIGINS (a,b)
  std::string data_dir = "data";             // --data-dir, SCSA_DATA_DIR: catalogue and municipalities
  std::size_t io_threads = 2;                // --io-threads, SCSA_IO_THREADS: network threads, 1..64
  // --min-respondents, SCSA_MIN_RESPONDENTS: k, the respondents a municipality (and the nation) needs before
  // its averages are shown or offered for comparison, so that no individual's answers can be derived; 1..1000
  std::size_t min_respondents = 5;
  // --update-interval-ms, SCSA_UPDATE_INTERVAL_MS: at most one live update per interval per session audience
  // (phones are not sent 200 frames a second); the first change after a quiet interval leaves at once.
  std::size_t update_interval_ms = 50;
  // --participant-update-interval-ms, SCSA_PARTICIPANT_UPDATE_INTERVAL_MS: participants get the group's
  // results and the roadmap's changes at most once per interval; the session's own changes go at once.
  std::size_t participant_update_interval_ms = 150;
  // --operator-token-file, SCSA_OPERATOR_TOKEN_FILE: a file holding the SHA-256 (64 hex digits) of the
  // operator's token, read at start; "" means no operator token (the session list answers 403).
  std::string operator_token_file;
  // The confirmation mails of the public forms (README, "Mail"): the SMTP relay and the sender's address.
  std::string smtp_host;         // --smtp-host, SCSA_SMTP_HOST; "" keeps mails queued (logged once)
  std::uint16_t smtp_port = 25;  // --smtp-port, SCSA_SMTP_PORT; 465 means TLS from the start (SMTPS)
  std::string smtp_user;         // --smtp-user, SCSA_SMTP_USER; "" sends without logging in
  std::string smtp_password;     // --smtp-password, SCSA_SMTP_PASSWORD (prefer the variable: ps shows flags)
  bool smtp_starttls = false;    // --smtp-starttls, SCSA_SMTP_STARTTLS: refuse to send without STARTTLS
  std::string mail_from;         // --mail-from, SCSA_MAIL_FROM: required with --smtp-host
  std::string mail_reply_to;     // --mail-reply-to, SCSA_MAIL_REPLY_TO: where replies reach a person
  std::string public_url;        // --public-url, SCSA_PUBLIC_URL: the site's address for links in mails
  std::size_t mail_first_retry_s = 2;         // --mail-first-retry-s: then doubling, at most 15 min
  std::size_t request_retention_days = 365;   // --request-retention-days: older form submissions are erased
  std::size_t max_message_bytes = 64 * 1024;  // --max-message-bytes: larger WebSocket messages close 1009
  // --permessage-deflate: offer WebSocket compression (RFC 7692) to clients that ask; off by default
  // (docs/performance.md, "permessage-deflate": it costs memory per connection and CPU per frame).
  bool permessage_deflate = false;
  std::size_t max_queued_frames = 1024;  // --max-queued-frames: a slower reader is closed with 1008
  // --max-connections-per-ip: open TCP connections one address may hold (more are closed at accept); 0 is
  // no limit. Generous: a whole municipality may sit behind one address.
  std::size_t max_connections_per_ip = 2000;
  // --trusted-proxy (repeatable), SCSA_TRUSTED_PROXIES (a,b): reverse proxies (addresses or CIDR blocks)
  // whose X-Forwarded-For names the client; from anyone else that header is ignored.
  std::vector<std::string> trusted_proxies;
  open_write_settings limits;
  // --dormant-after-s, SCSA_DORMANT_AFTER_S: a session nobody watches leaves memory after this many quiet
  // seconds (it stays in the log and wakes when found); 0 never.
  std::size_t dormant_after_s = 3600;
  // --memory-budget-mb: beyond this estimate of the sessions in memory, the least recently active of those
  // nobody watches leave it; 0 no budget.
  std::size_t memory_budget_mb = 256;
  // --snapshot-every-events: a history snapshot after this many new events (0 never).
  std::size_t snapshot_every_events = 100'000;
  std::size_t max_request_body_bytes = 64 * 1024;      // HTTP request bodies above this get 413
  std::chrono::milliseconds http_timeout{30'000};      // HTTP header/body read and write timeout
  std::chrono::milliseconds shutdown_grace{3'000};     // how long closing handshakes may take on stop()
  std::chrono::milliseconds slow_reader_grace{1'000};  // after a 1008, the TCP connection is cut this late
  std::string config_file;    // --config, SCSA_CONFIG: the file the other values were read from ("" none)
  bool check_config = false;  // --check-config: validate everything, report, exit 0/1 without serving
};

// The outcome of parse_config: a configuration, or an error for stderr (exit code 2).
struct config_result {
  server_config config;  // meaningful when error is empty
  std::string error;     // what was wrong, naming the flag or variable
  bool help = false;     // --help / -h: print usage_text() and exit 0
  bool version = false;  // --version: print the version and exit 0
  bool ok() const { return error.empty(); }
};

// Looks up one environment variable; nullopt when unset.
using env_lookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment, through std::getenv.
std::optional<std::string> process_environment(const std::string& name);

// Reads a whole file; nullopt when it cannot be read.
using file_lookup = std::function<std::optional<std::string>(const std::string& path)>;

// The file system, through std::ifstream.
std::optional<std::string> read_file_if_present(const std::string& path);

// Parses the configuration file named by --config or SCSA_CONFIG (if any), then the environment, then
// "--flag value" and "--flag=value". An unknown flag or key, a missing value or a bad value is an error;
// errors in the file name the file and line ("scsa.conf:7: ...").
config_result parse_config(int argc, const char* const* argv, const env_lookup& environment,
                           const file_lookup& read_file = read_file_if_present);

// Applies the lines of a configuration file's text to `config`: `key = value`, blank lines and lines
// starting with '#' are ignored. Returns an error naming `file_name` and the line, or "".
std::string apply_config_file(server_config& config, const std::string& text, const std::string& file_name);

// Every option with its environment variable and default, for --help.
std::string usage_text();

}  // namespace scsa::server
