// The outbox worker's loop: purge when due, deliver what is due, then sleep until the next retry, the next
// purge or a wake-up, whichever comes first.
#include "server/forms/mail_outbox.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/ops/metrics.hpp"
#include "server/wall_clock.hpp"

namespace scsa::server {

namespace {

// Mails claimed per pass, and for how long: several nodes share the outbox on PostgreSQL, and a claim
// keeps the others off a mail until it is sent or failed. Ten sends at the relay's timeout fit well inside
// the lease, so a slow relay does not make a second node send the same mail; a node that dies leaves its
// claims to be taken again when the lease ends (at least once).
constexpr std::size_t claim_batch = 10;
constexpr std::int64_t claim_lease_ms = 10 * 60 * 1000;

}  // namespace

mail_outbox::mail_outbox(form_store& store, mail_transport* transport, mail_settings settings,
                         mail_outbox_options options, sample_report_source sample_report)
    : store_(store),
      transport_(transport),
      settings_(std::move(settings)),
      options_(options),
      sample_report_(std::move(sample_report)) {}

mail_outbox::~mail_outbox() {
  stop();
}

void mail_outbox::start() {
  worker_ = std::thread([this] { run(); });
}

void mail_outbox::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (transport_ != nullptr && worker_.joinable()) transport_->abort();  // a send in progress gives up
  if (worker_.joinable()) worker_.join();
}

void mail_outbox::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

std::int64_t mail_outbox::retry_delay_ms(int attempts) const {
  const std::int64_t first = options_.first_retry.count();
  const std::int64_t most = options_.max_retry.count();
  std::int64_t delay = first;
  for (int i = 1; i < attempts && delay < most; ++i) delay *= 2;
  return std::min(delay, most);
}

std::size_t mail_outbox::deliver_due(std::int64_t now_ms) {
  if (transport_ == nullptr) return 0;
  std::size_t sent = 0;
  for (const auto& entry : store_.claim_due_mails(now_ms, claim_batch, claim_lease_ms)) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        store_.release(entry.submission.id, now_ms);  // not sent: due again at the next start
        continue;
      }
    }
    std::optional<std::string> pdf;
    if (entry.submission.form.kind == form_kind::sample_report && sample_report_) {
      try {
        pdf = sample_report_(entry.submission.form.language);
      } catch (const std::exception& e) {  // the mail still goes, with the link instead of the attachment
        spdlog::error("mail: the sample report could not be rendered: {}", e.what());
      }
    }
    const auto mail = confirmation_mail(entry.submission, settings_, now_ms, pdf);
    const auto failure = transport_->send(mail.from, mail.to, render_mail(mail));
    if (!failure) {
      // A crash right here sends this mail again after the restart (same Message-ID): at-least-once.
      const auto sent_ms = wall_clock_ms();
      store_.mark_sent(entry.submission.id, sent_ms);
      ++sent;
      metrics().mail_attempted(true);
      {
        std::lock_guard lock(activity_mutex_);
        activity_.last_sent_ms = sent_ms;
      }
      spdlog::info("mail: confirmation of {} sent", entry.submission.id);
      continue;
    }
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {  // aborted by stop(): not the relay's fault, the mail stays due
        store_.release(entry.submission.id, now_ms);
        continue;
      }
    }
    const int attempts = entry.attempts + 1;
    const auto delay = retry_delay_ms(attempts);
    store_.mark_failed(entry.submission.id, attempts, now_ms + delay, *failure);
    metrics().mail_attempted(false);
    {
      std::lock_guard lock(activity_mutex_);
      activity_.last_error_ms = now_ms;
      activity_.last_error = *failure;
    }
    spdlog::warn("mail: sending the confirmation of {} failed (attempt {}): {}; next try in {} s",
                 entry.submission.id, attempts, *failure, delay / 1000);
  }
  return sent;
}

relay_activity mail_outbox::activity() const {
  std::lock_guard lock(activity_mutex_);
  return activity_;
}

void mail_outbox::run() {
  bool said_no_relay = false;
  std::int64_t next_purge = 0;
  for (;;) {
    const std::int64_t now = wall_clock_ms();
    std::int64_t wake_at = now + options_.purge_interval.count();
    try {
      if (now >= next_purge) {
        const auto cutoff = now - options_.retention.count();
        if (const auto purged = store_.purge_before(cutoff); purged > 0)
          spdlog::info("forms: {} submissions older than the retention period erased", purged);
        next_purge = now + options_.purge_interval.count();
      }
      wake_at = next_purge;
      if (transport_ == nullptr) {
        if (!said_no_relay && store_.unsent_count() > 0) {
          spdlog::warn("mail: no --smtp-host configured; confirmation mails stay queued until one is");
          said_no_relay = true;
        }
      } else {
        deliver_due(now);
        if (const auto next = store_.next_attempt_ms()) wake_at = std::min(wake_at, *next);
      }
      metrics().set_mail_outbox_size(store_.unsent_count());  // after every pass: a queued mail wakes it
    } catch (const std::exception& e) {
      spdlog::error("mail outbox: {}", e.what());
      wake_at = now + options_.first_retry.count();
    }
    std::unique_lock lock(mutex_);
    const auto deadline =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(std::max(wake_at, now + 10)));
    changed_.wait_until(lock, deadline, [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
  }
}

}  // namespace scsa::server
