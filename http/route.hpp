#pragma once
/// What a route handler sees and answers: plain values, so handlers neither include nor depend on the
/// HTTP library, and the server does the checks every route shares (size, media type, JSON syntax).

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace contoso::http {

/// Whether a route reads a JSON body. JSON routes answer 415 for another media type and 400 for bad JSON
/// before their handler runs.
enum class body_kind { none, json };

/// A request that passed the shared checks.
struct request {
  std::string method;
  std::string path;
  /// Values of the pattern's `{name}` segments.
  std::map<std::string, std::string> path_params;
  std::multimap<std::string, std::string> query;
  /// Header names are lower case; a repeated header keeps its last value.
  std::map<std::string, std::string> headers;
  std::string remote_address;
  std::string body;
  /// The parsed body of a JSON route; null otherwise.
  nlohmann::json json;

  /// The header's value, or empty.
  std::string header(const std::string& lower_case_name) const {
    auto found = headers.find(lower_case_name);
    return found == headers.end() ? std::string{} : found->second;
  }
};

/// An answer.
struct reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

using handler = std::function<reply(const request&)>;

/// One row of the route table. `pattern` is a path with `{name}` segments, e.g. `/api/orders/{orderId}`;
/// it is also the route's label in metrics and logs.
struct route {
  std::string method;
  std::string pattern;
  body_kind body;
  handler handle;
};

} // namespace contoso::http
