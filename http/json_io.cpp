#include "http/json_io.hpp"

#include <algorithm>
#include <cctype>

namespace contoso::http {

bool is_json_media_type(const std::string& content_type) {
  auto media_type = content_type.substr(0, content_type.find(';'));
  auto not_space = [](unsigned char c) { return std::isspace(c) == 0; };
  media_type.erase(media_type.begin(), std::find_if(media_type.begin(), media_type.end(), not_space));
  media_type.erase(std::find_if(media_type.rbegin(), media_type.rend(), not_space).base(), media_type.end());
  std::transform(media_type.begin(), media_type.end(), media_type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return media_type == "application/json";
}

std::optional<nlohmann::json> parse_json_body(const std::string& body) {
  auto document = nlohmann::json::parse(body, nullptr, false);
  if (document.is_discarded())
    return std::nullopt;
  return document;
}

reply json_reply(int status, const nlohmann::json& body) {
  return reply{status, body.dump(), "application/json", {}};
}

} // namespace contoso::http
