-- The mandates read model: what each body or party is entrusted with, its exclusions, its source,
-- and the delegations of it to officials, bitemporally.
--
-- Every row carries `valid` (the days the fact holds in the world) and `known` (the log positions
-- from the event that recorded it to the event that superseded it). A change never updates a row
-- in place: it closes the current row's `known` and inserts the new version, so that a query for
-- any `known_at` finds the rows the register held then. The exclusion constraints state that at
-- any position only one version of each fact is known.

-- A mandate held by a body (`body_id` set) or by a party (`party` set, its official code).
-- `valid` is the mandate's days: from its first day to the last day it was ended on, or else the
-- last day granted, as the aggregate itself reckons them. `last_day` keeps an early end apart
-- from the granted period, so that a later correction of the grant does not undo the end.
CREATE TABLE mandates
(
    mandate_id        uuid      NOT NULL,
    body_id           uuid,
    party             text,
    category          text      NOT NULL,
    scope             text      NOT NULL,
    exclusions        jsonb     NOT NULL,
    basis             jsonb     NOT NULL,
    last_day          date,
    end_basis         jsonb,
    correction_reason text,
    valid             daterange NOT NULL,
    known             int8range NOT NULL,
    CONSTRAINT mandates_one_holder CHECK ((body_id IS NULL) <> (party IS NULL)),
    CONSTRAINT mandates_one_version_known EXCLUDE USING gist (mandate_id WITH =, known WITH &&)
);
CREATE INDEX mandates_of_body_at ON mandates USING gist (body_id, valid, known);
CREATE INDEX mandates_of_party_at ON mandates USING gist (party, valid, known);

-- A delegation of part of a mandate to an official. No event changes a delegation once it is
-- recorded, so each has one version, known from the event that recorded it onwards.
CREATE TABLE delegations
(
    delegation_id uuid      NOT NULL,
    mandate_id    uuid      NOT NULL,
    delegate      text      NOT NULL,
    category      text      NOT NULL,
    basis         jsonb     NOT NULL,
    valid         daterange NOT NULL,
    known         int8range NOT NULL,
    CONSTRAINT delegations_one_version_known
        EXCLUDE USING gist (delegation_id WITH =, known WITH &&)
);
CREATE INDEX delegations_at ON delegations USING gist (mandate_id, valid, known);
