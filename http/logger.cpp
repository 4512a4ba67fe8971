#include "http/logger.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "config/loader.hpp"

namespace contoso::http {

void logger::write(config::log_level level, std::string_view text) const {
  if (static_cast<int>(level) > static_cast<int>(threshold_))
    return;
  auto now = std::chrono::system_clock::now();
  auto seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(millis));
  auto line = std::string{stamp} + fraction + ' ' + config::to_string(level) + ' ';
  // Messages from libpq span lines; a log line must stay one line.
  for (char c : text)
    line += c == '\n' || c == '\t' ? ' ' : c;
  line += '\n';
  std::lock_guard<std::mutex> guard{mutex_};
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

} // namespace contoso::http
