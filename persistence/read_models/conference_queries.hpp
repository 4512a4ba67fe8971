#pragma once
/// The read models of conferences, seat types and promo codes, as the registrant and owner pages ask
/// for them. Plain values; money in cents.

#include <optional>
#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/registration/pricing.hpp"
#include "domain/time.hpp"
#include "persistence/result.hpp"

namespace contoso::persistence::read_models {

/// A line of the published conferences list.
struct conference_summary {
  std::string id;
  std::string slug;
  std::string name;
  std::string tagline;
  std::string location;
  date start_date;
  date end_date;
};

/// A published seat type with what is left of it now.
struct seat_type_view {
  std::string id;
  std::string name;
  std::string description;
  money price;
  int quota = 0;
  int available = 0; ///< max(0, quota − held − sold)
};

/// A conference as registrants see it.
struct conference_view {
  std::string id;
  std::string slug;
  std::string name;
  std::string description;
  std::string location;
  std::string tagline;
  std::string twitter_search;
  date start_date;
  date end_date;
  std::string owner_name;
  std::string owner_email;
  bool is_published = false;
  std::vector<seat_type_view> seat_types; ///< in the order they were published
};

/// A promo code and how much it is in use.
struct promo_code_view {
  registration::promo_terms terms;
  std::optional<int> max_uses; ///< nullopt: unlimited
  int held = 0;                ///< uses held by orders not yet confirmed
  int used = 0;                ///< uses of confirmed orders
};

/// Reads the conference read models.
class conference_queries {
public:
  virtual ~conference_queries() = default;

  /// The published conferences, by start date.
  virtual result<std::vector<conference_summary>> published_conferences() = 0;
  /// The conference with this slug (any case), published or not; nullopt when unknown.
  virtual result<std::optional<conference_view>> conference_by_slug(const std::string& slug) = 0;
  /// The order side's copy of the conference's seat types and prices (for `register_to_conference`).
  virtual result<std::vector<registration::seat_type_price>> seat_type_prices(const std::string& conference_id) = 0;
  /// The conference's promo codes, by code.
  virtual result<std::vector<promo_code_view>> promo_codes(const std::string& conference_id) = 0;
};

} // namespace contoso::persistence::read_models
