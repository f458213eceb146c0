// One HTTP/1.1 connection. Reading runs ahead of the application by at most pipeline_limit requests;
// responses, which the application may complete on any thread and in any order, are written strictly in
// request order, one write in flight. Failures are error_codes: a closed or timed-out peer ends the
// session quietly, a malformed request gets a JSON error and the connection is closed.
#include "server/net/http_session.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <exception>
#include <tuple>
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "events/event_log.hpp"
#include "server/comma_list.hpp"
#include "server/net/open_connections.hpp"
#include "server/net/origin_check.hpp"
#include "server/net/security_headers.hpp"
#include "server/net/static_files.hpp"
#include "server/net/websocket_session.hpp"
#include "server/ops/metrics.hpp"

namespace scsa::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// Requests read ahead of their responses; reading pauses beyond this (advanced_server's queue_limit).
constexpr std::size_t pipeline_limit = 8;

std::uint64_t next_id() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

// The responder handed to the application: answers at most once, from any thread. If every copy is
// dropped unanswered, the client still gets a 500 instead of a connection stuck behind that request.
class pending_reply {
 public:
  pending_reply(std::shared_ptr<http_session> session, std::uint64_t sequence)
      : session_(std::move(session)), sequence_(sequence) {}
  pending_reply(const pending_reply&) = delete;
  pending_reply& operator=(const pending_reply&) = delete;
  ~pending_reply() {
    if (claim())
      session_->respond(sequence_, http_response::error(500, "no_response", "the request was not answered"));
  }

  // True for the first caller only.
  bool claim() { return !answered_.exchange(true); }
  void answer(http_response response) {
    if (claim()) session_->respond(sequence_, std::move(response));
  }

 private:
  std::shared_ptr<http_session> session_;
  std::uint64_t sequence_;
  std::atomic<bool> answered_{false};
};

template <typename Body>
void set_common_headers(http::response<Body>& response, std::string_view content_type) {
  response.set(http::field::server, "scsa");
  response.set(http::field::content_type, content_type);
  for (const auto& [name, value] : security_headers) response.set(name, value);
}

http::message_generator to_message(http_response&& response, unsigned version, bool keep_alive, bool head) {
  http::response<http::string_body> message;
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  set_common_headers(message, response.content_type);
  bool cache_control_set = false;
  for (auto& [name, value] : response.headers) {
    cache_control_set = cache_control_set || beast::iequals(name, "Cache-Control");
    message.set(name, value);
  }
  if (!cache_control_set) message.set(http::field::cache_control, "no-store");  // API answers are live
  message.keep_alive(keep_alive);
  if (response.status != 204 && response.status != 304) message.body() = std::move(response.body);
  message.prepare_payload();
  if (head) message.body().clear();  // Content-Length stays that of the GET
  return http::message_generator(std::move(message));
}

// A proxy's X-Request-Id (nginx: $request_id) when it looks like one, so that both logs share the id;
// else this connection's number and the request's place on it.
std::string request_id_for(const http::request<http::string_body>& request, std::uint64_t connection,
                           std::uint64_t sequence) {
  const auto given = request["X-Request-Id"];
  const bool usable =
      !given.empty() && given.size() <= 64 && std::all_of(given.begin(), given.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
      });
  return usable ? std::string(given) : std::to_string(connection) + "-" + std::to_string(sequence);
}

// "application/json", with parameters (charset) or not, or no Content-Type at all.
bool json_or_unnamed(std::string_view content_type) {
  const auto media_type = content_type.substr(0, content_type.find(';'));
  auto trimmed = media_type;
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
  return trimmed.empty() || beast::iequals(trimmed, "application/json");
}

// Whether an If-None-Match header names this ETag (or is "*"): the client's copy is current.
bool if_none_match(std::string_view header, std::string_view etag) {
  for (auto candidate : comma_list(header)) {
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);  // weak comparison, as RFC 9110 says for GET
    if (candidate == "*" || candidate == etag) return true;
  }
  return false;
}

bool http_parse_error(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::partial_message;
}

}  // namespace

