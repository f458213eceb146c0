// One WebSocket connection. Beast enforces the protocol limits while reading: a message over
// read_message_max closes with 1009, invalid UTF-8 in a text message with 1007. This file adds the rest:
// text only (1003), a bounded outbound queue (replies first, updates merged while they wait, 1008 for a
// reader whose writes stop completing) and the guarantee that the handler sees on_open, on_message...,
// on_close exactly once, all on this session's strand.
#include "server/net/websocket_session.hpp"

#include <atomic>
#include <exception>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket.hpp>

#include "server/net/open_connections.hpp"
#include "server/ops/metrics.hpp"

namespace scsa::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

std::uint64_t next_id() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

// RFC 6455 allows 123 bytes of reason in a close frame.
std::string truncated_reason(std::string reason) {
  if (reason.size() > 123) reason.resize(123);
  return reason;
}

bool normal_end(const beast::error_code& ec) {
  return ec == websocket::error::closed || ec == net::error::operation_aborted || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == beast::error::timeout;
}

}  // namespace

websocket_session::websocket_session(net::ip::tcp::socket&& socket, std::shared_ptr<open_connections> state,
                                     std::string remote_address, std::shared_ptr<void> ip_slot)
    : state_(std::move(state)),
      ws_(std::move(socket)),
      cut_timer_(ws_.get_executor()),
      remote_address_(std::move(remote_address)),
      ip_slot_(std::move(ip_slot)),
      id_(next_id()) {}

websocket_session::~websocket_session() {
  spdlog::debug("ws {} destroyed", id_);
}

void websocket_session::run(beast::http::request<beast::http::string_body> request) {
  // The websocket stream has its own timeouts: idle pings, and a deadline for the handshakes.
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& response) { response.set(beast::http::field::server, "scsa"); }));
  ws_.read_message_max(state_->config().max_message_bytes);
  ws_.auto_fragment(false);
  if (state_->config().permessage_deflate) {
    // Small windows and memory levels: a phone's updates are a few hundred bytes that repeat their keys, and
    // every connection holds its own compressor (docs/performance.md, "permessage-deflate").
    websocket::permessage_deflate deflate;
    deflate.server_enable = true;
    deflate.server_max_window_bits = 10;
    deflate.client_max_window_bits = 10;
    deflate.memLevel = 4;
    deflate.msg_size_threshold = 64;
    ws_.set_option(deflate);
  }
  if (!state_->add(id_, shared_from_this())) {  // shutdown began: accept, then close 1001 at once
    begin_close(websocket::close_code::going_away, "server shutting down", state_->config().shutdown_grace);
  }
  ws_.async_accept(request, beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
}

void websocket_session::on_accept(beast::error_code ec) {
  if (ec) {
    spdlog::debug("ws {} from {}: handshake failed: {}", id_, remote_address_, ec.message());
    end(ec);
    return;
  }
  spdlog::debug("ws {} from {} open", id_, remote_address_);
  accepted_ = true;
  if (closing_) {
    do_close();  // shutdown began during the handshake: the application never sees this connection
  } else {
    opened_ = true;
    metrics().websocket_opened();
    call_handler("on_open", [this] { state_->websocket().on_open(shared_from_this()); });
  }
  do_read();
}

void websocket_session::do_read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
}

void websocket_session::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    end(ec);
    return;
  }
  if (!ws_.got_text()) {
    buffer_.consume(buffer_.size());
    begin_close(websocket::close_code::unknown_data, "text frames only", state_->config().shutdown_grace);
  } else if (closing_) {
    buffer_.consume(buffer_.size());  // the handler has been told nothing new after a close request
  } else {
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    call_handler("on_message", [&] { state_->websocket().on_message(shared_from_this(), std::move(text)); });
  }
  do_read();  // also while closing: the peer's close frame arrives through the read
}

void websocket_session::send(std::shared_ptr<const std::string> text) {
  post_send({std::move(text)}, frame_kind::plain);
}

void websocket_session::send_update(update_frame update) {
  post_send(std::move(update), frame_kind::update);
}

void websocket_session::send_reply(std::shared_ptr<const std::string> text) {
  post_send({std::move(text)}, frame_kind::reply);
}

void websocket_session::post_send(update_frame frame, frame_kind kind) {
  if (!state_->io_running()) return;
  net::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame), kind]() mutable {
    self->on_send(std::move(frame), kind);
  });
}

void websocket_session::on_send(update_frame frame, frame_kind kind) {
  if (closing_ || ended_ || !frame.text) return;
  if (queue_.size() + merged_since_write_ >= state_->config().max_queued_frames) {
    spdlog::debug(
        "ws {} from {}: {} frames queued and {} merged since its last write, closing the slow reader", id_,
        remote_address_, queue_.size(), merged_since_write_);
    // Keep only the frame being written: a half-written frame cannot be withdrawn.
    metrics().outbound_queue_overflowed(queue_.size() - (writing_ ? 1 : 0) + 1);  // + the one not queued
    queue_.erase(writing_ ? queue_.begin() + 1 : queue_.begin(), queue_.end());
    replies_waiting_ = 0;
    begin_close(websocket::close_code::policy_error, "too slow: outbound queue full",
                state_->config().slow_reader_grace);
    return;
  }
  if (kind == frame_kind::update && merged_into_waiting(frame)) {
    ++merged_since_write_;
    metrics().update_merged();
    return;
  }
  if (kind == frame_kind::reply) {
    // Behind the frame being written (it cannot be interrupted) and the replies before this one.
    const auto at = (writing_ ? 1 : 0) + replies_waiting_;
    queue_.insert(queue_.begin() + static_cast<std::ptrdiff_t>(at), {std::move(frame), kind});
    ++replies_waiting_;
  } else {
    queue_.push_back({std::move(frame), kind});
  }
  if (!writing_) do_write();
}

