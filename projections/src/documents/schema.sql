-- The documents read model: every version of every governing document, bitemporally.
--
-- A row is one version: its full clause text, the changes that made it from the version it
-- amends, and the day it took effect (valid time). `known` holds the log positions from the event
-- that recorded the version to the correction that superseded it. A correction (rättelse) closes
-- the current row's `known` and inserts the corrected version, so that a query for any
-- `known_at` finds the versions the register held then. The version in force on a day is the one
-- with the latest `effective_on` on or before it; versions take effect in version order.

CREATE TABLE versions
(
    document_id       uuid      NOT NULL,
    cooperation_id    uuid      NOT NULL,
    kind              text      NOT NULL,
    title             text      NOT NULL,
    version           bigint    NOT NULL,
    amends_version    bigint,
    effective_on      date      NOT NULL,
    clauses           jsonb     NOT NULL,
    changes           jsonb,
    basis             jsonb     NOT NULL,
    correction_reason text,
    correction_basis  jsonb,
    known             int8range NOT NULL,
    CONSTRAINT versions_one_version_known
        EXCLUDE USING gist (document_id WITH =, version WITH =, known WITH &&)
);
CREATE INDEX versions_in_force ON versions (document_id, effective_on);
CREATE INDEX versions_of_cooperation ON versions (cooperation_id, document_id, effective_on);
