#include "config/loader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace contoso::config {
namespace {

/// Why a text is not a valid value for a setting, or nothing when it was stored.
using problem = std::optional<std::string>;

/// One setting. The flag and the file key are derived from the environment name, so the three
/// spellings cannot drift apart: CONFERENCE_HTTP_PORT -> --http-port and httpPort.
struct setting_row {
  std::string env;
  std::string placeholder;
  std::string meaning;
  std::function<problem(settings&, const std::string&)> assign;
  std::function<std::string(const settings&)> show;

  std::string flag() const {
    auto name = env.substr(std::string{"CONFERENCE_"}.size());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return c == '_' ? '-' : static_cast<char>(std::tolower(c)); });
    return "--" + name;
  }

  std::string key() const {
    std::string name;
    bool upper = false;
    for (unsigned char c : env.substr(std::string{"CONFERENCE_"}.size())) {
      if (c == '_') {
        upper = true;
        continue;
      }
      name += upper ? static_cast<char>(c) : static_cast<char>(std::tolower(c));
      upper = false;
    }
    return name;
  }
};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_duration : std::false_type {};
template <class Rep, class Period>
struct is_duration<std::chrono::duration<Rep, Period>> : std::true_type {};

std::optional<long long> parse_integer(const std::string& text) {
  long long number = 0;
  auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || failure != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return number;
}

template <class T>
std::string show_number(const T& value) {
  if constexpr (is_optional<T>::value)
    return value ? show_number(*value) : "none";
  else if constexpr (is_duration<T>::value)
    return std::to_string(value.count());
  else
    return std::to_string(value);
}

/// An integer setting in [min, max]; Field is a generic lambda giving the member, const or not.
template <class Field>
setting_row integer_row(std::string env, std::string placeholder, std::string meaning, long long min,
                        long long max, Field field) {
  auto assign = [=](settings& values, const std::string& text) -> problem {
    auto number = parse_integer(text);
    if (!number || *number < min || *number > max)
      return "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
    using stored = std::decay_t<decltype(field(values))>;
    if constexpr (is_optional<stored>::value)
      field(values) = static_cast<typename stored::value_type>(*number);
    else if constexpr (is_duration<stored>::value)
      field(values) = stored{static_cast<typename stored::rep>(*number)};
    else
      field(values) = static_cast<stored>(*number);
    return std::nullopt;
  };
  auto show = [=](const settings& values) { return show_number(field(values)); };
  meaning += " Range " + std::to_string(min) + " to " + std::to_string(max) + ".";
  return {std::move(env), std::move(placeholder), std::move(meaning), assign, show};
}

bool has_space(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

/// `host:port` with a port from 1 to 65535.
bool is_address(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || has_space(text))
    return false;
  auto port = parse_integer(text.substr(colon + 1));
  return port && *port >= 1 && *port <= 65535;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream{text};
  for (std::string item; std::getline(stream, item, ',');)
    items.push_back(item);
  return items;
}

std::string join_list(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : ",") + item;
  return text.empty() ? "none" : text;
}

