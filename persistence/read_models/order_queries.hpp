#pragma once
/// The read models of orders, their seat assignments and payments, as the registrant and owner pages
/// ask for them. Plain values; money in cents.
///
/// Order statuses are the contract's: `pending`, `reserved`, `partiallyReserved`, `confirmed`,
/// `expired`, `rejected`, `attention`. An order that expires before any reservation outcome ever reached
/// it is `rejected` (the registration process refused it outright); after one, `expired`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/time.hpp"
#include "persistence/result.hpp"

namespace contoso::persistence::read_models {

/// A person: a registrant or an attendee.
struct person {
  std::string first_name;
  std::string last_name;
  std::string email;
};

/// One line per seat type requested with quantity > 0.
struct order_line_view {
  std::string seat_type_id;
  std::string seat_type_name;
  int requested = 0;
  std::optional<int> reserved; ///< nullopt until the reservation's outcome is known
  money unit_price;
  money line_total; ///< unit price × reserved once known, × requested before
};

struct order_view {
  std::string order_id;
  std::string conference_id;
  std::string conference_slug;
  std::string status;
  std::int64_t version = 0; ///< the order stream's version of the last order event applied
  std::string access_code;
  std::vector<order_line_view> lines;
  std::optional<std::string> promo_code;
  money discount;
  money total;
  bool is_free_of_charge = false;
  instant reservation_expires_at{};
  std::optional<person> registrant;
  std::optional<std::string> payment_id;     ///< the order's latest payment
  std::optional<std::string> assignments_id; ///< once confirmed
};

/// What an order lookup by email and access code finds.
struct order_reference {
  std::string order_id;
  std::string conference_slug;
};

struct seat_view {
  int position = 0;
  std::string seat_type_id;
  std::string seat_type_name;
  std::optional<person> attendee;
};

struct seat_assignments_view {
  std::string assignments_id;
  std::string order_id;
  std::vector<seat_view> seats; ///< by position
};

struct payment_view {
  std::string payment_id;
  std::string order_id;
  std::string conference_id;
  money amount;
  std::string description;
  std::string status; ///< `initiated`, `completed` or `rejected`
};

/// An order in the owner's list: `status` is `pending` (not confirmed), `paid` or `attention`.
struct owner_order_view {
  std::string order_id;
  std::string access_code;
  std::string status;
  money total;
  std::optional<person> registrant;
  std::vector<seat_view> seats; ///< once confirmed
};

/// Reads the order read models.
class order_queries {
public:
  virtual ~order_queries() = default;

  /// The order; nullopt when unknown.
  virtual result<std::optional<order_view>> order(const std::string& order_id) = 0;
  /// The order whose registrant has this email (any case) and this access code (exact).
  virtual result<std::optional<order_reference>> find_order(const std::string& email,
                                                            const std::string& access_code) = 0;
  /// The order's seat assignments; nullopt until the order is confirmed.
  virtual result<std::optional<seat_assignments_view>> seat_assignments(const std::string& order_id) = 0;
  /// The payment; nullopt when unknown.
  virtual result<std::optional<payment_view>> payment(const std::string& payment_id) = 0;
  /// The conference's orders for its owner: expired and rejected ones left out, by order id.
  virtual result<std::vector<owner_order_view>> owner_orders(const std::string& conference_id) = 0;
};

} // namespace contoso::persistence::read_models
