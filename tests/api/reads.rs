//! The read endpoints: every read model over HTTP, with `as_of`, `known_at`, read-your-writes,
//! cursor pages, parameter errors and who may read.
//!
//! The scenario is an illustrative joint committee of Region Sörmland (04) and Region Västmanland
//! (19), written straight through the register with fixed ids so that answers are exact.

use axum::http::StatusCode;
use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, CorrectAppointment,
    EndMembership, EndReason, Person, Role as MemberRole, Seat, SeatAllocation,
};
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::governing_document::{
    AdoptDocument, AmendDocument, Clause, ClauseChange, DocumentKind, GoverningDocument,
    GoverningDocumentCommand,
};
use domain::mandate::{Category, GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::obligation::{
    Creditor, Due, Obligation, ObligationCommand, ObligationKind, RecordObligation,
};
use domain::party::{Party, PartyCommand, RegisterParty};
use domain::{DateRange, LegalBasis, MandatePeriod};
use eventlog::Position;
use projections::{KnownAt, ProjectionRunner, ReadAt};
use register::access::Role;
use register::Register;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Reply, Tokens};
use crate::support::citations::cited_inline;
use crate::support::fixtures::{code, date};

const COOPERATION: Uuid = Uuid::from_u128(0x7000);
const BODY: Uuid = Uuid::from_u128(0x7001);
const ANNA: Uuid = Uuid::from_u128(0x7101);
const BO: Uuid = Uuid::from_u128(0x7102);
const ANNA_MEMBERSHIP: Uuid = Uuid::from_u128(0x7201);
const BO_MEMBERSHIP: Uuid = Uuid::from_u128(0x7202);
const BODY_MANDATE: Uuid = Uuid::from_u128(0x7301);
const PARTY_MANDATE: Uuid = Uuid::from_u128(0x7302);
const COST_SHARE: Uuid = Uuid::from_u128(0x7401);
const RULES: Uuid = Uuid::from_u128(0x7501);

const UNKNOWN: Uuid = Uuid::from_u128(0x7fff);

fn basis(reference: &str) -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date("2018-06-19"),
        reference: Some(reference.into()),
        registry_number: None,
    }
}

/// The basis as a read answers it, with its citation.
fn answered(reference: &str) -> Value {
    cited_inline(json!(basis(reference)))
}

fn parties() -> Vec<domain::PartyCode> {
    vec![code("04"), code("19")]
}

fn appointment(person: Uuid, name: &str, role: MemberRole, party: &str) -> Appointment {
    Appointment {
        person: Person {
            id: person,
            name: name.into(),
        },
        role,
        party: code(party),
        serves_from: date("2023-01-01"),
        serves_to: None,
    }
}

fn clause(number: &str, text: &str) -> Clause {
    Clause {
        number: number.into(),
        text: text.into(),
    }
}

/// The positions at which the scenario's facts were recorded.
#[derive(Debug, Clone, Copy)]
struct Recorded {
    body_established: Position,
    anna_appointed: Position,
    bo_appointed: Position,
    anna_resigned: Position,
    bo_corrected: Position,
    body_mandate: Position,
    party_mandate: Position,
    cost_share: Position,
    rules_adopted: Position,
    rules_amended: Position,
}

