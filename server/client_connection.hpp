// One WebSocket client as the application sees it, and the handler the network layer reports to.
// Free of Beast, so the live-session code and its tests compile without Boost.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace scsa::server {

// An update as it waits in a connection's queue: its text and what the application knows of its shape
// (opaque to the network layer, handed back to merge_updates; 0: nothing is known).
struct update_frame {
  std::shared_ptr<const std::string> text;
  std::uint64_t shape = 0;
};

// What the application says of an update waiting for a reader when a newer one comes (websocket_handler::
// merge_updates): one frame now says what both said, the two do not touch each other (the newer may merge
// with one further back), or their order matters and both stay.
struct frame_merge {
  enum class outcome { merged, independent, ordered };
  outcome result = outcome::ordered;
  update_frame merged;  // when merged
};

// Implemented by websocket_session. Every member is safe to call from any thread.
class client_connection {
 public:
  virtual ~client_connection() = default;

  // Queues one text frame. The buffer is shared among every receiver of a broadcast, never copied.
  // A client whose queue is over its bound is disconnected (close 1008) instead of slowing the others.
  virtual void send(std::shared_ptr<const std::string> text) = 0;

  // Queues an update about other people's doings. While an earlier update still waits for this reader
  // (not yet being written), the two are merged (websocket_handler::merge_updates): a slow reader gets one
  // update saying everything rather than a queue of them.
  virtual void send_update(update_frame update) { send(std::move(update.text)); }

  // Queues the reply to the client's own command (an ack or an error) ahead of queued broadcasts, behind
  // earlier replies: an ack never waits for updates to other people's answers to drain. Updates carry
  // the seq they include, so a client that gets an ack first loses nothing.
  virtual void send_reply(std::shared_ptr<const std::string> text) { send(std::move(text)); }

  // Sends a close frame with the code and reason after what is queued, then ends the connection.
  virtual void close(std::uint16_t code, std::string reason) = 0;

  // The peer's IP address, for rate limits and logs.
  virtual const std::string& remote_address() const = 0;

  // A number unique among this process's connections, for maps and logs.
  virtual std::uint64_t id() const = 0;
};

// Implemented by the application (the live hub). Calls for one connection never overlap and come in order:
// on_open, then on_message any number of times, then on_close exactly once.
class websocket_handler {
 public:
  virtual ~websocket_handler() = default;
  virtual void on_open(const std::shared_ptr<client_connection>& connection) = 0;
  virtual void on_message(const std::shared_ptr<client_connection>& connection, std::string text) = 0;
  virtual void on_close(const std::shared_ptr<client_connection>& connection) = 0;
  // Two updates waiting for one reader (send_update), the older first. Called on the connection's strand,
  // possibly on several at once: keep it free of shared state.
  virtual frame_merge merge_updates(const update_frame& older, const update_frame& newer) {
    (void)older;
    (void)newer;
    return {};
  }
};

}  // namespace scsa::server
