#include "http/body_reader.hpp"

#include <limits>

#include "domain/ids.hpp"
#include "http/error_mapping.hpp"

namespace contoso::http {

body_reader::body_reader(const nlohmann::json& body, std::string where) : body_(body), where_(std::move(where)) {
  if (!body_.is_object())
    first_error_ = (where_.empty() ? std::string("The body") : where_) + " must be a JSON object.";
}

const nlohmann::json* body_reader::field(const std::string& name, bool required) {
  if (!body_.is_object())
    return nullptr;
  auto found = body_.find(name);
  if (found == body_.end())
    return nullptr;
  if (found->is_null()) {
    if (required)
      fail(name, "a value, not null");
    return nullptr;
  }
  return &*found;
}

void body_reader::fail(const std::string& name, const std::string& expected) {
  if (!first_error_)
    first_error_ = "The field " + where_ + name + " must be " + expected + ".";
}

std::optional<std::string> body_reader::text(const std::string& name, bool required) {
  auto* value = field(name, required);
  if (!value)
    return std::nullopt;
  if (!value->is_string()) {
    fail(name, "a string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<std::int32_t> body_reader::integer(const std::string& name, bool required) {
  auto* value = field(name, required);
  if (!value)
    return std::nullopt;
  const bool fits = (value->is_number_integer() && !value->is_number_unsigned()
                     && value->get<std::int64_t>() >= std::numeric_limits<std::int32_t>::min()
                     && value->get<std::int64_t>() <= std::numeric_limits<std::int32_t>::max())
                    || (value->is_number_unsigned()
                        && value->get<std::uint64_t>() <= std::uint64_t(std::numeric_limits<std::int32_t>::max()));
  if (!fits) {
    fail(name, "an integer between -2147483648 and 2147483647");
    return std::nullopt;
  }
  return static_cast<std::int32_t>(value->get<std::int64_t>());
}

std::optional<nlohmann::json> body_reader::number(const std::string& name, bool required) {
  auto* value = field(name, required);
  if (!value)
    return std::nullopt;
  if (!value->is_number()) {
    fail(name, "a number");
    return std::nullopt;
  }
  return *value;
}

std::optional<bool> body_reader::boolean(const std::string& name, bool required) {
  auto* value = field(name, required);
  if (!value)
    return std::nullopt;
  if (!value->is_boolean()) {
    fail(name, "true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::string> body_reader::uuid(const std::string& name, bool required) {
  auto* value = field(name, required);
  if (!value)
    return std::nullopt;
  if (!value->is_string() || !is_uuid(value->get<std::string>())) {
    fail(name, "a UUID");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<nlohmann::json> body_reader::array(const std::string& name, bool required) {
  auto* value = field(name, required);
  if (!value)
    return std::nullopt;
  if (!value->is_array()) {
    fail(name, "an array");
    return std::nullopt;
  }
  return *value;
}

std::optional<nlohmann::json> body_reader::object(const std::string& name, bool required) {
  auto* value = field(name, required);
  if (!value)
    return std::nullopt;
  if (!value->is_object()) {
    fail(name, "an object");
    return std::nullopt;
  }
  return *value;
}

std::optional<reply> body_reader::shape_error() const {
  if (!first_error_)
    return std::nullopt;
  return error_reply(error_code::bad_request, *first_error_);
}

} // namespace contoso::http
