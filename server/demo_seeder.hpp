// Turns a demo plan into real sessions through the normal command path (decider, log, projections), so
// demo data is exactly what real use would have stored. Runs at start-up, before the server serves.
#pragma once

#include <cstddef>

#include "server/demo_data.hpp"
#include "server/live_hub.hpp"

namespace scsa::server {

// Creates every session of the plan and replays its participants' answers; returns the number of sessions
// created. Throws std::runtime_error when a step is refused (the plan and the rules disagree).
std::size_t seed_demo(live_hub& hub, const demo_plan& plan);

}  // namespace scsa::server
