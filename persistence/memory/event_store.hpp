#pragma once
/// The event store in memory, for tests of the layers above: same rules as pg::event_store, one
/// "transaction" per append. It records every call, and can be told to fail the next calls as the
/// database would when it is unreachable.

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>

#include "persistence/event_store.hpp"

namespace contoso::persistence::memory {

/// event_store in vectors, one lock for everything.
class event_store : public persistence::event_store {
public:
  /// One append call as it arrived.
  struct append_call {
    std::string stream_id;
    std::int64_t expected_version = 0;
    std::vector<new_event> events;
    std::string command_id;
    std::optional<append_result::status> what; ///< how it ended; nullopt when it failed
  };

  result<std::vector<recorded_event>> read_stream(const std::string& stream_id,
                                                  std::int64_t from_version = 1) override;
  result<append_result> append(const std::string& stream_id, std::int64_t expected_version,
                               std::vector<new_event> events, const std::string& command_id) override;
  result<std::vector<recorded_event>> read_all(global_cursor after, std::size_t limit) override;
  result<std::vector<recorded_event>> read_commands(const std::string& stream_id,
                                                    const std::vector<std::string>& command_ids) override;

  /// Every append call so far, failed ones included, in arrival order.
  std::vector<append_call> appends() const;
  /// The next `calls` calls (of any method) return `error` and change nothing.
  void fail_next(std::size_t calls, persistence_error error);

private:
  std::optional<persistence_error> take_failure();

  mutable std::mutex mutex_;
  std::vector<recorded_event> all_;                          ///< in global order
  std::map<std::string, std::vector<std::size_t>> streams_; ///< stream -> indexes into all_
  std::vector<append_call> appends_;
  std::uint64_t last_tx_ = 0;
  std::size_t failures_left_ = 0;
  persistence_error failure_;
};

} // namespace contoso::persistence::memory
