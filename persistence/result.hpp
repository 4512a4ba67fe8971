#pragma once
/// What every persistence call returns: a value, or a `persistence_error` when the infrastructure failed
/// (server unreachable, connection lost, timeout). Expected outcomes such as a version conflict are
/// values, not errors; nothing throws across the persistence interfaces.

#include <string>

#include "domain/expected.hpp"

namespace contoso::persistence {

/// An infrastructure failure: the database could not answer. The outcome of a write that failed this
/// way is unknown; the caller recovers from the store instead of guessing.
struct persistence_error {
  std::string message;
};

/// A T, or a persistence_error (`result<void>`: success, or a persistence_error).
template <class T>
using result = contoso::expected<T, persistence_error>;

} // namespace contoso::persistence
