// One WebSocket connection after the upgrade at /ws: reads text frames into the application's
// websocket_handler and writes its frames, one write in flight and a bounded queue behind it: replies first,
// and at most one waiting update of each kind (a newer one is merged into it).
// Thread-safety: every public member may be called from any thread; they post to the session's strand,
// where all socket work and every call into the websocket_handler happen, in order.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "server/client_connection.hpp"

namespace scsa::server {

class open_connections;

class websocket_session : public client_connection, public std::enable_shared_from_this<websocket_session> {
 public:
  // socket's executor must be a strand (the listener accepts onto one).
  websocket_session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<open_connections> state,
                    std::string remote_address, std::shared_ptr<void> ip_slot = nullptr);
  ~websocket_session() override;

  // Completes the upgrade this request asked for; call once, right after construction.
  void run(boost::beast::http::request<boost::beast::http::string_body> request);

  void send(std::shared_ptr<const std::string> text) override;
  void send_update(update_frame update) override;
  void send_reply(std::shared_ptr<const std::string> text) override;
  void close(std::uint16_t code, std::string reason) override;
  const std::string& remote_address() const override { return remote_address_; }
  std::uint64_t id() const override { return id_; }

  // Ends the TCP connection at once, for a peer that ignores the close handshake.
  void cut();
  // After every io thread has stopped: reports on_close if the read loop could not. Single-threaded use.
  void finish_after_stop();

 private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  enum class frame_kind { plain, update, reply };
  void post_send(update_frame frame, frame_kind kind);
  void on_send(update_frame frame, frame_kind kind);
  bool merged_into_waiting(const update_frame& update);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void begin_close(std::uint16_t code, std::string reason, std::chrono::milliseconds deadline);
  void do_close();
  void on_close_sent(boost::beast::error_code ec);
  void end(boost::beast::error_code ec);
  template <typename Call>
  void call_handler(const char* what, Call&& call);

  std::shared_ptr<open_connections> state_;  // first: outlives the stream, whose teardown may log
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::asio::steady_timer cut_timer_;  // bounds a close the peer does not complete
  boost::beast::flat_buffer buffer_;
  struct queued_frame {
    update_frame frame;  // the shape matters to updates only
    frame_kind kind;
  };
  std::deque<queued_frame> queue_;   // front() is being written while writing_
  std::size_t replies_waiting_ = 0;  // replies queued right behind the frame being written (or at the front)
  // Updates merged into waiting ones since the last write completed: with the queue, how far behind the
  // reader is. A reader whose write never completes is closed (1008) when that passes max_queued_frames.
  std::size_t merged_since_write_ = 0;
  const std::string remote_address_;
  std::shared_ptr<void> ip_slot_;  // the connection's place under the per-address cap
  const std::uint64_t id_;
  bool writing_ = false;
  bool accepted_ = false;  // the upgrade handshake completed
  bool opened_ = false;    // on_open was called, so on_close is owed
  bool ended_ = false;     // the read loop is over and on_close (if owed) was called
  bool closing_ = false;   // a close was requested: later sends are dropped, later messages ignored
  bool close_started_ = false;
  std::optional<boost::beast::websocket::close_reason> close_reason_;
};

}  // namespace scsa::server
