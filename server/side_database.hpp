// The tables that live beside the event log (personal data, credentials, forms, the mail outbox), on the
// log's own engine: a SQLite file, or the PostgreSQL database that several nodes share (so a name typed on
// one node shows on every node, and a mail is claimed by one of them). The stores write their SQL once,
// with `?` or `?N` placeholders, in the common part of both dialects; the few places where the dialects
// differ pick by engine(). Not synchronised: a connection is its owner's to guard.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace scsa::server {

enum class side_engine { sqlite, postgres };

// A statement's parameter: NULL, an integer or a text.
using side_value = std::variant<std::nullptr_t, std::int64_t, std::string>;
using side_values = std::vector<side_value>;

// A query's result, every column as text (NULL as nullopt), as both engines can give it.
class side_rows {
 public:
  using row = std::vector<std::optional<std::string>>;
  explicit side_rows(std::vector<row> rows) : rows_(std::move(rows)) {}
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  bool is_null(std::size_t r, std::size_t c) const { return !rows_.at(r).at(c); }
  const std::string& text(std::size_t r, std::size_t c) const;  // "" for NULL
  std::int64_t integer(std::size_t r, std::size_t c) const;     // 0 for NULL; throws on a non-number

 private:
  std::vector<row> rows_;
};

// The schema of one store in each dialect (CREATE ... IF NOT EXISTS, run at every open).
struct side_schema {
  std::string sqlite;
  std::string postgres;
};

class side_database {
 public:
  // A libpq URI (postgresql://...) opens PostgreSQL, anything else a SQLite file (created, WAL and
  // synchronous=FULL like the log; ":memory:" for this process only); then runs the schema. Throws
  // events::storage_failure.
  static std::unique_ptr<side_database> open(const std::string& location, const side_schema& schema);
  virtual ~side_database() = default;

  virtual side_engine engine() const = 0;
  // One statement; throws events::storage_failure (PostgreSQL: a lost connection is opened again at the
  // next call).
  virtual side_rows query(const std::string& sql, const side_values& values = {}) = 0;
  // One statement that changes rows; returns how many it changed.
  virtual std::int64_t execute(const std::string& sql, const side_values& values = {}) = 0;

  // A write transaction, rolled back when the scope ends without commit().
  class transaction {
   public:
    explicit transaction(side_database& database) : database_(database) { database_.begin(); }
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    ~transaction() {
      if (!done_) database_.rollback();
    }
    void commit() {
      database_.commit();
      done_ = true;
    }

   private:
    side_database& database_;
    bool done_ = false;
  };

 protected:
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

// The engine's own parts, one file each.
std::unique_ptr<side_database> open_sqlite_side_database(const std::string& path, const std::string& schema);
std::unique_ptr<side_database> open_postgres_side_database(const std::string& uri, const std::string& schema);

}  // namespace scsa::server
