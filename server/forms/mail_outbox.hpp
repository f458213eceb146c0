// The mail outbox's sender: one worker thread (never an io thread) that delivers queued confirmation mails
// through a mail_transport, marks each sent, and retries failures with exponential backoff. The queue is
// the mail_outbox table, so mails survive restarts. The same thread purges submissions older than the
// retention period, hourly. Thread-safe: wake() and stop() from any thread.
//
// Delivery is at-least-once: a crash after the relay accepted a mail and before it was marked sent sends
// it again after the restart, with the same Message-ID (the submission id), so a receiving system can
// recognise the duplicate. Nothing else sends a submission's mail twice: one outbox row per submission.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "server/forms/confirmation_mail.hpp"
#include "server/forms/form_store.hpp"
#include "server/forms/smtp_transport.hpp"

namespace scsa::server {

struct mail_outbox_options {
  std::chrono::milliseconds first_retry{2'000};          // after the first failure; doubles each time
  std::chrono::milliseconds max_retry{15 * 60 * 1'000};  // the longest wait between attempts
  std::chrono::milliseconds retention{365LL * 24 * 3'600 * 1'000};  // submissions older than this go
  std::chrono::milliseconds purge_interval{3'600 * 1'000};          // how often the purge runs
};

// What the relay did since the server started, for the desk.
struct relay_activity {
  std::optional<std::int64_t> last_sent_ms;   // the last mail it accepted
  std::optional<std::int64_t> last_error_ms;  // the last attempt that failed
  std::string last_error;                     // and why
};

// The sample report's PDF in a language, or nullopt while there is none (the mail then links to it).
using sample_report_source = std::function<std::optional<std::string>(domain::language)>;

class mail_outbox {
 public:
  // `transport` null: no relay configured; mails stay queued (and the server says so once).
  mail_outbox(form_store& store, mail_transport* transport, mail_settings settings,
              mail_outbox_options options = {}, sample_report_source sample_report = {});
  ~mail_outbox();
  mail_outbox(const mail_outbox&) = delete;
  mail_outbox& operator=(const mail_outbox&) = delete;

  void start();  // starts the worker thread
  void stop();   // stops and joins it (a send in progress is aborted; its mail stays queued); idempotent
  void wake();   // a mail was queued: look now

  // One pass over the due mails at `now_ms`: sends each, marks it sent or schedules its retry. Returns how
  // many were sent. The worker calls it; tests call it directly with their own clock.
  std::size_t deliver_due(std::int64_t now_ms);

  relay_activity activity() const;

  // The wait after `attempts` failures: first_retry * 2^(attempts-1), at most max_retry.
  std::int64_t retry_delay_ms(int attempts) const;

 private:
  void run();

  form_store& store_;
  mail_transport* transport_;
  mail_settings settings_;
  mail_outbox_options options_;
  sample_report_source sample_report_;

  mutable std::mutex activity_mutex_;  // guards activity_
  relay_activity activity_;

  std::mutex mutex_;  // guards stopping_ and woken_
  std::condition_variable changed_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread worker_;
};

}  // namespace scsa::server
