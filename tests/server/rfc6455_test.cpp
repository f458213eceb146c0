// [rfc6455]: a subset of RFC 6455 checked byte for byte against the real scsa-server with a raw socket
// client (tests/server/raw_websocket.hpp): the opening handshake, reserved bits, opcodes, masking,
// fragmentation, control frames, UTF-8, close codes, the 64 KiB limit and length encodings. Each table row
// names a case, the bytes sent after the upgrade and the frames the server must answer with, in order.
// Where Boost.Beast (1.81) does not do what the RFC merely recommends, the row asserts what the server does
// and its note says so.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/server/raw_websocket.hpp"
#include "tests/server/server_process.hpp"

namespace {

using namespace scsa::testing;
using namespace scsa::testing::raw;
using length_form = frame_options::length_form;

// What the server must send next.
struct step {
  enum class kind { pong, reply, close } what;
  std::string text;                   // pong: the payload; reply: a text frame containing this
  std::optional<std::uint16_t> code;  // close: the code
};

step pong_of(std::string payload) {
  return {step::kind::pong, std::move(payload), std::nullopt};
}
step reply_with(std::string part) {
  return {step::kind::reply, std::move(part), std::nullopt};
}
step closes(std::uint16_t code) {
  return {step::kind::close, {}, code};
}

// The server answers a ping message (one JSON text) with a pong message: the proof a text arrived whole.
const std::string ping_message = R"({"type":"ping","id":"k"})";
const std::string pong_reply = R"("type":"pong")";

struct rfc_case {
  std::string name;
  std::vector<std::string> send;  // raw bytes written one after another once upgraded
  std::vector<step> expect;       // the server's frames, in order; after a close the TCP connection ends
  std::string note = {};          // where Beast's behaviour differs from the RFC's recommendation
};

std::string text_frame(std::string_view payload, frame_options options = {}) {
  return frame(opcode::text, payload, options);
}
frame_options not_final() {
  frame_options o;
  o.fin = false;
  return o;
}
frame_options with_rsv(std::uint8_t rsv, bool fin = true) {
  frame_options o;
  o.rsv = rsv;
  o.fin = fin;
  return o;
}
frame_options unmasked() {
  frame_options o;
  o.mask = false;
  return o;
}
frame_options length(length_form form) {
  frame_options o;
  o.length = form;
  return o;
}
std::string close_frame(std::uint16_t code, std::string_view reason = {}) {
  return frame(opcode::close, close_payload(code, reason));
}
// A ping message of exactly `size` bytes, padded with a field the parser ignores.
std::string ping_message_of_size(std::size_t size) {
  const std::string head = R"({"type":"ping","id":"big","pad":")";
  const std::string tail = R"("})";
  return head + std::string(size - head.size() - tail.size(), 'x') + tail;
}

void run_case(std::uint16_t port, const rfc_case& c) {
  INFO("case " << c.name << (c.note.empty() ? "" : " (" + c.note + ")"));
  raw_websocket ws;
  REQUIRE(ws.open(port));
  for (const auto& bytes : c.send) {
    if (!ws.send(bytes)) break;  // the server may already have failed the connection
  }
  for (const auto& expected : c.expect) {
    const auto got = ws.read_frame();
    REQUIRE(got);
    INFO("got opcode " << int(got->op) << " payload '" << got->payload.substr(0, 120) << "'");
    CHECK_FALSE(got->masked);  // a server MUST NOT mask
    CHECK(got->rsv == 0);
    CHECK(got->fin);
    switch (expected.what) {
      case step::kind::pong:
        CHECK(got->op == opcode::pong);
        CHECK(got->payload == expected.text);
        break;
      case step::kind::reply:
        CHECK(got->op == opcode::text);
        CHECK(got->payload.find(expected.text) != std::string::npos);
        break;
      case step::kind::close:
        REQUIRE(got->op == opcode::close);
        INFO("close code " << got->close_code().value_or(0) << " reason '" << got->close_reason() << "'");
        CHECK(got->close_code() == expected.code);
        // A well-behaved client answers the close (the server may already have cut a failed connection);
        // then the server closes the TCP connection.
        ws.send(frame(opcode::close, got->payload.substr(0, 2)));
        CHECK(ws.wait_eof());
        break;
    }
  }
  if (c.expect.empty() || c.expect.back().what != step::kind::close) {
    // Nothing more is owed: no further frame arrives and the connection is still open.
    const auto extra = ws.read_frame(200ms);
    CHECK_FALSE(extra);
    CHECK_FALSE(ws.eof());
  }
}

