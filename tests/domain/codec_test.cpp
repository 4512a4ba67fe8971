#include <string_view>
#include <variant>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "domain/codec.hpp"
#include "domain/message.hpp"
#include "domain/money.hpp"

namespace toy {
using contoso::operator==;

// A two-event toy stream exercising the codec machinery independently of any aggregate.
struct item_priced {
  static constexpr std::string_view type = "ItemPriced";
  static constexpr int schema_version = 2;
  std::string item;
  contoso::money price;
  bool is_free = false;
  auto tie() const { return std::tie(item, price, is_free); }
};
inline void to_json(nlohmann::json& j, const item_priced& e) {
  j = {{"item", e.item}, {"price", e.price}, {"isFree", e.is_free}};
}
inline void from_json(const nlohmann::json& j, item_priced& e) {
  j.at("item").get_to(e.item);
  j.at("price").get_to(e.price);
  j.at("isFree").get_to(e.is_free);
}

struct item_dropped {
  static constexpr std::string_view type = "ItemDropped";
  static constexpr int schema_version = 1;
  std::string item;
  auto tie() const { return std::tie(item); }
};
inline void to_json(nlohmann::json& j, const item_dropped& e) { j = {{"item", e.item}}; }
inline void from_json(const nlohmann::json& j, item_dropped& e) { j.at("item").get_to(e.item); }

using event = std::variant<item_priced, item_dropped>;

contoso::upcasters upcasters() {
  contoso::upcasters all;
  // V1 called it "ItemCosted" and had no isFree.
  all.add("ItemCosted", 1, [](contoso::stored_event old) {
    return contoso::stored_event{"ItemPriced", 1, std::move(old.data)};
  });
  all.add("ItemPriced", 1, [](contoso::stored_event old) {
    old.data["isFree"] = old.data.at("price") == 0;
    return contoso::stored_event{"ItemPriced", 2, std::move(old.data)};
  });
  return all;
}
} // namespace toy

using namespace contoso;

TEST_CASE("codec: an event round-trips through its stored form", "[domain][codec]") {
  toy::event original = toy::item_priced{"seat", money::from_cents(999), false};
  auto stored = encode(original);
  CHECK(stored.type == "ItemPriced");
  CHECK(stored.schema_version == 2);
  CHECK(stored.data == nlohmann::json{{"item", "seat"}, {"price", 9.99}, {"isFree", false}});
  auto decoded = decode<toy::event>(stored);
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == original);
}

TEST_CASE("codec: upcasters chain a rename and a new field", "[domain][codec]") {
  stored_event v1{"ItemCosted", 1, {{"item", "ticket"}, {"price", 0}}};
  auto decoded = decode<toy::event>(v1, toy::upcasters());
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == toy::event{toy::item_priced{"ticket", money{}, true}});
}

TEST_CASE("codec: unknown fields are ignored", "[domain][codec]") {
  stored_event stored{"ItemDropped", 1, {{"item", "x"}, {"addedLater", 7}}};
  auto decoded = decode<toy::event>(stored);
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == toy::event{toy::item_dropped{"x"}});
}

TEST_CASE("codec: bad stored events are clear rejections, not crashes", "[domain][codec]") {
  SECTION("a missing required field names it") {
    auto decoded = decode<toy::event>(stored_event{"ItemDropped", 1, nlohmann::json::object()});
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == error_code::bad_request);
    CHECK_THAT(decoded.error().message, Catch::Contains("ItemDropped") && Catch::Contains("item"));
  }
  SECTION("a wrong JSON type") {
    auto decoded = decode<toy::event>(stored_event{"ItemPriced", 2, {{"item", 1}, {"price", 1}, {"isFree", true}}});
    CHECK_FALSE(decoded.ok());
  }
  SECTION("money with three decimals") {
    auto decoded = decode<toy::event>(stored_event{"ItemPriced", 2, {{"item", "a"}, {"price", 9.987}, {"isFree", false}}});
    CHECK_FALSE(decoded.ok());
  }
  SECTION("an unknown type") {
    auto decoded = decode<toy::event>(stored_event{"Nope", 1, {}});
    REQUIRE_FALSE(decoded.ok());
    CHECK_THAT(decoded.error().message, Catch::Contains("Nope"));
  }
  SECTION("a schema version with no upcaster") {
    CHECK_FALSE(decode<toy::event>(stored_event{"ItemPriced", 7, {}}).ok());
  }
}
