//! The facts an allocation key carries: the agreement it names, and the keys its version already
//! has. Read from the log, like every other fact, so that a caller cannot assert them: the
//! agreement is the document's own state, as its aggregate keeps it.

use domain::allocation::{AgreementFacts, AllocationKey};
use domain::governing_document::GoverningDocument;
use eventlog::StreamsNaming;
use uuid::Uuid;

use super::facts::{load, lookup_error};
use super::{Register, RegisterError};

impl Register {
    /// The cooperation, kind and number of versions of document `document_id`, or `None` if the
    /// register holds no such document.
    pub(crate) async fn agreement_facts<E: std::error::Error>(
        &self,
        document_id: Uuid,
    ) -> Result<Option<AgreementFacts>, RegisterError<E>> {
        let document = load::<GoverningDocument, E>(&self.log, &document_id.to_string()).await?;
        Ok(document.and_then(|document| {
            Some(AgreementFacts {
                cooperation_id: document.cooperation_id()?,
                kind: document.kind()?,
                versions: document.version_count(),
            })
        }))
    }

    /// The keys adopted for version `version` of agreement `document_id`, as last adopted or
    /// corrected, other than `except`.
    pub(crate) async fn keys_of_agreement_version<E: std::error::Error>(
        &self,
        document_id: Uuid,
        version: u32,
        except: Option<Uuid>,
    ) -> Result<Vec<Uuid>, RegisterError<E>> {
        let candidates = self
            .index
            .streams_naming(StreamsNaming::AllocationKeysOfDocument, document_id)
            .await
            .map_err(lookup_error)?;
        let mut keys = Vec::new();
        for stream_id in candidates {
            let Ok(key_id) = Uuid::parse_str(&stream_id) else {
                continue;
            };
            if Some(key_id) == except {
                continue;
            }
            // A correction may have moved the key to another version since.
            let key = load::<AllocationKey, E>(&self.log, &stream_id).await?;
            if key.and_then(|key| key.agreement_version()) == Some((document_id, version)) {
                keys.push(key_id);
            }
        }
        Ok(keys)
    }
}