http_session::http_session(net::ip::tcp::socket&& socket, std::shared_ptr<open_connections> state,
                           std::shared_ptr<void> ip_slot)
    : state_(std::move(state)), stream_(std::move(socket)), ip_slot_(std::move(ip_slot)), id_(next_id()) {
  metrics().http_connection_opened();
  beast::error_code ec;
  const auto endpoint = stream_.socket().remote_endpoint(ec);
  remote_address_ = ec ? std::string("unknown") : endpoint.address().to_string();
}

http_session::~http_session() {
  metrics().http_connection_closed();
  state_->remove_http(id_);
}

void http_session::run() {
  net::dispatch(stream_.get_executor(), beast::bind_front_handler(&http_session::start, shared_from_this()));
}

void http_session::start() {
  if (!state_->add(id_, shared_from_this())) {
    stream_.close();  // shutdown began between accept and here
    return;
  }
  do_read();
}

void http_session::shut_down() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->finish();  // an idle keep-alive connection owes nothing and closes now
  });
}

void http_session::cut() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    self->pipeline_.clear();
    self->stream_.close();
  });
}

void http_session::do_read() {
  parser_.emplace();
  parser_->body_limit(state_->config().max_request_body_bytes);
  stream_.expires_after(state_->config().http_timeout);
  reading_ = true;
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code ec, std::size_t) {
  reading_ = false;
  if (ec) {
    closing_ = true;
    if (ec == http::error::body_limit) {
      queue_error(413, "body_too_large", "the request body is too large", 11);
    } else if (ec == http::error::header_limit) {
      queue_error(431, "headers_too_large", "the request headers are too large", 11);
    } else if (http_parse_error(ec)) {
      queue_error(400, "bad_request", "malformed HTTP request: " + ec.message(), 11);
    } else {
      if (ec != http::error::end_of_stream && ec != net::error::operation_aborted) {
        spdlog::debug("http {} from {}: {}", id_, remote_address_, ec.message());
      }
      finish();
    }
    return;
  }
  if (closing_) {  // shut down while this request was arriving: it gets no answer, the socket closes
    finish();
    return;
  }
  auto request = parser_->release();
  if (beast::websocket::is_upgrade(request)) {
    handle_upgrade(std::move(request));
  } else {
    handle_request(std::move(request));
  }
  maybe_read();
}

void http_session::handle_request(http::request<http::string_body>&& request) {
  slot& pending = pipeline_.emplace_back();
  pending.sequence = next_sequence_++;
  pending.version = request.version();
  pending.keep_alive = request.keep_alive();
  pending.head = request.method() == http::verb::head;
  pending.request_id = request_id_for(request, id_, pending.sequence);
  pending.arrived = std::chrono::steady_clock::now();
  const std::uint64_t sequence = pending.sequence;
  metrics().http_request_served();

  http_request converted;
  converted.method = std::string(request.method_string());
  converted.target = std::string(request.target());
  for (const auto& field : request) {
    converted.headers.insert_or_assign(std::string(field.name_string()), std::string(field.value()));
  }
  converted.body = std::move(request.body());
  converted.remote_address = client_address(remote_address_, request["X-Forwarded-For"], state_->proxies());
  converted.request_id = pending.request_id;
  pending.summary = converted.method + " " + converted.target;

  // A browser sends Origin with every cross-site write: refused here, so no other site's page can make its
  // visitors create sessions or send forms (from their own addresses, past the per-address limits).
  // Requests without Origin come from programs, not from a victim's browser.
  const bool safe = request.method() == http::verb::get || request.method() == http::verb::head ||
                    request.method() == http::verb::options;
  if (!safe) {
    std::optional<std::string_view> origin;
    if (const auto found = request.find(http::field::origin); found != request.end()) origin = found->value();
    if (!origin_allowed(origin, request[http::field::host], state_->config().allowed_origins)) {
      fill(sequence, http_response::error(403, "origin_not_allowed", "this origin may not write here"));
      maybe_write();
      return;
    }
    // Every body the API takes is JSON. The types a page may send cross-site without asking (text/plain,
    // forms) are refused; a program that names no type is not a browser.
    if (!converted.body.empty() && !json_or_unnamed(request[http::field::content_type])) {
      fill(sequence,
           http_response::error(415, "unsupported_media_type", "send the body as application/json"));
      maybe_write();
      return;
    }
  }

  auto reply = std::make_shared<pending_reply>(shared_from_this(), sequence);
  bool handled = false;
  try {
    handled = state_->http().handle(converted,
                                    [reply](http_response response) { reply->answer(std::move(response)); });
  } catch (const events::storage_failure& error) {  // the database is away (a session could not be read)
    spdlog::warn("request {}: {} {}: {}", converted.request_id, converted.method, converted.target,
                 error.what());
    if (reply->claim())
      fill(sequence, http_response::error(503, "storage_error", "the database is not reachable; try again"));
    return;
  } catch (const std::exception& error) {
    spdlog::error("request {}: http_handler threw on {} {}: {}", converted.request_id, converted.method,
                  converted.target, error.what());
    if (reply->claim()) fill(sequence, http_response::error(500, "internal_error", "internal server error"));
    return;
  }
  if (!handled && reply->claim()) {
    for (auto& candidate : pipeline_) {
      if (candidate.sequence == sequence) serve_static(candidate, converted);
    }
    maybe_write();
  }
}

