#include "domain/discounts/promo_code.hpp"

#include <algorithm>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "domain/validation.hpp"

namespace contoso::discounts::promo_code {

std::string canonical_code(std::string_view text) {
  std::string upper{text};
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
  return upper;
}

bool is_valid_code(std::string_view code) {
  return code.size() >= 3 && code.size() <= 20 && std::all_of(code.begin(), code.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
         });
}

std::string stream_id(std::string_view conference_id, std::string_view code) {
  return derived_uuid("promo_code", std::string{conference_id} + "/" + canonical_code(code));
}

std::optional<registration::promo_terms> terms(const state& current) { return current.terms; }

nlohmann::json answer(const state& current) {
  if (!current.terms)
    return nullptr;
  return *current.terms;
}

// ---- JSON

namespace {

void put_max_uses(nlohmann::json& j, const std::optional<int>& max_uses) {
  j["maxUses"] = max_uses ? nlohmann::json(*max_uses) : nlohmann::json(nullptr);
}

std::optional<int> get_max_uses(const nlohmann::json& j) {
  if (!j.contains("maxUses") || j.at("maxUses").is_null())
    return std::nullopt;
  return j.at("maxUses").get<int>();
}

} // namespace

void to_json(nlohmann::json& j, const state& s) {
  j = {{"conferenceId", s.conference_id}, {"terms", nullptr}, {"held", s.held}, {"used", s.used}};
  if (s.terms)
    j["terms"] = *s.terms;
  put_max_uses(j, s.max_uses);
}
void from_json(const nlohmann::json& j, state& s) {
  j.at("conferenceId").get_to(s.conference_id);
  s.terms.reset();
  if (!j.at("terms").is_null())
    s.terms = j.at("terms").get<registration::promo_terms>();
  s.max_uses = get_max_uses(j);
  j.at("held").get_to(s.held);
  j.at("used").get_to(s.used);
}

void to_json(nlohmann::json& j, const create_promo_code& c) {
  j = {{"conferenceId", c.conference_id}, {"code", c.code}, {"seatTypeIds", c.seat_type_ids}};
  if (c.percent_off)
    j["percentOff"] = *c.percent_off;
  if (c.amount_off)
    j["amountOff"] = *c.amount_off;
  put_max_uses(j, c.max_uses);
}
void from_json(const nlohmann::json& j, create_promo_code& c) {
  j.at("conferenceId").get_to(c.conference_id);
  j.at("code").get_to(c.code);
  j.at("seatTypeIds").get_to(c.seat_type_ids);
  c.percent_off.reset();
  c.amount_off.reset();
  if (j.contains("percentOff") && !j.at("percentOff").is_null())
    c.percent_off = j.at("percentOff").get<int>();
  if (j.contains("amountOff") && !j.at("amountOff").is_null())
    c.amount_off = j.at("amountOff").get<money>();
  c.max_uses = get_max_uses(j);
}

void to_json(nlohmann::json& j, const hold_promo_code_use& c) { j = {{"orderId", c.order_id}}; }
void from_json(const nlohmann::json& j, hold_promo_code_use& c) { j.at("orderId").get_to(c.order_id); }
void to_json(nlohmann::json& j, const commit_promo_code_use& c) { j = {{"orderId", c.order_id}}; }
void from_json(const nlohmann::json& j, commit_promo_code_use& c) { j.at("orderId").get_to(c.order_id); }
void to_json(nlohmann::json& j, const release_promo_code_use& c) { j = {{"orderId", c.order_id}}; }
void from_json(const nlohmann::json& j, release_promo_code_use& c) { j.at("orderId").get_to(c.order_id); }

void to_json(nlohmann::json& j, const promo_code_created& e) {
  j = e.terms;
  j["conferenceId"] = e.conference_id;
  put_max_uses(j, e.max_uses);
}
void from_json(const nlohmann::json& j, promo_code_created& e) {
  j.at("conferenceId").get_to(e.conference_id);
  j.get_to(e.terms);
  e.max_uses = get_max_uses(j);
}

