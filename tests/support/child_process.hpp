#pragma once
/// A program run as a real child process, for tests that check exit codes, output and signals.
/// Its environment is the test's own minus every CONFERENCE_* variable, plus the ones given, so a
/// developer's shell settings cannot change what a test sees. Output goes to files, never a pipe that
/// could fill up while nobody reads it.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace contoso::testing {

class child_process {
public:
  /// Starts `arguments[0]` with the rest as its arguments.
  child_process(std::vector<std::string> arguments, const std::map<std::string, std::string>& environment = {}) {
    char directory_template[] = "/tmp/conference-child-XXXXXX";
    if (!mkdtemp(directory_template))
      throw std::runtime_error("cannot create a directory for child output");
    directory_ = directory_template;

    std::vector<std::string> variables;
    for (char** entry = environ; *entry; ++entry) {
      std::string variable{*entry};
      if (variable.rfind("CONFERENCE_", 0) != 0)
        variables.push_back(variable);
    }
    for (const auto& [name, value] : environment)
      variables.push_back(name + "=" + value);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, (directory_ + "/stdout").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (directory_ + "/stderr").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    auto argv = pointers(arguments);
    auto envp = pointers(variables);
    auto failure = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (failure != 0)
      throw std::runtime_error("cannot start " + arguments[0]);
  }

  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  ~child_process() {
    if (!exit_code_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::remove((directory_ + "/stdout").c_str());
    std::remove((directory_ + "/stderr").c_str());
    rmdir(directory_.c_str());
  }

  /// Sends a signal (SIGTERM for a graceful stop).
  void signal(int number) const { kill(pid_, number); }

  /// The exit code (128 + signal when killed by one), or nothing if it is still running after `limit`.
  std::optional<int> wait_for(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!exit_code_) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_)
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      else if (std::chrono::steady_clock::now() >= deadline)
        break;
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return exit_code_;
  }

  /// True while the process has not exited.
  bool running() { return !wait_for(std::chrono::milliseconds(0)); }

  std::string standard_output() const { return contents(directory_ + "/stdout"); }
  std::string standard_error() const { return contents(directory_ + "/stderr"); }

private:
  static std::vector<char*> pointers(std::vector<std::string>& texts) {
    std::vector<char*> result;
    for (auto& text : texts)
      result.push_back(text.data());
    result.push_back(nullptr);
    return result;
  }

  static std::string contents(const std::string& path) {
    std::ifstream file{path};
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
  }

  std::string directory_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

} // namespace contoso::testing
