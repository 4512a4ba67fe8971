#pragma once
/// The statement that writes deadline changes, on a connection the caller controls, so that a process
/// save changes its deadlines in its own transaction.

#include "persistence/deadline_store.hpp"
#include "persistence/pg/connection.hpp"

namespace contoso::persistence::pg {

/// Removes, then schedules (so a deadline both dropped and rescheduled ends up scheduled), inside the
/// caller's transaction if it has one. Throws sql_error.
void apply_deadline_changes(connection& conn, const deadline_changes& changes);

} // namespace contoso::persistence::pg
