// Driving a live_hub in-process as a client and the HTTP API would: create a session and wait for its ids,
// send a frame on a recording connection and wait for its reply.
#pragma once

#include <catch2/catch.hpp>

#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "server/live/live_hub.hpp"
#include "tests/server/recording_connection.hpp"

namespace scsa::testing {

inline server::created_session create_session_on(server::live_hub& hub, const std::string& title,
                                                 const std::string& municipality = "GM0344") {
  std::promise<std::variant<server::created_session, server::command_outcome>> made;
  hub.create_session(
      title, municipality, domain::session_mode::workshop,
      [&](std::variant<server::created_session, server::command_outcome> m) { made.set_value(m); });
  auto outcome = made.get_future().get();
  REQUIRE(std::holds_alternative<server::created_session>(outcome));
  return std::get<server::created_session>(outcome);
}

inline nlohmann::json send_frame(server::live_hub& hub,
                                 const std::shared_ptr<recording_connection>& connection,
                                 nlohmann::json frame) {
  const std::string id = frame["id"];
  hub.on_message(connection, frame.dump());
  return connection->reply(id);
}

}  // namespace scsa::testing
