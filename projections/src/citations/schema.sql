-- The citations read model: what the register needs to cite a basis and to name a party, as it
-- knew them at each position. Parties are registered once and never renamed; an outside decision
-- may be corrected, which closes the version known until then and inserts the corrected one.
--
-- Decisions of the register itself and document clauses are cited from the decisions, documents
-- and membership read models, which already hold them.
CREATE TABLE parties
(
    code  text      NOT NULL,
    kind  text      NOT NULL,
    name  text      NOT NULL,
    known int8range NOT NULL,
    CONSTRAINT parties_one_version_known EXCLUDE USING gist (code WITH =, known WITH &&)
);

CREATE TABLE external_decisions
(
    decision_id     uuid      NOT NULL,
    issuer          text      NOT NULL,
    issuer_party    text,
    decided_on      date      NOT NULL,
    paragraph       text,
    registry_number text,
    subject         text      NOT NULL,
    correction_reason text,
    known           int8range NOT NULL,
    search          tsvector  NOT NULL
        GENERATED ALWAYS AS (to_tsvector('swedish', issuer || ' ' || subject || ' '
                                         || coalesce(registry_number, ''))) STORED,
    CONSTRAINT external_decisions_one_version_known
        EXCLUDE USING gist (decision_id WITH =, known WITH &&)
);
CREATE INDEX external_decisions_search ON external_decisions USING gin (search);
