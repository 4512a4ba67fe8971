#include "http/owner_auth.hpp"

#include <algorithm>
#include <cctype>

#include "http/error_mapping.hpp"

namespace contoso::http {
namespace {

/// The value of one base64 digit, or -1.
int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

/// Standard base64 with optional padding; nullopt for anything else.
std::optional<std::string> decode_base64(const std::string& text) {
  auto end = text.find_last_not_of('=');
  auto digits = end == std::string::npos ? std::string{} : text.substr(0, end + 1);
  if (text.size() - digits.size() > 2 || digits.size() % 4 == 1)
    return std::nullopt;
  std::string bytes;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : digits) {
    int value = base64_digit(c);
    if (value < 0)
      return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return bytes;
}

bool equal_ignoring_ascii_case(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

reply unauthorized() {
  auto answer = error_reply(error_code::unauthorized, "Give the owner's email and the conference's access code.");
  answer.headers.emplace_back("WWW-Authenticate", "Basic realm=\"conference management\"");
  return answer;
}

reply too_many_requests() {
  auto answer = error_reply(error_code::too_many_requests, "Too many failed sign-ins from this address; try again "
                                                           "in a minute.");
  answer.headers.emplace_back("Retry-After", "60");
  return answer;
}

reply conference_not_found() { return error_reply(error_code::not_found, "The conference does not exist."); }

} // namespace

failure_throttle::failure_throttle(std::size_t max_failures, clock::duration window, clock::duration penalty)
  : max_failures_(max_failures), window_(window), penalty_(penalty) {}

bool failure_throttle::blocked(const std::string& address, clock::time_point now) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto found = records_.find(address);
  return found != records_.end() && found->second.blocked_until && now < *found->second.blocked_until;
}

void failure_throttle::record_failure(const std::string& address, clock::time_point now) {
  std::lock_guard<std::mutex> guard{mutex_};
  forget_stale(now);
  auto& entry = records_[address];
  entry.failures.push_back(now);
  while (!entry.failures.empty() && entry.failures.front() <= now - window_)
    entry.failures.pop_front();
  if (entry.failures.size() >= max_failures_) {
    entry.blocked_until = now + penalty_;
    entry.failures.clear();
  }
}

void failure_throttle::forget_stale(clock::time_point now) {
  for (auto it = records_.begin(); it != records_.end();) {
    const auto& entry = it->second;
    bool penalty_over = !entry.blocked_until || *entry.blocked_until <= now;
    bool failures_old = entry.failures.empty() || entry.failures.back() <= now - window_;
    it = penalty_over && failures_old ? records_.erase(it) : std::next(it);
  }
}

std::optional<basic_credentials> parse_basic_authorization(const std::string& header_value) {
  auto space = header_value.find(' ');
  if (space == std::string::npos || !equal_ignoring_ascii_case(header_value.substr(0, space), "basic"))
    return std::nullopt;
  auto first = header_value.find_first_not_of(' ', space);
  if (first == std::string::npos)
    return std::nullopt;
  auto encoded = header_value.substr(first, header_value.find_last_not_of(' ') + 1 - first);
  auto decoded = decode_base64(encoded);
  if (!decoded)
    return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos)
    return std::nullopt;
  return basic_credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

bool equal_in_constant_time(const std::string& a, const std::string& b) {
  // Every byte of the longer string is visited whatever the content, so the time says nothing about
  // where the first difference is.
  const auto length = std::max(a.size(), b.size());
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < length; ++i) {
    auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    difference |= static_cast<unsigned char>(x ^ y);
  }
  return difference == 0;
}

owner_auth::owner_auth(persistence::conference_store& conferences, failure_throttle& throttle)
  : conferences_(conferences), throttle_(throttle) {}

std::variant<persistence::stored_conference, reply> owner_auth::authorize(const request& incoming,
                                                                          const std::string& conference_id) {
  if (throttle_.blocked(incoming.remote_address))
    return too_many_requests();
  auto header = incoming.header("authorization");
  if (header.empty())
    return unauthorized();
  auto credentials = parse_basic_authorization(header);
  if (!credentials) {
    throttle_.record_failure(incoming.remote_address);
    return unauthorized();
  }
  auto found = conferences_.find(conference_id);
  if (!found.ok())
    return store_failure(found.error());
  if (const auto& conference = found.value();
      conference && equal_ignoring_ascii_case(conference->state.owner.email, credentials->user)
      && equal_in_constant_time(conference->state.access_code, credentials->password))
    return *conference;
  // 401 comes before 404: only credentials that open some conference learn that this one is not theirs.
  auto opened = matching(incoming.remote_address, credentials->user, credentials->password);
  if (auto* refusal = std::get_if<reply>(&opened))
    return *refusal;
  return conference_not_found();
}

std::variant<std::vector<std::string>, reply> owner_auth::login(const std::string& remote_address,
                                                                const std::string& email,
                                                                const std::string& access_code) {
  if (throttle_.blocked(remote_address))
    return too_many_requests();
  return matching(remote_address, email, access_code);
}

std::variant<std::vector<std::string>, reply> owner_auth::matching(const std::string& remote_address,
                                                                   const std::string& email,
                                                                   const std::string& access_code) {
  auto found = conferences_.find_by_owner(email, access_code);
  // Credentials the store refuses to look up (a NUL character) cannot be any conference's either.
  if (!found.ok() && !found.error().invalid_input())
    return unavailable();
  if (!found.ok() || found.value().empty()) {
    throttle_.record_failure(remote_address);
    return unauthorized();
  }
  return found.value();
}

} // namespace contoso::http
