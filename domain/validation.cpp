#include "domain/validation.hpp"

#include <algorithm>

namespace contoso {

std::size_t code_points(std::string_view utf8) {
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool is_valid_email(std::string_view text) {
  // One '@', a non-empty local part, and a domain with a dot that neither starts nor ends it;
  // no white space or control characters anywhere.
  if (text.size() > 254)
    return false;
  auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos)
    return false;
  auto domain = text.substr(at + 1);
  auto dot = domain.rfind('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size()
      || domain.front() == '.' || domain.find("..") != std::string_view::npos)
    return false;
  return std::none_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"';
  });
}

bool is_valid_slug(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

validator& validator::text(std::string_view field, std::string_view display, std::string_view value) {
  if (value.find('\0') != std::string_view::npos)
    add(field, "The " + std::string{display} + " field must not contain the NUL character.");
  return *this;
}

validator& validator::required(std::string_view field, std::string_view display, std::string_view value) {
  text(field, display, value);
  bool blank = std::all_of(value.begin(), value.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  });
  if (blank)
    add(field, "The " + std::string{display} + " field is required.");
  return *this;
}

validator& validator::max_length(std::string_view field, std::string_view display, std::string_view value,
                                 std::size_t max) {
  text(field, display, value);
  if (code_points(value) > max)
    add(field, "The field " + std::string{display} + " must be a string with a maximum length of "
                 + std::to_string(max) + ".");
  return *this;
}

validator& validator::length_between(std::string_view field, std::string_view display,
                                     std::string_view value, std::size_t min, std::size_t max) {
  text(field, display, value);
  auto length = code_points(value);
  if (length < min || length > max)
    add(field, "The field " + std::string{display} + " must be a string with a minimum length of "
                 + std::to_string(min) + " and a maximum length of " + std::to_string(max) + ".");
  return *this;
}

validator& validator::in_range(std::string_view field, std::string_view display, long long value,
                               long long min, long long max) {
  if (value < min || value > max)
    add(field, "The field " + std::string{display} + " must be between " + std::to_string(min) + " and "
                 + std::to_string(max) + ".");
  return *this;
}

validator& validator::email(std::string_view field, std::string_view display, std::string_view value) {
  text(field, display, value);
  if (!value.empty() && !is_valid_email(value))
    add(field, "The " + std::string{display} + " field is not a valid e-mail address.");
  return *this;
}

validator& validator::check(bool ok, std::string_view field, std::string message) {
  if (!ok)
    add(field, std::move(message));
  return *this;
}

rejection validator::to_rejection() const { return to_rejection("One or more fields are invalid."); }

rejection validator::to_rejection(std::string message) const {
  return rejection{error_code::validation_failed, std::move(message), fields_};
}

void validator::add(std::string_view field, std::string message) {
  // The first problem with a field is the one worth telling.
  fields_.emplace(std::string{field}, std::move(message));
}

} // namespace contoso
