#pragma once
/// How conference owners authenticate (API.md §3, §7 "Auth"): HTTP Basic with the owner's email as the
/// user (any case) and the conference's access code as the password (exact case, compared in constant
/// time). Credentials that match no conference are 401; credentials of one conference used on another's
/// id are 404. Failed authentications are counted per remote address: after 10 within 60 s, the address
/// is answered 429 `too_many_requests` for 60 s, correct credentials included, so access codes cannot
/// be guessed by trying them.

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "http/route.hpp"
#include "persistence/conference_store.hpp"

namespace contoso::http {

/// Failed authentications per remote address, and the addresses turned away for a while. Thread-safe.
class failure_throttle {
public:
  using clock = std::chrono::steady_clock;

  /// Failures within `window` that turn an address away, and for how long.
  failure_throttle(std::size_t max_failures = 10, clock::duration window = std::chrono::seconds(60),
                   clock::duration penalty = std::chrono::seconds(60));

  /// Whether `address` is turned away now.
  bool blocked(const std::string& address, clock::time_point now = clock::now());
  /// Counts a failed authentication from `address`.
  void record_failure(const std::string& address, clock::time_point now = clock::now());

private:
  struct record {
    std::deque<clock::time_point> failures; ///< within the window, oldest first
    std::optional<clock::time_point> blocked_until;
  };
  /// Drops what no longer matters so that the table does not grow with every address ever seen.
  void forget_stale(clock::time_point now);

  std::size_t max_failures_;
  clock::duration window_;
  clock::duration penalty_;
  std::mutex mutex_;
  std::map<std::string, record> records_;
};

/// The user and password of an `Authorization: Basic ...` header.
struct basic_credentials {
  std::string user;
  std::string password;
};

/// The credentials of a Basic `Authorization` header value; nullopt when it is absent or malformed.
std::optional<basic_credentials> parse_basic_authorization(const std::string& header_value);

/// Whether two strings are equal, in a time that depends on their lengths only.
bool equal_in_constant_time(const std::string& a, const std::string& b);

/// Authenticates owners against the conference store.
class owner_auth {
public:
  owner_auth(persistence::conference_store& conferences, failure_throttle& throttle);

  /// The conference `conference_id` when the request's credentials are its owner's; otherwise the
  /// answer: 429 (address turned away), 401 (missing credentials, or matching no conference), 404 (no
  /// such conference, or another owner's), 503 (store unreachable).
  std::variant<persistence::stored_conference, reply> authorize(const request& incoming,
                                                                const std::string& conference_id);

  /// The ids of the conferences `email` and `access_code` open (by id); otherwise the answer: 429, 401
  /// (none; counted as a failure), 503.
  std::variant<std::vector<std::string>, reply> login(const std::string& remote_address, const std::string& email,
                                                       const std::string& access_code);

private:
  /// The conferences the credentials open, counting a failure when there is none.
  std::variant<std::vector<std::string>, reply> matching(const std::string& remote_address, const std::string& email,
                                                          const std::string& access_code);

  persistence::conference_store& conferences_;
  failure_throttle& throttle_;
};

} // namespace contoso::http
