#pragma once
/// One libpq connection and the rows of one statement, as RAII objects. Statements always go through
/// PQexecParams-style calls with separate parameters; nothing is spliced into SQL text. Every wait on
/// the server is bounded by the connection's timeout.
///
/// Inside pg/ a failed statement throws `sql_error`; each store catches it at its interface and
/// returns a persistence_error (or maps an expected SQLSTATE, such as 23505, to a value).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <libpq-fe.h>
#include <nlohmann/json_fwd.hpp>

#include "persistence/result.hpp"

namespace contoso::persistence::pg {

/// SQLSTATEs the stores react to.
namespace sqlstate {
inline constexpr const char* unique_violation = "23505";
inline constexpr const char* connection_failure = "08006";
inline constexpr const char* client_timeout = "57P05";
/// Class 22, "data exception": the server refused a value it was given (PostgreSQL text cannot hold
/// NUL; libpq would cut such a parameter short, so `exec` refuses it with this state instead).
inline constexpr const char* character_not_in_repertoire = "22021";
} // namespace sqlstate

/// A statement or connection that failed: the SQLSTATE (or one of ours above) and the message.
class sql_error : public std::runtime_error {
public:
  sql_error(std::string state, const std::string& message)
    : std::runtime_error(message), state_(std::move(state)) {}

  const std::string& state() const { return state_; }

private:
  std::string state_;
};

/// The persistence_error of a failed statement: `invalid_input` for a data exception (class 22), which
/// the caller's values caused, else `unavailable`.
persistence_error to_persistence_error(const sql_error& error);

/// A statement parameter in text form; nullopt is SQL NULL.
using param = std::optional<std::string>;

/// The rows a statement returned.
class rows {
public:
  explicit rows(PGresult* result) : result_(result) {}

  int size() const { return PQntuples(result_.get()); }
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  /// The value as text; empty for NULL.
  std::string text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  nlohmann::json json(int row, int column) const;

private:
  struct clear {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
  };
  std::unique_ptr<PGresult, clear> result_;
};

/// An open connection to the server.
class connection {
public:
  /// Connects within `timeout` and sets the session's statement_timeout to it; throws sql_error.
  static std::unique_ptr<connection> open(const std::string& url, std::chrono::milliseconds timeout);

  /// Runs one statement with parameters ($1, $2, ...); throws sql_error on failure, also (without
  /// sending it) when a parameter holds a NUL character, which libpq would silently cut off there.
  rows exec(const std::string& sql, const std::vector<param>& params = {});
  /// Runs a script of several statements without parameters (migrations); throws sql_error.
  void exec_script(const std::string& sql);

  /// Whether the connection is usable and idle: open, outside any transaction, and with nothing
  /// unexpected from the server waiting on its socket (a terminated backend announces itself so).
  bool idle_and_healthy();
  /// Whether libpq still considers the connection open.
  bool open() const { return !abandoned_ && PQstatus(conn_.get()) == CONNECTION_OK; }
  /// The server process serving this connection.
  int backend_pid() const { return PQbackendPID(conn_.get()); }
  /// The raw handle, for LISTEN/NOTIFY.
  PGconn* native() { return conn_.get(); }

  /// Waits until the socket is readable, at most `timeout`; false on timeout.
  bool wait_readable(std::chrono::milliseconds timeout);

private:
  struct finish {
    void operator()(PGconn* conn) const noexcept { PQfinish(conn); }
  };
  connection(PGconn* conn, std::chrono::milliseconds timeout) : conn_(conn), timeout_(timeout) {}

  rows collect(const std::string& what);
  [[noreturn]] void fail(const std::string& what);

  std::unique_ptr<PGconn, finish> conn_;
  std::chrono::milliseconds timeout_;
  bool abandoned_ = false; ///< a statement timed out on the client: the session's state is unknown
};

} // namespace contoso::persistence::pg
