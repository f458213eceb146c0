// The HTTP side: create the workshop (POST /api/sessions) and read the server's commit batches (/metrics).
#pragma once

#include <vector>

#include <map>

#include <limits>

#include <exception>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "bench/load/common.hpp"

namespace scsa::load {

struct created_session {
  json session_id;  // kept as the server sent it (string or number) and sent back the same way
  std::string join_code;
  std::string facilitator_token;
};

inline asio::awaitable<http::response<http::string_body>> http_request(http::verb verb,
                                                                       tcp::endpoint endpoint,
                                                                       std::string target, std::string body) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(std::chrono::seconds(10));
  co_await stream.async_connect(endpoint, asio::use_awaitable);
  http::request<http::string_body> request{verb, target, 11};
  request.set(http::field::host, endpoint.address().to_string() + ":" + std::to_string(endpoint.port()));
  request.set(http::field::user_agent, "scsa-load");
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.body() = std::move(body);
  request.prepare_payload();
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  co_await http::async_read(stream, buffer, response, asio::use_awaitable);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return response;
}

inline created_session create_session(asio::io_context& ioc, const tcp::endpoint& endpoint) {
  const json body = {{"title", "Bench workshop"}, {"municipality", "GM0344"}, {"mode", "workshop"}};
  std::optional<http::response<http::string_body>> response;
  std::exception_ptr failure;
  asio::co_spawn(ioc, http_request(http::verb::post, endpoint, "/api/sessions", body.dump()),
                 [&](std::exception_ptr e, http::response<http::string_body> r) {
                   failure = e;
                   if (!e) response = std::move(r);
                 });
  ioc.run();
  ioc.restart();
  if (failure) std::rethrow_exception(failure);
  if (!response) throw std::runtime_error("POST /api/sessions: no response");
  if (response->result() != http::status::created)
    throw std::runtime_error("POST /api/sessions answered " + std::to_string(response->result_int()) + ": " +
                             response->body());
  const json answer = json::parse(response->body(), nullptr, false);
  if (!answer.is_object() || !answer.contains("session_id") ||
      !answer.value("join_code", json()).is_string() ||
      !answer.value("facilitator_token", json()).is_string())
    throw std::runtime_error("POST /api/sessions: unexpected body " + response->body());
  return {answer["session_id"], answer["join_code"].get<std::string>(),
          answer["facilitator_token"].get<std::string>()};
}

// What the server's /metrics (Prometheus text) says about the run: its group commits (appends per committed
// transaction, summed and counted), and each ack-path stage's count, sum and buckets (le -> cumulative), so a
// benchmark can report the batch sizes the log wrote and where an ack's time went. Nothing when the server
// does not answer (an older build, or the echo server).
struct ack_stage {
  double count{0};
  double sum_s{0};
  std::vector<std::pair<double, double>> buckets;  // (le in seconds, cumulative count), +Inf last
  // The smallest bucket bound that holds the fraction q of the observations (an upper bound of that
  // quantile).
  double quantile_bound_s(double q) const {
    for (const auto& [le, cumulative] : buckets)
      if (cumulative >= q * count) return le;
    return std::numeric_limits<double>::infinity();
  }
};

struct server_figures {
  double appends{0};
  double commits{0};
  std::map<std::string, ack_stage> stages;  // decide, queue, commit, reply
};

inline std::optional<server_figures> fetch_server_figures(asio::io_context& ioc,
                                                          const tcp::endpoint& endpoint) {
  std::optional<http::response<http::string_body>> response;
  ioc.restart();
  asio::co_spawn(ioc, http_request(http::verb::get, endpoint, "/metrics", ""),
                 [&](std::exception_ptr e, http::response<http::string_body> r) {
                   if (!e) response = std::move(r);
                 });
  ioc.run();
  ioc.restart();
  if (!response || response->result() != http::status::ok) return std::nullopt;
  server_figures found;
  bool sum = false, count = false;
  std::istringstream lines(response->body());
  // `label` of name{...label="value"...}, or "".
  auto label = [](const std::string& name, const std::string& key) -> std::string {
    const auto at = name.find(key + "=\"");
    if (at == std::string::npos) return {};
    const auto from = at + key.size() + 2;
    return name.substr(from, name.find('"', from) - from);
  };
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string name;
    double value = 0;
    if (line.starts_with("#") || !(fields >> name >> value)) continue;
    if (name == "scsa_commit_batch_appends_sum") found.appends = value, sum = true;
    if (name == "scsa_commit_batch_appends_count") found.commits = value, count = true;
    if (!name.starts_with("scsa_ack_stage_seconds")) continue;
    auto& stage = found.stages[label(name, "stage")];
    if (name.starts_with("scsa_ack_stage_seconds_count")) stage.count = value;
    if (name.starts_with("scsa_ack_stage_seconds_sum")) stage.sum_s = value;
    if (name.starts_with("scsa_ack_stage_seconds_bucket")) {
      const auto le = label(name, "le");
      stage.buckets.emplace_back(le == "+Inf" ? std::numeric_limits<double>::infinity() : std::stod(le),
                                 value);
    }
  }
  if (!sum || !count) return std::nullopt;
  return found;
}

}  // namespace scsa::load
