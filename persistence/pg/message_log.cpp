#include "persistence/pg/message_log.hpp"

#include <algorithm>

#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

namespace {

param optional_text(const std::string& text) { return text.empty() ? param() : param(text); }

} // namespace

result<bool> message_log::log(const message_entry& entry) {
  return db_.connections().run([&](connection& conn) {
    auto inserted = conn.exec(
      "INSERT INTO messages (kind, message_id, type, source_id, correlation_id, causation_id, data, metadata)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)"
      " ON CONFLICT (kind, message_id) DO NOTHING RETURNING position",
      {std::string(to_string(entry.kind)), entry.message_id, entry.type, entry.source_id,
       optional_text(entry.correlation_id), optional_text(entry.causation_id), entry.data.dump(),
       entry.metadata.dump()});
    return inserted.size() > 0;
  });
}

result<std::vector<logged_message>> message_log::query(const message_query& query) {
  return db_.connections().run([&](connection& conn) {
    auto found = conn.exec(
      "SELECT position, kind, message_id, type, source_id, coalesce(correlation_id, ''),"
      " coalesce(causation_id, ''), data::text, metadata::text,"
      " round(extract(epoch FROM recorded_at) * 1000)::bigint"
      " FROM messages"
      " WHERE position > $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR type = $3)"
      " AND ($4::text IS NULL OR source_id = $4)"
      " ORDER BY position LIMIT $5",
      {std::to_string(query.after), query.kind ? param(std::string(to_string(*query.kind))) : param(),
       query.type ? param(*query.type) : param(), query.source_id ? param(*query.source_id) : param(),
       std::to_string(std::min(query.limit, message_query::max_limit))});
    std::vector<logged_message> messages;
    for (int row = 0; row < found.size(); ++row) {
      logged_message message;
      message.position = found.int64(row, 0);
      message.entry.kind = message_kind_from_string(found.text(row, 1)).value_or(message_kind::command);
      message.entry.message_id = found.text(row, 2);
      message.entry.type = found.text(row, 3);
      message.entry.source_id = found.text(row, 4);
      message.entry.correlation_id = found.text(row, 5);
      message.entry.causation_id = found.text(row, 6);
      message.entry.data = found.json(row, 7);
      message.entry.metadata = found.json(row, 8);
      message.recorded_at = instant(std::chrono::milliseconds(found.int64(row, 9)));
      messages.push_back(std::move(message));
    }
    return messages;
  });
}

} // namespace contoso::persistence::pg