const std::vector<setting_row>& setting_rows() {
  static const std::vector<setting_row> rows = {
    {"CONFERENCE_DB_URL", "CONNINFO", "libpq connection string of the event store.",
     [](settings& values, const std::string& text) -> problem {
       if (text.empty())
         return "must not be empty";
       values.database.url = text;
       return std::nullopt;
     },
     [](const settings& values) { return values.database.url; }},
    integer_row("CONFERENCE_DB_POOL_SIZE", "N", "Database connections kept open.", 1, 256,
                [](auto& values) -> auto& { return values.database.pool_size; }),
    integer_row("CONFERENCE_DB_TIMEOUT_MS", "MS", "Longest one database call may take, in milliseconds.", 1,
                600000, [](auto& values) -> auto& { return values.database.call_timeout; }),
    {"CONFERENCE_HTTP_HOST", "HOST", "Address the HTTP listener binds to.",
     [](settings& values, const std::string& text) -> problem {
       if (text.empty() || has_space(text))
         return "must be a host name or address";
       values.http.host = text;
       return std::nullopt;
     },
     [](const settings& values) { return values.http.host; }},
    integer_row("CONFERENCE_HTTP_PORT", "PORT", "TCP port of the HTTP listener.", 1, 65535,
                [](auto& values) -> auto& { return values.http.port; }),
    integer_row("CONFERENCE_HTTP_THREADS", "N", "Requests served at once (fixed thread pool).", 1, 1024,
                [](auto& values) -> auto& { return values.http.threads; }),
    {"CONFERENCE_ADMIN_TOKEN", "TOKEN", "Bearer token for /api/admin/*; unset disables the admin API (401).",
     [](settings& values, const std::string& text) -> problem {
       if (text.empty() || has_space(text))
         return "must be a non-empty token without spaces";
       values.http.admin_token = text;
       return std::nullopt;
     },
     [](const settings& values) { return values.http.admin_token ? std::string{"(set)"} : std::string{"none"}; }},
    integer_row("CONFERENCE_RESERVATION_TIMEOUT_SECONDS", "SECONDS", "How long an order's seats are held.", 1,
                604800, [](auto& values) -> auto& { return values.registration.reservation_timeout; }),
    integer_row("CONFERENCE_EXPIRY_BUFFER_SECONDS", "SECONDS",
                "Extra time before held seats are released after the order expires.", 0, 604800,
                [](auto& values) -> auto& { return values.registration.expiry_buffer; }),
    integer_row("CONFERENCE_MAX_SEATS_PER_LINE", "N", "Most seats of one type in one order.", 1, 100000,
                [](auto& values) -> auto& { return values.registration.max_seats_per_line; }),
    integer_row("CONFERENCE_NODE_PORT", "PORT", "Cluster port of this node; unset runs a single node.", 1, 65535,
                [](auto& values) -> auto& { return values.cluster.node_port; }),
    {"CONFERENCE_NODE_HOST", "HOST", "Address the cluster port binds to and other nodes reach this node at.",
     [](settings& values, const std::string& text) -> problem {
       if (text.empty() || has_space(text))
         return "must be a host name or address";
       values.cluster.node_host = text;
       return std::nullopt;
     },
     [](const settings& values) { return values.cluster.node_host; }},
    {"CONFERENCE_SEEDS", "HOST:PORT,...", "Nodes to join (comma-separated host:port).",
     [](settings& values, const std::string& text) -> problem {
       auto seeds = split_list(text);
       if (seeds.empty() || !std::all_of(seeds.begin(), seeds.end(), is_address))
         return "must be a comma-separated list of host:port";
       values.cluster.seeds = seeds;
       return std::nullopt;
     },
     [](const settings& values) { return join_list(values.cluster.seeds); }},
    integer_row("CONFERENCE_SHARD_COUNT", "N",
                "Shards the actor ids are hashed into; the same on every node of a cluster.", 1, 4096,
                [](auto& values) -> auto& { return values.cluster.shard_count; }),
    integer_row("CONFERENCE_MEMBER_TIMEOUT_MS", "MS",
                "Heartbeat age after which a cluster member counts as down, in milliseconds.", 500, 600000,
                [](auto& values) -> auto& { return values.cluster.member_timeout; }),
    integer_row("CONFERENCE_SNAPSHOT_EVERY", "N", "Events appended to a stream between two snapshots.", 1,
                1000000, [](auto& values) -> auto& { return values.runtime.snapshot_every; }),
    integer_row("CONFERENCE_PASSIVATE_AFTER_SECONDS", "SECONDS", "Idle time after which an actor stops.", 1,
                604800, [](auto& values) -> auto& { return values.runtime.passivate_after; }),
    integer_row("CONFERENCE_HANDLER_MAX_ATTEMPTS", "N",
                "Failures of one message in one handler before it goes to the dead letters.", 1, 1000,
                [](auto& values) -> auto& { return values.runtime.handler_max_attempts; }),
    integer_row("CONFERENCE_SUBSCRIPTION_POLL_MS", "MS",
                "How often a subscription looks for new events when not notified, in milliseconds.", 10, 60000,
                [](auto& values) -> auto& { return values.runtime.subscription_poll; }),
    {"CONFERENCE_LOG_LEVEL", "LEVEL", "error, warn, info (one line per request) or debug.",
     [](settings& values, const std::string& text) -> problem {
       for (auto level : {log_level::error, log_level::warn, log_level::info, log_level::debug})
         if (text == to_string(level)) {
           values.logging = level;
           return std::nullopt;
         }
       return "must be one of error, warn, info, debug";
     },
     [](const settings& values) { return std::string{to_string(values.logging)}; }},
  };
  return rows;
}

const std::string config_env = "CONFERENCE_CONFIG";
const std::string config_flag = "--config";

/// A value from the file as the text the command line would carry; numbers keep their JSON spelling.
std::optional<std::string> file_value_text(const nlohmann::json& value) {
  if (value.is_string())
    return value.get<std::string>();
  if (value.is_number())
    return value.dump();
  if (value.is_array() && !value.empty() &&
      std::all_of(value.begin(), value.end(), [](const auto& item) { return item.is_string(); })) {
    std::string text;
    for (const auto& item : value)
      text += (text.empty() ? "" : ",") + item.template get<std::string>();
    return text;
  }
  return std::nullopt;
}

std::string quoted(const std::string& text) {
  return nlohmann::json(text).dump();
}

problem assign(const setting_row& row, settings& values, const std::string& text, const std::string& name,
               const std::string& source) {
  if (auto why = row.assign(values, text))
    return "invalid value " + quoted(text) + " for " + name + " (" + source + "): " + *why;
  return std::nullopt;
}

