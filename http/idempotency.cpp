#include "http/idempotency.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <thread>

#include "domain/ids.hpp"
#include "http/error_mapping.hpp"

namespace contoso::http {
namespace {

/// A claim not completed within this time died with its process (the longest handler waits far less),
/// and its key may be claimed again.
constexpr std::chrono::seconds abandoned_after{120};

constexpr std::chrono::milliseconds poll_interval{25};

/// Hex SHA-256: credentials are stored only as this, and request bodies are compared by it.
std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += digits[digest[i] >> 4];
    hex += digits[digest[i] & 0xf];
  }
  return hex;
}

/// What makes two requests "the same" for a key: the path (one route pattern covers many resources)
/// and the body by meaning, so that key order and spacing do not matter.
std::string request_hash(const request& incoming) {
  auto body = incoming.json.is_null() ? incoming.body : incoming.json.dump();
  return sha256_hex(incoming.method + ' ' + incoming.path + '\n' + body);
}

reply replayed(const persistence::idempotent_answer& answer) {
  reply again{answer.status, answer.body, answer.content_type, answer.headers};
  again.headers.emplace_back("Idempotent-Replayed", "true");
  return again;
}

reply run_claimed(persistence::idempotency_store& keys, const std::string& scope, const std::string& key,
                  const handler& inner, const request& incoming) {
  reply answer;
  try {
    answer = inner(incoming);
  } catch (...) {
    (void)keys.release(scope, key);
    throw;
  }
  if (answer.status >= 200 && answer.status < 300) {
    // A failed write leaves the claim open; it is taken over once abandoned. The answer stands either way.
    (void)keys.complete(scope, key, {answer.status, answer.content_type, answer.headers, answer.body});
  } else {
    (void)keys.release(scope, key);
  }
  return answer;
}

} // namespace

handler idempotent(api_context& api, std::string scope_name, handler inner) {
  return idempotent(api.idempotency_keys, api.command_timeout, std::move(scope_name), std::move(inner));
}

handler idempotent(persistence::idempotency_store& keys, std::chrono::milliseconds patience, std::string scope_name,
                   handler inner) {
  return [&keys, patience, scope_name = std::move(scope_name), inner = std::move(inner)](const request& incoming) -> reply {
    if (!incoming.headers.count("idempotency-key"))
      return inner(incoming);
    auto key = incoming.header("idempotency-key");
    if (!is_uuid(key))
      return error_reply(error_code::bad_request, "The Idempotency-Key header must be a UUID.");
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto scope = scope_name + ' ' + sha256_hex(incoming.header("authorization"));
    const auto hash = request_hash(incoming);
    if (!keys.forget_older_than(idempotency_retention).ok())
      return unavailable();
    const auto give_up = std::chrono::steady_clock::now() + patience;
    for (;;) {
      auto claim = keys.claim(scope, key, hash, abandoned_after);
      if (!claim.ok())
        return store_failure(claim.error());
      const auto& found = claim.value();
      if (found.what == persistence::idempotency_claim::claimed)
        return run_claimed(keys, scope, key, inner, incoming);
      if (!found.request_hash.empty() && found.request_hash != hash)
        return error_reply(error_code::idempotency_key_reused,
                           "This Idempotency-Key was used before with another request.");
      if (found.what == persistence::idempotency_claim::answered)
        return replayed(*found.answer);
      if (std::chrono::steady_clock::now() > give_up)
        return error_reply(error_code::unavailable,
                           "A request with this Idempotency-Key is still being handled; try again.");
      std::this_thread::sleep_for(poll_interval);
    }
  };
}

} // namespace contoso::http
