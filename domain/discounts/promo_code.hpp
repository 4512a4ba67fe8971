#pragma once
/// The PromoCode aggregate (Discounts): one code of one conference, and the uses orders make of it.
///
/// Its id is `promo_code::stream_id(conference id, code)`, derived from the conference and the
/// upper-cased code, so a second code with the same text (in any case) in the same conference lands on
/// the same aggregate and is refused with `promo_code_exists`: uniqueness needs no list of codes and no
/// race can create two.
///
/// Invariants:
/// - The code is `[A-Z0-9]{3,20}`, stored upper-case and matched case-insensitively; it takes either a
///   percentage (1–100) or an amount per seat (above zero) off the seat types it lists (none: all);
///   `maxUses` is absent (unlimited) or at least 1. Its terms never change.
/// - A use is held for an order when the order is placed, committed when the order is confirmed and
///   released when the order expires. Holding, committing or releasing again for the same order changes
///   nothing. A hold is refused (`promo_code_invalid`) when held + committed uses reach `maxUses`, so
///   two orders racing for the last use get one use between them (the aggregate's actor serializes them).
///
/// Flow (for the callers): the order's registration process holds a use for the order id, passes the
/// terms the hold answered with (`answer`) to `register_to_conference`, and releases the use when the
/// order did not take it. The policies commit the use on `OrderConfirmed` and release it on `OrderExpired`. A commit without a hold (an
/// order confirmed after its seats were re-acquired, its hold having been released at expiry) still
/// counts the use: the order was priced and paid with the code.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/context.hpp"
#include "domain/message.hpp"
#include "domain/money.hpp"
#include "domain/outcome.hpp"
#include "domain/registration/pricing.hpp"

namespace contoso::discounts::promo_code {
using contoso::operator==;
using contoso::operator!=;

/// `text` with ASCII letters upper-cased: the form codes are stored and compared in.
std::string canonical_code(std::string_view text);
/// Whether `code` (canonical) is `[A-Z0-9]{3,20}`.
bool is_valid_code(std::string_view code);
/// The aggregate id of `code` (any case) in a conference.
std::string stream_id(std::string_view conference_id, std::string_view code);

struct state {
  std::string conference_id;
  std::optional<registration::promo_terms> terms; ///< absent until the code is created
  std::optional<int> max_uses;
  std::set<std::string> held; ///< order ids
  std::set<std::string> used; ///< order ids

  auto tie() const { return std::tie(conference_id, terms, max_uses, held, used); }
};
void to_json(nlohmann::json& j, const state& s);
void from_json(const nlohmann::json& j, state& s);

/// The terms an order is priced with; nullopt while the code does not exist.
std::optional<registration::promo_terms> terms(const state& current);
/// What the code answers a command with besides its events: its terms (null while it does not exist).
nlohmann::json answer(const state& current);

// ---- commands

/// Exactly one of `percent_off` and `amount_off`.
struct create_promo_code {
  static constexpr std::string_view type = "CreatePromoCode";
  static constexpr int schema_version = 1;
  std::string conference_id;
  std::string code;
  std::optional<int> percent_off;
  std::optional<money> amount_off;
  std::vector<std::string> seat_type_ids;
  std::optional<int> max_uses;

  auto tie() const { return std::tie(conference_id, code, percent_off, amount_off, seat_type_ids, max_uses); }
};
void to_json(nlohmann::json& j, const create_promo_code& c);
void from_json(const nlohmann::json& j, create_promo_code& c);

struct hold_promo_code_use {
  static constexpr std::string_view type = "HoldPromoCodeUse";
  static constexpr int schema_version = 1;
  std::string order_id;
  auto tie() const { return std::tie(order_id); }
};
void to_json(nlohmann::json& j, const hold_promo_code_use& c);
void from_json(const nlohmann::json& j, hold_promo_code_use& c);

struct commit_promo_code_use {
  static constexpr std::string_view type = "CommitPromoCodeUse";
  static constexpr int schema_version = 1;
  std::string order_id;
  auto tie() const { return std::tie(order_id); }
};
void to_json(nlohmann::json& j, const commit_promo_code_use& c);
void from_json(const nlohmann::json& j, commit_promo_code_use& c);

struct release_promo_code_use {
  static constexpr std::string_view type = "ReleasePromoCodeUse";
  static constexpr int schema_version = 1;
  std::string order_id;
  auto tie() const { return std::tie(order_id); }
};
void to_json(nlohmann::json& j, const release_promo_code_use& c);
void from_json(const nlohmann::json& j, release_promo_code_use& c);

using command = std::variant<create_promo_code, hold_promo_code_use, commit_promo_code_use, release_promo_code_use>;

// ---- events

/// `{conferenceId, code, percentOff | amountOff, seatTypeIds, maxUses (null: unlimited)}`
struct promo_code_created {
  static constexpr std::string_view type = "PromoCodeCreated";
  static constexpr int schema_version = 1;
  std::string conference_id;
  registration::promo_terms terms;
  std::optional<int> max_uses;

  auto tie() const { return std::tie(conference_id, terms, max_uses); }
};
void to_json(nlohmann::json& j, const promo_code_created& e);
void from_json(const nlohmann::json& j, promo_code_created& e);

struct promo_code_use_held {
  static constexpr std::string_view type = "PromoCodeUseHeld";
  static constexpr int schema_version = 1;
  std::string order_id;
  auto tie() const { return std::tie(order_id); }
};
void to_json(nlohmann::json& j, const promo_code_use_held& e);
void from_json(const nlohmann::json& j, promo_code_use_held& e);

struct promo_code_use_committed {
  static constexpr std::string_view type = "PromoCodeUseCommitted";
  static constexpr int schema_version = 1;
  std::string order_id;
  auto tie() const { return std::tie(order_id); }
};
void to_json(nlohmann::json& j, const promo_code_use_committed& e);
void from_json(const nlohmann::json& j, promo_code_use_committed& e);

struct promo_code_use_released {
  static constexpr std::string_view type = "PromoCodeUseReleased";
  static constexpr int schema_version = 1;
  std::string order_id;
  auto tie() const { return std::tie(order_id); }
};
void to_json(nlohmann::json& j, const promo_code_use_released& e);
void from_json(const nlohmann::json& j, promo_code_use_released& e);

using event = std::variant<promo_code_created, promo_code_use_held, promo_code_use_committed, promo_code_use_released>;

/// The events `cmd` causes given `current` (none when it is already satisfied), or why it is refused.
outcome<std::vector<event>> decide(const state& current, const command& cmd, const context& ctx);
/// `current` after `happened`.
state evolve(state current, const event& happened);

struct decider {
  using state = promo_code::state;
  using command = promo_code::command;
  using event = promo_code::event;
  static state initial_state() { return {}; }
  static outcome<std::vector<event>> decide(const state& s, const command& c, const context& ctx) {
    return promo_code::decide(s, c, ctx);
  }
  static state evolve(state s, const event& e) { return promo_code::evolve(std::move(s), e); }
};

} // namespace contoso::discounts::promo_code
