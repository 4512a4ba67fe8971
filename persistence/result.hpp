#pragma once
/// What every persistence call returns: a value, or a `persistence_error` when the infrastructure failed
/// (server unreachable, connection lost, timeout). Expected outcomes such as a version conflict are
/// values, not errors; nothing throws across the persistence interfaces.

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace contoso::persistence {

/// An infrastructure failure: the database could not answer. The outcome of a write that failed this
/// way is unknown; the caller recovers from the store instead of guessing.
struct persistence_error {
  std::string message;
};

/// A T, or a persistence_error.
template <class T>
class result {
public:
  result(T value) : value_(std::move(value)) {}
  result(persistence_error error) : value_(std::move(error)) {}

  bool ok() const noexcept { return value_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  const T& value() const& { return std::get<0>(checked()); }
  T& value() & { return std::get<0>(checked()); }
  T&& value() && { return std::get<0>(std::move(checked())); }

  const persistence_error& error() const {
    if (ok())
      throw std::logic_error("result::error() called on a value");
    return std::get<1>(value_);
  }

private:
  const std::variant<T, persistence_error>& checked() const {
    if (!ok())
      throw std::logic_error("result::value() called on an error: " + std::get<1>(value_).message);
    return value_;
  }
  std::variant<T, persistence_error>& checked() {
    return const_cast<std::variant<T, persistence_error>&>(std::as_const(*this).checked());
  }

  std::variant<T, persistence_error> value_;
};

/// Success without a value, or a persistence_error.
template <>
class result<void> {
public:
  result() = default;
  result(persistence_error error) : error_(std::move(error)) {}

  bool ok() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return ok(); }

  /// Throws std::logic_error on an error, like result<T>::value().
  void value() const {
    if (error_)
      throw std::logic_error("result::value() called on an error: " + error_->message);
  }

  const persistence_error& error() const {
    if (!error_)
      throw std::logic_error("result::error() called on a success");
    return *error_;
  }

private:
  std::optional<persistence_error> error_;
};

} // namespace contoso::persistence
