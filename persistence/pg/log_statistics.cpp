#include "persistence/pg/log_statistics.hpp"

#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

result<std::int64_t> log_statistics::events_after(std::int64_t position) {
  return db_.connections().run([&](connection& conn) {
    // By position, not (tx, position): a lag is a count for people, and an event a slower transaction
    // commits later with a lower position is counted once it is there.
    return conn.exec("SELECT count(*) FROM events WHERE position > $1", {std::to_string(position)}).int64(0, 0);
  });
}

result<std::int64_t> log_statistics::dead_letters() {
  return db_.connections().run(
    [](connection& conn) { return conn.exec("SELECT count(*) FROM dead_letters").int64(0, 0); });
}

} // namespace contoso::persistence::pg
