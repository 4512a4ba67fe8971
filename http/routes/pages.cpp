#include "http/routes/pages.hpp"

#include <stdexcept>
#include <string>

namespace contoso::http {
namespace {

/// The media type of a file, by its extension.
std::string content_type_of(std::string_view path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends_with(".html"))
    return "text/html; charset=utf-8";
  if (ends_with(".css"))
    return "text/css; charset=utf-8";
  if (ends_with(".js"))
    return "text/javascript; charset=utf-8";
  if (ends_with(".svg"))
    return "image/svg+xml";
  return "application/octet-stream";
}

const web_file& embedded(std::string_view path) {
  for (const auto& file : web_files())
    if (file.path == path)
      return file;
  throw std::logic_error("web file not embedded: " + std::string(path));
}

/// A route answering `file` as it is; pages are small and change with the binary, so browsers revalidate.
route serving(std::string pattern, const web_file& file) {
  reply answer{200, std::string(file.content), content_type_of(file.path), {{"Cache-Control", "no-cache"}}};
  return {"GET", std::move(pattern), body_kind::none, [answer](const request&) { return answer; }};
}

} // namespace

void register_page_routes(server& routes) {
  routes.add(serving("/", embedded("index.html")));
  routes.add(serving("/payment/{paymentId}", embedded("index.html")));
  routes.add(serving("/manage", embedded("manage.html")));
  routes.add(serving("/admin", embedded("admin.html")));
  for (const auto& file : web_files())
    if (file.path.substr(0, 7) == "assets/")
      routes.add(serving("/" + std::string(file.path), file));
}

} // namespace contoso::http
