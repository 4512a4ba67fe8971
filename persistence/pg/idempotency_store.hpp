#pragma once
/// Idempotency keys in PostgreSQL (table `idempotency_keys`).

#include "persistence/database.hpp"
#include "persistence/idempotency_store.hpp"

namespace contoso::persistence::pg {

/// idempotency_store over table `idempotency_keys`.
class idempotency_store : public persistence::idempotency_store {
public:
  /// Uses `db`'s connections; `db` must outlive this store.
  explicit idempotency_store(database& db) : db_(db) {}

  result<idempotency_claim> claim(const std::string& scope, const std::string& key, const std::string& request_hash,
                                  std::chrono::seconds abandon_after) override;
  result<void> complete(const std::string& scope, const std::string& key, const idempotent_answer& answer) override;
  result<void> release(const std::string& scope, const std::string& key) override;
  result<std::int64_t> forget_older_than(std::chrono::seconds age) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