/// The parties, the cooperation and its committee; Anna (chair, 04) and Bo (member, 19) from
/// 2023; Anna resigns after 2024-06-30; Bo's surname is corrected; a mandate for the committee
/// and one for the host; Västmanland's cost share for 2024; the rules of procedure, amended
/// from 2024.
async fn scenario(register: &Register) -> Recorded {
    for (party, name) in [("04", "Region Sörmland"), ("19", "Region Västmanland")] {
        register
            .execute::<Party>(
                party,
                PartyCommand::Register(RegisterParty {
                    code: code(party),
                    name: name.into(),
                }),
            )
            .await
            .unwrap();
    }
    register
        .execute::<Cooperation>(
            &COOPERATION.to_string(),
            CooperationCommand::Establish(EstablishCooperation {
                name: "Gemensam nämnd för upphandling".into(),
                form: CooperationForm::JointCommittee,
                host: code("04"),
                parties: parties(),
                established_on: date("2019-01-01"),
                predecessor: None,
                bases: basis("§ 1").into(),
            }),
        )
        .await
        .unwrap();
    let body_established = register
        .execute::<Body>(
            &BODY.to_string(),
            BodyCommand::Establish(EstablishBody {
                cooperation_id: COOPERATION,
                cooperation_established_on: date("2019-01-01"),
                kind: BodyKind::Committee,
                name: "Inköpsnämnden".into(),
                established_on: date("2019-01-01"),
                basis: basis("§ 2"),
            }),
        )
        .await
        .unwrap();
    let period = MandatePeriod::beginning(2023).unwrap();
    let term = BodyTerm::stream_id(BODY, period);
    let seats = |party: &str| SeatAllocation {
        party: code(party),
        members: 1,
        deputies: 1,
    };
    register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                body_id: BODY,
                period,
                seats: vec![seats("04"), seats("19")],
                is_joint_committee: true,
                cooperation_parties: parties(),
                basis: basis("§ 3"),
            }),
        )
        .await
        .unwrap();
    let appoint = |membership_id, appointment, reference: &str| {
        BodyTermCommand::Appoint(Appoint {
            membership_id,
            appointment,
            replaces: None,
            cooperation_parties: parties(),
            basis: basis(reference),
        })
    };
    let anna_appointed = register
        .execute::<BodyTerm>(
            &term,
            appoint(
                ANNA_MEMBERSHIP,
                appointment(ANNA, "Anna Ek", MemberRole::Chair, "04"),
                "§ 4",
            ),
        )
        .await
        .unwrap();
    let bo_appointed = register
        .execute::<BodyTerm>(
            &term,
            appoint(
                BO_MEMBERSHIP,
                appointment(BO, "Bo Lind", MemberRole::Member, "19"),
                "§ 5",
            ),
        )
        .await
        .unwrap();
    let anna_resigned = register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::EndMembership(EndMembership {
                membership_id: ANNA_MEMBERSHIP,
                last_day: date("2024-06-30"),
                reason: EndReason::Resigned,
                basis: basis("§ 40"),
            }),
        )
        .await
        .unwrap();
    let bo_corrected = register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::CorrectAppointment(CorrectAppointment {
                membership_id: BO_MEMBERSHIP,
                corrected: appointment(BO, "Bo Lindqvist", MemberRole::Member, "19"),
                reason: "The surname was misspelt".into(),
                cooperation_parties: parties(),
                basis: basis("§ 5"),
            }),
        )
        .await
        .unwrap();
    let grant = |holder, scope: &str| {
        MandateCommand::Grant(GrantMandate {
            holder,
            category: Category::parse("upphandling").unwrap(),
            scope: scope.into(),
            exclusions: Vec::new(),
            valid: DateRange {
                from: date("2019-01-01"),
                to: None,
            },
            basis: basis("§ 6"),
        })
    };
    let body_mandate = register
        .execute::<Mandate>(
            &BODY_MANDATE.to_string(),
            grant(MandateHolder::Body { body_id: BODY }, "Upphandlingar"),
        )
        .await
        .unwrap();
    let party_mandate = register
        .execute::<Mandate>(
            &PARTY_MANDATE.to_string(),
            grant(
                MandateHolder::Party { party: code("04") },
                "Värdregionens kansli",
            ),
        )
        .await
        .unwrap();
    let cost_share = register
        .execute::<Obligation>(
            &COST_SHARE.to_string(),
            ObligationCommand::Record(cost_share_record()),
        )
        .await
        .unwrap();
    let document = |command| async {
        register
            .execute::<GoverningDocument>(&RULES.to_string(), command)
            .await
            .unwrap()
    };
    let rules_adopted = document(GoverningDocumentCommand::Adopt(AdoptDocument {
        cooperation_id: COOPERATION,
        cooperation_established_on: date("2019-01-01"),
        kind: DocumentKind::RulesOfProcedure,
        title: "Reglemente".into(),
        effective_on: date("2019-01-01"),
        clauses: vec![clause("§ 1", "Nämnden har två ledamöter.")],
        basis: basis("§ 7"),
    }))
    .await;
    let rules_amended = document(GoverningDocumentCommand::Amend(AmendDocument {
        amends_version: 1,
        effective_on: date("2024-01-01"),
        changes: vec![ClauseChange::Replace {
            number: "§ 1".into(),
            text: "Nämnden har fyra ledamöter.".into(),
        }],
        basis: basis("§ 8"),
    }))
    .await;
    Recorded {
        body_established,
        anna_appointed,
        bo_appointed,
        anna_resigned,
        bo_corrected,
        body_mandate,
        party_mandate,
        cost_share,
        rules_adopted,
        rules_amended,
    }
}

fn cost_share_record() -> RecordObligation {
    RecordObligation {
        cooperation_id: COOPERATION,
        cooperation_parties: parties(),
        debtor: code("19"),
        creditor: Creditor::Party { party: code("04") },
        kind: ObligationKind::CostShare,
        description: "Andel av nämndens kostnader 2024".into(),
        period: DateRange {
            from: date("2024-01-01"),
            to: Some(date("2024-12-31")),
        },
        due: Due::On {
            date: date("2024-03-31"),
        },
        basis: basis("§ 9"),
    }
}

/// An API over the scenario, projected, with an administrator's and an auditor's token.
async fn with_scenario() -> (Api, Tokens, Recorded) {
    let api = Api::new().await;
    let recorded = scenario(&crate::support::fixtures::register(&api.db.pool)).await;
    api.catch_up().await;
    let tokens = Tokens::new(&api).await;
    (api, tokens, recorded)
}

fn at(position: Position) -> u64 {
    position.get()
}

fn before(position: Position) -> u64 {
    position.get() - 1
}

async fn head(api: &Api) -> u64 {
    let head: i64 = sqlx::query_scalar("SELECT position FROM event_log_head")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    u64::try_from(head).unwrap()
}

fn body_json() -> Value {
    body_standing_json(json!({ "status": "active" }))
}

