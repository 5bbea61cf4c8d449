-- The log's guards hold against the role the service connects as.
--
-- The service connects as an application role that may read and insert into `events` but owns
-- nothing of the log: only the owner may alter, disable or drop the table and its triggers (see
-- `samverkan migrate --print-grants`). Three things let the application role append without
-- being able to move the head or bend the chain:
--
-- 1. The append triggers run as the owner (SECURITY DEFINER). The application role may read the
--    head but not update it, so a hand-moved head fails for want of the privilege, whatever the
--    trigger depth; the head's own guard stays as a second line.
-- 2. Their search path is fixed, with `pg_temp` last. Otherwise a temporary table named
--    `event_log_head` in the caller's session would be read in place of the real head.
-- 3. A statement's first act clears the hand-over settings of migration 10. A caller who set
--    `samverkan.chain_position` (or the hash or record time) before inserting would otherwise
--    have the first row chain to values of the caller's choosing.

CREATE FUNCTION events_start_statement() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM set_config('samverkan.chain_position', '', true),
            set_config('samverkan.chain_hash', '', true),
            set_config('samverkan.chain_recorded_at', '', true);
    RETURN NULL;
END
$$;

CREATE TRIGGER events_start_statement
    BEFORE INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_start_statement();

-- The schema the log was migrated into, then pg_temp, for both append functions.
DO $$
DECLARE
    log_schema text := current_schema();
BEGIN
    EXECUTE format(
        'ALTER FUNCTION events_append_to_chain() SECURITY DEFINER SET search_path = %I, pg_temp',
        log_schema);
    EXECUTE format(
        'ALTER FUNCTION events_move_head() SECURITY DEFINER SET search_path = %I, pg_temp',
        log_schema);
END
$$;

-- A function created by a migration may be executed by anyone unless revoked; the append
-- functions are triggers and cannot be called directly, but nothing needs them by name.
REVOKE ALL ON FUNCTION events_append_to_chain() FROM PUBLIC;
REVOKE ALL ON FUNCTION events_move_head() FROM PUBLIC;

-- What `eventlog::lock_head` needs: the head locked until the caller's transaction ends, and its
-- position, so that an importer may decide on the head it read. `FOR UPDATE` needs the right to
-- update the row, which the application role does not have; this function lends it only that lock.
CREATE FUNCTION event_log_lock_head() RETURNS bigint
    LANGUAGE sql
    SECURITY DEFINER
AS $$
    SELECT position FROM event_log_head FOR UPDATE
$$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION event_log_lock_head() SET search_path = %I, pg_temp',
                   current_schema());
END
$$;