// Looks back from the newest frame over the waiting updates the new one need not stay behind, for one it
// merges with; stops at a frame it must stay behind (a snapshot, an update whose order matters).
bool websocket_session::merged_into_waiting(const update_frame& update) {
  const std::size_t first_waiting = writing_ ? 1 : 0;  // the frame being written cannot change
  for (std::size_t at = queue_.size(); at-- > first_waiting;) {
    auto& waiting = queue_[at];
    if (waiting.kind != frame_kind::update) return false;  // replies lead the queue: none further back
    frame_merge merge;
    try {
      merge = state_->websocket().merge_updates(waiting.frame, update);
    } catch (const std::exception& error) {
      spdlog::error("ws {}: websocket_handler::merge_updates threw: {}", id_, error.what());
      return false;
    }
    if (merge.result == frame_merge::outcome::ordered) return false;
    if (merge.result == frame_merge::outcome::merged && merge.merged.text) {
      waiting.frame = std::move(merge.merged);
      return true;
    }
  }
  return false;
}

void websocket_session::do_write() {
  writing_ = true;
  if (replies_waiting_ > 0) --replies_waiting_;  // the front, now being written, is the first of them
  ws_.text(true);
  ws_.async_write(net::buffer(*queue_.front().frame.text),
                  beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
}

void websocket_session::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  merged_since_write_ = 0;
  if (!queue_.empty()) queue_.pop_front();
  if (ec) {
    if (!normal_end(ec)) spdlog::debug("ws {} from {}: write failed: {}", id_, remote_address_, ec.message());
    cut();  // the read loop then ends and reports on_close
    return;
  }
  if (!queue_.empty()) {
    do_write();
  } else if (close_reason_ && !close_started_) {
    do_close();
  }
}

void websocket_session::close(std::uint16_t code, std::string reason) {
  if (!state_->io_running()) return;
  net::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
    self->begin_close(code, std::move(reason), self->state_->config().shutdown_grace);
  });
}

void websocket_session::begin_close(std::uint16_t code, std::string reason,
                                    std::chrono::milliseconds deadline) {
  if (closing_ || ended_) return;
  closing_ = true;
  close_reason_ =
      websocket::close_reason(static_cast<websocket::close_code>(code), truncated_reason(std::move(reason)));
  // A peer that stops reading never lets the queued frames or the close frame out: cut it after the deadline.
  cut_timer_.expires_after(deadline);
  cut_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec && !self->ended_) {
      spdlog::debug("ws {} from {}: close not completed in time, cutting", self->id_, self->remote_address_);
      self->cut();
    }
  });
  // Before the handshake completed, on_accept starts the close; during a write, on_write does.
  if (accepted_ && !writing_) do_close();
}

void websocket_session::do_close() {
  close_started_ = true;
  ws_.async_close(*close_reason_,
                  beast::bind_front_handler(&websocket_session::on_close_sent, shared_from_this()));
}

void websocket_session::on_close_sent(beast::error_code ec) {
  // The pending read ends next, with websocket::error::closed or the failure, and reports on_close.
  if (ec && !normal_end(ec))
    spdlog::debug("ws {} from {}: close failed: {}", id_, remote_address_, ec.message());
}

void websocket_session::cut() {
  net::dispatch(ws_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(self->ws_).close();
  });
}

void websocket_session::end(beast::error_code ec) {
  if (ended_) return;
  ended_ = true;
  cut_timer_.cancel();
  queue_.clear();
  replies_waiting_ = 0;
  if (!normal_end(ec)) spdlog::debug("ws {} from {}: {}", id_, remote_address_, ec.message());
  if (opened_) {
    metrics().websocket_closed();
    spdlog::debug("ws {} from {} closed", id_, remote_address_);
    call_handler("on_close", [this] { state_->websocket().on_close(shared_from_this()); });
  }
  state_->remove_websocket(id_);
}

void websocket_session::finish_after_stop() {
  if (ended_) return;
  ended_ = true;
  if (opened_) metrics().websocket_closed();
  if (opened_) call_handler("on_close", [this] { state_->websocket().on_close(shared_from_this()); });
  state_->remove_websocket(id_);
}

template <typename Call>
void websocket_session::call_handler(const char* what, Call&& call) {
  // An exception must never unwind through Asio: log it and end this connection with 1011.
  try {
    std::forward<Call>(call)();
  } catch (const std::exception& error) {
    spdlog::error("ws {}: websocket_handler::{} threw: {}", id_, what, error.what());
    if (!ended_)
      begin_close(websocket::close_code::internal_error, "internal error", state_->config().shutdown_grace);
  }
}

}  // namespace scsa::server
