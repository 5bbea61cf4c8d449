//! The facts an allocation key carries: the agreement it names, and the keys its version already
//! has. Read from the log, like every other fact, so that a caller cannot assert them.

use cqrs_es::Aggregate;
use domain::allocation::{AgreementFacts, AllocationKey};
use domain::governing_document::{GoverningDocument, GoverningDocumentEvent};
use uuid::Uuid;

use super::facts::load;
use super::{Register, RegisterError};

impl Register {
    /// The cooperation, kind and number of versions of document `document_id`, or `None` if the
    /// register holds no such document.
    pub async fn agreement_facts<E: std::error::Error>(
        &self,
        document_id: Uuid,
    ) -> Result<Option<AgreementFacts>, RegisterError<E>> {
        let payloads: Vec<String> = sqlx::query_scalar(
            "SELECT payload::text FROM events
              WHERE aggregate_type = $1 AND aggregate_id = $2
              ORDER BY sequence",
        )
        .bind(GoverningDocument::TYPE)
        .bind(document_id.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(|error| RegisterError::Store(error.to_string()))?;
        let mut facts: Option<AgreementFacts> = None;
        for payload in payloads {
            let event: GoverningDocumentEvent =
                serde_json::from_str(&payload).map_err(|error| {
                    RegisterError::Store(format!("document {document_id} cannot be read: {error}"))
                })?;
            match event {
                GoverningDocumentEvent::DocumentAdopted(adopted) => {
                    facts = Some(AgreementFacts {
                        cooperation_id: adopted.cooperation_id,
                        kind: adopted.kind,
                        versions: 1,
                    });
                }
                GoverningDocumentEvent::DocumentAmended(amended) => {
                    if let Some(facts) = &mut facts {
                        facts.versions = facts.versions.max(amended.version);
                    }
                }
                GoverningDocumentEvent::VersionCorrected(_) => {}
            }
        }
        Ok(facts)
    }

    /// The keys adopted for version `version` of agreement `document_id`, as last adopted or
    /// corrected, other than `except`.
    pub async fn keys_of_agreement_version<E: std::error::Error>(
        &self,
        document_id: Uuid,
        version: u32,
        except: Option<Uuid>,
    ) -> Result<Vec<Uuid>, RegisterError<E>> {
        let candidates: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT aggregate_id FROM events
              WHERE aggregate_type = $1
                AND (payload -> 'AllocationKeyAdopted' ->> 'document_id' = $2
                  OR payload -> 'AllocationKeyCorrected' -> 'adopted' ->> 'document_id' = $2)
              ORDER BY aggregate_id",
        )
        .bind(AllocationKey::TYPE)
        .bind(document_id.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(|error| RegisterError::Store(error.to_string()))?;
        let mut keys = Vec::new();
        for stream_id in candidates {
            let Ok(key_id) = Uuid::parse_str(&stream_id) else {
                continue;
            };
            if Some(key_id) == except {
                continue;
            }
            // A correction may have moved the key to another version since.
            let key = load::<AllocationKey, E>(&self.pool, &stream_id).await?;
            if key.and_then(|key| key.agreement_version()) == Some((document_id, version)) {
                keys.push(key_id);
            }
        }
        Ok(keys)
    }
}
