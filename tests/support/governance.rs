//! The set-up the governance suites (documents, mandates, goals, obligations, allocation) share:
//! seed 002's cooperation and committees recorded straight through the register at known
//! positions, so that these suites do not depend on the cooperation and body endpoints they do
//! not test, and their receipts can name exact positions.

use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::cooperation::Cooperation;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::Api;
use crate::support::fixtures::{basis, date, establish_mora_cooperation, register};

/// Mora as host, with Orsa and Älvdalen, established on 2020-01-01 (seed 002); position 1 of a
/// fresh database.
pub(crate) async fn mora_cooperation(api: &Api) -> Uuid {
    let cooperation_id = Uuid::new_v4();
    register(&api.db.pool)
        .execute::<Cooperation>(&cooperation_id.to_string(), establish_mora_cooperation())
        .await
        .unwrap();
    cooperation_id
}

/// A committee of the cooperation, established when the cooperation was.
pub(crate) async fn committee(api: &Api, cooperation_id: Uuid, name: &str) -> Uuid {
    let body_id = Uuid::new_v4();
    register(&api.db.pool)
        .execute::<Body>(
            &body_id.to_string(),
            BodyCommand::Establish(EstablishBody {
                cooperation_id,
                cooperation_established_on: date("2020-01-01"),
                kind: BodyKind::Committee,
                name: name.into(),
                established_on: date("2020-01-01"),
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    body_id
}

/// The legal basis of the fixtures, as a client sends it.
pub(crate) fn basis_json() -> Value {
    json!({
        "kind": "external_decision",
        "issuer": "Kommunfullmäktige Mora",
        "decided_on": "2019-11-25",
        "reference": "§ 123",
        "registry_number": "KS 2019/456"
    })
}
