// The network ceiling for the S1 ingest comparison: a bare Boost.Beast WebSocket server on the same
// libraries and thread count as scsa-server that sends every text message straight back. scsa-load --echo
// drives it with the very frames it sends scsa-server and counts each echo as the acknowledgement, so the
// ratio of the two rates is what durability, the protocol and the projections cost.
// Prints "scsa-bench-echo listening on http://127.0.0.1:PORT/" like scsa-server, so scsa-load can start
// either. Accepts and ignores scsa-server's --db and --log-level, so the same command line works.
// Usage: scsa-bench-echo [--port P] [--io-threads N]

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

asio::awaitable<void> echo(tcp::socket socket) {
  try {
    websocket::stream<beast::tcp_stream> ws(std::move(socket));
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    co_await ws.async_accept(asio::use_awaitable);
    beast::flat_buffer buffer;
    for (;;) {
      co_await ws.async_read(buffer, asio::use_awaitable);
      ws.text(ws.got_text());
      co_await ws.async_write(buffer.data(), asio::use_awaitable);
      buffer.consume(buffer.size());
    }
  } catch (const std::exception&) {
    // closed or reset by the client: the end of this connection, nothing to report
  }
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) continue;  // out of descriptors or a reset before accept: try the next one
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(asio::make_strand(acceptor.get_executor()), echo(std::move(socket)), asio::detached);
  }
}

int parse_number(const char* text, const char* flag, int low, int high) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < low || value > high) {
    std::fprintf(stderr, "scsa-bench-echo: %s wants a number from %d to %d\n", flag, low, high);
    std::exit(2);
  }
  return static_cast<int>(value);
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  int threads = 2;  // scsa-server's default --io-threads
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "scsa-bench-echo: unknown option or missing value: %s\n", arg.c_str());
      return 2;
    }
    const char* value = argv[++i];
    if (arg == "--port")
      port = parse_number(value, "--port", 0, 65535);
    else if (arg == "--io-threads")
      threads = parse_number(value, "--io-threads", 1, 64);
    else if (arg != "--db" && arg != "--log-level") {
      std::fprintf(stderr, "scsa-bench-echo: unknown option %s\n", arg.c_str());
      return 2;
    }
  }
  try {
    asio::io_context ioc(threads);
    tcp::acceptor acceptor(ioc, {asio::ip::address_v4::loopback(), static_cast<unsigned short>(port)});
    asio::co_spawn(ioc, accept_loop(acceptor), asio::detached);
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
    std::printf("scsa-bench-echo listening on http://127.0.0.1:%u/\n", acceptor.local_endpoint().port());
    std::fflush(stdout);
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& thread : pool) thread.join();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scsa-bench-echo: %s\n", e.what());
    return 1;
  }
}
