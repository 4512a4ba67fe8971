#pragma once
/// A value of T, or an error of E: the shape shared by decisions (`outcome`, errors are rejections)
/// and by infrastructure calls (`persistence::result`, errors are persistence failures).
/// E must have a `message` member, used when a caller reads the wrong side.

#include <optional>
#include <stdexcept>
#include <utility>
#include <variant>

namespace contoso {

template <class T, class E>
class expected {
public:
  expected(T value) : value_(std::move(value)) {}
  expected(E error) : value_(std::move(error)) {}

  bool ok() const noexcept { return value_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  const T& value() const& { return std::get<0>(checked()); }
  T& value() & { return std::get<0>(checked()); }
  T&& value() && { return std::get<0>(std::move(checked())); }

  /// Throws std::logic_error when there is a value.
  const E& error() const {
    if (ok())
      throw std::logic_error("error() called on a value");
    return std::get<1>(value_);
  }

private:
  const std::variant<T, E>& checked() const {
    if (!ok())
      throw std::logic_error("value() called on an error: " + std::get<1>(value_).message);
    return value_;
  }
  std::variant<T, E>& checked() { return const_cast<std::variant<T, E>&>(std::as_const(*this).checked()); }

  std::variant<T, E> value_;
};

/// Success without a value, or an error of E.
template <class E>
class expected<void, E> {
public:
  expected() = default;
  expected(E error) : error_(std::move(error)) {}

  bool ok() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return ok(); }

  /// Throws std::logic_error on an error, like expected<T, E>::value().
  void value() const {
    if (error_)
      throw std::logic_error("value() called on an error: " + error_->message);
  }

  /// Throws std::logic_error on success.
  const E& error() const {
    if (!error_)
      throw std::logic_error("error() called on a success");
    return *error_;
  }

private:
  std::optional<E> error_;
};

} // namespace contoso
