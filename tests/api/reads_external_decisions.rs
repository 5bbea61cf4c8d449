//! The outside decisions as a client picks a basis from them: found by Swedish words, each with
//! its citation, and one read as recorded and as corrected.

use axum::http::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::support::problems::assert_problem;
use crate::support::seeds::ImportedSeed;

#[tokio::test]
async fn outside_decisions_are_found_by_swedish_words_with_their_citations() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    seed.api.catch_up().await;
    let auditor = Some(seed.tokens.auditor.as_str());

    let dissolution = seed
        .api
        .get(
            "/api/v1/external-decisions?q=avvecklingen&as_of=2024-06-30",
            auditor,
        )
        .await;
    let before_it = seed
        .api
        .get(
            "/api/v1/external-decisions?q=avvecklingen&as_of=2024-02-12",
            auditor,
        )
        .await;
    let everything = seed
        .api
        .get("/api/v1/external-decisions?as_of=2024-06-30", auditor)
        .await;

    assert_eq!(dissolution.status, StatusCode::OK, "{:?}", dissolution.body);
    let found: Vec<(String, String)> = dissolution.body["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|decision| {
            (
                decision["decision_id"].as_str().unwrap().to_owned(),
                decision["citation"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                seed.id("kf-nynashamn-2024-02-14"),
                "KF Nynäshamn (illustrative) 2024-02-14 § 12".to_owned()
            ),
            (
                seed.id("kf-haninge-2024-02-12"),
                "KF Haninge (illustrative) 2024-02-12 § 14".to_owned()
            ),
        ]
    );
    // Decisions are listed from the day they were taken: on 12 February only Haninge's was.
    assert_eq!(before_it.body["decisions"].as_array().unwrap().len(), 1);
    assert_eq!(everything.body["decisions"].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn one_outside_decision_reads_as_recorded_and_as_corrected() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let decision_id = seed.id("kf-haninge-2024-02-12");
    let corrected = seed.correct_haninges_dissolution_decision().await;
    let auditor = Some(seed.tokens.auditor.as_str());
    let location = corrected.header("location").unwrap().to_owned();

    let now = seed.api.get(&location, auditor).await;
    let before = seed
        .api
        .get(
            &format!("{location}?known_at={}", corrected.position() - 1),
            auditor,
        )
        .await;
    let unknown = seed
        .api
        .get(
            &format!("/api/v1/external-decisions/{}", Uuid::from_u128(0x5a)),
            auditor,
        )
        .await;

    assert_eq!(now.status, StatusCode::OK, "{:?}", now.body);
    assert_eq!(
        now.body["decision"],
        json!({
            "decision_id": decision_id,
            "issuer": "KF Haninge",
            "issuer_party": "0136",
            "decided_on": "2024-02-12",
            "paragraph": "§ 14",
            "registry_number": "KS 2023/512",
            "subject": "Avveckling av Södertörns upphandlingsnämnd",
            "citation": "KF Haninge 2024-02-12 § 14, dnr KS 2023/512",
            "correction_reason": "Diarienumret saknades."
        })
    );
    assert_eq!(
        before.body["decision"]["citation"],
        "KF Haninge (illustrative) 2024-02-12 § 14"
    );
    assert_eq!(before.body["decision"]["correction_reason"], json!(null));
    assert_problem(&unknown, StatusCode::NOT_FOUND, "not-found");
}