fn body_standing_json(standing: Value) -> Value {
    json!({
        "body_id": BODY,
        "cooperation_id": COOPERATION,
        "kind": BodyKind::Committee,
        "name": "Inköpsnämnden",
        "established_on": "2019-01-01",
        "last_day": null,
        "standing": standing,
        "basis": answered("§ 2"),
        "dissolution_bases": [],
    })
}

/// The four seats of the plan, one member's and one deputy's for each region, with Anna on
/// Sörmland's member seat while she serves and Bo on Västmanland's; the deputies' are vacant.
fn seats_json(anna_serves: bool) -> Value {
    json!([
        { "party": "04", "seat": "member", "membership_id": anna_serves.then_some(ANNA_MEMBERSHIP) },
        { "party": "04", "seat": "deputy", "membership_id": null },
        { "party": "19", "seat": "member", "membership_id": BO_MEMBERSHIP },
        { "party": "19", "seat": "deputy", "membership_id": null },
    ])
}

fn seat_plan_json() -> Value {
    json!([
        { "party": "04", "members": 1, "deputies": 1, "basis": answered("§ 3") },
        { "party": "19", "members": 1, "deputies": 1, "basis": answered("§ 3") },
    ])
}

fn anna_json(resigned: bool, recorded_at: Position) -> Value {
    json!({
        "membership_id": ANNA_MEMBERSHIP,
        "person_id": ANNA,
        "name": "Anna Ek",
        "party": "04",
        "role": MemberRole::Chair,
        "seat": Seat::Member,
        "serves_from": "2023-01-01",
        "serves_to": if resigned { "2024-06-30" } else { "2026-12-31" },
        "replaces": null,
        "basis": answered("§ 4"),
        "end_reason": resigned.then_some(EndReason::Resigned),
        "correction_reason": null,
        "recorded_at_position": recorded_at.as_stored(),
    })
}

fn bo_json(corrected: bool, recorded_at: Position) -> Value {
    json!({
        "membership_id": BO_MEMBERSHIP,
        "person_id": BO,
        "name": if corrected { "Bo Lindqvist" } else { "Bo Lind" },
        "party": "19",
        "role": MemberRole::Member,
        "seat": Seat::Member,
        "serves_from": "2023-01-01",
        "serves_to": "2026-12-31",
        "replaces": null,
        "basis": answered("§ 5"),
        "end_reason": null,
        "correction_reason": corrected.then_some("The surname was misspelt"),
        "recorded_at_position": recorded_at.as_stored(),
    })
}

