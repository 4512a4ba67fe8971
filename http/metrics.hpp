#pragma once
/// Request counts and latency histograms in the Prometheus text exposition format (version 0.0.4).

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace contoso::http {

/// The media type of the exposition format.
inline constexpr const char* exposition_content_type = "text/plain; version=0.0.4; charset=utf-8";

/// Counts every answered request by route pattern, method and status, and times it by route; other
/// parts of the system add their own families through collectors.
class request_metrics {
public:
  /// Metric families in the exposition format, computed when the metrics are read.
  using collector = std::function<std::string()>;

  /// Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 11> bucket_bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                           0.5,   1.0,  2.5,   5.0,  10.0};

  /// Counts one answer; `route` is the route's pattern or "unmatched", never a raw path.
  void record(const std::string& route, const std::string& method, int status, double seconds);

  /// Adds a collector; its families follow the request families.
  void add_collector(collector source);

  /// The counter and histogram families, with HELP and TYPE lines, then the collectors' families.
  std::string exposition() const;

private:
  struct histogram {
    std::array<std::uint64_t, bucket_bounds.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> counts_;
  std::map<std::string, histogram> latencies_;
  std::vector<collector> collectors_;
};

/// One metric family with a single unlabelled sample.
std::string single_sample(const std::string& name, const std::string& type, const std::string& help, double value);

/// A label value with `\`, `"` and newlines escaped.
std::string escape_label(const std::string& value);

} // namespace contoso::http
