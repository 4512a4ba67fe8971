#include "persistence/memory/conference_store.hpp"

#include <algorithm>
#include <cctype>

namespace contoso::persistence::memory {

namespace {

// Slugs are ASCII by rule; emails are compared as PostgreSQL's lower() does for ASCII.
std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

} // namespace

result<conference_save_result> conference_store::save(const management::conference::state& after,
                                                      std::int64_t expected_version, std::vector<new_event> events,
                                                      const std::string& command_id,
                                                      const std::string& conference_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto slug = lowered(after.slug);
  for (const auto& [id, stored] : conferences_)
    if (id != conference_id && lowered(stored.state.slug) == slug)
      return conference_save_result{conference_save_result::slug_taken, expected_version, {}};

  auto appended = events_.append(conference_stream(conference_id), expected_version, std::move(events), command_id);
  if (!appended.ok())
    return appended.error();
  if (appended.value().what == append_result::appended)
    conferences_[conference_id] = stored_conference{after, appended.value().version};
  return conference_save_result::of(std::move(appended).value());
}

result<std::optional<stored_conference>> conference_store::find(const std::string& conference_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = conferences_.find(conference_id);
  if (found == conferences_.end())
    return std::optional<stored_conference>();
  return std::optional<stored_conference>(found->second);
}

result<std::optional<stored_conference>> conference_store::find_by_slug(const std::string& slug) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [id, stored] : conferences_)
    if (lowered(stored.state.slug) == lowered(slug))
      return std::optional<stored_conference>(stored);
  return std::optional<stored_conference>();
}

result<std::vector<std::string>> conference_store::find_by_owner(const std::string& email,
                                                                 const std::string& access_code) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> ids;
  for (const auto& [id, stored] : conferences_)
    if (lowered(stored.state.owner.email) == lowered(email) && stored.state.access_code == access_code)
      ids.push_back(id);
  return ids;
}

} // namespace contoso::persistence::memory