fn ok(reply: Reply) -> Value {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

#[tokio::test]
async fn membership_answers_for_any_day_and_any_knowledge() {
    let (api, tokens, recorded) = with_scenario().await;
    let latest = head(&api).await;
    let read = |query: String| {
        let api = &api;
        let secret = tokens.auditor.clone();
        async move {
            ok(api
                .get(
                    &format!("/api/v1/bodies/{BODY}/membership?{query}"),
                    Some(&secret),
                )
                .await)
        }
    };

    // The last day Anna served, and the day after: her resignation ends her membership.
    let last_day = read("as_of=2024-06-30".into()).await;
    let day_after = read("as_of=2024-07-01".into()).await;
    // Before the resignation was recorded, and before Bo's surname was corrected.
    let before_resignation = read(format!(
        "as_of=2024-07-01&known_at={}",
        before(recorded.anna_resigned)
    ))
    .await;
    let before_correction = read(format!(
        "as_of=2024-07-01&known_at={}",
        before(recorded.bo_corrected)
    ))
    .await;
    // Before the body was established, and as known before it was recorded.
    let before_body = read("as_of=2018-12-31".into()).await;
    let unknown_body = read(format!(
        "as_of=2024-07-01&known_at={}",
        before(recorded.body_established)
    ))
    .await;

    assert_eq!(
        last_day,
        json!({
            "as_of": "2024-06-30",
            "known_at": latest,
            "body": body_json(),
            "seat_plan": seat_plan_json(),
            "seats": seats_json(true),
            "members": [
                anna_json(true, recorded.anna_resigned),
                bo_json(true, recorded.bo_corrected),
            ],
            "next_cursor": null,
            "party_names": party_names_json(),
        })
    );
    assert_eq!(
        day_after,
        json!({
            "as_of": "2024-07-01",
            "known_at": latest,
            "body": body_json(),
            "seat_plan": seat_plan_json(),
            "seats": seats_json(false),
            "members": [bo_json(true, recorded.bo_corrected)],
            "next_cursor": null,
            "party_names": party_names_json(),
        })
    );
    assert_eq!(
        before_resignation,
        json!({
            "as_of": "2024-07-01",
            "known_at": before(recorded.anna_resigned),
            "body": body_json(),
            "seat_plan": seat_plan_json(),
            "seats": seats_json(true),
            "members": [
                anna_json(false, recorded.anna_appointed),
                bo_json(false, recorded.bo_appointed),
            ],
            "next_cursor": null,
            "party_names": party_names_json(),
        })
    );
    assert_eq!(
        before_correction,
        json!({
            "as_of": "2024-07-01",
            "known_at": before(recorded.bo_corrected),
            "body": body_json(),
            "seat_plan": seat_plan_json(),
            "seats": seats_json(false),
            "members": [bo_json(false, recorded.bo_appointed)],
            "next_cursor": null,
            "party_names": party_names_json(),
        })
    );
    assert_eq!(
        before_body,
        json!({
            "as_of": "2018-12-31",
            "known_at": latest,
            // Before it is established the body is answered with its standing, and no seats.
            "body": body_standing_json(json!({ "status": "not_yet_established" })),
            "seat_plan": [],
            "seats": [],
            "members": [],
            "next_cursor": null,
        })
    );
    assert_eq!(
        unknown_body,
        json!({
            "as_of": "2024-07-01",
            "known_at": before(recorded.body_established),
            "body": null,
            "seats": [],
            "seat_plan": [],
            "members": [],
            "next_cursor": null,
        })
    );
}

/// The names of the scenario's two regions, which every answer mentioning them carries.
fn party_names_json() -> Value {
    json!({ "04": "Region Sörmland", "19": "Region Västmanland" })
}

fn mandate_json(id: Uuid, holder: Value, scope: &str, recorded_at: Position) -> Value {
    json!({
        "mandate_id": id,
        "holder": holder,
        "category": "upphandling",
        "scope": scope,
        "exclusions": [],
        "valid": { "from": "2019-01-01", "to": null },
        "basis": answered("§ 6"),
        "end_basis": null,
        "correction_reason": null,
        "delegations": [],
        "recorded_at_position": recorded_at.as_stored(),
    })
}

#[tokio::test]
async fn mandates_of_a_body_and_of_a_party_answer_as_known() {
    let (api, tokens, recorded) = with_scenario().await;
    let latest = head(&api).await;
    let auditor = Some(tokens.auditor.as_str());

    let body = ok(api
        .get(
            &format!("/api/v1/bodies/{BODY}/mandates?as_of=2024-01-01"),
            auditor,
        )
        .await);
    let body_before_grant = ok(api
        .get(
            &format!(
                "/api/v1/bodies/{BODY}/mandates?as_of=2024-01-01&known_at={}",
                before(recorded.body_mandate)
            ),
            auditor,
        )
        .await);
    let body_before_valid = ok(api
        .get(
            &format!("/api/v1/bodies/{BODY}/mandates?as_of=2018-12-31"),
            auditor,
        )
        .await);
    let party = ok(api
        .get("/api/v1/parties/04/mandates?as_of=2024-01-01", auditor)
        .await);
    let other_party = ok(api
        .get("/api/v1/parties/19/mandates?as_of=2024-01-01", auditor)
        .await);

    assert_eq!(
        body,
        json!({
            "as_of": "2024-01-01",
            "known_at": latest,
            "mandates": [mandate_json(
                BODY_MANDATE,
                json!({ "kind": "body", "body_id": BODY }),
                "Upphandlingar",
                recorded.body_mandate,
            )],
            "next_cursor": null,
        })
    );
    assert_eq!(
        body_before_grant,
        json!({
            "as_of": "2024-01-01",
            "known_at": before(recorded.body_mandate),
            "mandates": [],
            "next_cursor": null,
        })
    );
    assert_eq!(body_before_valid["mandates"], json!([]));
    assert_eq!(
        party,
        json!({
            "as_of": "2024-01-01",
            "known_at": latest,
            "mandates": [mandate_json(
                PARTY_MANDATE,
                json!({ "kind": "party", "party": "04" }),
                "Värdregionens kansli",
                recorded.party_mandate,
            )],
            "next_cursor": null,
            "party_names": { "04": "Region Sörmland" },
        })
    );
    assert_eq!(other_party["mandates"], json!([]));
}

/// The `Location` a mandate or an obligation command answered with reads back the entity on a
/// day: `null` when it is not in force that day or not yet known, 404 for an id never recorded.
#[tokio::test]
async fn a_mandate_and_an_obligation_read_back_at_their_own_address() {
    let (api, tokens, recorded) = with_scenario().await;
    let latest = head(&api).await;
    let auditor = Some(tokens.auditor.as_str());
    let api = &api;
    let read = |path: String| async move { ok(api.get(&path, auditor).await) };

    let mandate = read(format!("/api/v1/mandates/{BODY_MANDATE}?as_of=2024-01-01")).await;
    let mandate_before_valid =
        read(format!("/api/v1/mandates/{BODY_MANDATE}?as_of=2018-12-31")).await;
    let mandate_before_known = read(format!(
        "/api/v1/mandates/{BODY_MANDATE}?as_of=2024-01-01&known_at={}",
        before(recorded.body_mandate)
    ))
    .await;
    let obligation = read(format!("/api/v1/obligations/{COST_SHARE}?as_of=2024-04-01")).await;
    let unknown = api
        .get(&format!("/api/v1/mandates/{}", Uuid::new_v4()), auditor)
        .await;

    assert_eq!(
        mandate,
        json!({
            "as_of": "2024-01-01",
            "known_at": latest,
            "mandate": mandate_json(
                BODY_MANDATE,
                json!({ "kind": "body", "body_id": BODY }),
                "Upphandlingar",
                recorded.body_mandate,
            ),
        })
    );
    assert_eq!(mandate_before_valid["mandate"], Value::Null);
    assert_eq!(
        (
            &mandate_before_known["known_at"],
            &mandate_before_known["mandate"]
        ),
        (&json!(before(recorded.body_mandate)), &Value::Null)
    );
    assert_eq!(
        obligation,
        json!({
            "as_of": "2024-04-01",
            "known_at": latest,
            "obligation": cost_share_json("overdue", recorded.cost_share),
            "party_names": party_names_json(),
        })
    );
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.body["type"], "urn:samverkan:problem:not-found");
}

