#include "persistence/pg/wakeup.hpp"

#include "persistence/pg/connection.hpp"

namespace contoso::persistence::pg {

namespace {

// Consumes every queued notification; whether there was any.
bool drain(PGconn* conn) {
  bool any = false;
  while (PGnotify* note = PQnotifies(conn)) {
    any = true;
    PQfreemem(note);
  }
  return any;
}

} // namespace

wakeup::wakeup(database_settings settings) : settings_(std::move(settings)) {}

wakeup::~wakeup() = default;

result<void> wakeup::listen() {
  if (conn_ && conn_->open())
    return {};
  try {
    conn_ = connection::open(settings_.url, settings_.call_timeout);
    conn_->exec("LISTEN events");
    return {};
  } catch (const sql_error& error) {
    conn_.reset();
    return to_persistence_error(error);
  }
}

result<bool> wakeup::wait(std::chrono::milliseconds timeout) {
  if (auto listening = listen(); !listening)
    return listening.error();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  try {
    for (;;) {
      if (!PQconsumeInput(conn_->native()))
        throw sql_error(sqlstate::connection_failure,
                        std::string("lost the notification connection: ") + PQerrorMessage(conn_->native()));
      if (drain(conn_->native()))
        return true;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !conn_->wait_readable(left))
        return false;
    }
  } catch (const sql_error& error) {
    conn_.reset();
    return to_persistence_error(error);
  }
}

} // namespace contoso::persistence::pg
