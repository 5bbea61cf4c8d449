-- The membership read model: bodies, their seat plans and their members, bitemporally.
--
-- Every row carries `valid` (the days the fact holds in the world) and `known` (the log positions
-- from the event that recorded it to the event that superseded it). A change never updates a row
-- in place: it closes the current row's `known` and inserts the new version, so that a query for
-- any `known_at` finds the rows the register held then. The exclusion constraints state that at
-- any position only one version of each fact is known; they are also the lookup indexes.

CREATE TABLE bodies
(
    body_id            uuid      NOT NULL,
    cooperation_id     uuid      NOT NULL,
    kind               text      NOT NULL,
    name               text      NOT NULL,
    basis              jsonb     NOT NULL,
    dissolution_bases  jsonb,
    valid              daterange NOT NULL,
    known              int8range NOT NULL,
    CONSTRAINT bodies_one_version_known EXCLUDE USING gist (body_id WITH =, known WITH &&)
);

-- A mandate period of a body: the stream of its seat plan and appointments, named
-- "<body id>:<first year>". It never changes.
CREATE TABLE terms
(
    term_id text      PRIMARY KEY,
    body_id uuid      NOT NULL,
    period  daterange NOT NULL
);

CREATE TABLE seat_plans
(
    term_id  text      NOT NULL,
    body_id  uuid      NOT NULL,
    party    text      NOT NULL,
    members  integer   NOT NULL,
    deputies integer   NOT NULL,
    basis    jsonb     NOT NULL,
    valid    daterange NOT NULL,
    known    int8range NOT NULL,
    CONSTRAINT seat_plans_one_version_known
        EXCLUDE USING gist (term_id WITH =, party WITH =, known WITH &&)
);
CREATE INDEX seat_plans_at ON seat_plans USING gist (body_id, valid, known);

CREATE TABLE members
(
    membership_id     uuid      NOT NULL,
    term_id           text      NOT NULL,
    body_id           uuid      NOT NULL,
    person_id         uuid      NOT NULL,
    person_name       text      NOT NULL,
    party             text      NOT NULL,
    role              text      NOT NULL,
    seat              text      NOT NULL,
    replaces          uuid,
    basis             jsonb     NOT NULL,
    serves_from       date      NOT NULL,
    serves_to         date      NOT NULL,
    ended_on          date,
    end_reason        text,
    end_basis         jsonb,
    correction_reason text,
    correction_basis  jsonb,
    valid             daterange NOT NULL,
    known             int8range NOT NULL,
    CONSTRAINT members_one_version_known EXCLUDE USING gist (membership_id WITH =, known WITH &&)
);
CREATE INDEX members_at ON members USING gist (body_id, valid, known);

-- The days a membership is served: from its first day to the day it ended early or, if it did
-- not, to the last day appointed. The domain's BodyTerm counts them the same way. A correction
-- can move the first day past an early end; then no day is served and the range is empty.
CREATE FUNCTION days_served(serves_from date, serves_to date, ended_on date) RETURNS daterange
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN serves_from <= coalesce(ended_on, serves_to)
                THEN daterange(serves_from, coalesce(ended_on, serves_to), '[]')
                ELSE 'empty'::daterange END
$$;
