-- The head of the log moves once per statement instead of once per row.
--
-- Migration 02's append trigger locked the head, and updated it, for every row. Updating the head
-- row is most of what an append costs (it writes a new row version and fires the head's own
-- guard), and a batch of commands written in one statement paid it once per row. Now the first
-- row of a statement locks and reads the head as before, each row hands its position, hash and
-- record time to the next through transaction-local settings, and the statement's last act writes
-- the head once. Positions, record times and hashes are exactly those of migration 02: the hash
-- rule does not change, and no stored row is touched.
--
-- The settings never outlive a statement's success: the statement trigger clears them, and a
-- statement that fails rolls them back with everything else it did (a setting made with
-- `is_local` is undone by the rollback of its transaction or savepoint). So a statement that
-- finds them set is in the middle of its own rows, and one that finds them empty reads the head.

-- The record time as handed from row to row: ISO 8601 in UTC with microseconds, which reads back
-- exactly whatever the session's DateStyle and TimeZone.
CREATE FUNCTION event_log_moment_text(moment timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT to_char(moment AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
$$;

CREATE OR REPLACE FUNCTION events_append_to_chain() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    previous_position    bigint;
    previous_hash        bytea;
    previous_recorded_at timestamptz;
BEGIN
    IF coalesce(current_setting('samverkan.chain_position', true), '') = '' THEN
        -- The statement's first row. FOR UPDATE waits for the previous append to commit and
        -- then reads the head it left; the lock is held until this transaction ends.
        SELECT position, hash, recorded_at
          INTO STRICT previous_position, previous_hash, previous_recorded_at
          FROM event_log_head FOR UPDATE;
    ELSE
        previous_position := current_setting('samverkan.chain_position')::bigint;
        previous_hash := decode(current_setting('samverkan.chain_hash'), 'hex');
        previous_recorded_at := (current_setting('samverkan.chain_recorded_at')::timestamp)
                                AT TIME ZONE 'UTC';
    END IF;

    NEW.position := previous_position + 1;
    -- Record time never runs backwards along the log, even if the server clock does, so that a
    -- `known_at` timestamp always maps to one prefix of the log.
    NEW.recorded_at := greatest(clock_timestamp(), previous_recorded_at);
    NEW.hash := sha256(previous_hash || event_row_bytes(
        NEW.position, NEW.recorded_at, NEW.aggregate_type, NEW.aggregate_id, NEW.sequence,
        NEW.event_type, NEW.event_version, NEW.payload::text, NEW.metadata::text));

    PERFORM set_config('samverkan.chain_position', NEW.position::text, true),
            set_config('samverkan.chain_hash', encode(NEW.hash, 'hex'), true),
            set_config('samverkan.chain_recorded_at', event_log_moment_text(NEW.recorded_at), true);
    RETURN NEW;
END
$$;

-- Writes the head the statement's last row left, once, and clears the hand-over so that the next
-- statement reads the head again. A statement that inserted no row leaves the head as it was.
CREATE FUNCTION events_move_head() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF coalesce(current_setting('samverkan.chain_position', true), '') <> '' THEN
        UPDATE event_log_head
           SET position = current_setting('samverkan.chain_position')::bigint,
               hash = decode(current_setting('samverkan.chain_hash'), 'hex'),
               recorded_at = (current_setting('samverkan.chain_recorded_at')::timestamp)
                             AT TIME ZONE 'UTC';
        PERFORM set_config('samverkan.chain_position', '', true),
                set_config('samverkan.chain_hash', '', true),
                set_config('samverkan.chain_recorded_at', '', true);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER events_move_head
    AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_move_head();
