#pragma once
/// Reads the command line, the environment and an optional JSON config file into `settings`.
/// Precedence: flag > environment > config file > default. Every setting is one row of a table in
/// loader.cpp, which also produces `--help`; the loader reads no globals, so tests hand it everything.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/settings.hpp"

namespace contoso::config {

/// What the process was asked to do.
enum class command { serve, migrate, help };

/// A successful load.
struct invocation {
  command what = command::serve;
  settings values;
};

/// Why the inputs were refused, as one line naming the setting and where its value came from.
struct load_error {
  std::string message;
};

/// Reads a whole file, or nothing when it cannot be read.
using file_reader = std::function<std::optional<std::string>(const std::string& path)>;

/// Everything the loader looks at.
struct inputs {
  /// The arguments after the program name.
  std::vector<std::string> args;
  std::map<std::string, std::string> environment;
  /// Anchors the default database URL, which points at the project-local cluster under `var/`.
  std::string working_directory;
  file_reader read_file;
};

/// Parses and validates every source; the first problem found is the error.
std::variant<invocation, load_error> load(const inputs& from);

/// The defaults, with the project-local database under `working_directory`.
settings default_settings(const std::string& working_directory);

/// `conference --help`: commands, then every setting with its flag, variable, file key, default and meaning.
std::string help_text(const std::string& working_directory);

/// The file reader for real files.
std::optional<std::string> read_file_from_disk(const std::string& path);

/// The spelling of a log level in settings and log lines.
const char* to_string(log_level level);

} // namespace contoso::config
