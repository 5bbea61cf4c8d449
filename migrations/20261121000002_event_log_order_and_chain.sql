-- Turns postgres-es's events table into the register's event log: one global, gapless order in
-- commit order (`position`), the record time set by the database (`recorded_at`), a SHA-256 hash
-- chain over every row (`hash`), and triggers that make the table append-only.
--
-- The exact hash rule is written out in ARCHITECTURE.md ("The hash chain") so that an auditor can
-- implement it again; `event_row_bytes` below and eventlog/src/chain.rs are two implementations of it.

ALTER TABLE events
    ADD COLUMN position    bigint      NOT NULL CHECK (position >= 1),
    ADD COLUMN recorded_at timestamptz NOT NULL,
    ADD COLUMN hash        bytea       NOT NULL CHECK (octet_length(hash) = 32),
    ADD CONSTRAINT events_position_unique UNIQUE (position);

-- The head of the log: one row holding the last position, its hash and its record time.
-- Every append locks this row until its transaction ends. That single lock is what makes
-- positions gapless (a rolled-back append rolls back its head update too) and ordered by
-- commit (the next append cannot read the head until the previous one has committed).
-- It also anchors `verify`: a log whose tail was deleted no longer matches its head.
CREATE TABLE event_log_head
(
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    position    bigint      NOT NULL CHECK (position >= 0),
    hash        bytea       NOT NULL CHECK (octet_length(hash) = 32),
    recorded_at timestamptz
);

-- The genesis: position 0 and 32 zero bytes.
INSERT INTO event_log_head (position, hash, recorded_at)
VALUES (0, decode(repeat('00', 32), 'hex'), NULL);

-- One field of the canonical row: its UTF-8 length as 4 bytes big-endian, then its UTF-8 bytes.
-- Length prefixes make the concatenation unambiguous: no two different rows give the same bytes.
--
-- Both helpers are plain STABLE SQL expressions, neither STRICT nor IMMUTABLE, so that PostgreSQL
-- inlines them into the trigger's plan; a function it cannot inline is planned again in every
-- transaction, which more than doubled the cost of an append when measured.
CREATE FUNCTION event_field_bytes(field text) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT int4send(octet_length(convert_to(field, 'UTF8'))) || convert_to(field, 'UTF8')
$$;

-- The canonical bytes of one row, in the order ARCHITECTURE.md gives.
CREATE FUNCTION event_row_bytes(
    row_position       bigint,
    row_recorded_at    timestamptz,
    row_aggregate_type text,
    row_aggregate_id   text,
    row_sequence       bigint,
    row_event_type     text,
    row_event_version  text,
    row_payload        text,
    row_metadata       text
) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT event_field_bytes(row_position::text)
        || event_field_bytes(to_char(row_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || event_field_bytes(row_aggregate_type)
        || event_field_bytes(row_aggregate_id)
        || event_field_bytes(row_sequence::text)
        || event_field_bytes(row_event_type)
        || event_field_bytes(row_event_version)
        || event_field_bytes(row_payload)
        || event_field_bytes(row_metadata)
$$;

-- Assigns position, recorded_at and hash to every new row. Whatever the client sent in those
-- columns is overwritten, so they cannot be forged through an INSERT.
CREATE FUNCTION events_append_to_chain() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    head event_log_head%ROWTYPE;
BEGIN
    -- FOR UPDATE waits for the previous append to commit and then reads the head it left.
    SELECT * INTO STRICT head FROM event_log_head FOR UPDATE;

    NEW.position := head.position + 1;
    -- Record time never runs backwards along the log, even if the server clock does, so that a
    -- `known_at` timestamp always maps to one prefix of the log.
    NEW.recorded_at := greatest(clock_timestamp(), head.recorded_at);
    -- The row's fields are passed as plpgsql variables, which lets PostgreSQL inline
    -- event_row_bytes; a single UPDATE ... RETURNING that computed the hash from the head's
    -- columns measured a third slower.
    NEW.hash := sha256(head.hash || event_row_bytes(
        NEW.position, NEW.recorded_at, NEW.aggregate_type, NEW.aggregate_id, NEW.sequence,
        NEW.event_type, NEW.event_version, NEW.payload::text, NEW.metadata::text));

    UPDATE event_log_head
       SET position = NEW.position, hash = NEW.hash, recorded_at = NEW.recorded_at;
    RETURN NEW;
END
$$;

CREATE TRIGGER events_append_to_chain
    BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_to_chain();

-- History is never edited or deleted: a mistake is corrected by a new event that cites the original.
CREATE FUNCTION events_reject_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % on events is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'Record a correction event that cites the original instead.';
END
$$;

CREATE TRIGGER events_reject_update_and_delete
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_reject_change();

CREATE TRIGGER events_reject_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();

-- The head may change only from inside the append trigger (trigger depth 2), never by a statement
-- of its own, and it can never be removed.
CREATE FUNCTION event_log_head_reject_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the event log head moves only when an event is appended: % on event_log_head is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER event_log_head_reject_change
    BEFORE UPDATE OR DELETE ON event_log_head
    FOR EACH ROW EXECUTE FUNCTION event_log_head_reject_change();

CREATE TRIGGER event_log_head_reject_truncate
    BEFORE TRUNCATE ON event_log_head
    FOR EACH STATEMENT EXECUTE FUNCTION event_log_head_reject_change();
