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
    dissolution_basis  jsonb,
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
    end_reason        text,
    end_basis         jsonb,
    correction_reason text,
    correction_basis  jsonb,
    valid             daterange NOT NULL,
    known             int8range NOT NULL,
    CONSTRAINT members_one_version_known EXCLUDE USING gist (membership_id WITH =, known WITH &&)
);
CREATE INDEX members_at ON members USING gist (body_id, valid, known);
