-- The contracts read model: a cooperation's procurement contracts and framework agreements, their
-- term and extension options, and who holds each and may call off under it, bitemporally.
--
-- Every row carries `valid` (days in the world) and `known` (the log positions from the event that
-- recorded this version to the event that superseded it). A change never updates a row in place:
-- it closes the current rows' `known` and inserts the new versions, so that a query for any
-- `known_at` finds the rows the register held then. The exclusion constraints state that at any
-- position only one version of a contract is known, one holder per day, and each caller once per
-- day.

-- One version of a contract: what its registration says (as last corrected), the extensions
-- exercised, and so its current last day. `valid` is its term, from its first day through its
-- current last day.
CREATE TABLE contracts
(
    contract_id         uuid      NOT NULL,
    -- The cooperation that registered the contract.
    cooperation_id      uuid      NOT NULL,
    title               text      NOT NULL,
    category            text      NOT NULL,
    supplier            text      NOT NULL,
    kind                text      NOT NULL,
    registry_number     text,
    starts_on           date      NOT NULL,
    -- The last day as registered, before any extension.
    registered_ends_on  date      NOT NULL,
    -- The last day after the extensions exercised.
    ends_on             date      NOT NULL,
    -- The last day if every remaining option were exercised.
    latest_possible_end date      NOT NULL,
    -- Every option as registered, in order: `[{"extends_to": …}]`.
    extension_options   jsonb     NOT NULL,
    -- The options exercised, in order: `[{"extends_to": …, "decided_on": …, "basis": …}]`; always
    -- the first options of `extension_options`.
    extensions          jsonb     NOT NULL,
    basis               jsonb     NOT NULL,
    correction_reason   text,
    valid               daterange NOT NULL,
    known               int8range NOT NULL,
    CONSTRAINT contracts_term_forwards CHECK (ends_on >= starts_on),
    CONSTRAINT contracts_one_version_known
        EXCLUDE USING gist (contract_id WITH =, known WITH &&)
);
CREATE INDEX contracts_of_cooperation_at ON contracts USING gist (cooperation_id, known);

-- Who holds a contract from a day (`held_from`, the first day of `valid`) until the next
-- reassignment or the contract's end, who may call off then, and the decision it rests on: the
-- registration for the first period, a reassignment for each later one.
CREATE TABLE contract_holders
(
    contract_id           uuid      NOT NULL,
    held_from             date      NOT NULL,
    holder                jsonb     NOT NULL,
    -- The holding cooperation, for a contract held by a cooperation; null for a single party.
    holder_cooperation_id uuid,
    callers               text[]    NOT NULL,
    basis                 jsonb     NOT NULL,
    valid                 daterange NOT NULL,
    known                 int8range NOT NULL,
    CONSTRAINT contract_holders_one_holder_a_day
        EXCLUDE USING gist (contract_id WITH =, valid WITH &&, known WITH &&)
);
CREATE INDEX contract_holders_of_cooperation_at
    ON contract_holders USING gist (holder_cooperation_id, known);

-- The parties that may call off under a contract, one row per party and holder period, so that a
-- party's contracts on a day are one index lookup.
CREATE TABLE contract_callers
(
    contract_id uuid      NOT NULL,
    party       text      NOT NULL,
    valid       daterange NOT NULL,
    known       int8range NOT NULL,
    CONSTRAINT contract_callers_once_a_day
        EXCLUDE USING gist (contract_id WITH =, party WITH =, valid WITH &&, known WITH &&)
);
CREATE INDEX contract_callers_of_party_at ON contract_callers USING gist (party, valid, known);
