#include "http/metrics.hpp"

#include <cstdio>
#include <sstream>

namespace contoso::http {
namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

} // namespace

void request_metrics::record(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard<std::mutex> guard{mutex_};
  ++counts_[{route, method, status}];
  auto& latency = latencies_[route];
  for (std::size_t i = 0; i < bucket_bounds.size(); ++i)
    if (seconds <= bucket_bounds[i])
      ++latency.buckets[i];
  ++latency.count;
  latency.sum += seconds;
}

void request_metrics::add_collector(collector source) {
  std::lock_guard<std::mutex> guard{mutex_};
  collectors_.push_back(std::move(source));
}

std::string request_metrics::exposition() const {
  std::unique_lock<std::mutex> lock{mutex_};
  std::ostringstream out;
  out << "# HELP conference_http_requests_total HTTP requests answered, by route, method and status.\n"
         "# TYPE conference_http_requests_total counter\n";
  for (const auto& [key, count] : counts_) {
    const auto& [route, method, status] = key;
    out << "conference_http_requests_total{route=\"" << escape_label(route) << "\",method=\"" << escape_label(method)
        << "\",status=\"" << status << "\"} " << count << '\n';
  }
  out << "# HELP conference_http_request_duration_seconds Time to answer HTTP requests, by route.\n"
         "# TYPE conference_http_request_duration_seconds histogram\n";
  for (const auto& [route, latency] : latencies_) {
    auto label = "route=\"" + escape_label(route) + "\"";
    for (std::size_t i = 0; i < bucket_bounds.size(); ++i)
      out << "conference_http_request_duration_seconds_bucket{" << label << ",le=\"" << number(bucket_bounds[i])
          << "\"} " << latency.buckets[i] << '\n';
    out << "conference_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << latency.count << '\n'
        << "conference_http_request_duration_seconds_sum{" << label << "} " << number(latency.sum) << '\n'
        << "conference_http_request_duration_seconds_count{" << label << "} " << latency.count << '\n';
  }
  // Collectors may take a while (they ask actors and the database); requests keep being counted meanwhile.
  auto sources = collectors_;
  lock.unlock();
  for (const auto& source : sources)
    out << source();
  return out.str();
}

std::string single_sample(const std::string& name, const std::string& type, const std::string& help, double value) {
  return "# HELP " + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n' + name + ' ' + number(value) + '\n';
}

std::string escape_label(const std::string& value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\' || c == '"')
      escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

} // namespace contoso::http
