// What the three modes' drivers (workshop, fanout, storm) share: the io_context they run on, the options,
// the server's endpoint and the session under test, a deadline that ends a run that hangs, a timer for
// their phases, a facilitator for the session, and how an error frame is counted. One thread: the
// io_context's, like everything a driver does (the fan-out's watcher groups may run on threads of their
// own; they hand the driver what it needs through this io_context).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/load/common.hpp"
#include "bench/load/http_calls.hpp"
#include "bench/load/options.hpp"
#include "bench/load/ws_client.hpp"

namespace scsa::load {

class driver_base : public client_listener {
 protected:
  driver_base(asio::io_context& ioc, const options& opts, tcp::endpoint endpoint, created_session session,
              clock_type::time_point deadline)
      : ioc_(ioc),
        opts_(opts),
        endpoint_(endpoint),
        session_(std::move(session)),
        deadline_timer_(ioc, deadline),
        phase_timer_(ioc) {}

  // When the deadline passes: `fatal` says so, then `passed` runs (it stops the run).
  void arm_deadline(std::vector<std::string>& fatal, std::function<void()> passed) {
    deadline_timer_.async_wait([this, &fatal, passed = std::move(passed)](beast::error_code ec) {
      if (ec) return;
      fatal.push_back("the deadline (--timeout-s " + std::to_string(opts_.timeout_s) + ") passed");
      passed();
    });
  }

  // A join, resume or facilitate frame naming the update format to read (--protocol; 1 is the default and
  // is left out, so servers that predate versions are driven as before).
  json with_protocol(json frame) const {
    if (opts_.protocol > 1) frame["protocol"] = opts_.protocol;
    return frame;
  }

  // A facilitator of the session under test (frames arrive with index -1), facilitating it.
  std::shared_ptr<ws_client> connect_facilitator() {
    auto facilitator = std::make_shared<ws_client>(ioc_, *this, -1, opts_.deflate);
    facilitator->connect(endpoint_);
    facilitator->send(with_protocol(json{{"type", "facilitate"},
                                         {"id", "f1"},
                                         {"session_id", session_.session_id},
                                         {"token", session_.facilitator_token}})
                          .dump());
    return facilitator;
  }

  asio::io_context& ioc_;
  const options& opts_;
  tcp::endpoint endpoint_;
  created_session session_;
  asio::steady_timer deadline_timer_;
  asio::steady_timer phase_timer_;
};

// Counts an error frame by its code ("(no code)" when it has none).
inline void count_error(std::map<std::string, std::uint64_t>& errors_by_code, const json& frame) {
  ++errors_by_code[frame.contains("code") && frame["code"].is_string() ? frame["code"].get<std::string>()
                                                                       : std::string("(no code)")];
}

// A frame's command id, "" when it has none.
inline std::string frame_id(const json& frame) {
  return frame.contains("id") && frame["id"].is_string() ? frame["id"].get<std::string>() : std::string();
}

}  // namespace scsa::load
