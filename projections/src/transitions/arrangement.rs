//! The arrangement a transition changes, on one day: the membership of the old cooperation's
//! bodies, and for each party its mandates, its obligations and the contracts it may call off;
//! and the successor's obligations. The same reads serve the live register and a preview, so a
//! preview and the register after carrying out can be compared as they are.

use chrono::NaiveDate;
use domain::PartyCode;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::contracts::{contracts_of_party_at, ContractsView};
use crate::mandates::{mandates_of_body_at, mandates_of_party_at, MandatesView};
use crate::membership::{membership_at, Membership};
use crate::obligations::{obligations_of_cooperation_at, obligations_of_party_at, ObligationsView};
use crate::preview::{Preview, ProposedEvent};
use crate::read_at::{KnownAt, ReadAt, Resolved};
use crate::{ProjectionError, QueryError, ReadModel};

/// The read models an arrangement reads.
pub const ARRANGEMENT_READ_MODELS: [ReadModel; 4] = [
    ReadModel::Membership,
    ReadModel::Mandates,
    ReadModel::Obligations,
    ReadModel::Contracts,
];

/// What an arrangement covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrangementScope {
    /// The bodies of the cooperation being replaced.
    pub body_ids: Vec<Uuid>,
    /// The parties of the old cooperation and of its successor.
    pub parties: Vec<PartyCode>,
    pub successor_cooperation_id: Option<Uuid>,
}

/// The arrangement on `as_of`, as known at `known_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Arrangement {
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// Each body of the old cooperation: its members and mandates, none once it is dissolved.
    pub bodies: Vec<BodyArrangement>,
    pub parties: Vec<PartyArrangement>,
    /// What is owed under the successor cooperation, when there is one.
    pub successor_obligations: Option<ObligationsView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BodyArrangement {
    pub membership: Membership,
    pub mandates: MandatesView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PartyArrangement {
    pub party: String,
    pub mandates: MandatesView,
    pub obligations: ObligationsView,
    /// The contracts the party may call off.
    pub contracts: ContractsView,
}

/// The arrangement in the live read models, every read model read at one position.
pub async fn arrangement(
    pool: &PgPool,
    scope: &ArrangementScope,
    read_at: ReadAt,
) -> Result<Arrangement, QueryError> {
    let first = read_at.resolve(pool, ARRANGEMENT_READ_MODELS[0]).await?;
    for model in &ARRANGEMENT_READ_MODELS[1..] {
        ReadAt::on(first.as_of)
            .known_at(KnownAt::Position(first.known_at))
            .wait(read_at.wait)
            .resolve(pool, *model)
            .await?;
    }
    let mut connection = pool.acquire().await?;
    arrangement_at(&mut connection, scope, first).await
}

/// The arrangement on `as_of` if `events` were appended now, read without writing anything.
pub async fn preview_arrangement(
    pool: &PgPool,
    scope: &ArrangementScope,
    as_of: NaiveDate,
    events: &[ProposedEvent],
) -> Result<Arrangement, PreviewError> {
    let mut preview = Preview::begin(pool, &ARRANGEMENT_READ_MODELS, events).await?;
    let at = Resolved {
        as_of,
        known_at: preview.known_at(),
    };
    let arrangement = arrangement_at(preview.connection(), scope, at).await?;
    preview.discard().await?;
    Ok(arrangement)
}

/// Why a preview could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error(transparent)]
    Projection(#[from] ProjectionError),
    #[error(transparent)]
    Query(#[from] QueryError),
}

async fn arrangement_at(
    connection: &mut PgConnection,
    scope: &ArrangementScope,
    at: Resolved,
) -> Result<Arrangement, QueryError> {
    let mut bodies = Vec::with_capacity(scope.body_ids.len());
    for body_id in &scope.body_ids {
        bodies.push(BodyArrangement {
            membership: membership_at(connection, *body_id, at).await?,
            mandates: mandates_of_body_at(connection, *body_id, at).await?,
        });
    }
    let mut parties = Vec::with_capacity(scope.parties.len());
    for party in &scope.parties {
        parties.push(PartyArrangement {
            party: party.as_str().to_owned(),
            mandates: mandates_of_party_at(connection, party.as_str(), at).await?,
            obligations: obligations_of_party_at(connection, party.as_str(), at).await?,
            contracts: contracts_of_party_at(connection, party, at).await?,
        });
    }
    let successor_obligations = match scope.successor_cooperation_id {
        Some(cooperation_id) => {
            Some(obligations_of_cooperation_at(connection, cooperation_id, at).await?)
        }
        None => None,
    };
    Ok(Arrangement {
        as_of: at.as_of,
        known_at: at.known_at.get(),
        bodies,
        parties,
        successor_obligations,
    })
}
