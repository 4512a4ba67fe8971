#pragma once
/// Timestamped lines on stderr, filtered by the configured level. One line per write, never interleaved.

#include <mutex>
#include <string_view>

#include "config/settings.hpp"

namespace contoso::http {

/// The process's log.
class logger {
public:
  explicit logger(config::log_level threshold) : threshold_(threshold) {}

  /// Writes `text` as one line when `level` is at or above the threshold.
  void write(config::log_level level, std::string_view text) const;

  /// `write` at one level.
  void error(std::string_view text) const { write(config::log_level::error, text); }
  /// `write` at one level.
  void warn(std::string_view text) const { write(config::log_level::warn, text); }
  /// `write` at one level.
  void info(std::string_view text) const { write(config::log_level::info, text); }

private:
  config::log_level threshold_;
  mutable std::mutex mutex_;
};

} // namespace contoso::http
