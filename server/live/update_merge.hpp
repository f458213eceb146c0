// Two frames waiting for one slow reader, folded into one that leaves the reader where both would have
// (docs/protocol.md, "Updates"): whole fields take the newer value, changes are laid over each other or over
// the whole object they change (statements by number, participants and actions by id), so nothing a reader
// would have learnt from either frame is lost. Pure: no I/O, no state; safe on any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/client_connection.hpp"

namespace scsa::server {

// `newer` merged into `older` (both as the hub sends them): two updates of the same round merge, as do two
// averages of one municipality; an update and an average are independent of each other; anything else
// (a snapshot, an update of another round, text that is not a frame) keeps its place.
// Shapes let the common case skip parsing: an update whose fields the newer one has whole (or whose changes
// it has as whole views), in the same round, is simply replaced by the newer. Shape 0 (unknown) always
// parses.
frame_merge merge_frames(const update_frame& older, const update_frame& newer);

// The shape of an update's body (as live_session builds it, before serialising): which fields it has, whole
// or as changes, and its session's round. 0 when it has a field this file does not know.
std::uint64_t update_shape(const nlohmann::json& update);

}  // namespace scsa::server
