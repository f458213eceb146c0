// The baseline for the S3 fan-out comparison: a bare Boost.Beast WebSocket server on the same libraries and
// thread count as scsa-server that sends one payload to every connection. Every text message is
// acknowledged ({"type":"ack","id":ID,"seq":S}); an "answer" message first broadcasts one update frame of
// --payload-bytes bytes ({"pad":"...","seq":S,"type":"update"}, serialised once and shared like scsa's)
// to every open connection, and its ack goes out when that frame has been written to all of them, so a
// closed loop of answerers runs it at saturation. scsa-load --fanout N --broadcast drives it.
// Prints "scsa-bench-broadcast listening on http://127.0.0.1:PORT/" like scsa-server, so scsa-load can
// start either. Accepts and ignores scsa-server's --db, --log-level, --data-dir and
// --max-connections-per-ip, so the same command line works.
// Usage: scsa-bench-broadcast [--port P] [--io-threads N] [--payload-bytes B]

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

class connection;

// Every open connection, and the broadcast counter.
struct hub {
  std::mutex mutex;
  std::set<std::shared_ptr<connection>> open;
  std::atomic<std::int64_t> seq{0};
  std::size_t payload_bytes = 4096;
};

// One frame queued for a connection, and what to run once it is written (or the connection ended).
struct outgoing {
  std::shared_ptr<const std::string> text;
  std::function<void()> written;
};

class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(tcp::socket socket, hub& shared) : ws_(std::move(socket)), hub_(shared) {}

  void start() {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      {
        std::lock_guard lock(self->hub_.mutex);
        self->hub_.open.insert(self);
      }
      self->read();
    });
  }

  // Queues a frame from any thread; `written` runs on this connection's strand after the write (or at
  // once when the connection has ended).
  void send(std::shared_ptr<const std::string> text, std::function<void()> written) {
    asio::post(ws_.get_executor(),
               [self = shared_from_this(), text = std::move(text), written = std::move(written)]() mutable {
                 if (self->ended_) {
                   if (written) written();
                   return;
                 }
                 self->queue_.push_back({std::move(text), std::move(written)});
                 if (self->queue_.size() == 1) self->write();
               });
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->end();
      const std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      self->handle(text);
      self->read();
    });
  }

  void handle(const std::string& text) {
    const auto message = nlohmann::json::parse(text, nullptr, false);
    const std::string id = message.is_object() ? message.value("id", "") : "";
    const bool answer = message.is_object() && message.value("type", "") == "answer";
    if (!answer) {
      send(std::make_shared<const std::string>(ack(id, hub_.seq.load())), nullptr);
      return;
    }
    const std::int64_t seq = ++hub_.seq;
    std::string frame = R"({"pad":")";
    const std::string tail = R"(","seq":)" + std::to_string(seq) + R"(,"type":"update"})";
    const std::size_t used = frame.size() + tail.size();
    frame.append(hub_.payload_bytes > used ? hub_.payload_bytes - used : 0, 'x');
    frame += tail;
    auto shared = std::make_shared<const std::string>(std::move(frame));
    std::vector<std::shared_ptr<connection>> receivers;
    {
      std::lock_guard lock(hub_.mutex);
      receivers.assign(hub_.open.begin(), hub_.open.end());
    }
    // The ack leaves once the update is written to every receiver.
    auto left = std::make_shared<std::atomic<std::size_t>>(receivers.size());
    auto acknowledge = [self = shared_from_this(), id, seq, left] {
      if (--*left == 0) self->send(std::make_shared<const std::string>(ack(id, seq)), nullptr);
    };
    for (const auto& receiver : receivers) receiver->send(shared, acknowledge);
  }

  static std::string ack(const std::string& id, std::int64_t seq) {
    return nlohmann::json{{"type", "ack"}, {"id", id}, {"seq", seq}}.dump();
  }

  void write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front().text),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      auto done = std::move(self->queue_.front().written);
                      self->queue_.pop_front();
                      if (done) done();
                      if (ec) return self->end();
                      if (!self->queue_.empty()) self->write();
                    });
  }

  // On the strand: forget the connection and release everything still queued for it.
  void end() {
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      if (self->ended_) return;
      self->ended_ = true;
      {
        std::lock_guard lock(self->hub_.mutex);
        self->hub_.open.erase(self);
      }
      if (self->queue_.empty()) return;
      // The write in flight (front) completes with an error and runs its own callback.
      std::deque<outgoing> rest(std::make_move_iterator(self->queue_.begin() + 1),
                                std::make_move_iterator(self->queue_.end()));
      self->queue_.erase(self->queue_.begin() + 1, self->queue_.end());
      for (auto& waiting : rest)
        if (waiting.written) waiting.written();
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  hub& hub_;
  beast::flat_buffer buffer_;
  std::deque<outgoing> queue_;
  bool ended_ = false;
};

void accept_next(tcp::acceptor& acceptor, hub& shared) {
  acceptor.async_accept(asio::make_strand(acceptor.get_executor()),
                        [&acceptor, &shared](beast::error_code ec, tcp::socket socket) {
                          if (ec == asio::error::operation_aborted) return;
                          if (!ec) {
                            socket.set_option(tcp::no_delay(true), ec);
                            std::make_shared<connection>(std::move(socket), shared)->start();
                          }
                          accept_next(acceptor, shared);
                        });
}

int parse_number(const char* text, const char* flag, int low, int high) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < low || value > high) {
    std::fprintf(stderr, "scsa-bench-broadcast: %s wants a number from %d to %d\n", flag, low, high);
    std::exit(2);
  }
  return static_cast<int>(value);
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  int threads = 2;  // scsa-server's default --io-threads
  hub shared;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "scsa-bench-broadcast: unknown option or missing value: %s\n", arg.c_str());
      return 2;
    }
    const char* value = argv[++i];
    if (arg == "--port")
      port = parse_number(value, "--port", 0, 65535);
    else if (arg == "--io-threads")
      threads = parse_number(value, "--io-threads", 1, 64);
    else if (arg == "--payload-bytes")
      shared.payload_bytes = static_cast<std::size_t>(parse_number(value, "--payload-bytes", 1, 16 << 20));
    else if (arg != "--db" && arg != "--log-level" && arg != "--data-dir" &&
             arg != "--max-connections-per-ip") {
      std::fprintf(stderr, "scsa-bench-broadcast: unknown option %s\n", arg.c_str());
      return 2;
    }
  }
  try {
    asio::io_context ioc(threads);
    tcp::acceptor acceptor(ioc, {asio::ip::address_v4::loopback(), static_cast<unsigned short>(port)});
    accept_next(acceptor, shared);
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
    std::printf("scsa-bench-broadcast listening on http://127.0.0.1:%u/\n", acceptor.local_endpoint().port());
    std::fflush(stdout);
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& thread : pool) thread.join();
    // Connections still open hold each other through the hub; release them before it goes.
    std::lock_guard lock(shared.mutex);
    shared.open.clear();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-bench-broadcast: %s\n", e.what());
    return 1;
  }
}
