// Delivery of one rendered mail to an SMTP relay through libcurl (plain, STARTTLS required, or SMTPS on
// port 465; optional login). Blocks for up to the timeout: call it from the outbox's worker thread only.
// Thread-safe: each send uses its own curl handle; abort() makes a running send give up promptly.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

namespace scsa::server {

struct smtp_settings {
  std::string host;  // --smtp-host; "" means no relay is configured
  std::uint16_t port = 25;
  std::string user;       // --smtp-user; "" means no login
  std::string password;   // --smtp-password
  bool starttls = false;  // --smtp-starttls: require STARTTLS (port 465 always uses TLS from the start)
};

// Something that delivers a mail; the outbox's tests use a fake.
class mail_transport {
 public:
  virtual ~mail_transport() = default;
  // Returns nullopt when the relay accepted the mail, else what went wrong.
  virtual std::optional<std::string> send(const std::string& from, const std::string& to,
                                          const std::string& message) = 0;
  // Makes a send in progress (and every later one) give up promptly; for shutdown. Thread-safe.
  virtual void abort() {}
};

class smtp_transport final : public mail_transport {
 public:
  explicit smtp_transport(smtp_settings settings);
  std::optional<std::string> send(const std::string& from, const std::string& to,
                                  const std::string& message) override;
  void abort() override { aborted_ = true; }

 private:
  smtp_settings settings_;
  std::atomic<bool> aborted_{false};
};

// curl_global_init, once, before any thread sends (main calls it at start).
void init_mail_library();

}  // namespace scsa::server
