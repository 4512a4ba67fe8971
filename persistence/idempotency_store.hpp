#pragma once
/// Idempotency keys (API §2, §7): a request that creates something may carry `Idempotency-Key`; the
/// first request with a key claims it, runs, and stores its answer; a repeat with the same key in the
/// same scope gets that answer again instead of running. Claims are atomic, so of two concurrent first
/// requests only one runs.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "persistence/result.hpp"

namespace contoso::persistence {

/// An answer as it is replayed.
struct idempotent_answer {
  int status = 200;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

/// What claiming a key found.
struct idempotency_claim {
  enum outcome {
    claimed,   ///< the key was free (or abandoned): the caller runs the request and completes or releases it
    in_flight, ///< another request holds the key and has not answered yet
    answered,  ///< a request with this key answered before: `answer` replays it
  };
  outcome what = claimed;
  /// in_flight / answered: the hash of the request that claimed the key first.
  std::string request_hash;
  std::optional<idempotent_answer> answer;
};

/// Claims, completes and forgets idempotency keys. `scope` names the route and the caller; `key` is a UUID.
class idempotency_store {
public:
  virtual ~idempotency_store() = default;

  /// Claims `key` in `scope` for a request with `request_hash`. A claim that has not been completed
  /// within `abandon_after` is taken to have died with its process and may be claimed again.
  virtual result<idempotency_claim> claim(const std::string& scope, const std::string& key,
                                          const std::string& request_hash, std::chrono::seconds abandon_after) = 0;
  /// Stores the answer of the request that claimed the key.
  virtual result<void> complete(const std::string& scope, const std::string& key, const idempotent_answer& answer) = 0;
  /// Gives up a claim without an answer to keep, so that the key may be used again.
  virtual result<void> release(const std::string& scope, const std::string& key) = 0;
  /// Deletes keys claimed longer than `age` ago; answers how many.
  virtual result<std::int64_t> forget_older_than(std::chrono::seconds age) = 0;
};

} // namespace contoso::persistence
