// The event log's narrow interface and its value types: append with an expected version and a command id,
// read a stream, read everything after a global sequence, be told of new commits. It knows nothing of
// assessments and nothing of SQLite, so another engine (PostgreSQL) can stand beside sqlite_event_log.
// Thread-safety: every member function of an event_log may be called from any thread at the same time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace scsa::events {

// Expected stream versions with a special meaning (any other value N >= 1 means "the last version is N").
inline constexpr std::int64_t any_version = -1;  // append without checking the stream's version
inline constexpr std::int64_t no_stream = 0;     // the stream must have no events yet

// One event to append; the log adds the envelope (sequence, stream, version, metadata).
struct new_event {
  std::string type;                // past-tense event name, e.g. "answer_given"; never empty
  std::int32_t schema_version{1};  // version of this type's payload layout, >= 1
  std::string payload;             // the event's data as JSON text; must parse as JSON
};

// One atomic append: all of its events land together, with consecutive versions and sequences, or none do.
struct append_request {
  std::string stream_id;                       // the stream the events belong to; never empty
  std::int64_t expected_version{any_version};  // any_version, no_stream or the stream's last version
  std::string command_id;                      // idempotency key, unique over the whole log; never empty
  std::string actor;                           // who caused the events (an opaque id; may be empty)
  std::int64_t time_ms{0};                     // when, in ms since the Unix epoch, as the caller's clock says
  std::vector<new_event> events;               // at least one
};

// An event as stored, with its envelope.
struct recorded_event {
  std::int64_t sequence{0};        // global position in the log, 1-based, increasing in commit order
  std::string stream_id;           // the stream it belongs to
  std::int64_t version{0};         // position within its stream, 1-based and contiguous
  std::string type;                // event name
  std::int32_t schema_version{1};  // payload layout version
  std::string payload;             // JSON text, exactly as appended
  std::string actor;               // who caused it
  std::string command_id;          // the command (append) it was recorded by
  std::int64_t time_ms{0};         // the caller's time of the append, ms since the Unix epoch

  friend bool operator==(const recorded_event&, const recorded_event&) = default;
};

// How an append ended.
enum class append_status {
  committed,         // the events are durable; sequences and stream_version describe them
  duplicate,         // the command id was already recorded: nothing written, the ORIGINAL sequences returned
  version_conflict,  // the stream's version was not the expected one: nothing written
  storage_error,     // the engine failed (disk full, I/O error, log closed): nothing of the batch written
  rejected,          // the request was invalid (see message): nothing written
};

// Stable lower-case name of a status, e.g. "version_conflict".
std::string_view to_string(append_status status) noexcept;

// The answer to one append.
struct append_result {
  append_status status{append_status::storage_error};  // see append_status
  std::int64_t first_sequence{0};  // committed/duplicate: sequence of the append's first event, else 0
  std::int64_t last_sequence{0};   // committed/duplicate: sequence of the append's last event, else 0
  std::int64_t stream_version{0};  // committed/duplicate: version of the append's last event;
                                   // version_conflict: the stream's actual version; else 0
  std::string message;             // human-readable reason for storage_error, rejected and version_conflict
  // When the writer got it, began the transaction that held it, and committed that transaction (steady
  // clock; default-constructed when it never reached a transaction): where an append's time went.
  std::chrono::steady_clock::time_point submitted{};
  std::chrono::steady_clock::time_point batch_started{};
  std::chrono::steady_clock::time_point committed_at{};
};

// Counters of the group-commit writer since the log was opened.
struct batch_statistics {
  std::uint64_t commits{0};         // transactions committed
  std::uint64_t failed_commits{0};  // transactions rolled back because of a storage error
  std::uint64_t appends{0};         // appends decided in committed transactions (of any status)
  std::uint64_t events{0};          // events written by committed transactions
  std::uint64_t largest_batch{0};   // most appends decided in one transaction
};

