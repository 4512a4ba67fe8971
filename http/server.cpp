#include "http/server.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <optional>
#include <vector>

#include <httplib.h>

#include "http/error_mapping.hpp"
#include "http/json_io.hpp"

namespace contoso::http {
namespace {

/// Label for requests that matched no route, so that arbitrary paths cannot grow the metrics.
const std::string unmatched_route = "unmatched";

const std::vector<std::string> known_methods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

/// Per request bookkeeping. httplib serves one request at a time per thread, from pre-routing to the
/// logger call, so the thread is the request's scope.
struct request_scope {
  std::chrono::steady_clock::time_point start;
  std::string route = unmatched_route;
  bool active = false;
};
thread_local request_scope current;

/// A route's pattern split at `/`; a `{name}` segment matches any one non-empty segment.
struct compiled_route {
  route entry;
  std::vector<std::string> segments;
};

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos)
      slash = path.size();
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

/// The values of the pattern's parameters when `path` matches it.
std::optional<std::map<std::string, std::string>> match(const compiled_route& candidate,
                                                        const std::vector<std::string>& path) {
  if (path.size() != candidate.segments.size())
    return std::nullopt;
  std::map<std::string, std::string> parameters;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto& expected = candidate.segments[i];
    if (is_parameter(expected) && !path[i].empty())
      parameters[expected.substr(1, expected.size() - 2)] = path[i];
    else if (expected != path[i])
      return std::nullopt;
  }
  return parameters;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

/// A request's text as a log line may show it: control characters would let a client forge log lines,
/// and a long one would flood the log.
std::string printable(const std::string& text) {
  constexpr std::size_t longest = 200;
  std::string shown;
  for (unsigned char c : text.substr(0, longest))
    shown += std::isprint(c) ? static_cast<char>(c) : '?';
  return text.size() > longest ? shown + "..." : shown;
}

void write(const reply& answer, httplib::Response& res) {
  res.status = answer.status;
  for (const auto& [name, value] : answer.headers)
    res.set_header(name, value);
  if (!answer.body.empty() || answer.status != 204)
    res.set_content(answer.body, answer.content_type);
}

/// Whether `path` is `prefix` or lies below it (`/api/admin` covers `/api/admin/x`, not `/api/administer`).
bool under_prefix(const std::string& path, const std::string& prefix) {
  return path.compare(0, prefix.size(), prefix) == 0 && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

/// The request as a handler or a guard sees it, before routing adds parameters and the body.
request incoming_request(const httplib::Request& req, std::string method) {
  request incoming;
  incoming.method = std::move(method);
  incoming.path = req.path;
  incoming.query.insert(req.params.begin(), req.params.end());
  for (const auto& [name, value] : req.headers)
    incoming.headers[lower(name)] = value;
  incoming.remote_address = req.remote_addr;
  return incoming;
}

bool has_body(const httplib::Request& req) {
  return req.has_header("Content-Length") ||
         lower(req.get_header_value("Transfer-Encoding")).find("chunked") != std::string::npos;
}

/// Whether `text` is what the contract's strings are: UTF-8 (as the JSON library's encoder checks it)
/// without the NUL character.
bool is_contract_text(const std::string& text) {
  if (text.find('\0') != std::string::npos)
    return false;
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

/// Whether the decoded path and query are text; no route can match or use anything else.
bool has_text_address(const httplib::Request& req) {
  return is_contract_text(req.path)
         && std::all_of(req.params.begin(), req.params.end(),
                        [](const auto& param) { return is_contract_text(param.first) && is_contract_text(param.second); });
}

} // namespace

struct server::impl {
  impl(server_options opts, const logger& logs) : options(std::move(opts)), log(logs) {}

  server_options options;
  const logger& log;
  httplib::Server http;
  /// The listening socket, once httplib created it.
  socket_t listener = INVALID_SOCKET;
  std::vector<compiled_route> routes;
  std::vector<std::pair<std::string, server::guard>> guards;
  request_metrics counters;

  /// Reads the body with the size limit; an answer when it cannot be read or is not acceptable at all.
  std::optional<reply> read_body(const httplib::Request& req, httplib::Response& res,
                                 const httplib::ContentReader* reader, std::string& body) {
    if (!reader || !has_body(req))
      return std::nullopt;
    // httplib keeps the connection open whatever the answer says, so an oversized body is read to its
    // end and dropped; otherwise its rest would be parsed as the next request. Past the drain limit
    // the client is abusive and gets what the garbage earns it.
    const auto drain_limit = 16 * options.max_body_bytes;
    std::size_t received = 0;
    bool too_large = false;
    auto receive = [&](const char* data, std::size_t length) {
      received += length;
      if (received > options.max_body_bytes) {
        too_large = true;
        body.clear();
        return received <= drain_limit;
      }
      body.append(data, length);
      return true;
    };
    // No route takes multipart forms; httplib parses them on its own path, so read them through it.
    bool multipart = req.is_multipart_form_data();
    bool complete = false;
    try {
      complete = multipart ? (*reader)([](const httplib::MultipartFormData&) { return true; }, receive)
                           : (*reader)(receive);
    } catch (const std::exception&) {
      complete = false;
    }
    if (too_large || res.status == 413)
      return error_reply(error_code::payload_too_large, "The request body is larger than 64 KiB.");
    // The media type is refused before anything is parsed (API §7 precedence), also when the multipart
    // parser gave up on the body; then the unread rest of it must not be taken for the next request.
    if (multipart) {
      auto refused = error_reply(error_code::unsupported_media_type, "Multipart bodies are not accepted; send JSON.");
      if (!complete)
        refused.headers.emplace_back("Connection", "close");
      return refused;
    }
    if (!complete)
      return error_reply(error_code::bad_request, "The request body could not be read.");
    return std::nullopt;
  }

  reply route_request(const httplib::Request& req, std::string body) {
    auto method = req.method == "HEAD" ? std::string{"GET"} : req.method;
    for (const auto& [prefix, check] : guards)
      if (under_prefix(req.path, prefix))
        if (auto refused = check(incoming_request(req, method)))
          return *refused;
    auto path = split_path(req.path);
    std::string allowed;
    for (const auto& candidate : routes) {
      auto parameters = match(candidate, path);
      if (!parameters)
        continue;
      if (candidate.entry.method != method) {
        allowed += (allowed.empty() ? "" : ", ") + candidate.entry.method;
        continue;
      }
      current.route = candidate.entry.pattern;
      auto incoming = incoming_request(req, method);
      incoming.path_params = std::move(*parameters);
      incoming.body = std::move(body);
      if (candidate.entry.body == body_kind::json) {
        if (!is_json_media_type(incoming.header("content-type")))
          return error_reply(error_code::unsupported_media_type, "The request body must be application/json.");
        auto document = parse_json_body(incoming.body);
        if (!document)
          return error_reply(error_code::bad_request, "The request body is not valid JSON.");
        incoming.json = std::move(*document);
      }
      return call(candidate.entry, incoming);
    }
    if (!allowed.empty())
      return method_not_allowed_reply(allowed);
    return error_reply(error_code::not_found, "No such resource.");
  }

  reply call(const route& entry, const request& incoming) {
    try {
      return entry.handle(incoming);
    } catch (const nlohmann::json::exception&) {
      // A handler reading a field of the wrong JSON type: the client's mistake, not ours.
      return error_reply(error_code::bad_request, "The request body has the wrong shape.");
    } catch (const std::exception& e) {
      log.error("handler for " + entry.method + ' ' + entry.pattern + " failed: " + e.what());
      return error_reply_for_status(500);
    }
  }

  void dispatch(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader) {
    std::string body;
    auto answer = read_body(req, res, reader, body);
    if (answer) {
      write(*answer, res);
      return;
    }
    if (!has_text_address(req)) {
      write(error_reply(error_code::bad_request, "The path and query must be UTF-8 text without NUL characters."), res);
      return;
    }
    write(route_request(req, std::move(body)), res);
  }

  void finished(const httplib::Request& req, const httplib::Response& res) {
    double seconds = 0;
    if (current.active)
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - current.start).count();
    auto method = std::find(known_methods.begin(), known_methods.end(), req.method) != known_methods.end()
                      ? req.method
                      : std::string{"other"};
    auto route_label = current.active ? current.route : unmatched_route;
    current = request_scope{};
    counters.record(route_label, method, res.status, seconds);
    char millis[32];
    std::snprintf(millis, sizeof millis, "%.1f", seconds * 1000);
    log.info(printable(req.method) + ' ' + printable(req.path) + ' ' + std::to_string(res.status) + ' ' + millis +
             "ms");
  }
};

server::server(server_options options, const logger& log) : impl_(std::make_unique<impl>(std::move(options), log)) {
  auto& http = impl_->http;
  auto* self = impl_.get();
  auto threads = std::max<std::size_t>(1, impl_->options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // httplib's default also sets SO_REUSEPORT, which lets a second server bind the same port and take
  // half of its connections; a port in use must be an error instead.
  http.set_socket_options([self](socket_t listener) {
    int yes = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    self->listener = listener;
  });
  http.set_payload_max_length(impl_->options.max_body_bytes);
  http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    current = request_scope{std::chrono::steady_clock::now(), unmatched_route, true};
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto plain = [self](const httplib::Request& req, httplib::Response& res) { self->dispatch(req, res, nullptr); };
  auto with_body = [self](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    self->dispatch(req, res, &reader);
  };
  http.Get(".*", plain);
  http.Options(".*", plain);
  http.Post(".*", with_body);
  http.Put(".*", with_body);
  http.Patch(".*", with_body);
  http.Delete(".*", with_body);
  // Answers the library produces by itself (unparsable request line, unknown method, ...) get the
  // contract's body too.
  http.set_error_handler(httplib::Server::HandlerWithResponse{[](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty())
      return httplib::Server::HandlerResponse::Unhandled;
    write(error_reply_for_status(res.status), res);
    return httplib::Server::HandlerResponse::Handled;
  }});
  http.set_exception_handler([self](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    self->log.error("unexpected failure serving " + printable(req.method) + ' ' + printable(req.path));
    write(error_reply_for_status(500), res);
  });
  http.set_logger([self](const httplib::Request& req, const httplib::Response& res) { self->finished(req, res); });
}

server::~server() = default;

void server::add(route entry) {
  auto segments = split_path(entry.pattern);
  impl_->routes.push_back({std::move(entry), std::move(segments)});
}

void server::guard_prefix(std::string prefix, guard check) {
  impl_->guards.emplace_back(std::move(prefix), std::move(check));
}

std::vector<std::pair<std::string, std::string>> server::routes() const {
  std::vector<std::pair<std::string, std::string>> table;
  for (const auto& candidate : impl_->routes)
    table.emplace_back(candidate.entry.method, candidate.entry.pattern);
  return table;
}

void server::add_metrics(request_metrics::collector source) {
  impl_->counters.add_collector(std::move(source));
}

bool server::bind() {
  if (!impl_->http.bind_to_port(impl_->options.host, impl_->options.port))
    return false;
  // The shared cpp-httplib library listens with a backlog of 5: a burst of clients overflows the accept
  // queue and the kernel drops their connections unanswered. Listening again only raises the backlog.
  ::listen(impl_->listener, SOMAXCONN);
  return true;
}

std::string server::url() const {
  const auto& host = impl_->options.host;
  auto shown = host.find(':') == std::string::npos ? host : '[' + host + ']';
  return "http://" + shown + ':' + std::to_string(impl_->options.port);
}

void server::run() {
  impl_->http.listen_after_bind();
}

void server::stop() {
  impl_->http.stop();
}

const request_metrics& server::metrics() const {
  return impl_->counters;
}

} // namespace contoso::http
