#pragma once
/// Reading ids and query parameters off a request, the same way on every route: ids are UUIDs kept in
/// lower case (the form the system stores them in); a malformed one is a 400.

#include <cstdint>
#include <optional>
#include <string>

#include "http/route.hpp"

namespace contoso::http {

/// A UUID in the lower-case form the system stores ids in.
std::string canonical_id(std::string id);

/// The path parameter `name` when it is a UUID (lower-cased); nullopt otherwise.
std::optional<std::string> path_uuid(const request& from, const std::string& name);

/// `?minVersion=N`: nullopt when absent; `malformed` is set for anything but a non-negative integer.
std::optional<std::int64_t> min_version(const request& from, bool& malformed);

} // namespace contoso::http