// Thrown by reads and by opening a log when the storage fails. Appends never throw it: they report
// append_status::storage_error instead.
class storage_failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Called once per append with its result. Runs on the writer thread (or, for requests rejected before
// queuing and for appends to a closed log, on the calling thread): it must be quick and must not block
// on the log (no append_and_wait inside it).
using append_callback = std::function<void(append_result)>;

// Called after each commit with the events it recorded, in sequence order. Runs on the writer thread
// before the appends of that commit complete: it must be quick, must not block and must not throw
// (an exception is logged and dropped). It may see events it also reads with read_all_after: dedupe by
// sequence.
using subscriber_callback = std::function<void(const std::vector<recorded_event>&)>;

// Projections folded from the log, saved beside it so that a start-up folds only the events after them.
// The log knows nothing of what they hold: a name, the sequence they cover and an opaque payload.
struct log_snapshot {
  std::int64_t covers_sequence{0};  // the payload holds every event up to this sequence and none after it
  std::int32_t schema_version{1};   // of the payload's layout, as its writer numbers it
  std::string payload;              // opaque text (the engines store it with a digest)
  std::int64_t written_ms{0};       // when it was written, ms since the Unix epoch
};

// A stored snapshot read back: null when none is stored under the name, or when the stored one is
// damaged (its digest does not match, or it covers events the log does not have); `damage` says why.
struct snapshot_read {
  std::optional<log_snapshot> snapshot;
  std::string damage;  // "" unless a stored snapshot was refused
};

// Identifies one subscription, for unsubscribe().
using subscription_id = std::uint64_t;

// The append-only log. Appends are decided one by one in queue order by a single writer; their events get
// gap-free global sequences in commit order, so read_all_after never skips an event that commits later.
class event_log {
 public:
  virtual ~event_log() = default;
  event_log(const event_log&) = delete;
  event_log& operator=(const event_log&) = delete;

  // Queues an append; `completion` is called exactly once, after the commit that holds it (or at once
  // with rejected/storage_error if the request is invalid or the log is closed).
  virtual void append(append_request request, append_callback completion) = 0;

  // Appends and blocks until the result is known. Never call it from a callback of this log.
  append_result append_and_wait(append_request request);

  // The events of one stream with version >= from_version, in version order (at most `limit`).
  virtual std::vector<recorded_event> read_stream(const std::string& stream_id, std::int64_t from_version = 1,
                                                  std::size_t limit = SIZE_MAX) const = 0;

  // Up to `limit` events with sequence > `sequence`, in sequence order.
  virtual std::vector<recorded_event> read_all_after(std::int64_t sequence, std::size_t limit) const = 0;

  // The same into `into` (replacing what it held), reusing its events' string buffers: a scan of the
  // whole log page by page then allocates almost nothing per event (see docs/performance.md, S5).
  virtual void read_all_after(std::int64_t sequence, std::size_t limit,
                              std::vector<recorded_event>& into) const = 0;

  // The highest committed sequence, 0 when the log is empty.
  virtual std::int64_t last_sequence() const = 0;

  // Registers a callback for every later commit (see subscriber_callback).
  virtual subscription_id subscribe(subscriber_callback callback) = 0;

  // Removes a subscription; a call already running on the writer thread may still finish after it returns.
  virtual void unsubscribe(subscription_id id) = 0;

  // Several nodes on one database: `callback` gets the events that OTHER writers committed after
  // `after_sequence`, in sequence order, each once, never this log's own (which subscribe() reports), on a
  // thread of the log's, within moments of their commit. At most one follower per log, started before this
  // log appends anything (its own commits are told apart from then on); close() stops it.
  // An engine that has no other writers (SQLite: one process owns the file) never calls it.
  virtual void follow_others(std::int64_t after_sequence, subscriber_callback callback) = 0;

  // Counters of the group-commit writer.
  virtual batch_statistics statistics() const = 0;

  // Saves a snapshot under `name`, replacing the one before; throws storage_failure. Appends go on
  // meanwhile (SQLite holds them back for the moment of the write).
  virtual void write_snapshot(const std::string& name, const log_snapshot& snapshot) = 0;
  // The snapshot saved under `name` (see snapshot_read); throws storage_failure when the store fails.
  virtual snapshot_read read_snapshot(const std::string& name) const = 0;

  // Why the writer stopped for good (fail-stop after an I/O error or corruption: every append is refused
  // until a restart), or "" while it works. A full disk and a closed log are not failures.
  virtual std::string writer_failure() const = 0;

  // Completes every queued append, stops the writer and refuses later appends (storage_error).
  // Idempotent; the destructor calls it.
  virtual void close() = 0;

 protected:
  event_log() = default;
};

// The digest stored with a snapshot's payload (64-bit FNV-1a, hex): it finds a damaged or cut-short
// payload; it is no defence against someone who may write the database anyway.
std::string snapshot_digest(std::string_view payload);

// What read_snapshot answers for a stored row: its damage checked against the digest and the log.
snapshot_read checked_snapshot(log_snapshot stored, std::string_view digest, std::int64_t last_sequence);

// Checks a request before it is queued: a message saying what is wrong, or nothing when it is valid.
std::optional<std::string> validate(const append_request& request);

}  // namespace scsa::events
