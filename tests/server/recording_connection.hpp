// A client_connection that keeps every frame it is sent (the buffers themselves, so tests can compare
// identity) and waits for the reply to a command id: the hub's and sessions' tests talk through it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/client_connection.hpp"

namespace scsa::testing {

class recording_connection final : public server::client_connection {
 public:
  explicit recording_connection(std::uint64_t id = 1, std::string address = "127.0.0.1")
      : id_(id), address_(std::move(address)) {}
  void send(std::shared_ptr<const std::string> text) override {
    std::lock_guard lock(mutex_);
    frames_.push_back(std::move(text));
    arrived_.notify_all();
  }
  void close(std::uint16_t, std::string) override {}
  const std::string& remote_address() const override { return address_; }
  std::uint64_t id() const override { return id_; }

  // Waits (up to 10 s: acks come from the log's writer thread) for the reply to command `id`; null if none.
  nlohmann::json reply(const std::string& id) {
    std::unique_lock lock(mutex_);
    nlohmann::json found;
    arrived_.wait_for(lock, std::chrono::seconds(10), [&] {
      for (const auto& frame : frames_) {
        auto parsed = nlohmann::json::parse(*frame);
        if (parsed.value("id", nlohmann::json()) == id) {
          found = std::move(parsed);
          return true;
        }
      }
      return false;
    });
    return found;
  }
  // Every frame so far, parsed.
  std::vector<nlohmann::json> frames() const {
    std::lock_guard lock(mutex_);
    std::vector<nlohmann::json> parsed;
    for (const auto& frame : frames_) parsed.push_back(nlohmann::json::parse(*frame));
    return parsed;
  }
  // The update frames received so far, and forgets every frame.
  std::vector<std::shared_ptr<const std::string>> take_updates() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<const std::string>> updates;
    for (const auto& frame : frames_)
      if (nlohmann::json::parse(*frame).value("type", "") == "update") updates.push_back(frame);
    frames_.clear();
    return updates;
  }

 private:
  std::uint64_t id_;
  std::string address_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::shared_ptr<const std::string>> frames_;
};

}  // namespace scsa::testing
