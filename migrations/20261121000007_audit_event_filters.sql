-- Indexes for `GET /audit/events`, which filters the log by stream and event type and pages
-- through the matches in position order (eventlog/src/search.rs).
--
-- Each index ends in `position`, so that a page is a range scan that starts after the last
-- position handed out and stops after `limit` rows, whatever the size of the log. Without them a
-- filter on a rare type reads the log by position and discards almost every row, and one on a
-- stream id without its type reads every event. A stream named with its type needs none: the
-- primary key (aggregate_type, aggregate_id, sequence) finds its few rows, and `recorded_at` is
-- indexed by migration 04. README ("Auditing through the API") gives the measurements.
CREATE INDEX events_event_type_position ON events (event_type, position);
CREATE INDEX events_aggregate_type_position ON events (aggregate_type, position);
CREATE INDEX events_aggregate_id_position ON events (aggregate_id, position);
