// Turns a demo plan into real sessions through the normal command path (decider, log, projections), so
// demo data is exactly what real use would have stored. Runs at start-up, before the server serves.
#pragma once

#include <cstddef>
#include <cstdint>

#include "server/live/demo_data.hpp"
#include "server/live/live_hub.hpp"

namespace scsa::server {

// Creates every session of the plan and replays its participants' answers; returns the number of sessions
// created. Each step is stamped with its time on the plan's schedule (schedule_demo), in the days before
// `now_ms`, so a demo workshop replays like a real one. Throws std::runtime_error when a step is refused
// (the plan and the rules disagree).
std::size_t seed_demo(live_hub& hub, const demo_plan& plan, std::int64_t now_ms);

}  // namespace scsa::server