void http_session::handle_upgrade(http::request<http::string_body>&& request) {
  const unsigned version = request.version();
  const std::string_view target = request.target();
  const std::string_view path = target.substr(0, target.find('?'));
  std::optional<std::string_view> origin;
  if (const auto found = request.find(http::field::origin); found != request.end()) origin = found->value();

  if (!pipeline_.empty()) {
    queue_error(400, "bad_request", "a WebSocket upgrade must not be pipelined", version);
  } else if (path != "/ws") {
    queue_error(404, "not_found", "WebSocket connections are accepted at /ws only", version);
  } else if (!origin_allowed(origin, request[http::field::host], state_->config().allowed_origins)) {
    spdlog::debug("http {} from {}: upgrade refused for origin '{}'", id_, remote_address_,
                  origin.value_or(""));
    queue_error(403, "origin_not_allowed", "this origin may not open a WebSocket here", version);
  } else if (state_->stopping()) {
    queue_error(503, "shutting_down", "the server is shutting down", version);
  } else {
    closing_ = true;  // the websocket_session owns the socket from here; this session just ends
    std::make_shared<websocket_session>(
        stream_.release_socket(), state_,
        client_address(remote_address_, request["X-Forwarded-For"], state_->proxies()), std::move(ip_slot_))
        ->run(std::move(request));
  }
}

void http_session::serve_static(slot& pending, const http_request& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    fill(pending.sequence, http_response::error(404, "not_found", "no such resource"));
    return;
  }
  const auto file =
      resolve_static_file(state_->config().web_root, request.path(), request.header("Accept-Encoding"));
  if (file.result == static_file::outcome::bad_request) {
    fill(pending.sequence, http_response::error(400, "bad_path", "this path is not allowed"));
    return;
  }
  beast::error_code ec;
  http::file_body::value_type body;
  if (file.result == static_file::outcome::found) body.open(file.file.c_str(), beast::file_mode::scan, ec);
  if (file.result == static_file::outcome::not_found || ec) {
    fill(pending.sequence, http_response::error(404, "not_found", "no such resource"));
    return;
  }
  const auto size = body.size();
  const bool keep_alive = pending.keep_alive && !closing_;
  // The representation's headers, on the 200, the HEAD and the 304 alike.
  auto describe = [&](auto& message) {
    set_common_headers(message, file.content_type);
    message.set("X-Request-Id", pending.request_id);
    message.set(http::field::cache_control, file.cache_control);
    message.set(http::field::etag, file.etag);
    if (!file.content_encoding.empty()) message.set(http::field::content_encoding, file.content_encoding);
    if (file.varies) message.set(http::field::vary, "Accept-Encoding");
    message.keep_alive(keep_alive);
  };
  // A browser revalidating index.html (no-cache) with the ETag it has gets 304 and no body.
  const bool unchanged = if_none_match(request.header("If-None-Match"), file.etag);
  log_request(pending, unchanged ? 304 : 200);
  if (pending.head || unchanged) {
    http::response<http::empty_body> message{unchanged ? http::status::not_modified : http::status::ok,
                                             pending.version};
    describe(message);
    if (!unchanged) message.content_length(size);
    pending.response.emplace(std::move(message));
    return;
  }
  // file_body streams the file in chunks rather than loading it whole.
  http::response<http::file_body> message{std::piecewise_construct, std::make_tuple(std::move(body)),
                                          std::make_tuple(http::status::ok, pending.version)};
  describe(message);
  message.content_length(size);
  pending.response.emplace(std::move(message));
}

