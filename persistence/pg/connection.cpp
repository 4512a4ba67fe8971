#include "persistence/pg/connection.hpp"

#include <cerrno>
#include <cstring>

#include <poll.h>

#include <nlohmann/json.hpp>

namespace contoso::persistence::pg {

namespace {

using clock = std::chrono::steady_clock;

// The server cancels a statement at statement_timeout; the client waits this much longer so that the
// server's own error (and a still usable connection) normally arrives first.
constexpr std::chrono::milliseconds client_grace{1000};

int remaining_ms(clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// Waits for `events` on the socket until `deadline`: 1 ready, 0 timed out, -1 error.
int wait_socket(int socket, short events, clock::time_point deadline) {
  if (socket < 0)
    return -1;
  for (;;) {
    pollfd fd{socket, events, 0};
    int ready = ::poll(&fd, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR)
      continue;
    return ready < 0 ? -1 : (ready == 0 ? 0 : 1);
  }
}

std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

} // namespace

persistence_error to_persistence_error(const sql_error& error) {
  const bool data_exception = error.state().compare(0, 2, "22") == 0;
  return persistence_error{error.what(), data_exception ? persistence_error::cause::invalid_input
                                                        : persistence_error::cause::unavailable};
}

std::string rows::text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t rows::int64(int row, int column) const {
  return std::stoll(text(row, column));
}

nlohmann::json rows::json(int row, int column) const {
  if (is_null(row, column))
    return nlohmann::json();
  return nlohmann::json::parse(text(row, column));
}

std::unique_ptr<connection> connection::open(const std::string& url, std::chrono::milliseconds timeout) {
  const auto deadline = clock::now() + timeout;
  const char* keywords[] = {"dbname", "fallback_application_name", nullptr};
  const char* values[] = {url.c_str(), "contoso_conference", nullptr};
  PGconn* raw = PQconnectStartParams(keywords, values, 1);
  if (!raw)
    throw sql_error(sqlstate::connection_failure, "out of memory opening a database connection");
  std::unique_ptr<connection> conn(new connection(raw, timeout));
  if (PQstatus(raw) == CONNECTION_BAD)
    conn->fail("could not connect to the database");
  for (auto poll_status = PGRES_POLLING_WRITING; poll_status != PGRES_POLLING_OK;) {
    if (poll_status == PGRES_POLLING_FAILED)
      conn->fail("could not connect to the database");
    int ready = wait_socket(PQsocket(raw), poll_status == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline);
    if (ready == 0)
      throw sql_error(sqlstate::client_timeout, "timed out connecting to the database");
    if (ready < 0)
      throw sql_error(sqlstate::connection_failure, std::string("could not connect to the database: ") + std::strerror(errno));
    poll_status = PQconnectPoll(raw);
  }
  conn->exec("SELECT set_config('statement_timeout', $1, false)", {std::to_string(timeout.count())});
  return conn;
}

void connection::fail(const std::string& what) {
  throw sql_error(sqlstate::connection_failure, what + ": " + trimmed(PQerrorMessage(conn_.get())));
}

rows connection::exec(const std::string& sql, const std::vector<param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& value : params) {
    if (value && value->find('\0') != std::string::npos)
      throw sql_error(sqlstate::character_not_in_repertoire, "a statement parameter holds a NUL character");
    values.push_back(value ? value->c_str() : nullptr);
  }
  if (!PQsendQueryParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                         nullptr, nullptr, 0))
    fail("could not send a statement");
  return collect("statement failed");
}

void connection::exec_script(const std::string& sql) {
  if (!PQsendQuery(conn_.get(), sql.c_str()))
    fail("could not send a script");
  collect("script failed");
}

rows connection::collect(const std::string& what) {
  const auto deadline = clock::now() + timeout_ + client_grace;
  std::unique_ptr<PGresult, void (*)(PGresult*)> last(nullptr, PQclear);
  std::optional<sql_error> first_error;
  for (;;) {
    while (PQisBusy(conn_.get())) {
      int ready = wait_socket(PQsocket(conn_.get()), POLLIN, deadline);
      if (ready == 0) {
        // The server did not answer in time: the session's state is unknown, so the pool
        // replaces this connection rather than reuse it.
        abandoned_ = true;
        throw sql_error(sqlstate::client_timeout, what + ": timed out waiting for the database");
      }
      if (ready < 0 || !PQconsumeInput(conn_.get()))
        fail(what);
    }
    PGresult* next = PQgetResult(conn_.get());
    if (!next)
      break;
    auto status = PQresultStatus(next);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !first_error) {
      const char* state = PQresultErrorField(next, PG_DIAG_SQLSTATE);
      first_error.emplace(state ? state : sqlstate::connection_failure,
                          what + ": " + trimmed(PQresultErrorMessage(next)));
    }
    last.reset(next);
  }
  if (first_error)
    throw *first_error;
  if (!last)
    fail(what);
  return rows(last.release());
}

bool connection::wait_readable(std::chrono::milliseconds timeout) {
  int ready = wait_socket(PQsocket(conn_.get()), POLLIN, clock::now() + timeout);
  if (ready < 0)
    fail("could not wait for the database");
  return ready == 1;
}

bool connection::idle_and_healthy() {
  if (!open() || PQtransactionStatus(conn_.get()) != PQTRANS_IDLE)
    return false;
  // Nothing should arrive on an idle pooled connection; data there means the server is closing it
  // (pg_terminate_backend, shutdown) or something else went wrong. Either way, start afresh.
  pollfd fd{PQsocket(conn_.get()), POLLIN, 0};
  return ::poll(&fd, 1, 0) == 0;
}

} // namespace contoso::persistence::pg
