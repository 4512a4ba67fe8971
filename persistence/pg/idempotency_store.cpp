#include "persistence/pg/idempotency_store.hpp"

#include <nlohmann/json.hpp>

#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

result<idempotency_claim> idempotency_store::claim(const std::string& scope, const std::string& key,
                                                   const std::string& request_hash,
                                                   std::chrono::seconds abandon_after) {
  return db_.connections().run([&](connection& conn) {
    // The primary key decides between concurrent first requests: one insert wins, the others see its row.
    auto won = conn.exec(
      "INSERT INTO idempotency_keys (scope, idempotency_key, request_hash) VALUES ($1, $2::uuid, $3)"
      " ON CONFLICT (scope, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()"
      " WHERE idempotency_keys.status IS NULL"
      " AND idempotency_keys.created_at < now() - $4::bigint * interval '1 second'"
      " RETURNING 1",
      {scope, key, request_hash, std::to_string(abandon_after.count())});
    idempotency_claim found;
    if (won.size() > 0)
      return found;
    auto held = conn.exec("SELECT request_hash, status, content_type, headers::text, body FROM idempotency_keys"
                          " WHERE scope = $1 AND idempotency_key = $2::uuid",
                          {scope, key});
    // Released between the two statements: free again, but the caller asks once more rather than run unclaimed.
    found.what = idempotency_claim::in_flight;
    if (held.size() == 0)
      return found;
    found.request_hash = held.text(0, 0);
    if (held.is_null(0, 1))
      return found;
    found.what = idempotency_claim::answered;
    idempotent_answer answer;
    answer.status = static_cast<int>(held.int64(0, 1));
    answer.content_type = held.text(0, 2);
    for (const auto& header : held.json(0, 3))
      answer.headers.emplace_back(header.at(0).get<std::string>(), header.at(1).get<std::string>());
    answer.body = held.text(0, 4);
    found.answer = std::move(answer);
    return found;
  });
}

result<void> idempotency_store::complete(const std::string& scope, const std::string& key,
                                         const idempotent_answer& answer) {
  return db_.connections().run([&](connection& conn) {
    conn.exec("UPDATE idempotency_keys SET status = $3, content_type = $4, headers = $5::jsonb, body = $6"
              " WHERE scope = $1 AND idempotency_key = $2::uuid",
              {scope, key, std::to_string(answer.status), answer.content_type, nlohmann::json(answer.headers).dump(),
               answer.body});
  });
}

result<void> idempotency_store::release(const std::string& scope, const std::string& key) {
  return db_.connections().run([&](connection& conn) {
    conn.exec("DELETE FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2::uuid AND status IS NULL",
              {scope, key});
  });
}

result<std::int64_t> idempotency_store::forget_older_than(std::chrono::seconds age) {
  return db_.connections().run([&](connection& conn) {
    return conn
      .exec("WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < now() - $1::bigint * interval '1 second'"
            " RETURNING 1) SELECT count(*) FROM gone",
            {std::to_string(age.count())})
      .int64(0, 0);
  });
}

} // namespace contoso::persistence::pg
