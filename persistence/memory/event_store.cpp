#include "persistence/memory/event_store.hpp"

#include <algorithm>
#include <chrono>

#include "domain/ids.hpp"

namespace contoso::persistence::memory {

std::optional<persistence_error> event_store::take_failure() {
  if (failures_left_ == 0)
    return std::nullopt;
  --failures_left_;
  return failure_;
}

void event_store::fail_next(std::size_t calls, persistence_error error) {
  std::lock_guard<std::mutex> lock(mutex_);
  failures_left_ = calls;
  failure_ = std::move(error);
}

std::vector<event_store::append_call> event_store::appends() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return appends_;
}

result<std::vector<recorded_event>> event_store::read_stream(const std::string& stream_id,
                                                             std::int64_t from_version) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto failure = take_failure())
    return *failure;
  std::vector<recorded_event> events;
  auto stream = streams_.find(stream_id);
  if (stream != streams_.end())
    for (auto index : stream->second)
      if (all_[index].version >= from_version)
        events.push_back(all_[index]);
  return events;
}

result<append_result> event_store::append(const std::string& stream_id, std::int64_t expected_version,
                                          std::vector<new_event> events, const std::string& command_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  appends_.push_back(append_call{stream_id, expected_version, events, command_id, std::nullopt});
  auto& call = appends_.back();
  if (auto failure = take_failure())
    return *failure;

  auto& stream = streams_[stream_id];
  if (!command_id.empty()) {
    append_result earlier{append_result::duplicate, 0, {}};
    for (auto index : stream)
      if (all_[index].command_id == command_id)
        earlier.events.push_back(all_[index]);
    if (!earlier.events.empty()) {
      earlier.version = earlier.events.back().version;
      call.what = earlier.what;
      return earlier;
    }
  }
  const auto version = static_cast<std::int64_t>(stream.size());
  if (version != expected_version) {
    call.what = append_result::conflict;
    return append_result{append_result::conflict, version, {}};
  }

  append_result written{append_result::appended, version, {}};
  call.what = written.what;
  if (events.empty())
    return written;
  const auto tx = ++last_tx_;
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  for (auto& item : events) {
    recorded_event event;
    event.stream_id = stream_id;
    event.version = ++written.version;
    event.position = static_cast<std::int64_t>(all_.size()) + 1;
    event.tx = tx;
    event.event_id = item.event_id.empty() ? random_uuid() : item.event_id;
    event.event = std::move(item.event);
    event.metadata = item.metadata.is_null() ? nlohmann::json::object() : std::move(item.metadata);
    event.command_id = item.command_id.empty() ? command_id : item.command_id;
    event.recorded_at = now;
    stream.push_back(all_.size());
    all_.push_back(event);
    written.events.push_back(std::move(event));
  }
  return written;
}

result<std::vector<recorded_event>> event_store::read_all(global_cursor after, std::size_t limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto failure = take_failure())
    return *failure;
  std::vector<recorded_event> events;
  for (const auto& event : all_) {
    if (events.size() >= limit)
      break;
    if (after < event.cursor())
      events.push_back(event);
  }
  return events;
}

result<std::vector<recorded_event>> event_store::read_commands(const std::string& stream_id,
                                                               const std::vector<std::string>& command_ids) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto failure = take_failure())
    return *failure;
  std::vector<recorded_event> events;
  auto stream = streams_.find(stream_id);
  if (stream != streams_.end())
    for (auto index : stream->second)
      if (std::find(command_ids.begin(), command_ids.end(), all_[index].command_id) != command_ids.end()
          && !all_[index].command_id.empty())
        events.push_back(all_[index]);
  return events;
}

} // namespace contoso::persistence::memory