void http_session::queue_error(int status, std::string_view code, std::string_view message,
                               unsigned version) {
  closing_ = true;
  slot& pending = pipeline_.emplace_back();
  pending.sequence = next_sequence_++;
  pending.version = version;
  pending.keep_alive = false;
  fill(pending.sequence, http_response::error(status, code, message));
}

void http_session::respond(std::uint64_t sequence, http_response response) {
  if (!state_->io_running()) return;
  net::post(stream_.get_executor(),
            [self = shared_from_this(), sequence, response = std::move(response)]() mutable {
              self->fill(sequence, std::move(response));
            });
}

void http_session::fill(std::uint64_t sequence, http_response response) {
  for (auto& pending : pipeline_) {
    if (pending.sequence != sequence) continue;
    if (response.status < 200 || response.status > 599) {
      response = http_response::error(500, "internal_error", "the handler answered an invalid status");
    }
    // Beast may throw on a header it cannot serialise; that must end as a 500, never unwind into Asio.
    log_request(pending, response.status);
    if (!pending.request_id.empty()) response.headers.emplace_back("X-Request-Id", pending.request_id);
    try {
      pending.response.emplace(
          to_message(std::move(response), pending.version, pending.keep_alive && !closing_, pending.head));
    } catch (const std::exception& error) {
      spdlog::error("request {}: cannot build the response: {}", pending.request_id, error.what());
      pending.response.emplace(
          to_message(http_response::error(500, "internal_error", "internal server error"), pending.version,
                     false, pending.head));
    }
    break;
  }
  maybe_write();
}

void http_session::log_request(const slot& pending, int status) const {
  if (!spdlog::should_log(spdlog::level::debug) || pending.summary.empty()) return;
  const auto took =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - pending.arrived);
  spdlog::debug("request {} from {}: {} -> {} in {:.1f} ms", pending.request_id, remote_address_,
                pending.summary, status, took.count());
}

void http_session::maybe_write() {
  if (writing_) return;
  if (pipeline_.empty()) {
    if (closing_) finish();
    return;
  }
  slot& front = pipeline_.front();
  if (!front.response) return;  // the application is still working on it
  const bool keep_alive = front.response->keep_alive();
  writing_ = true;
  stream_.expires_after(state_->config().http_timeout);
  beast::async_write(stream_, std::move(*front.response),
                     beast::bind_front_handler(&http_session::on_write, shared_from_this(), keep_alive));
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  writing_ = false;
  if (!pipeline_.empty()) pipeline_.pop_front();
  if (ec) {
    spdlog::debug("http {} from {}: write failed: {}", id_, remote_address_, ec.message());
    pipeline_.clear();
    closing_ = true;
    stream_.close();
    return;
  }
  if (!keep_alive) {
    pipeline_.clear();  // requests pipelined behind a "Connection: close" are not answered
    closing_ = true;
  }
  maybe_write();
  maybe_read();
}

void http_session::maybe_read() {
  if (!reading_ && !closing_ && pipeline_.size() < pipeline_limit) do_read();
}

void http_session::finish() {
  closing_ = true;
  if (reading_) {
    stream_.cancel();  // a read-ahead owes the peer nothing; on_read comes back here
    return;
  }
  if (writing_ || !pipeline_.empty()) return;  // on_write comes back here
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  stream_.close();
}

}  // namespace scsa::server
