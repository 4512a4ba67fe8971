#pragma once
/// The read models in PostgreSQL (migration 010): the projections writing them, and the queries
/// reading them. The projections' cursors live in table `projections`, one row per projection, beside
/// the shadow cursor of a rebuild; the subscriptions' `checkpoints` table is not involved.

#include "persistence/database.hpp"
#include "persistence/read_models/conference_queries.hpp"
#include "persistence/read_models/order_queries.hpp"
#include "persistence/read_models/projections.hpp"

namespace contoso::persistence::pg {

/// read_models::projections over the rm_* tables.
class read_model_projections : public read_models::projections {
public:
  /// Uses `db`'s connections; `db` must outlive this object.
  explicit read_model_projections(database& db) : db_(db) {}

  result<std::vector<read_models::projection_status>> list() override;
  result<void> apply(const std::string& name, const std::vector<recorded_event>& events) override;
  result<void> begin_rebuild(const std::string& name) override;
  result<void> apply_rebuild(const std::string& name, const std::vector<recorded_event>& events) override;
  result<bool> finish_rebuild(const std::string& name) override;

private:
  result<void> apply_to(const std::string& name, bool shadow, const std::vector<recorded_event>& events);

  database& db_;
};

/// The read-model queries over the live rm_* tables.
class read_model_queries : public read_models::conference_queries, public read_models::order_queries {
public:
  /// Uses `db`'s connections; `db` must outlive this object.
  explicit read_model_queries(database& db) : db_(db) {}

  result<std::vector<read_models::conference_summary>> published_conferences() override;
  result<std::optional<read_models::conference_view>> conference_by_slug(const std::string& slug) override;
  result<std::vector<registration::seat_type_price>> seat_type_prices(const std::string& conference_id) override;
  result<std::vector<read_models::promo_code_view>> promo_codes(const std::string& conference_id) override;

  result<std::optional<read_models::order_view>> order(const std::string& order_id) override;
  result<std::optional<read_models::order_reference>> find_order(const std::string& email,
                                                                 const std::string& access_code) override;
  result<std::optional<read_models::seat_assignments_view>> seat_assignments(const std::string& order_id) override;
  result<std::optional<read_models::payment_view>> payment(const std::string& payment_id) override;
  result<std::vector<read_models::owner_order_view>> owner_orders(const std::string& conference_id) override;

private:
  database& db_;
};

} // namespace contoso::persistence::pg
