#pragma once
/// The dead letter store in PostgreSQL (table `dead_letters`).

#include "persistence/database.hpp"
#include "persistence/dead_letter_store.hpp"

namespace contoso::persistence::pg {

/// dead_letter_store over table `dead_letters`.
class dead_letter_store : public persistence::dead_letter_store {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit dead_letter_store(database& db) : db_(db) {}

  result<std::int64_t> add(const dead_letter& letter) override;
  result<std::vector<dead_letter_entry>> list(std::size_t limit) override;
  result<std::optional<dead_letter_entry>> take_for_retry(std::int64_t id) override;
  result<bool> remove(std::int64_t id) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
