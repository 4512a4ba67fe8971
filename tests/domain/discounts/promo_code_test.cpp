#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/codec.hpp"
#include "domain/discounts/promo_code.hpp"
#include "tests/support/given.hpp"

using namespace contoso;
using namespace contoso::discounts::promo_code;
using contoso::testing::given;

namespace {

const std::string conference_id = "00000000-0000-4000-8000-0000000000c2";
const std::string general = "00000000-0000-4000-8000-0000000000a1";
const std::string order_a = "00000000-0000-4000-8000-0000000000b1";
const std::string order_b = "00000000-0000-4000-8000-0000000000b2";

money usd(const char* amount) { return *money::parse(amount); }

create_promo_code create(std::optional<int> max_uses = std::nullopt) {
  return create_promo_code{conference_id, "Early10", 10, std::nullopt, {general}, max_uses};
}

event created(std::optional<int> max_uses = std::nullopt) {
  return promo_code_created{conference_id, {"EARLY10", registration::percent_off{10}, {general}}, max_uses};
}

} // namespace

TEST_CASE("promo code: a code is created upper-case with its terms", "[domain][promo_code]") {
  given<decider> creating({});
  creating.when(create(5)).then({created(5)});
  REQUIRE(terms(creating.state()).has_value());
  CHECK(terms(creating.state())->code == "EARLY10");

  given<decider>({})
    .when(create_promo_code{conference_id, "TENOFF", std::nullopt, usd("10"), {}, std::nullopt})
    .then({promo_code_created{conference_id, {"TENOFF", registration::amount_off{usd("10")}, {}}, std::nullopt}});
}

TEST_CASE("promo code: a second code with the same text in the same conference is refused", "[domain][promo_code]") {
  given<decider>({created()}).when(create()).then_rejected(error_code::promo_code_exists);
}

TEST_CASE("promo code: codes are matched case-insensitively", "[domain][promo_code]") {
  CHECK(canonical_code("early10") == "EARLY10");
  CHECK(stream_id(conference_id, "early10") == stream_id(conference_id, "EARLY10"));
  CHECK(stream_id(conference_id, "Early10") == stream_id(conference_id, "eArLy10"));
  CHECK(stream_id(conference_id, "EARLY10") != stream_id(conference_id, "EARLY11"));
  CHECK(stream_id(conference_id, "EARLY10") != stream_id("00000000-0000-4000-8000-0000000000c3", "EARLY10"));
  CHECK(is_uuid(stream_id(conference_id, "EARLY10")));
}

TEST_CASE("promo code: creating a code validates its terms", "[domain][promo_code]") {
  auto fields_of = [](create_promo_code cmd) {
    given<decider> creating({});
    creating.when(cmd).then_rejected(error_code::validation_failed);
    return creating.decided().error().fields;
  };
  auto bad_code = create();
  SECTION("the code") {
    for (auto code : {"AB", "ABCDEFGHIJKLMNOPQRSTU", "EARLY-10", "ÉCOLE", ""}) {
      bad_code.code = code;
      CHECK(fields_of(bad_code).count("code") == 1);
    }
    bad_code.code = "abc";
    given<decider>({}).when(bad_code).then(
      {promo_code_created{conference_id, {"ABC", registration::percent_off{10}, {general}}, std::nullopt}});
  }
  SECTION("either percentOff or amountOff") {
    auto both = create();
    both.amount_off = usd("5");
    CHECK(fields_of(both) == field_messages{{"percentOff", "Give either PercentOff or AmountOff."}});
    auto neither = create();
    neither.percent_off.reset();
    CHECK(fields_of(neither) == field_messages{{"percentOff", "Give either PercentOff or AmountOff."}});
  }
  SECTION("percentOff from 1 to 100") {
    auto zero = create();
    zero.percent_off = 0;
    CHECK(fields_of(zero) == field_messages{{"percentOff", "The field PercentOff must be between 1 and 100."}});
    auto over = create();
    over.percent_off = 101;
    CHECK(fields_of(over).count("percentOff") == 1);
  }
  SECTION("amountOff above zero") {
    auto zero = create_promo_code{conference_id, "FREE", std::nullopt, money{}, {}, std::nullopt};
    CHECK(fields_of(zero).count("amountOff") == 1);
  }
  SECTION("maxUses at least 1") {
    CHECK(fields_of(create(0)) == field_messages{{"maxUses", "The field MaxUses must be at least 1."}});
  }
}

