-- SeatCreated and SeatUpdated are published under the seat type's id, not the conference's (API §7
-- "Message log"); rows logged before that was so are filed again under their seat type.
UPDATE messages
   SET source_id = data->>'seatTypeId'
 WHERE kind = 'event'
   AND type IN ('SeatCreated', 'SeatUpdated')
   AND data ? 'seatTypeId';
