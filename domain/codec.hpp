#pragma once
/// Events as stored: a type name, a schema version and JSON data. `encode` turns any alternative of an
/// event variant into that form; `decode` turns it back after the upcasters have brought old shapes
/// (older schema versions, renamed types) up to date.
///
/// Each event struct provides `static constexpr std::string_view type` (the Journey's name),
/// `static constexpr int schema_version`, and nlohmann `to_json`/`from_json` beside it.

#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/outcome.hpp"

namespace contoso {

struct stored_event {
  std::string type;
  int schema_version = 1;
  nlohmann::json data;

  auto tie() const { return std::tie(type, schema_version, data); }
};

/// Rewrites stored events of one (type, schema version) into a newer shape.
class upcasters {
public:
  using rewrite = std::function<stored_event(stored_event)>;

  /// Registers `apply` for events stored as `type` at `schema_version`; it must return another
  /// type or a higher version, so that applying upcasters always ends.
  upcasters& add(std::string type, int schema_version, rewrite apply);

  /// Applies matching upcasters until none matches.
  stored_event apply(stored_event event) const;

private:
  struct entry {
    std::string type;
    int schema_version;
    rewrite apply;
  };
  std::vector<entry> entries_;
};

/// The stored form of one event.
template <class Variant>
stored_event encode(const Variant& event) {
  return std::visit(
    [](const auto& body) {
      using body_type = std::decay_t<decltype(body)>;
      return stored_event{std::string{body_type::type}, body_type::schema_version, nlohmann::json(body)};
    },
    event);
}

namespace detail {

template <class Variant, std::size_t I = 0>
outcome<Variant> decode_alternative(const stored_event& event) {
  if constexpr (I == std::variant_size_v<Variant>) {
    return reject(error_code::bad_request, "unknown event type '" + event.type + "'");
  } else {
    using body_type = std::variant_alternative_t<I, Variant>;
    if (event.type != body_type::type)
      return decode_alternative<Variant, I + 1>(event);
    if (event.schema_version != body_type::schema_version)
      return reject(error_code::bad_request, event.type + ": schema version "
                                               + std::to_string(event.schema_version)
                                               + " has no upcaster to version "
                                               + std::to_string(body_type::schema_version));
    try {
      return Variant{event.data.get<body_type>()};
    } catch (const nlohmann::json::exception& error) {
      return reject(error_code::bad_request, event.type + ": " + error.what());
    }
  }
}

} // namespace detail

/// The event variant alternative named by `event.type`, after upcasting; a rejection (bad_request)
/// naming the type and the field for an unknown type, a missing field or a wrong JSON type.
template <class Variant>
outcome<Variant> decode(stored_event event, const upcasters& upcast = {}) {
  return detail::decode_alternative<Variant>(upcast.apply(std::move(event)));
}

} // namespace contoso
