#pragma once
/// JSON in and out at the edge: reading a body, writing an answer.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/route.hpp"

namespace contoso::http {

/// True when a Content-Type header names application/json (parameters such as charset allowed).
bool is_json_media_type(const std::string& content_type);

/// The parsed body, or nothing when it is not well-formed UTF-8 JSON.
std::optional<nlohmann::json> parse_json_body(const std::string& body);

/// A JSON answer.
reply json_reply(int status, const nlohmann::json& body);

} // namespace contoso::http
