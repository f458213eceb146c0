// The one way the hub answers a message (see command_reply.hpp).
#include "server/live/command_reply.hpp"

#include "server/live/protocol.hpp"

namespace scsa::server {

namespace {

std::shared_ptr<const std::string> shared_frame(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

}  // namespace

void command_reply::ack(std::int64_t seq) const {
  meter_.answered(true);
  connection_->send_reply(shared_frame(ack_frame(id_, seq)));
}

void command_reply::ack(std::int64_t seq, const nlohmann::json& extra) const {
  meter_.answered(true);
  connection_->send_reply(shared_frame(ack_frame(id_, seq, extra)));
}

void command_reply::ack_with_snapshot(std::int64_t seq, const nlohmann::json& extra,
                                      nlohmann::json snapshot) const {
  ack(seq, extra);
  connection_->send(shared_frame(typed_frame("snapshot", std::move(snapshot))));
}

void command_reply::error(std::string_view code, std::string_view message) const {
  meter_.answered(false);
  connection_->send_reply(shared_frame(error_frame(id_, std::string(code), std::string(message))));
}

void command_reply::rate_limited(std::chrono::milliseconds retry_after, std::string_view message) const {
  meter_.answered(false);
  auto frame = nlohmann::json::parse(error_frame(id_, "rate_limited", message));
  frame["retry_after_ms"] = retry_after.count();
  connection_->send_reply(shared_frame(frame.dump()));
}

void command_reply::outcome(const command_outcome& done) const {
  if (done.stages)
    metrics().ack_path(done.stages->decide, done.stages->queue, done.stages->commit,
                       std::chrono::steady_clock::now() - done.stages->committed_at);
  if (done.accepted)
    ack(done.seq);
  else
    error(done.code, done.message);
}

void command_reply::pong() const {
  meter_.answered(true);
  connection_->send_reply(shared_frame(typed_frame("pong", nlohmann::json{{"id", id_}})));
}

}  // namespace scsa::server