void run_all(const std::vector<rfc_case>& cases) {
  server_process server;
  for (const auto& c : cases) run_case(server.port(), c);
}

}  // namespace

TEST_CASE("rfc6455: the opening handshake", "[rfc6455]") {
  server_process server;
  struct handshake_case {
    std::string name;
    std::string request;
    int status;  // what the server answers; plain_request: not an upgrade, so 200 (index.html) or 404

    std::string note = {};
  };
  const std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
  constexpr int plain_request = -1;
  const std::vector<handshake_case> cases{
      {"valid upgrade", raw_websocket::upgrade_request(key, "Sec-WebSocket-Version: 13\r\n"), 101},
      {"without Sec-WebSocket-Key", raw_websocket::upgrade_request("", "Sec-WebSocket-Version: 13\r\n"), 400},
      {"Sec-WebSocket-Version 8", raw_websocket::upgrade_request(key, "Sec-WebSocket-Version: 8\r\n"), 426},
      {"without Sec-WebSocket-Version", raw_websocket::upgrade_request(key), 400,
       "a malformed handshake (RFC 4.2.1: 400); 426 is for a version the server does not speak"},
      {"POST instead of GET",
       raw_websocket::upgrade_request(key, "Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n", "POST"), 404,
       "not an upgrade (is_upgrade needs GET): served as a plain request"},
      {"HTTP/1.0",
       raw_websocket::upgrade_request(key, "Sec-WebSocket-Version: 13\r\n", "GET", "/ws", "HTTP/1.0"),
       plain_request, "not an upgrade (HTTP/1.1 needed): a plain GET of /ws, answered as a page would be"},
      {"upgrade outside /ws",
       raw_websocket::upgrade_request(key, "Sec-WebSocket-Version: 13\r\n", "GET", "/api/catalog"), 404},
      {"foreign Origin",
       raw_websocket::upgrade_request(key, "Sec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n"),
       403},
      {"Origin null", raw_websocket::upgrade_request(key, "Sec-WebSocket-Version: 13\r\nOrigin: null\r\n"),
       403},
      {"without Upgrade: websocket",
       "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
           "\r\nSec-WebSocket-Version: 13\r\n\r\n",
       plain_request, "not an upgrade: a plain GET of /ws, answered as a page would be"},
      {"Sec-WebSocket-Key of 3 bytes", raw_websocket::upgrade_request("abc", "Sec-WebSocket-Version: 13\r\n"),
       101, "Beast does not check that the key decodes to 16 bytes (RFC 4.2.1)"},
  };
  for (const auto& c : cases) {
    INFO("case " << c.name << (c.note.empty() ? "" : " (" + c.note + ")"));
    raw_websocket ws;
    REQUIRE(ws.connect(server.port()));
    const auto answer = ws.handshake(c.request);
    INFO("answer " << answer.head);
    if (c.status == plain_request) {
      CHECK((answer.status == 200 || answer.status == 404));
    } else {
      CHECK(answer.status == c.status);
    }
    if (c.status == 101) {
      const std::string sent_key =
          c.request.substr(c.request.find("Key: ") + 5,
                           c.request.find("\r\n", c.request.find("Key: ")) - c.request.find("Key: ") - 5);
      CHECK(answer.header("Sec-WebSocket-Accept") == accept_for(sent_key));
    } else {
      CHECK(answer.header("Sec-WebSocket-Accept").empty());
      CHECK(answer.header("Upgrade").empty());
    }
    if (c.status == 426) CHECK(answer.header("Sec-WebSocket-Version") == "13");
  }
}

