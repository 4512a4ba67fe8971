#pragma once
/// Given events -> when command -> then events (or a rejection, or nothing), for any decider:
///
///   given<order::decider>({placed}).when(confirm).then({order_confirmed{}});
///   given<order::decider>({placed, confirmed}).when(reject).then_rejected(error_code::order_confirmed);
///
/// A decider is a struct with `state`, `command`, `event` types and static `initial_state()`,
/// `decide(const state&, const command&, const context&)` and `evolve(state, const event&)`.

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/context.hpp"
#include "domain/ids.hpp"
#include "domain/outcome.hpp"
#include "domain/time.hpp"

namespace contoso::testing {

/// 2026-11-23T10:00:00Z: the fixed "now" of domain tests.
inline instant fixed_now() { return *parse_instant("2026-11-23T10:00:00Z"); }

/// A context with a fixed clock, ids 00000000-0000-4000-8000-00000000000N and codes AAAAA2, AAAAA3, ...
inline context fixed_context(instant now = fixed_now()) {
  context ctx;
  ctx.now = now;
  ctx.new_id = [n = 0]() mutable {
    auto digits = std::to_string(++n);
    return "00000000-0000-4000-8000-" + std::string(12 - digits.size(), '0') + digits;
  };
  ctx.new_access_code = [n = 0]() mutable {
    ++n;
    return "AAAAA" + std::string(1, access_code_alphabet[std::size_t(n) % access_code_alphabet.size()]);
  };
  return ctx;
}

template <class Decider>
class given {
public:
  using state_type = typename Decider::state;
  using command_type = typename Decider::command;
  using event_type = typename Decider::event;

  explicit given(std::vector<event_type> history, context ctx = fixed_context())
    : state_(Decider::initial_state()), context_(std::move(ctx)) {
    for (const auto& event : history)
      state_ = Decider::evolve(std::move(state_), event);
  }

  /// Decides `command` against the state the history built.
  given& when(const command_type& command) {
    result_.emplace(Decider::decide(state_, command, context_));
    return *this;
  }

  /// The decision produced exactly these events.
  void then(const std::vector<event_type>& expected) const {
    REQUIRE(decided().ok());
    CHECK(decided().value() == expected);
  }
  /// The command was already satisfied: no events, no rejection.
  void then_nothing() const { then({}); }
  /// The command was refused with this code.
  void then_rejected(error_code code) const {
    REQUIRE_FALSE(decided().ok());
    CHECK(to_string(decided().error().code) == to_string(code));
  }

  /// The decision itself, for assertions the helpers above do not cover.
  const outcome<std::vector<event_type>>& decided() const {
    REQUIRE(result_.has_value());
    return *result_;
  }
  /// The state after the history (and after the decided events, once `when` ran).
  state_type state() const {
    auto folded = state_;
    if (result_ && result_->ok())
      for (const auto& event : result_->value())
        folded = Decider::evolve(std::move(folded), event);
    return folded;
  }
  context& ctx() { return context_; }

private:
  state_type state_;
  context context_;
  std::optional<outcome<std::vector<event_type>>> result_;
};

} // namespace contoso::testing

namespace Catch {
/// Messages print as their JSON, so a failed `then` shows both sides readably.
template <class... Alternatives>
struct StringMaker<std::variant<Alternatives...>> {
  static std::string convert(const std::variant<Alternatives...>& value) {
    return std::visit(
      [](const auto& body) {
        using body_type = std::decay_t<decltype(body)>;
        return std::string{body_type::type} + " " + nlohmann::json(body).dump();
      },
      value);
  }
};
} // namespace Catch
