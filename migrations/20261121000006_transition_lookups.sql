-- Indexes for the facts a transition's carrying out and preview look up in the log: the bodies,
-- obligations and contracts of a cooperation, the mandates and mandate periods of a body.
--
-- Each is a partial index on exactly the expression the register's query uses, so a lookup reads
-- the few events that name the id instead of every event in the log. They are small: each holds
-- only the events of one type. The mandate indexes also serve the mandate finding of every
-- decision a secretary records, which asks for the mandates of the deciding body.

CREATE INDEX events_body_established_cooperation
    ON events ((payload -> 'BodyEstablished' ->> 'cooperation_id'))
    WHERE aggregate_type = 'Body' AND event_type = 'BodyEstablished';
CREATE INDEX events_body_corrected_cooperation
    ON events ((payload -> 'BodyEstablishmentCorrected' -> 'established' ->> 'cooperation_id'))
    WHERE aggregate_type = 'Body' AND event_type = 'BodyEstablishmentCorrected';

CREATE INDEX events_obligation_recorded_cooperation
    ON events ((payload -> 'ObligationRecorded' ->> 'cooperation_id'))
    WHERE aggregate_type = 'Obligation' AND event_type = 'ObligationRecorded';
CREATE INDEX events_obligation_corrected_cooperation
    ON events ((payload -> 'ObligationCorrected' -> 'recorded' ->> 'cooperation_id'))
    WHERE aggregate_type = 'Obligation' AND event_type = 'ObligationCorrected';

CREATE INDEX events_mandate_granted_body
    ON events ((payload -> 'MandateGranted' -> 'holder' ->> 'body_id'))
    WHERE aggregate_type = 'Mandate' AND event_type = 'MandateGranted';
CREATE INDEX events_mandate_corrected_body
    ON events ((payload -> 'MandateCorrected' -> 'grant' -> 'holder' ->> 'body_id'))
    WHERE aggregate_type = 'Mandate' AND event_type = 'MandateCorrected';

CREATE INDEX events_contract_registered_cooperation
    ON events ((payload -> 'ContractRegistered' ->> 'cooperation_id'))
    WHERE aggregate_type = 'Contract' AND event_type = 'ContractRegistered';
CREATE INDEX events_contract_corrected_cooperation
    ON events ((payload -> 'ContractCorrected' -> 'registered' ->> 'cooperation_id'))
    WHERE aggregate_type = 'Contract' AND event_type = 'ContractCorrected';
CREATE INDEX events_contract_reassigned_cooperation
    ON events ((payload -> 'ContractReassigned' -> 'holder' ->> 'cooperation_id'))
    WHERE aggregate_type = 'Contract' AND event_type = 'ContractReassigned';

-- A body's mandate periods are the streams `<body id>:<first year>`.
CREATE INDEX events_body_term_body
    ON events ((split_part(aggregate_id, ':', 1)))
    WHERE aggregate_type = 'BodyTerm';
