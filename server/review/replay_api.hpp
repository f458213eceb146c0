// The HTTP routes for reviewing sessions (docs/api.md, "Replay and review"): results now and at any point,
// the event log in pages, the timeline, review links, the exports, and the operator's session list.
// Access is checked on the io thread (hashes in memory); everything that reads the log or writes a review
// token runs on the API's own worker threads, so no io thread waits on the disk. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

#include "domain/municipalities.hpp"
#include "domain/session_export.hpp"
#include "server/http_types.hpp"
#include "server/job_worker.hpp"
#include "server/live/live_hub.hpp"
#include "server/operator_access.hpp"
#include "server/review/replay_cache.hpp"
#include "server/review/review_tokens.hpp"

namespace scsa::server {

struct replay_api_options {
  std::size_t workers = 2;          // threads that read the log for replay requests
  std::size_t max_queued = 64;      // requests waiting for a worker; more are refused with 503 busy
  std::size_t default_limit = 500;  // events per page when `limit` is not given
  std::size_t max_limit = 5000;     // the largest `limit`
  const domain::catalogue* catalogue = nullptr;  // CSV exports in words (?lang=); without it, the codes
  const domain::municipality_registry* municipalities = nullptr;  // names beside codes (the roadmap page)
};

// Who reads a session's history.
enum class reader_role {
  facilitator,  // the session's facilitator token
  reviewer,     // a review token of this session
  operator_,    // the operator token (--operator-token-file)
};

class replay_api final : public http_handler {
 public:
  // `operators` (who may read every session) must outlive this.
  replay_api(const events::event_log& log, live_hub& hub, replay_cache& store, review_tokens& reviews,
             const operator_gate& operators, replay_api_options options = {});
  ~replay_api() override;  // stop()
  replay_api(const replay_api&) = delete;
  replay_api& operator=(const replay_api&) = delete;

  // GET /api/sessions and everything under /api/sessions/{id}/ except POST /api/sessions; false otherwise.
  bool handle(const http_request& request, http_responder respond) override;

  // Finishes the requests being worked on, answers the queued ones 503 and joins the workers. Idempotent.
  void stop();

  // Who the bearer token makes its holder for this session, or the refusal (401 / 403). The report API
  // asks the same question for the workshop report.
  std::variant<reader_role, http_response> authorize(const http_request& request,
                                                     const std::string& session_id) const;

  // When a session began (its first event's time, ms since the epoch; 0 when it has none). Reads the log
  // once per session, then remembers.
  std::int64_t created_ms(const std::string& session_id) const;

 private:
  http_response list_sessions(const http_request& request);
  std::int64_t known_last_sequence(const std::string& session_id) const;

  std::optional<domain::export_words> export_words_for(std::optional<domain::language> lang) const;

  const events::event_log& log_;
  live_hub& hub_;
  replay_cache& store_;
  review_tokens& reviews_;
  const operator_gate& operators_;
  const replay_api_options options_;

  mutable std::mutex created_mutex_;                               // guards created_
  mutable std::unordered_map<std::string, std::int64_t> created_;  // session id -> time of its first event

  // Reads the log and writes review tokens off the io threads (500 when a job throws, 503 busy when full).
  // Last, so its threads are joined before the members their jobs use are destroyed.
  job_worker workers_;
};

}  // namespace scsa::server
