#pragma once
/// Reads the fields of a JSON request body in the contract's order of errors (API.md §7): a wrong
/// shape (not an object, a wrong JSON type, `null` for a required field, a non-integer or out-of-int32
/// where an integer is expected, a malformed UUID) is a 400 `bad_request` and comes before any rule;
/// rules (ranges, lengths, more than two decimals) are 422 and belong to the caller's `validator`.
///
///   body_reader body{request.json};
///   auto name = body.text("name");
///   auto quantity = body.integer("quantity");
///   if (auto malformed = body.shape_error()) return *malformed;

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/route.hpp"

namespace contoso::http {

class body_reader {
public:
  /// A body that is not a JSON object is a shape error at once.
  explicit body_reader(const nlohmann::json& body, std::string where = "");

  /// A string field: nullopt when absent, or when null and `required` is false; a wrong type (or null
  /// for a required field) is a shape error. A required field that is absent is NOT a shape error:
  /// "The X field is required." is a rule (422) the caller reports.
  std::optional<std::string> text(const std::string& name, bool required = true);
  /// An integer field that fits in int32; a fraction, a string or an overflow is a shape error.
  std::optional<std::int32_t> integer(const std::string& name, bool required = true);
  /// A number field, kept as JSON so the caller can check its decimals (a rule, 422).
  std::optional<nlohmann::json> number(const std::string& name, bool required = true);
  /// A boolean field.
  std::optional<bool> boolean(const std::string& name, bool required = true);
  /// A string field that must be a UUID (lower or upper case); anything else is a shape error.
  std::optional<std::string> uuid(const std::string& name, bool required = true);
  /// An array field (its elements are the caller's to read, e.g. with a nested body_reader).
  std::optional<nlohmann::json> array(const std::string& name, bool required = true);
  /// An object field.
  std::optional<nlohmann::json> object(const std::string& name, bool required = true);

  /// The 400 answer for the first shape error found, if any.
  std::optional<reply> shape_error() const;
  bool ok() const { return !first_error_; }

private:
  const nlohmann::json* field(const std::string& name, bool required);
  void fail(const std::string& name, const std::string& expected);

  const nlohmann::json& body_;
  std::string where_;
  std::optional<std::string> first_error_;
};

} // namespace contoso::http
