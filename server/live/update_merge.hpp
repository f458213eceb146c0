// Two frames waiting for one slow reader, folded into one that leaves the reader where both would have
// (docs/protocol.md, "Updates"): whole fields take the newer value, changes are laid over each other or over
// the whole object they change (statements by number, participants and actions by id), so nothing a reader
// would have learnt from either frame is lost. Pure: no I/O, no state; safe on any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "server/client_connection.hpp"

namespace scsa::server {

// `newer` merged into `older` (both as the hub sends them): two updates of the same round merge, as do two
// averages of one municipality; an update and an average are independent of each other; anything else
// (a snapshot, an update of another round, text that is not a frame) keeps its place.
frame_merge merge_frames(std::string_view older, std::string_view newer);

}  // namespace scsa::server