problem apply_file(const inputs& from, const std::string& path, const std::string& named_by, settings& values) {
  auto text = from.read_file ? from.read_file(path) : std::nullopt;
  if (!text)
    return "cannot read config file " + quoted(path) + " (named by " + named_by + ")";
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& e) {
    return "config file " + quoted(path) + " is not valid JSON: " + e.what();
  }
  if (!document.is_object())
    return "config file " + quoted(path) + " must hold a JSON object of settings";
  const auto& rows = setting_rows();
  for (const auto& [key, value] : document.items()) {
    auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.key() == key; });
    if (row == rows.end())
      return "unknown key " + quoted(key) + " in config file " + quoted(path);
    auto source = "config file " + quoted(path);
    auto value_text = file_value_text(value);
    if (!value_text)
      return "invalid value " + value.dump() + " for " + key + " (" + source + "): must be a string or a number";
    if (auto why = assign(*row, values, *value_text, key, source))
      return why;
  }
  return std::nullopt;
}

std::string environment_value(const inputs& from, const std::string& name) {
  auto found = from.environment.find(name);
  return found == from.environment.end() ? std::string{} : found->second;
}

} // namespace

const char* to_string(log_level level) {
  switch (level) {
    case log_level::error: return "error";
    case log_level::warn: return "warn";
    case log_level::info: return "info";
    case log_level::debug: return "debug";
  }
  return "info";
}

settings default_settings(const std::string& working_directory) {
  settings values;
  values.database.url = "host=" + working_directory + "/var/pg/run port=54329 user=postgres dbname=conference";
  return values;
}

std::variant<invocation, load_error> load(const inputs& from) {
  const auto& rows = setting_rows();
  std::optional<command> what;
  std::optional<std::string> config_path;
  std::vector<std::pair<const setting_row*, std::string>> flag_values;

  for (std::size_t i = 0; i < from.args.size(); ++i) {
    const auto& arg = from.args[i];
    if (arg == "--help" || arg == "-h") {
      what = command::help;
      continue;
    }
    if (arg.rfind("-", 0) == 0 && arg != "-") {
      auto equals = arg.find('=');
      auto name = arg.substr(0, equals);
      auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.flag() == name; });
      if (name != config_flag && row == rows.end())
        return load_error{"unknown flag " + name + " (see conference --help)"};
      std::string value;
      if (equals != std::string::npos)
        value = arg.substr(equals + 1);
      else if (i + 1 < from.args.size())
        value = from.args[++i];
      else
        return load_error{"flag " + name + " needs a value"};
      if (name == config_flag)
        config_path = value;
      else
        flag_values.emplace_back(&*row, value);
      continue;
    }
    if (what && *what != command::help)
      return load_error{"unexpected argument " + quoted(arg) + " (one command at most)"};
    if (arg == "serve")
      what = command::serve;
    else if (arg == "migrate")
      what = command::migrate;
    else if (arg == "help")
      what = command::help;
    else
      return load_error{"unknown command " + quoted(arg) + " (commands: serve, migrate)"};
  }

  auto values = default_settings(from.working_directory);
  if (what == command::help)
    return invocation{command::help, values};

  if (config_path) {
    if (auto why = apply_file(from, *config_path, config_flag, values))
      return load_error{*why};
  } else if (auto path = environment_value(from, config_env); !path.empty()) {
    if (auto why = apply_file(from, path, config_env, values))
      return load_error{*why};
  }
  for (const auto& row : rows)
    if (auto text = environment_value(from, row.env); !text.empty())
      if (auto why = assign(row, values, text, row.env, "environment"))
        return load_error{*why};
  for (const auto& [row, text] : flag_values)
    if (auto why = assign(*row, values, text, row->flag(), "command line"))
      return load_error{*why};

  return invocation{what.value_or(command::serve), values};
}

std::string help_text(const std::string& working_directory) {
  auto defaults = default_settings(working_directory);
  std::ostringstream out;
  out << "Usage: conference [serve | migrate] [--config FILE] [--setting VALUE ...]\n"
         "       conference --help\n"
         "\n"
         "Commands:\n"
         "  serve      apply pending migrations, then serve HTTP until SIGTERM or SIGINT (the default)\n"
         "  migrate    apply pending migrations, print how many were applied, and exit\n"
         "\n"
         "Every setting has a flag (--name VALUE or --name=VALUE), an environment variable and a key in\n"
         "the JSON config file. A flag beats the environment, which beats the file, which beats the default.\n"
         "Empty environment variables count as unset. Invalid values stop the program with exit code 2.\n"
         "\n"
      << "  " << config_flag << " FILE\n"
      << "      env " << config_env << ", default none\n"
      << "      JSON object of settings by file key, e.g. {\"httpPort\": 8081}.\n";
  for (const auto& row : setting_rows())
    out << "  " << row.flag() << ' ' << row.placeholder << '\n'
        << "      env " << row.env << ", key " << row.key() << ", default " << row.show(defaults) << '\n'
        << "      " << row.meaning << '\n';
  return out.str();
}

std::optional<std::string> read_file_from_disk(const std::string& path) {
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored))
    return std::nullopt;
  std::ifstream file{path, std::ios::binary};
  if (!file)
    return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad())
    return std::nullopt;
  return text.str();
}

} // namespace contoso::config
