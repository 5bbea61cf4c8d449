-- The allocation read model: what a cooperation's budget for a year charges each party, from the
-- key of the agreement version in force on 1 January, bitemporally.
--
-- Every row carries `valid` (when the fact holds in the world) and `known` (the log positions
-- from the event that recorded this version to the event that superseded it). A change never
-- updates a row in place: it closes the current row's `known` and inserts the new version, so a
-- query for any `known_at` finds the rows the register held then. Each exclusion constraint states
-- that at any position only one version of each fact is known.
--
-- The read model keeps its own copy of the governing documents' versions and of the population
-- figures, so that `apply` reads nothing but this schema and a rebuild gives the same rows.

-- Every version of every governing document; `valid` runs from its effective day on. Versions take
-- effect in version order, so the version in force on a day is the one that took effect last.
CREATE TABLE agreement_versions
(
    document_id    uuid      NOT NULL,
    cooperation_id uuid      NOT NULL,
    kind           text      NOT NULL,
    version        bigint    NOT NULL,
    valid          daterange NOT NULL,
    known          int8range NOT NULL,
    CONSTRAINT agreement_versions_one_version_known
        EXCLUDE USING gist (document_id WITH =, version WITH =, known WITH &&)
);
CREATE INDEX agreement_versions_of_cooperation_at
    ON agreement_versions USING gist (cooperation_id, valid, known);

-- Allocation keys. A key holds for as long as its agreement version is in force, which the
-- versions above say, so its own `valid` is unbounded. `adopted_at` is the position that adopted
-- it, kept through corrections, so that of two keys for one version the first adopted is used.
CREATE TABLE keys
(
    key_id            uuid      NOT NULL,
    cooperation_id    uuid      NOT NULL,
    document_id       uuid      NOT NULL,
    document_version  bigint    NOT NULL,
    parties           jsonb     NOT NULL,
    method            jsonb     NOT NULL,
    exceptions        jsonb     NOT NULL,
    basis             jsonb     NOT NULL,
    correction_reason text,
    adopted_at        bigint    NOT NULL,
    valid             daterange NOT NULL,
    known             int8range NOT NULL,
    CONSTRAINT keys_one_version_known EXCLUDE USING gist (key_id WITH =, known WITH &&)
);
CREATE INDEX keys_of_agreement_version_at
    ON keys USING gist (document_id, document_version, known);

-- Budgets, one per cooperation and year (`stream` is the budget's stream id); `valid` is the year.
-- A revision or a correction inserts the lines as they now stand.
CREATE TABLE budgets
(
    stream            text      NOT NULL,
    cooperation_id    uuid      NOT NULL,
    year              integer   NOT NULL,
    revision          bigint    NOT NULL,
    lines             jsonb     NOT NULL,
    basis             jsonb     NOT NULL,
    correction_reason text,
    valid             daterange NOT NULL,
    known             int8range NOT NULL,
    CONSTRAINT budgets_one_version_known EXCLUDE USING gist (stream WITH =, known WITH &&)
);
CREATE INDEX budgets_of_cooperation_at ON budgets USING gist (cooperation_id, year, known);

-- Population figures; `valid` is the single reference day the figure counts.
CREATE TABLE populations
(
    stream            text      NOT NULL,
    party             text      NOT NULL,
    population        bigint    NOT NULL,
    source            text      NOT NULL,
    correction_reason text,
    valid             daterange NOT NULL,
    known             int8range NOT NULL,
    CONSTRAINT populations_one_version_known EXCLUDE USING gist (stream WITH =, known WITH &&)
);
CREATE INDEX populations_of_party_at ON populations USING gist (party, valid, known);
