#include "domain/ids.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>

#include <sys/random.h>

namespace contoso {

namespace {

void fill_random(void* buffer, std::size_t size) {
  auto* bytes = static_cast<unsigned char*>(buffer);
  while (size > 0) {
    auto got = getrandom(bytes, size, 0);
    if (got < 0)
      throw std::runtime_error("getrandom failed");
    bytes += got;
    size -= static_cast<std::size_t>(got);
  }
}

std::string format_uuid(const std::array<unsigned char, 16>& bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      text += '-';
    text += hex[bytes[i] >> 4];
    text += hex[bytes[i] & 0xF];
  }
  return text;
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t seed) {
  auto hash = seed;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

} // namespace

std::string random_uuid() {
  std::array<unsigned char, 16> bytes{};
  fill_random(bytes.data(), bytes.size());
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  return format_uuid(bytes);
}

std::string random_access_code() {
  std::string code;
  while (code.size() < access_code_length) {
    unsigned char byte = 0;
    fill_random(&byte, 1);
    // 256 = 8 × 32: every byte maps onto the 32-letter alphabet evenly, so the draw stays uniform.
    static_assert(256 % access_code_alphabet.size() == 0);
    code += access_code_alphabet[byte % access_code_alphabet.size()];
  }
  return code;
}

std::string derived_uuid(std::string_view purpose, std::string_view name) {
  // Two independent 64-bit FNV-1a hashes of "purpose:name"; identity, not secrecy, is the goal.
  std::string key{purpose};
  key += ':';
  key += name;
  auto high = fnv1a(key, 0xcbf29ce484222325ULL);
  auto low = fnv1a(key, 0x84222325cbf29ce4ULL ^ high);
  std::array<unsigned char, 16> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[std::size_t(i)] = static_cast<unsigned char>(high >> (56 - 8 * i));
    bytes[std::size_t(8 + i)] = static_cast<unsigned char>(low >> (56 - 8 * i));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x80); // version 8: custom
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  return format_uuid(bytes);
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36)
    return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-')
        return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

} // namespace contoso
