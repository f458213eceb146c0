// The WebSocket wire protocol (version 1, docs/protocol.md): client frames parsed into typed messages,
// and the server's frames built as JSON text. Parsing never throws: a bad frame becomes a protocol_error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/session_commands.hpp"

namespace scsa::server {

inline constexpr int protocol_version = 1;

// {"type":"join","id":C,"code":J,"name":N?,"department":D?}: become a participant of the session with code J.
// The newest update format (docs/protocol.md, "Versions"): 2 sends the group's results and the
// facilitator's consensus as changes per statement. A client names the version it reads in join, resume or
// facilitate ("protocol"); without it, 1.
constexpr int latest_protocol = 2;

struct join_message {
  std::string code;                       // the join code as typed (case-insensitive)
  std::optional<std::string> name;        // display name, personal data, kept outside the log
  std::optional<std::string> department;  // optional department
  // A secret the client made (32..128 characters, e.g. 256 random bits in hex). With it a join whose ack was
  // lost can be sent again: the same token finds the same participant instead of making a second one.
  std::optional<std::string> token;
  int protocol = 1;  // the update format the client reads
};

inline constexpr std::size_t min_client_token_length = 32;

// {"type":"resume","id":C,"token":T,"after":S?}: come back as the participant who holds token T.
struct resume_message {
  std::string token;      // the participant's token from the join ack
  std::int64_t after{0};  // the last sequence the client saw (the snapshot covers everything anyway)
  int protocol = 1;       // the update format the client reads
};

// {"type":"facilitate","id":C,"session_id":I,"token":F}: watch and steer session I.
struct facilitate_message {
  std::string session_id;  // the session
  std::string token;       // the facilitator token from POST /api/sessions
  int protocol = 1;        // the update format the client reads
};

// {"type":"rename","id":C,"name":N}: change the own display name.
struct rename_message {
  std::string name;  // 1..80 characters
};

// {"type":"ping","id":C}: answered by {"type":"pong","id":C}; lets a client measure its round trip.
struct ping_message {};

// {"type":"choose_baseline","id":C,"baseline_session_id":S,"token":T?}: compare this session with the earlier
// session S; T (its facilitator or a review token) is needed when S has fewer than k participants. The hub
// looks S up and decides domain::choose_baseline with what it found.
struct choose_baseline_message {
  std::string baseline_session_id;
  std::optional<std::string> token;
};

// Every session command (answer, open, reveal, ...) maps straight onto a domain command body.
using client_body = std::variant<join_message, resume_message, facilitate_message, rename_message,
                                 ping_message, choose_baseline_message, domain::command_body>;

struct client_message {
  std::string id;    // client-made command id, echoed in the ack or error
  client_body body;  // what the client asks
};

// Why a frame could not be understood.
struct protocol_error {
  std::string id;       // the frame's id when it had a readable one, else ""
  std::string code;     // "bad_json", "bad_message", "unknown_type"
  std::string message;  // for people
};

inline constexpr std::size_t max_id_length = 64;
inline constexpr std::size_t max_name_length = 80;

std::variant<client_message, protocol_error> parse_client_message(std::string_view text);

// Server frames.
// The ack of a command ({"id","seq","type"}): written directly, byte for byte what dumping the object would
// give, since every answer gets one (building and dumping the object cost about 7k instructions).
std::string ack_frame(std::string_view id, std::optional<std::int64_t> seq);
std::string ack_frame(std::string_view id, std::optional<std::int64_t> seq, const nlohmann::json& extra);
std::string error_frame(std::string_view id, std::string_view code, std::string_view message);
std::string typed_frame(std::string_view type, nlohmann::json body);

}  // namespace scsa::server