fn cost_share_json(status: &str, recorded_at: Position) -> Value {
    let record = cost_share_record();
    json!({
        "obligation_id": COST_SHARE,
        "cooperation_id": COOPERATION,
        "debtor": "19",
        "creditor": record.creditor,
        "kind": record.kind,
        "description": record.description,
        "period": record.period,
        "due": record.due,
        "basis": cited_inline(json!(record.basis)),
        "status": status,
        "closure": null,
        "correction_reason": null,
        "recorded_at_position": recorded_at.as_stored(),
    })
}

#[tokio::test]
async fn obligations_of_a_party_and_of_a_cooperation_answer_with_their_status() {
    let (api, tokens, recorded) = with_scenario().await;
    let latest = head(&api).await;
    let auditor = Some(tokens.auditor.as_str());

    let not_yet_due = ok(api
        .get("/api/v1/parties/19/obligations?as_of=2024-03-31", auditor)
        .await);
    let overdue = ok(api
        .get(
            &format!("/api/v1/cooperations/{COOPERATION}/obligations?as_of=2024-04-01"),
            auditor,
        )
        .await);
    let before_period = ok(api
        .get(
            &format!("/api/v1/cooperations/{COOPERATION}/obligations?as_of=2023-12-31"),
            auditor,
        )
        .await);
    let before_recorded = ok(api
        .get(
            &format!(
                "/api/v1/cooperations/{COOPERATION}/obligations?as_of=2024-04-01&known_at={}",
                before(recorded.cost_share)
            ),
            auditor,
        )
        .await);
    let host = ok(api
        .get("/api/v1/parties/04/obligations?as_of=2024-04-01", auditor)
        .await);

    assert_eq!(
        not_yet_due,
        json!({
            "as_of": "2024-03-31",
            "known_at": latest,
            "obligations": [cost_share_json("not_yet_due", recorded.cost_share)],
            "next_cursor": null,
            // The debtor and the creditor, by name.
            "party_names": party_names_json(),
        })
    );
    assert_eq!(
        overdue,
        json!({
            "as_of": "2024-04-01",
            "known_at": latest,
            "obligations": [cost_share_json("overdue", recorded.cost_share)],
            "next_cursor": null,
            // The debtor and the creditor, by name.
            "party_names": party_names_json(),
        })
    );
    assert_eq!(before_period["obligations"], json!([]));
    assert_eq!(before_recorded["obligations"], json!([]));
    assert_eq!(
        before_recorded["known_at"],
        json!(before(recorded.cost_share))
    );
    assert_eq!(host["obligations"], json!([]));
}

fn version_json(
    version: u32,
    effective_on: &str,
    text: &str,
    reference: &str,
    recorded_at: Position,
) -> Value {
    json!({
        "document_id": RULES,
        "cooperation_id": COOPERATION,
        "kind": DocumentKind::RulesOfProcedure,
        "title": "Reglemente",
        "version": version,
        "effective_on": effective_on,
        "clauses": [clause("§ 1", text)],
        "basis": answered(reference),
        "correction": null,
        "recorded_at_position": recorded_at.as_stored(),
    })
}

