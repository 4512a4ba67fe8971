#pragma once
/// Input rules shared by the aggregates, with the contract's messages. Each check adds a sentence to a
/// `field_messages` map under the wire name of the field; a non-empty map becomes a validation_failed
/// rejection.

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/outcome.hpp"

namespace contoso {

/// The message for "no seat with a quantity above zero".
inline constexpr std::string_view one_or_more_items_required = "One or more items are required.";

/// Number of Unicode code points in UTF-8 text (lengths in the contract count code points).
std::size_t code_points(std::string_view utf8);

bool is_valid_email(std::string_view text);
/// `^[A-Za-z0-9_]+$`
bool is_valid_slug(std::string_view text);

/// Collects field messages; `display` is the field's name in the sentence ("LastName").
///
/// Every text rule also refuses the NUL character (U+0000): texts are stored and returned verbatim, and
/// the store cannot hold that one character, so it is refused the same way in every field rather than
/// cut off or failing the write.
class validator {
public:
  /// "The {display} field must not contain the NUL character." for a text with no other rule.
  validator& text(std::string_view field, std::string_view display, std::string_view value);
  /// "The {display} field is required." when `value` is empty or only white space.
  validator& required(std::string_view field, std::string_view display, std::string_view value);
  /// "The field {display} must be a string with a maximum length of {max}." (code points)
  validator& max_length(std::string_view field, std::string_view display, std::string_view value,
                        std::size_t max);
  /// "The field {display} must be a string with a minimum length of {min} and a maximum length of {max}."
  validator& length_between(std::string_view field, std::string_view display, std::string_view value,
                            std::size_t min, std::size_t max);
  /// "The field {display} must be between {min} and {max}."
  validator& in_range(std::string_view field, std::string_view display, long long value, long long min,
                      long long max);
  /// "The {display} field is not a valid e-mail address." (skipped when empty: `required` says that)
  validator& email(std::string_view field, std::string_view display, std::string_view value);
  /// Any other rule: `message` when `ok` is false.
  validator& check(bool ok, std::string_view field, std::string message);

  bool empty() const { return fields_.empty(); }
  const field_messages& fields() const { return fields_; }
  /// validation_failed with the collected fields and a summary sentence.
  rejection to_rejection() const;
  /// validation_failed with the collected fields and `message`, for a rule the contract gives its own sentence.
  rejection to_rejection(std::string message) const;

private:
  void add(std::string_view field, std::string message);
  field_messages fields_;
};

} // namespace contoso