void to_json(nlohmann::json& j, const promo_code_use_held& e) { j = {{"orderId", e.order_id}}; }
void from_json(const nlohmann::json& j, promo_code_use_held& e) { j.at("orderId").get_to(e.order_id); }
void to_json(nlohmann::json& j, const promo_code_use_committed& e) { j = {{"orderId", e.order_id}}; }
void from_json(const nlohmann::json& j, promo_code_use_committed& e) { j.at("orderId").get_to(e.order_id); }
void to_json(nlohmann::json& j, const promo_code_use_released& e) { j = {{"orderId", e.order_id}}; }
void from_json(const nlohmann::json& j, promo_code_use_released& e) { j.at("orderId").get_to(e.order_id); }

// ---- decide

namespace {

rejection invalid_code() {
  return reject(error_code::promo_code_invalid, "The promo code does not exist or has no uses left.");
}

outcome<std::vector<event>> decide_create_promo_code(const state& current, const create_promo_code& cmd) {
  auto code = canonical_code(cmd.code);
  validator check;
  check.check(is_valid_code(code), "code", "The field Code must be 3 to 20 letters or digits.");
  check.check(cmd.percent_off.has_value() != cmd.amount_off.has_value(), "percentOff",
              "Give either PercentOff or AmountOff.");
  if (cmd.percent_off)
    check.in_range("percentOff", "PercentOff", *cmd.percent_off, 1, 100);
  if (cmd.amount_off)
    check.check(*cmd.amount_off > money{} && *cmd.amount_off <= money::from_cents(5000000), "amountOff",
                "The field AmountOff must be between 0.01 and 50000.");
  if (cmd.max_uses)
    check.check(*cmd.max_uses >= 1, "maxUses", "The field MaxUses must be at least 1.");
  if (!check.empty())
    return check.to_rejection();
  if (current.terms)
    return reject(error_code::promo_code_exists, "The conference already has the promo code " + code + ".");

  registration::promo_terms terms{code, registration::percent_off{}, cmd.seat_type_ids};
  if (cmd.percent_off)
    terms.reduction = registration::percent_off{*cmd.percent_off};
  else
    terms.reduction = registration::amount_off{*cmd.amount_off};
  return std::vector<event>{promo_code_created{cmd.conference_id, terms, cmd.max_uses}};
}

outcome<std::vector<event>> decide_hold_promo_code_use(const state& current, const hold_promo_code_use& cmd) {
  if (!current.terms)
    return invalid_code();
  if (current.held.count(cmd.order_id) || current.used.count(cmd.order_id))
    return std::vector<event>{};
  auto uses = static_cast<int>(current.held.size() + current.used.size());
  if (current.max_uses && uses >= *current.max_uses)
    return invalid_code();
  return std::vector<event>{promo_code_use_held{cmd.order_id}};
}

outcome<std::vector<event>> decide_commit_promo_code_use(const state& current, const commit_promo_code_use& cmd) {
  if (!current.terms)
    return invalid_code();
  if (current.used.count(cmd.order_id))
    return std::vector<event>{};
  return std::vector<event>{promo_code_use_committed{cmd.order_id}};
}

outcome<std::vector<event>> decide_release_promo_code_use(const state& current, const release_promo_code_use& cmd) {
  if (current.held.count(cmd.order_id) == 0)
    return std::vector<event>{};
  return std::vector<event>{promo_code_use_released{cmd.order_id}};
}

} // namespace

outcome<std::vector<event>> decide(const state& current, const command& cmd, const context&) {
  return std::visit(
    [&](const auto& c) -> outcome<std::vector<event>> {
      using type = std::decay_t<decltype(c)>;
      if constexpr (std::is_same_v<type, create_promo_code>)
        return decide_create_promo_code(current, c);
      else if constexpr (std::is_same_v<type, hold_promo_code_use>)
        return decide_hold_promo_code_use(current, c);
      else if constexpr (std::is_same_v<type, commit_promo_code_use>)
        return decide_commit_promo_code_use(current, c);
      else
        return decide_release_promo_code_use(current, c);
    },
    cmd);
}

state evolve(state current, const event& happened) {
  std::visit(
    [&](const auto& e) {
      using type = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<type, promo_code_created>) {
        current.conference_id = e.conference_id;
        current.terms = e.terms;
        current.max_uses = e.max_uses;
      } else if constexpr (std::is_same_v<type, promo_code_use_held>) {
        current.held.insert(e.order_id);
      } else if constexpr (std::is_same_v<type, promo_code_use_committed>) {
        current.held.erase(e.order_id);
        current.used.insert(e.order_id);
      } else {
        current.held.erase(e.order_id);
      }
    },
    happened);
  return current;
}

} // namespace contoso::discounts::promo_code
