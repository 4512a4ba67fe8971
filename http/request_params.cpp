#include "http/request_params.hpp"

#include <algorithm>
#include <cctype>

#include "domain/ids.hpp"

namespace contoso::http {

std::string canonical_id(std::string id) {
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return id;
}

std::optional<std::string> path_uuid(const request& from, const std::string& name) {
  auto found = from.path_params.find(name);
  if (found == from.path_params.end() || !is_uuid(found->second))
    return std::nullopt;
  return canonical_id(found->second);
}

std::optional<std::int64_t> min_version(const request& from, bool& malformed) {
  malformed = false;
  auto found = from.query.find("minVersion");
  if (found == from.query.end())
    return std::nullopt;
  const auto& text = found->second;
  // Up to 18 digits: no overflow of int64, and no version is ever that large.
  if (text.empty() || text.size() > 18
      || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    malformed = true;
    return std::nullopt;
  }
  return std::stoll(text);
}

} // namespace contoso::http
