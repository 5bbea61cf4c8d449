//! Who records, and in answer to which request: every event carries it in its metadata, so that
//! the log itself says who wrote each fact.

use std::collections::HashMap;

use uuid::Uuid;

use crate::access::Token;

/// The person or process a command is recorded for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    id: String,
    name: String,
    role: String,
}

impl Actor {
    /// A caller of the HTTP API, named by its token.
    pub fn token(token: &Token) -> Actor {
        Actor {
            id: token_actor_id(token.id),
            name: token.name.clone(),
            role: token.role.as_str().to_owned(),
        }
    }

    /// Someone at the console of the server (an import, a benchmark, a test), who needs no token
    /// because they can reach the database directly.
    pub fn operator(name: impl Into<String>) -> Actor {
        let name = name.into();
        Actor {
            id: format!("operator:{name}"),
            name,
            role: "operator".to_owned(),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

/// The request a command answers, when it came over HTTP.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestTrace {
    pub request_id: Option<String>,
    pub idempotency_key: Option<String>,
}

impl Actor {
    /// The fields naming this actor in an event's metadata.
    pub fn metadata_fields(&self) -> [(String, String); 3] {
        [
            ("actor_id".to_owned(), self.id.clone()),
            ("actor_name".to_owned(), self.name.clone()),
            ("actor_role".to_owned(), self.role.clone()),
        ]
    }
}

/// The metadata stored with every event of one command.
pub(super) fn metadata(actor: &Actor, trace: &RequestTrace) -> HashMap<String, String> {
    let mut metadata = HashMap::from(actor.metadata_fields());
    if let Some(request_id) = &trace.request_id {
        metadata.insert("request_id".to_owned(), request_id.clone());
    }
    if let Some(key) = &trace.idempotency_key {
        metadata.insert("idempotency_key".to_owned(), key.clone());
    }
    metadata
}

/// The id of a token as the metadata names it.
pub fn token_actor_id(token_id: Uuid) -> String {
    format!("token:{token_id}")
}
