#pragma once
/// The web pages (API.md §6): the registrant site, the owners' site and the admin console, plain
/// HTML, CSS and JavaScript from `web/`, compiled into the binary so that it serves them without the
/// source tree. The pages call only the public API; they are not part of it, so they are registered
/// apart from `register_api_routes` and stay out of the OpenAPI document.

#include <string_view>
#include <vector>

#include "http/server.hpp"

namespace contoso::http {

/// One file of `web/`, as embedded at build time.
struct web_file {
  /// Relative to `web/`, e.g. `assets/site.css`.
  std::string_view path;
  std::string_view content;
};

/// Every embedded file (generated from `web/` by `http/CMakeLists.txt`).
const std::vector<web_file>& web_files();

/// `GET /` (registrant site), `/payment/{paymentId}` (the simulated processor's page, part of the
/// registrant site), `/manage`, `/admin`, and `GET /assets/<file>` for each embedded asset.
void register_page_routes(server& routes);

} // namespace contoso::http
