// A raw RFC 6455 client over a plain POSIX socket, for hostile-input tests: it writes an upgrade request and
// frames byte for byte as a test builds them (reserved bits, any opcode, unmasked, non-minimal lengths,
// fragments) and reads the server's frames and the end of the connection, every call with a timeout.
// Header-only; one raw_websocket per thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scsa::testing::raw {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

enum opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

// How to write one frame; the defaults make a valid, final, masked frame with the minimal length encoding.
struct frame_options {
  bool fin = true;
  std::uint8_t rsv = 0;  // the three reserved bits, as 0b100 (RSV1), 0b010 (RSV2), 0b001 (RSV3)
  bool mask = true;      // a client MUST mask
  enum class length_form { minimal, bits16, bits64 } length = length_form::minimal;
  std::optional<std::uint64_t> claimed_length;  // a length field that lies about the payload
};

// One frame's bytes.
inline std::string frame(std::uint8_t op, std::string_view payload, const frame_options& options = {}) {
  std::string out;
  out += static_cast<char>((options.fin ? 0x80 : 0) | ((options.rsv & 7) << 4) | (op & 0x0F));
  const std::uint64_t length = options.claimed_length.value_or(payload.size());
  const std::uint8_t mask_bit = options.mask ? 0x80 : 0;
  auto form = options.length;
  if (form == frame_options::length_form::minimal)
    form = length < 126     ? frame_options::length_form::minimal
           : length < 65536 ? frame_options::length_form::bits16
                            : frame_options::length_form::bits64;
  if (form == frame_options::length_form::minimal) {
    out += static_cast<char>(mask_bit | length);
  } else if (form == frame_options::length_form::bits16) {
    out += static_cast<char>(mask_bit | 126);
    for (int shift = 8; shift >= 0; shift -= 8) out += static_cast<char>((length >> shift) & 0xFF);
  } else {
    out += static_cast<char>(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((length >> shift) & 0xFF);
  }
  std::array<std::uint8_t, 4> key{0x37, 0xfa, 0x21, 0x3d};
  if (options.mask) {
    static thread_local std::mt19937 random{std::random_device{}()};
    for (auto& k : key) k = static_cast<std::uint8_t>(random());
    for (const auto k : key) out += static_cast<char>(k);
  }
  for (std::size_t i = 0; i < payload.size(); ++i)
    out += static_cast<char>(static_cast<std::uint8_t>(payload[i]) ^ (options.mask ? key[i % 4] : 0));
  return out;
}

// A close frame's payload: the code in network order, then the reason.
inline std::string close_payload(std::uint16_t code, std::string_view reason = {}) {
  std::string out;
  out += static_cast<char>(code >> 8);
  out += static_cast<char>(code & 0xFF);
  out += reason;
  return out;
}

// Sec-WebSocket-Accept for a key: base64(SHA-1(key + GUID)).
inline std::string accept_for(std::string_view key) {
  const std::string input = std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  EVP_Digest(input.data(), input.size(), digest.data(), &digest_size, EVP_sha1(), nullptr);
  std::array<unsigned char, 64> encoded{};
  const int encoded_size = EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(digest_size));
  return std::string(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(encoded_size));
}

// A frame as the server sent it.
struct received_frame {
  bool fin = false;
  std::uint8_t rsv = 0;
  std::uint8_t op = 0;
  bool masked = false;  // a server MUST NOT mask
  std::string payload;

  // For a close frame: the code, or nullopt when the payload is empty.
  std::optional<std::uint16_t> close_code() const {
    if (payload.size() < 2) return std::nullopt;
    return static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                      static_cast<std::uint8_t>(payload[1]));
  }
  std::string close_reason() const { return payload.size() > 2 ? payload.substr(2) : std::string{}; }
};

// The answer to an upgrade request.
struct handshake_answer {
  int status = 0;    // 0 when none arrived
  std::string head;  // status line and headers
  std::string header(std::string_view name) const {
    std::string lowered_head;
    for (const char c : head) lowered_head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string needle = "\r\n";
    for (const char c : name) needle += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    needle += ":";
    const auto at = lowered_head.find(needle);
    if (at == std::string::npos) return {};
    auto start = at + needle.size();
    const auto end = head.find("\r\n", start);
    while (start < end && head[start] == ' ') ++start;
    return head.substr(start, end - start);
  }
};

class raw_websocket {
 public:
  raw_websocket() = default;
  ~raw_websocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  raw_websocket(const raw_websocket&) = delete;
  raw_websocket& operator=(const raw_websocket&) = delete;

  bool connect(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }

  // An upgrade request for /ws with this key (none when empty) and extra header lines ("Name: value\r\n");
  // valid once the extra lines hold "Sec-WebSocket-Version: 13".
  static std::string upgrade_request(std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==",
                                     std::string_view extra_headers = {}, std::string_view method = "GET",
                                     std::string_view target = "/ws", std::string_view version = "HTTP/1.1") {
    std::string request =
        std::string(method) + " " + std::string(target) + " " + std::string(version) + "\r\n";
    request += "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    if (!key.empty()) request += "Sec-WebSocket-Key: " + std::string(key) + "\r\n";
    request += extra_headers;
    return request + "\r\n";
  }

  // Writes the request and reads the answer's head (and, for a refusal, whatever body follows in time).
  handshake_answer handshake(const std::string& request, std::chrono::milliseconds timeout = 3s) {
    handshake_answer answer;
    if (!send(request)) return answer;
    const auto deadline = clock_type::now() + timeout;
    std::size_t end = std::string::npos;
    while ((end = input_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(deadline)) return answer;
    }
    answer.head = input_.substr(0, end + 2);
    input_.erase(0, end + 4);
    if (answer.head.rfind("HTTP/1.", 0) == 0 && answer.head.size() > 12)
      answer.status = std::atoi(answer.head.substr(9, 3).c_str());
    return answer;
  }

  // Connects and upgrades with a valid request; true on 101 with the right Sec-WebSocket-Accept.
  bool open(std::uint16_t port) {
    if (!connect(port)) return false;
    const auto answer =
        handshake(upgrade_request("dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13\r\n"));
    return answer.status == 101 &&
           answer.header("Sec-WebSocket-Accept") == accept_for("dGhlIHNhbXBsZSBub25jZQ==");
  }

  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // The next frame, or nullopt when none arrived in time or the connection ended (see eof()).
  std::optional<received_frame> read_frame(std::chrono::milliseconds timeout = 3s) {
    const auto deadline = clock_type::now() + timeout;
    for (;;) {
      if (auto parsed = parse_frame()) return parsed;
      if (!fill(deadline)) return std::nullopt;
    }
  }

  // Reads frames until a close frame; the frames before it are kept in skipped().
  std::optional<received_frame> read_close(std::chrono::milliseconds timeout = 3s) {
    const auto deadline = clock_type::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
      auto next = read_frame(std::max(left, 1ms));
      if (!next) return std::nullopt;
      if (next->op == opcode::close) return next;
      skipped_.push_back(std::move(*next));
    }
  }

  // True when the server ends the TCP connection (EOF or reset) within the timeout.
  bool wait_eof(std::chrono::milliseconds timeout = 3s) {
    const auto deadline = clock_type::now() + timeout;
    while (!eof_) {
      input_.clear();
      if (!fill(deadline) && !eof_) return false;
    }
    return true;
  }

  bool eof() const { return eof_; }
  const std::vector<received_frame>& skipped() const { return skipped_; }

 private:
  // Reads more bytes until the deadline; false on timeout or end of connection.
  bool fill(clock_type::time_point deadline) {
    if (eof_) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    if (left.count() <= 0) return false;
    pollfd waiting{fd_, POLLIN, 0};
    if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) return false;
    std::array<char, 16384> chunk{};
    const auto got = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (got <= 0) {
      eof_ = true;
      return false;
    }
    input_.append(chunk.data(), static_cast<std::size_t>(got));
    return true;
  }

  std::optional<received_frame> parse_frame() {
    if (input_.size() < 2) return std::nullopt;
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(input_[i]); };
    received_frame out;
    out.fin = (byte(0) & 0x80) != 0;
    out.rsv = static_cast<std::uint8_t>((byte(0) >> 4) & 7);
    out.op = static_cast<std::uint8_t>(byte(0) & 0x0F);
    out.masked = (byte(1) & 0x80) != 0;
    std::uint64_t length = byte(1) & 0x7F;
    std::size_t at = 2;
    if (length == 126 || length == 127) {
      const std::size_t bytes = length == 126 ? 2 : 8;
      if (input_.size() < at + bytes) return std::nullopt;
      length = 0;
      for (std::size_t i = 0; i < bytes; ++i) length = (length << 8) | byte(at + i);
      at += bytes;
    }
    std::array<std::uint8_t, 4> key{};
    if (out.masked) {
      if (input_.size() < at + 4) return std::nullopt;
      for (std::size_t i = 0; i < 4; ++i) key[i] = byte(at + i);
      at += 4;
    }
    if (input_.size() < at + length) return std::nullopt;
    out.payload = input_.substr(at, static_cast<std::size_t>(length));
    if (out.masked)
      for (std::size_t i = 0; i < out.payload.size(); ++i)
        out.payload[i] = static_cast<char>(static_cast<std::uint8_t>(out.payload[i]) ^ key[i % 4]);
    input_.erase(0, at + static_cast<std::size_t>(length));
    return out;
  }

  int fd_ = -1;
  std::string input_;  // received, not yet parsed
  bool eof_ = false;
  std::vector<received_frame> skipped_;
};

}  // namespace scsa::testing::raw
