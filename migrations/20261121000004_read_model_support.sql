-- What the read models in projections/ need from the database. Their own tables are not created
-- here: each read model owns a schema that `samverkan replay` can rebuild from the log and swap
-- in, so its tables are defined beside its code (projections/src/*/schema.sql).

-- Read-model rows carry a valid-time range (daterange) and a record-time range (int8range of log
-- positions). btree_gist lets one GiST index combine an equality on an id with both ranges, so
-- that an `as_of` and `known_at` query is a single index lookup. It ships with PostgreSQL and is
-- a trusted extension, so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Wakes the projection runner when events are committed. NOTIFY is delivered at commit, never
-- for a rolled-back append, and PostgreSQL folds identical notifications of one transaction into
-- one, so the payload is left empty: the runner reads the log from its checkpoint whatever it is
-- told. The runner also polls, because a notification is lost while it is not listening.
CREATE FUNCTION events_notify_appended() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('samverkan_events_appended', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER events_notify_appended
    AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_notify_appended();

-- `known_at` may be given as a timestamp. recorded_at never runs backwards along the log (see the
-- append trigger), so the last position recorded at or before a moment is one index lookup.
CREATE INDEX events_recorded_at ON events (recorded_at, position);

-- Every append updates the one head row, leaving a dead version behind; until vacuum clears them,
-- each append reads past all of them. Ask autovacuum to visit the head after every thousand
-- appends instead of after a fraction of its (one-row) size, which it would reach only rarely.
ALTER TABLE event_log_head SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
