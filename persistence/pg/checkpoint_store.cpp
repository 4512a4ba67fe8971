#include "persistence/pg/checkpoint_store.hpp"

#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

result<global_cursor> checkpoint_store::read(const std::string& subscription) {
  return db_.connections().run([&](connection& conn) {
    auto found = conn.exec("SELECT tx::text, position FROM checkpoints WHERE subscription = $1", {subscription});
    if (found.size() == 0)
      return global_cursor{};
    return global_cursor{std::stoull(found.text(0, 0)), found.int64(0, 1)};
  });
}

result<void> checkpoint_store::write(const std::string& subscription, global_cursor at) {
  return db_.connections().run([&](connection& conn) {
    conn.exec("INSERT INTO checkpoints (subscription, tx, position) VALUES ($1, $2::xid8, $3)"
              " ON CONFLICT (subscription) DO UPDATE"
              " SET tx = excluded.tx, position = excluded.position, updated_at = now()",
              {subscription, std::to_string(at.tx), std::to_string(at.position)});
  });
}

} // namespace contoso::persistence::pg
