//! What the seed acceptance tests share: a seed file imported with the real `samverkan import`,
//! and reads of it as an auditor.

use std::collections::HashMap;
use std::process::Command;

use api::HttpSettings;
use axum::http::StatusCode;
use register::access::Role;
use samverkan::import::scenario::key_id;
use serde_json::{json, Value};

use crate::support::api_client::{Api, Reply, Tokens};
use crate::support::citations::uncited;
use crate::support::harness::TestDatabase;

/// A register holding a seed file of `data/scenarios/`, imported with the real binary as a user
/// imports it, its API, and the ids the import printed for the file's keys.
pub async fn imported(file: &str) -> (Api, Tokens, HashMap<String, String>) {
    imported_from(&scenario_path(file)).await
}

/// The path of a seed file of `data/scenarios/`.
pub(crate) fn scenario_path(file: &str) -> String {
    format!("{}/../data/scenarios/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// A register holding the scenario file at `path`, imported with the real binary.
async fn imported_from(path: &str) -> (Api, Tokens, HashMap<String, String>) {
    let db = TestDatabase::new().await;
    let output = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(["import", path])
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // `@key = id`, one line per key a step created.
    let created = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_prefix('@')?.split_once(" = "))
        .map(|(key, id)| (key.to_owned(), id.to_owned()))
        .collect();
    let api = Api::on(db, HttpSettings::default()).await;
    api.catch_up().await;
    let tokens = Tokens::new(&api).await;
    (api, tokens, created)
}

/// A seed's register as imported, with its API and the ids of the file's keys.
pub struct ImportedSeed {
    pub api: Api,
    pub tokens: Tokens,
    pub created: HashMap<String, String>,
    scenario: &'static str,
}

impl ImportedSeed {
    /// Imports `data/scenarios/<scenario>.json`.
    pub async fn import(scenario: &'static str) -> ImportedSeed {
        let (api, tokens, created) = imported(&format!("{scenario}.json")).await;
        ImportedSeed {
            api,
            tokens,
            created,
            scenario,
        }
    }

    /// Imports `data/scenarios/<scenario>.json` without its steps from the first one posting to a
    /// path ending in `suffix` on, so that a test can take those steps itself through the
    /// register, for instance to preview a transition before carrying it out. Every imported
    /// step writes one event, so the position of the last is the number of steps imported.
    pub async fn import_before(scenario: &'static str, suffix: &str) -> ImportedSeed {
        let mut file: Value = serde_json::from_str(
            &std::fs::read_to_string(scenario_path(&format!("{scenario}.json"))).unwrap(),
        )
        .unwrap();
        let steps = file["steps"].as_array_mut().unwrap();
        let cut = steps
            .iter()
            .position(|step| step["post"].as_str().unwrap().ends_with(suffix))
            .unwrap();
        steps.truncate(cut);
        // The file keeps its scenario name, so the keys stand for the same ids as in the whole
        // file; it is written under a fresh name so that tests running at once never share it.
        let path = std::env::temp_dir().join(format!(
            "{scenario}-before-{}-{}.json",
            suffix.replace('/', "_"),
            uuid::Uuid::new_v4()
        ));
        std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();
        let (api, tokens, created) = imported_from(path.to_str().unwrap()).await;
        std::fs::remove_file(&path).unwrap();
        ImportedSeed {
            api,
            tokens,
            created,
            scenario,
        }
    }

    /// The id of what the keyed step created, or the UUID the scenario's own key stands for.
    pub fn id(&self, key: &str) -> String {
        self.created
            .get(key)
            .cloned()
            .unwrap_or_else(|| key_id(self.scenario, key).to_string())
    }

    /// A GET as the auditor, which must succeed, without the citations the API adds: the seed
    /// suites hold what was recorded to the file that recorded it, which says nothing of how a
    /// basis is cited (`read_cited` keeps them).
    pub async fn read(&self, path: &str) -> Value {
        uncited(self.read_cited(path).await)
    }

    /// A GET as the auditor, which must succeed, as the API answers it.
    pub async fn read_cited(&self, path: &str) -> Value {
        let reply = self
            .api
            .get(&format!("/api/v1{path}"), Some(&self.tokens.auditor))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
        reply.body
    }
}

impl ImportedSeed {
    /// Seed 003's record of Haninge's council decision of 12 February 2024 corrected by an
    /// administrator: the issuer without "(illustrative)" and the registry number it lacked.
    /// Returns the correction's receipt; the read models have applied it.
    pub async fn correct_haninges_dissolution_decision(&self) -> Reply {
        let administrator = self.api.token(Role::Administrator, &[]).await;
        let corrected = self
            .api
            .post(
                &format!(
                    "/api/v1/external-decisions/{}/corrections",
                    self.id("kf-haninge-2024-02-12")
                ),
                Some(&administrator),
                json!({
                    "corrected": {
                        "issuer": "KF Haninge",
                        "issuer_party": "0136",
                        "decided_on": "2024-02-12",
                        "paragraph": "§ 14",
                        "registry_number": "KS 2023/512",
                        "subject": "Avveckling av Södertörns upphandlingsnämnd"
                    },
                    "reason": "Diarienumret saknades."
                }),
            )
            .await;
        assert_eq!(corrected.status, StatusCode::OK, "{:?}", corrected.body);
        self.api.catch_up().await;
        corrected
    }
}