TEST_CASE("promo code: a use is held, then committed", "[domain][promo_code]") {
  given<decider> holding({created(2)});
  holding.when(hold_promo_code_use{order_a}).then({promo_code_use_held{order_a}});
  CHECK(holding.state().held == std::set<std::string>{order_a});

  given<decider> committing({created(2), promo_code_use_held{order_a}});
  committing.when(commit_promo_code_use{order_a}).then({promo_code_use_committed{order_a}});
  CHECK(committing.state().held.empty());
  CHECK(committing.state().used == std::set<std::string>{order_a});
}

TEST_CASE("promo code: holding, committing or releasing twice for one order counts once", "[domain][promo_code]") {
  given<decider>({created(1), promo_code_use_held{order_a}}).when(hold_promo_code_use{order_a}).then_nothing();
  given<decider>({created(1), promo_code_use_held{order_a}, promo_code_use_committed{order_a}})
    .when(hold_promo_code_use{order_a})
    .then_nothing();
  given<decider>({created(1), promo_code_use_held{order_a}, promo_code_use_committed{order_a}})
    .when(commit_promo_code_use{order_a})
    .then_nothing();
  given<decider>({created(1), promo_code_use_held{order_a}, promo_code_use_released{order_a}})
    .when(release_promo_code_use{order_a})
    .then_nothing();
}

TEST_CASE("promo code: of two orders racing for the last use, the second is refused", "[domain][promo_code]") {
  given<decider>({created(1), promo_code_use_held{order_a}})
    .when(hold_promo_code_use{order_b})
    .then_rejected(error_code::promo_code_invalid);
  given<decider>({created(2), promo_code_use_held{order_a}, promo_code_use_committed{order_a},
                  promo_code_use_held{"00000000-0000-4000-8000-0000000000b3"}})
    .when(hold_promo_code_use{order_b})
    .then_rejected(error_code::promo_code_invalid);
  given<decider>({created(), promo_code_use_held{order_a}}).when(hold_promo_code_use{order_b}).then({promo_code_use_held{order_b}});
}

TEST_CASE("promo code: a released use can be held by another order", "[domain][promo_code]") {
  given<decider> releasing({created(1), promo_code_use_held{order_a}});
  releasing.when(release_promo_code_use{order_a}).then({promo_code_use_released{order_a}});
  given<decider>({created(1), promo_code_use_held{order_a}, promo_code_use_released{order_a}})
    .when(hold_promo_code_use{order_b})
    .then({promo_code_use_held{order_b}});
}

TEST_CASE("promo code: a committed use is not released", "[domain][promo_code]") {
  given<decider>({created(1), promo_code_use_held{order_a}, promo_code_use_committed{order_a}})
    .when(release_promo_code_use{order_a})
    .then_nothing();
}

TEST_CASE("promo code: an order confirmed after its hold was released still counts its use", "[domain][promo_code]") {
  given<decider> late({created(1), promo_code_use_held{order_a}, promo_code_use_released{order_a}});
  late.when(commit_promo_code_use{order_a}).then({promo_code_use_committed{order_a}});
  CHECK(late.state().used.size() == 1);
}

TEST_CASE("promo code: a code that does not exist cannot be used", "[domain][promo_code]") {
  given<decider>({}).when(hold_promo_code_use{order_a}).then_rejected(error_code::promo_code_invalid);
}

TEST_CASE("promo code codec: events, commands and state round-trip with all fields", "[domain][codec][promo_code]") {
  std::vector<event> events{created(3), created(),
                            promo_code_created{conference_id, {"TENOFF", registration::amount_off{usd("10.5")}, {}}, 1},
                            promo_code_use_held{order_a}, promo_code_use_committed{order_a},
                            promo_code_use_released{order_b}};
  for (const auto& e : events) {
    auto decoded = decode<event>(encode(e));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == e);
  }
  std::vector<command> commands{create(4), create_promo_code{conference_id, "TENOFF", std::nullopt, usd("10.5"), {}, std::nullopt},
                                hold_promo_code_use{order_a}, commit_promo_code_use{order_a}, release_promo_code_use{order_a}};
  for (const auto& c : commands) {
    auto decoded = decode<command>(encode(c));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == c);
  }
  CHECK(encode(events[0]).data
        == nlohmann::json{{"conferenceId", conference_id}, {"code", "EARLY10"}, {"percentOff", 10},
                          {"seatTypeIds", {general}}, {"maxUses", 3}});
  given<decider> used({created(3), promo_code_use_held{order_a}, promo_code_use_held{order_b}, promo_code_use_committed{order_b}});
  CHECK(nlohmann::json(used.state()).get<state>() == used.state());
}
