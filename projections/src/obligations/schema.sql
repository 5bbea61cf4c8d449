-- The obligations read model: what each party owes, to whom, from what source, for which period,
-- and how it was closed, bitemporally.
--
-- Every row carries `valid` (the obligation's period) and `known` (the log positions from the
-- event that recorded this version to the event that superseded it). A change never updates a row
-- in place: it closes the current row's `known` and inserts the new version, so that a query for
-- any `known_at` finds the rows the register held then. The exclusion constraint states that at
-- any position only one version of each obligation is known.
--
-- `listed` holds the days on which the obligation appears in a party's list (see `listed_days`).
-- It is stored, not computed by the query, so that the GiST indexes answer the query alone.

-- The days on which an obligation is listed, from the first day of its period through:
--
-- - for an open-ended period, the day the obligation is closed, since closing it ends it; while
--   it is open, indefinitely;
-- - for an obligation due once, the later of its period's last day and the day it is closed;
--   while it is not closed, indefinitely, so that an overdue obligation stays in view after its
--   period and nothing is left dangling out of sight;
-- - otherwise its period's last day.
--
-- A correction may move the period's first day past a closure already recorded; the range is then
-- empty rather than backwards, and the obligation, closed before it began, is never listed.
CREATE FUNCTION listed_days(period daterange, due_on date, closed_on date) RETURNS daterange
    LANGUAGE sql IMMUTABLE
AS
$$
SELECT daterange(lower(period),
                 CASE
                     WHEN due_on IS NULL AND NOT upper_inf(period) THEN upper(period)
                     -- greatest() skips nulls, so an obligation not closed is tested first.
                     WHEN closed_on IS NULL THEN NULL
                     WHEN upper_inf(period) THEN greatest(closed_on + 1, lower(period))
                     ELSE greatest(upper(period), closed_on + 1)
                     END)
$$;

CREATE TABLE obligations
(
    obligation_id     uuid      NOT NULL,
    cooperation_id    uuid      NOT NULL,
    debtor            text      NOT NULL,
    creditor          jsonb     NOT NULL,
    kind              text      NOT NULL,
    description       text      NOT NULL,
    due               jsonb     NOT NULL,
    -- The day of an obligation due once; null for a yearly or continuous one.
    due_on            date,
    basis             jsonb     NOT NULL,
    closure           jsonb,
    closed_on         date,
    closure_basis     jsonb,
    correction_reason text,
    valid             daterange NOT NULL,
    listed            daterange NOT NULL,
    known             int8range NOT NULL,
    CONSTRAINT obligations_closed_on_a_day CHECK ((closure IS NULL) = (closed_on IS NULL)),
    CONSTRAINT obligations_one_version_known
        EXCLUDE USING gist (obligation_id WITH =, known WITH &&)
);
CREATE INDEX obligations_of_debtor_at ON obligations USING gist (debtor, listed, known);
CREATE INDEX obligations_of_cooperation_at ON obligations USING gist (cooperation_id, listed, known);
