#pragma once
/// Identifiers and access codes. Random ones come from the operating system's cryptographic source;
/// `decide` never calls these itself: they reach it through `context`, so tests can fix them.

#include <string>
#include <string_view>

namespace contoso {

/// The access-code alphabet of DOMAIN.md: no I, L, O or 0, so codes read back unambiguously.
inline constexpr std::string_view access_code_alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ123456789";
inline constexpr std::size_t access_code_length = 6;

/// A random (version 4) UUID in lower-case canonical form.
std::string random_uuid();
/// Six characters from `access_code_alphabet`, uniformly drawn from a cryptographic source.
std::string random_access_code();
/// A UUID derived from a name and a namespace-like purpose: the same inputs always give the same id
/// (used where creation must be idempotent, such as an order's seat assignments).
std::string derived_uuid(std::string_view purpose, std::string_view name);
/// Whether `text` is a UUID in canonical 8-4-4-4-12 hex form (either case).
bool is_uuid(std::string_view text);

} // namespace contoso