#[tokio::test]
async fn documents_answer_with_the_version_in_force_and_every_amendment() {
    let (api, tokens, recorded) = with_scenario().await;
    let latest = head(&api).await;
    let auditor = Some(tokens.auditor.as_str());
    let adopted = version_json(
        1,
        "2019-01-01",
        "Nämnden har två ledamöter.",
        "§ 7",
        recorded.rules_adopted,
    );
    let amended = version_json(
        2,
        "2024-01-01",
        "Nämnden har fyra ledamöter.",
        "§ 8",
        recorded.rules_amended,
    );

    let in_2023 = ok(api
        .get(
            &format!("/api/v1/documents/{RULES}?as_of=2023-12-31"),
            auditor,
        )
        .await);
    let in_2024 = ok(api
        .get(
            &format!("/api/v1/documents/{RULES}?as_of=2024-01-01"),
            auditor,
        )
        .await);
    let in_2024_before_amendment = ok(api
        .get(
            &format!(
                "/api/v1/documents/{RULES}?as_of=2024-01-01&known_at={}",
                before(recorded.rules_amended)
            ),
            auditor,
        )
        .await);
    let before_adoption = ok(api
        .get(
            &format!("/api/v1/documents/{RULES}?as_of=2018-12-31"),
            auditor,
        )
        .await);
    let of_cooperation = ok(api
        .get(
            &format!("/api/v1/cooperations/{COOPERATION}/documents?as_of=2024-01-01"),
            auditor,
        )
        .await);
    let list = ok(api
        .get(
            &format!("/api/v1/documents/{RULES}/amendments?as_of=2018-12-31"),
            auditor,
        )
        .await);

    assert_eq!(
        in_2023,
        json!({ "as_of": "2023-12-31", "known_at": latest, "in_force": adopted })
    );
    assert_eq!(
        in_2024,
        json!({ "as_of": "2024-01-01", "known_at": latest, "in_force": amended })
    );
    assert_eq!(
        in_2024_before_amendment,
        json!({
            "as_of": "2024-01-01",
            "known_at": before(recorded.rules_amended),
            "in_force": adopted,
        })
    );
    assert_eq!(
        before_adoption,
        json!({ "as_of": "2018-12-31", "known_at": latest, "in_force": null })
    );
    assert_eq!(
        of_cooperation,
        json!({
            "as_of": "2024-01-01",
            "known_at": latest,
            "documents": [amended],
            "next_cursor": null,
        })
    );
    // The list of amendments holds every version known, whatever day it takes effect.
    assert_eq!(
        list,
        json!({
            "as_of": "2018-12-31",
            "known_at": latest,
            "document_id": RULES,
            "amendments": [
                {
                    "version": 1,
                    "amends_version": null,
                    "effective_on": "2019-01-01",
                    "changes": [],
                    "basis": answered("§ 7"),
                    "correction": null,
                    "recorded_at_position": recorded.rules_adopted.as_stored(),
                },
                {
                    "version": 2,
                    "amends_version": 1,
                    "effective_on": "2024-01-01",
                    "changes": [ClauseChange::Replace {
                        number: "§ 1".into(),
                        text: "Nämnden har fyra ledamöter.".into(),
                    }],
                    "basis": answered("§ 8"),
                    "correction": null,
                    "recorded_at_position": recorded.rules_amended.as_stored(),
                },
            ],
            "next_cursor": null,
        })
    );
}

#[tokio::test]
async fn the_timeline_answers_as_the_read_model_does() {
    let (api, tokens, recorded) = with_scenario().await;
    let latest = head(&api).await;

    let reply = ok(api
        .get(
            &format!(
                "/api/v1/cooperations/{COOPERATION}/timeline?as_of=2023-12-31&known_at={}",
                at(recorded.bo_corrected)
            ),
            Some(&tokens.auditor),
        )
        .await);
    let all = ok(api
        .get(
            &format!("/api/v1/cooperations/{COOPERATION}/timeline?as_of=2030-01-01"),
            Some(&tokens.auditor),
        )
        .await);

    let expected = projections::timeline::timeline(
        &api.db.pool,
        COOPERATION,
        ReadAt::on(date("2023-12-31")).known_at(KnownAt::Position(recorded.bo_corrected)),
        projections::timeline::TimelinePage::first(1000),
    )
    .await
    .unwrap();
    // The read model's entries, with the citation the API answers beside each basis.
    let mut entries = json!(expected.entries);
    for entry in entries.as_array_mut().unwrap() {
        if entry["basis"].is_object() {
            entry["basis"] = cited_inline(entry["basis"].take());
        }
    }
    assert_eq!(
        reply,
        json!({
            "cooperation_id": COOPERATION,
            "as_of": "2023-12-31",
            "known_at": at(recorded.bo_corrected),
            "entries": entries,
            "next_cursor": null,
        })
    );
    // The cooperation, its body, the seat plan and the two appointments take effect by the end
    // of 2023; Anna's resignation (mid 2024) and what was recorded after Bo's correction do not.
    let positions: Vec<u64> = expected
        .entries
        .iter()
        .map(|entry| entry.position)
        .collect();
    assert_eq!(positions, vec![3, 4, 5, 6, 7, 9]);
    assert_eq!(all["known_at"], json!(latest));
    assert!(all["entries"].as_array().unwrap().len() > positions.len());
}

#[tokio::test]
async fn an_id_the_register_never_recorded_is_not_found() {
    let (api, tokens, _) = with_scenario().await;
    let auditor = Some(tokens.auditor.as_str());
    for path in [
        format!("/api/v1/bodies/{UNKNOWN}/membership"),
        format!("/api/v1/bodies/{UNKNOWN}/mandates"),
        format!("/api/v1/bodies/{UNKNOWN}/decisions"),
        // The cooperation's id is no body's.
        format!("/api/v1/bodies/{COOPERATION}/membership"),
        "/api/v1/parties/2062/mandates".to_owned(),
        "/api/v1/parties/2062/obligations".to_owned(),
        format!("/api/v1/cooperations/{UNKNOWN}/obligations"),
        format!("/api/v1/cooperations/{UNKNOWN}/documents"),
        format!("/api/v1/cooperations/{UNKNOWN}/timeline"),
        format!("/api/v1/documents/{UNKNOWN}"),
        format!("/api/v1/documents/{UNKNOWN}/amendments"),
    ] {
        let reply = api.get(&path, auditor).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            reply.body["type"], "urn:samverkan:problem:not-found",
            "{path}"
        );
    }
    let bad_id = api
        .get("/api/v1/bodies/not-a-uuid/membership", auditor)
        .await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    let bad_code = api.get("/api/v1/parties/12345/mandates", auditor).await;
    assert_eq!(bad_code.status, StatusCode::BAD_REQUEST);
}