TEST_CASE("rfc6455: reserved bits, opcodes and masking", "[rfc6455]") {
  std::vector<rfc_case> cases{
      {"RSV1 on a text frame (no extension negotiated)",
       {text_frame(ping_message, with_rsv(4))},
       {closes(1002)}},
      {"RSV2 on a text frame", {text_frame(ping_message, with_rsv(2))}, {closes(1002)}},
      {"RSV3 on a text frame", {text_frame(ping_message, with_rsv(1))}, {closes(1002)}},
      {"all reserved bits on a ping", {frame(opcode::ping, "p", with_rsv(7))}, {closes(1002)}},
      {"RSV1 on a continuation frame",
       {text_frame(R"({"type":)", not_final()),
        frame(opcode::continuation, R"("ping","id":"k"})", with_rsv(4))},
       {closes(1002)}},
      {"unmasked text frame", {text_frame(ping_message, unmasked())}, {closes(1002)}},
      {"unmasked ping", {frame(opcode::ping, "p", unmasked())}, {closes(1002)}},
      {"unmasked close", {frame(opcode::close, close_payload(1000), unmasked())}, {closes(1002)}},
      {"unmasked continuation",
       {text_frame(R"({"type":)", not_final()),
        frame(opcode::continuation, R"("ping","id":"k"})", unmasked())},
       {closes(1002)}},
  };
  for (const int op : {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    cases.push_back({"reserved opcode " + std::to_string(op),
                     {frame(static_cast<std::uint8_t>(op), "x")},
                     {closes(1002)}});
  run_all(cases);
}

TEST_CASE("rfc6455: fragmentation", "[rfc6455]") {
  const std::string part1 = R"({"type":"ping",)";
  const std::string part2 = R"("id":"k"})";
  std::vector<std::string> bytewise;
  for (std::size_t i = 0; i < ping_message.size(); ++i) {
    frame_options o;
    o.fin = i + 1 == ping_message.size();
    bytewise.push_back(frame(i == 0 ? opcode::text : opcode::continuation, ping_message.substr(i, 1), o));
  }
  const std::vector<rfc_case> cases{
      {"text in two fragments",
       {text_frame(part1, not_final()), frame(opcode::continuation, part2)},
       {reply_with(pong_reply)}},
      {"text in one-byte fragments", bytewise, {reply_with(pong_reply)}},
      {"empty first and last fragments",
       {text_frame("", not_final()), frame(opcode::continuation, ping_message, not_final()),
        frame(opcode::continuation, "")},
       {reply_with(pong_reply)}},
      {"continuation without a start (final)", {frame(opcode::continuation, ping_message)}, {closes(1002)}},
      {"continuation without a start (not final)",
       {frame(opcode::continuation, part1, not_final())},
       {closes(1002)}},
      {"ping between fragments",
       {text_frame(part1, not_final()), frame(opcode::ping, "inside"), frame(opcode::continuation, part2)},
       {pong_of("inside"), reply_with(pong_reply)}},
      {"unsolicited pong between fragments",
       {text_frame(part1, not_final()), frame(opcode::pong, "x"), frame(opcode::continuation, part2)},
       {reply_with(pong_reply)}},
      {"close between fragments", {text_frame(part1, not_final()), close_frame(1000)}, {closes(1000)}},
      {"text frame before the fragmented text ends",
       {text_frame(part1, not_final()), text_frame(ping_message)},
       {closes(1002)}},
      {"binary frame before the fragmented text ends",
       {text_frame(part1, not_final()), frame(opcode::binary, "x")},
       {closes(1002)}},
      {"fragmented binary message",
       {frame(opcode::binary, "ab", not_final()), frame(opcode::continuation, "cd")},
       {closes(1003)}},
      {"unsolicited pong is ignored",
       {frame(opcode::pong, "x"), text_frame(ping_message)},
       {reply_with(pong_reply)}},
  };
  run_all(cases);
}

TEST_CASE("rfc6455: control frames", "[rfc6455]") {
  std::string every_byte;
  for (int i = 0; i < 125; ++i) every_byte += static_cast<char>((i * 37 + 255) % 256);
  frame_options fragmented;
  fragmented.fin = false;
  const std::vector<rfc_case> cases{
      {"empty ping", {frame(opcode::ping, "")}, {pong_of("")}},
      {"ping of 125 bytes", {frame(opcode::ping, std::string(125, 'P'))}, {pong_of(std::string(125, 'P'))}},
      {"ping with binary payload", {frame(opcode::ping, every_byte)}, {pong_of(every_byte)}},
      {"two pings", {frame(opcode::ping, "1"), frame(opcode::ping, "2")}, {pong_of("1"), pong_of("2")}},
      {"ping of 126 bytes", {frame(opcode::ping, std::string(126, 'P'))}, {closes(1002)}},
      {"pong of 126 bytes", {frame(opcode::pong, std::string(126, 'P'))}, {closes(1002)}},
      {"close of 126 bytes", {close_frame(1000, std::string(124, 'r'))}, {closes(1002)}},
      {"fragmented ping",
       {frame(opcode::ping, "p", fragmented), frame(opcode::continuation, "q")},
       {closes(1002)}},
      {"fragmented close", {frame(opcode::close, close_payload(1000), fragmented)}, {closes(1002)}},
      {"ping with a 16-bit length of 5",
       {frame(opcode::ping, "hello", length(length_form::bits16))},
       {closes(1002)},
       "a control frame's length must fit in 7 bits"},
  };
  run_all(cases);
}

TEST_CASE("rfc6455: UTF-8 in text frames", "[rfc6455]") {
  const auto with = [](std::string bytes) { return R"({"type":"ping","id":")" + bytes + R"("})"; };
  const std::string euro = "\xE2\x82\xAC";
  const std::string euro_message = with(euro);
  const auto split = euro_message.find(euro) + 1;  // between the first and second byte of the euro sign
  const std::vector<rfc_case> cases{
      {"invalid sequence C3 28", {text_frame(with("\xC3\x28"))}, {closes(1007)}},
      {"lone continuation byte 80", {text_frame(with("\x80"))}, {closes(1007)}},
      {"overlong encoding C0 AF", {text_frame(with("\xC0\xAF"))}, {closes(1007)}},
      {"UTF-16 surrogate ED A0 80", {text_frame(with("\xED\xA0\x80"))}, {closes(1007)}},
      {"beyond U+10FFFF F4 90 80 80", {text_frame(with("\xF4\x90\x80\x80"))}, {closes(1007)}},
      {"bytes FE FF", {text_frame(with("\xFE\xFF"))}, {closes(1007)}},
      {"truncated at the end of the message", {text_frame("\"\xE2\x82")}, {closes(1007)}},
      {"invalid in the second fragment",
       {text_frame(R"({"type":"ping",)", not_final()), frame(opcode::continuation, "\"id\":\"\xFF\"}")},
       {closes(1007)}},
      {"invalid in a first fragment, before the message ends (fail fast)",
       {text_frame("{\"id\":\"\xC3\x28", not_final())},
       {closes(1007)}},
      {"sequence cut by the final fragment",
       {text_frame("\"ab\xE2\x82", not_final()), frame(opcode::continuation, "x\"")},
       {closes(1007)}},
      {"code point split across fragments",
       {text_frame(euro_message.substr(0, split), not_final()),
        frame(opcode::continuation, euro_message.substr(split))},
       {reply_with(pong_reply)}},
      {"four-byte code point", {text_frame(with("\xF0\x9F\x98\x80"))}, {reply_with(pong_reply)}},
  };
  run_all(cases);
}

TEST_CASE("rfc6455: close codes", "[rfc6455]") {
  std::vector<rfc_case> cases;
  for (const int number :
       {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 3000, 3999, 4000, 4999}) {
    const auto code = static_cast<std::uint16_t>(number);
    cases.push_back(
        {"valid close code " + std::to_string(code) + " is echoed", {close_frame(code)}, {closes(code)}});
  }
  for (const int number : {0, 999, 1004, 1005, 1006, 1014, 1015, 1016, 2999}) {
    const auto code = static_cast<std::uint16_t>(number);
    cases.push_back({"invalid close code " + std::to_string(code), {close_frame(code)}, {closes(1002)}});
  }
  for (const int number : {5000, 65535}) {
    const auto code = static_cast<std::uint16_t>(number);
    cases.push_back(
        {"close code " + std::to_string(code) + " is echoed",
         {close_frame(code)},
         {closes(code)},
         "Beast accepts every code from 3000 up; RFC 6455 defines none above 4999 and does not say "
         "how to treat them (Autobahn fails the connection)"});
  }
  cases.push_back(
      {"empty close is answered with 1000",
       {frame(opcode::close, "")},
       {closes(1000)},
       "Beast answers a close without a code with 1000 (RFC 5.5.1: the reply typically echoes the code)"});
  cases.push_back({"close with a reason", {close_frame(1000, "bye")}, {closes(1000)}});
  cases.push_back(
      {"close with a 123-byte reason", {close_frame(1000, std::string(123, 'r'))}, {closes(1000)}});
  cases.push_back({"close with a one-byte payload", {frame(opcode::close, "\x03")}, {closes(1002)}});
  cases.push_back({"close reason that is not UTF-8",
                   {close_frame(1000, "\xC3\x28")},
                   {closes(1002)},
                   "Beast fails the connection with 1002, not 1007 (RFC 8.1 only requires failing it)"});
  cases.push_back(
      {"a text after the close is ignored", {close_frame(1000), text_frame(ping_message)}, {closes(1000)}});
  run_all(cases);
}

TEST_CASE("rfc6455: message size, binary, empty and length encodings", "[rfc6455]") {
  std::vector<std::string> many_fragments;
  many_fragments.push_back(text_frame(R"({"type":"ping","id":"k","pad":")", not_final()));
  for (int i = 0; i < 70; ++i)
    many_fragments.push_back(frame(opcode::continuation, std::string(1000, 'x'), not_final()));
  many_fragments.push_back(frame(opcode::continuation, R"("})"));
  frame_options huge;
  huge.claimed_length = std::uint64_t{1} << 40;
  frame_options msb;
  msb.claimed_length = (std::uint64_t{1} << 63) | 5;
  const std::vector<rfc_case> cases{
      {"text of 64 KiB + 1 byte", {text_frame(ping_message_of_size(65537))}, {closes(1009)}},
      {"text of exactly 64 KiB (64-bit length)",
       {text_frame(ping_message_of_size(65536))},
       {reply_with(pong_reply)}},
      {"text over 64 KiB in 72 fragments", many_fragments, {closes(1009)}},
      {"64-bit length claiming 1 TiB", {text_frame("", huge)}, {closes(1009)}},
      {"64-bit length with the most significant bit set",
       {text_frame("hello", msb)},
       {closes(1009)},
       "RFC 5.2: the most significant bit MUST be 0; Beast checks the size limit first, so 1009, not 1002 "
       "(the connection is failed either way)"},
      {"binary frame", {frame(opcode::binary, ping_message)}, {closes(1003)}},
      {"empty binary frame", {frame(opcode::binary, "")}, {closes(1003)}},
      {"empty text frame", {text_frame("")}, {reply_with(R"("code":"bad_json")")}},
      {"empty text, then a ping message",
       {text_frame(""), text_frame(ping_message)},
       {reply_with("bad_json"), reply_with(pong_reply)}},
      {"16-bit length (200 bytes)", {text_frame(ping_message_of_size(200))}, {reply_with(pong_reply)}},
      {"16-bit length (65535 bytes)", {text_frame(ping_message_of_size(65535))}, {reply_with(pong_reply)}},
      {"16-bit length for a short text (not minimal)",
       {text_frame(ping_message, length(length_form::bits16))},
       {closes(1002)},
       "RFC 5.2 makes the minimal length encoding a MUST for senders; Beast fails a frame without it"},
      {"64-bit length for a short text (not minimal)",
       {text_frame(ping_message, length(length_form::bits64))},
       {closes(1002)},
       "as above"},
  };
  run_all(cases);
}
