// What every part of scsa-load shares: the library aliases, the clock, and the questionnaire's size.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "bench/latency_histogram.hpp"

namespace scsa::load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;
using json = nlohmann::json;
using scsa::bench::latency_histogram;

constexpr int statement_count = 21;
constexpr int answers_per_participant = statement_count * 2;  // current and desired per statement

inline double seconds_between(clock_type::time_point from, clock_type::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace scsa::load
