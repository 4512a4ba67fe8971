#pragma once
/// What every persistence call returns: a value, or a `persistence_error` when the infrastructure failed
/// (server unreachable, connection lost, timeout). Expected outcomes such as a version conflict are
/// values, not errors; nothing throws across the persistence interfaces.

#include <string>

#include "domain/expected.hpp"

namespace contoso::persistence {

/// An infrastructure failure: the database could not answer. The outcome of a write that failed this
/// way is unknown; the caller recovers from the store instead of guessing.
///
/// `invalid_input` is the one failure that is not the database's health: it refused a value the caller
/// gave it (a NUL character in text, bytes that are not UTF-8, a number out of its column's range).
/// Nothing was written, and asking again with the same values fails the same way.
struct persistence_error {
  enum class cause { unavailable, invalid_input };
  std::string message;
  cause why = cause::unavailable;

  bool invalid_input() const { return why == cause::invalid_input; }
};

/// A T, or a persistence_error (`result<void>`: success, or a persistence_error).
template <class T>
using result = contoso::expected<T, persistence_error>;

} // namespace contoso::persistence