/// Every read endpoint of the scenario.
fn read_paths() -> Vec<String> {
    vec![
        format!("/api/v1/bodies/{BODY}/membership"),
        format!("/api/v1/bodies/{BODY}/mandates"),
        format!("/api/v1/bodies/{BODY}/decisions"),
        "/api/v1/parties/04/mandates".to_owned(),
        "/api/v1/parties/19/obligations".to_owned(),
        format!("/api/v1/cooperations/{COOPERATION}/obligations"),
        format!("/api/v1/cooperations/{COOPERATION}/documents"),
        format!("/api/v1/cooperations/{COOPERATION}/timeline"),
        format!("/api/v1/documents/{RULES}"),
        format!("/api/v1/documents/{RULES}/amendments"),
    ]
}

#[tokio::test]
async fn every_role_may_read_and_an_anonymous_caller_may_not() {
    let (api, tokens, _) = with_scenario().await;
    let secretary = api.token(Role::Secretary, &[BODY]).await;
    for path in read_paths() {
        let anonymous = api.get(&path, None).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(anonymous.header("www-authenticate"), Some("Bearer"));
        assert_eq!(
            anonymous.body["type"],
            "urn:samverkan:problem:unauthenticated"
        );
        for secret in [&tokens.auditor, &secretary, &tokens.administrator] {
            let reply = api.get(&path, Some(secret)).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        }
    }
}

#[tokio::test]
async fn malformed_read_parameters_are_named() {
    let (api, tokens, _) = with_scenario().await;
    let path = format!("/api/v1/bodies/{BODY}/membership");
    for (query, parameter) in [
        ("as_of=2024-13-01", "as_of"),
        ("known_at=yesterday", "known_at"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("cursor=garbage", "cursor"),
        ("min_position=many", "min_position"),
        ("as_of=2024-6-30", "as_of"),
        ("as_of=%2B2024-06-30", "as_of"),
    ] {
        let reply = api
            .get(&format!("{path}?{query}"), Some(&tokens.auditor))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            reply.body["type"],
            "urn:samverkan:problem:malformed-parameter"
        );
        assert_eq!(
            reply.broken_rule(),
            (parameter.to_owned(), "parameter.format".to_owned()),
            "{query}"
        );
    }
}

/// A misspelt parameter would otherwise be dropped, and the read would answer for today as if
/// asked to: every read refuses a parameter it does not take, by name, and says what a day is.
#[tokio::test]
async fn a_parameter_no_read_takes_is_refused_by_name_on_every_read() {
    let (api, tokens, _) = with_scenario().await;
    for path in read_paths() {
        let reply = api
            .get(&format!("{path}?asof=2024-06-30"), Some(&tokens.auditor))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(
            reply.body["type"],
            "urn:samverkan:problem:malformed-parameter"
        );
        assert_eq!(
            reply.broken_rule(),
            ("asof".to_owned(), "parameter.known".to_owned()),
            "{path}"
        );
    }
    let reply = api
        .get(
            &format!("/api/v1/bodies/{BODY}/membership?as_of=2023-02-30"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(
        reply.body["detail"],
        "as_of: \"2023-02-30\" is not a date: give a day of the calendar as YYYY-MM-DD"
    );
    // The § register's own search parameters are the operation's too.
    let reply = api
        .get(
            &format!(
                "/api/v1/bodies/{BODY}/decisions?text=avtal&registry_number=X&as_of=2025-01-01"
            ),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

#[tokio::test]
async fn pages_follow_the_cursor_once_each_even_while_the_register_moves_on() {
    let api = Api::new().await;
    let register = crate::support::fixtures::register(&api.db.pool);
    scenario(&register).await;
    // Four more obligations of Västmanland: five with the cost share, so pages of two end short.
    let mut expected = vec![COST_SHARE];
    for number in 1..=4_u128 {
        let id = Uuid::from_u128(0x7410 + number);
        register
            .execute::<Obligation>(
                &id.to_string(),
                ObligationCommand::Record(RecordObligation {
                    description: format!("Rapport {number}"),
                    kind: ObligationKind::ReportOrPlan,
                    ..cost_share_record()
                }),
            )
            .await
            .unwrap();
        expected.push(id);
    }
    api.catch_up().await;
    let auditor = api.token(Role::Auditor, &[]).await;
    let pinned_at = head(&api).await;
    let path = format!("/api/v1/cooperations/{COOPERATION}/obligations");

    let mut pages = Vec::new();
    let mut next = ok(api
        .get(&format!("{path}?as_of=2024-06-01&limit=2"), Some(&auditor))
        .await);
    let mut first_cursor = None;
    loop {
        pages.push(next.clone());
        let Some(cursor) = next["next_cursor"].as_str().map(str::to_owned) else {
            break;
        };
        if first_cursor.is_none() {
            first_cursor = Some(cursor.clone());
            // A write between pages: the cursor pins the answer, so later pages do not see it.
            register
                .execute::<Obligation>(
                    &Uuid::from_u128(0x7420).to_string(),
                    ObligationCommand::Record(RecordObligation {
                        description: "Aaa, sorted first".into(),
                        ..cost_share_record()
                    }),
                )
                .await
                .unwrap();
            api.catch_up().await;
        }
        next = ok(api
            .get(&format!("{path}?limit=2&cursor={cursor}"), Some(&auditor))
            .await);
    }

    let sizes: Vec<usize> = pages
        .iter()
        .map(|page| page["obligations"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, vec![2, 2, 1]);
    for page in &pages {
        assert_eq!(page["known_at"], json!(pinned_at));
        assert_eq!(page["as_of"], "2024-06-01");
    }
    let listed: Vec<Uuid> = pages
        .iter()
        .flat_map(|page| page["obligations"].as_array().unwrap().clone())
        .map(|obligation| {
            obligation["obligation_id"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    let whole = ok(api
        .get(
            &format!("{path}?as_of=2024-06-01&known_at={pinned_at}"),
            Some(&auditor),
        )
        .await);
    let whole: Vec<Uuid> = whole["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|obligation| {
            obligation["obligation_id"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert_eq!(listed, whole);
    let mut sorted = listed.clone();
    sorted.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(sorted, expected_sorted);
    // Read afresh, the write shows.
    let fresh = ok(api
        .get(&format!("{path}?as_of=2024-06-01"), Some(&auditor))
        .await);
    assert_eq!(fresh["obligations"].as_array().unwrap().len(), 6);
    assert_eq!(fresh["obligations"][0]["description"], "Aaa, sorted first");
    // The same cursor with another as_of is refused.
    let other_day = api
        .get(
            &format!(
                "{path}?as_of=2024-06-02&limit=2&cursor={}",
                first_cursor.unwrap()
            ),
            Some(&auditor),
        )
        .await;
    assert_eq!(other_day.status, StatusCode::BAD_REQUEST);
    assert_eq!(other_day.broken_rule().0, "cursor");
}

#[tokio::test]
async fn a_reader_sees_its_own_write_through_min_position() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let runner = ProjectionRunner::new(api.db.pool.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let following = tokio::spawn(async move {
        runner
            .follow(async {
                let _ = stopped.await;
            })
            .await;
    });

    let written = api
        .post(
            "/api/v1/parties",
            Some(&tokens.administrator),
            json!({ "code": "2062", "name": "Mora kommun" }),
        )
        .await;
    assert_eq!(written.status, StatusCode::CREATED);
    let register = crate::support::fixtures::register(&api.db.pool);
    let granted = register
        .execute::<Mandate>(
            &PARTY_MANDATE.to_string(),
            MandateCommand::Grant(GrantMandate {
                holder: MandateHolder::Party {
                    party: code("2062"),
                },
                category: Category::parse("upphandling").unwrap(),
                scope: "Inköpscentralen".into(),
                exclusions: Vec::new(),
                valid: DateRange {
                    from: date("2020-01-01"),
                    to: None,
                },
                basis: basis("§ 1"),
            }),
        )
        .await
        .unwrap();

    let read = api
        .get(
            &format!(
                "/api/v1/parties/2062/mandates?as_of=2024-01-01&min_position={}",
                granted.get()
            ),
            Some(&tokens.auditor),
        )
        .await;

    stop.send(()).unwrap();
    following.await.unwrap();
    let read = ok(read);
    assert_eq!(read["known_at"], json!(granted.get()));
    assert_eq!(read["mandates"][0]["mandate_id"], json!(PARTY_MANDATE));
    assert_eq!(read["mandates"][0]["scope"], "Inköpscentralen");
    assert_eq!(written.position(), 1);
}

#[tokio::test]
async fn a_read_model_behind_min_position_answers_503_and_one_beyond_the_log_422() {
    let (api, tokens, _) = with_scenario().await;
    let head = head(&api).await;
    // Written, but with no runner to apply it.
    let written = api
        .post(
            "/api/v1/parties",
            Some(&tokens.administrator),
            json!({ "code": "2062", "name": "Mora kommun" }),
        )
        .await;
    assert_eq!(written.position(), head + 1);

    let behind = api
        .get(
            &format!(
                "/api/v1/bodies/{BODY}/membership?min_position={}",
                written.position()
            ),
            Some(&tokens.auditor),
        )
        .await;
    let beyond = api
        .get(
            &format!(
                "/api/v1/bodies/{BODY}/membership?min_position={}",
                written.position() + 10
            ),
            Some(&tokens.auditor),
        )
        .await;
    let known_beyond = api
        .get(
            &format!(
                "/api/v1/documents/{RULES}?known_at={}",
                written.position() + 10
            ),
            Some(&tokens.auditor),
        )
        .await;

    assert_eq!(behind.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(behind.body["type"], "urn:samverkan:problem:not-caught-up");
    assert_eq!(behind.header("retry-after"), Some("1"));
    assert_eq!(beyond.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        beyond.broken_rule(),
        ("min_position".to_owned(), "position.is_recorded".to_owned())
    );
    assert_eq!(known_beyond.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        known_beyond.broken_rule(),
        ("known_at".to_owned(), "position.is_recorded".to_owned())
    );
}
