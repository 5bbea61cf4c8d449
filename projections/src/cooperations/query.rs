use chrono::NaiveDate;
use domain::cooperation::{CooperationForm, CooperationStatus};
use serde::Serialize;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use super::record::CooperationRecord;
use crate::columns::from_json;
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Cooperations;

/// The register's cooperations on one day, as it knew them at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CooperationList {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// Every cooperation known at `known_at`, whatever its status on `as_of`, by name, then id.
    pub cooperations: Vec<CooperationEntry>,
}

/// One cooperation on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CooperationEntry {
    pub cooperation_id: Uuid,
    pub name: String,
    pub form: CooperationForm,
    /// The host party, by its official code.
    #[schema(value_type = String)]
    pub host: String,
    /// The parties on `as_of`, by official code; none before the establishment.
    #[schema(value_type = Vec<String>)]
    pub parties: Vec<String>,
    #[schema(value_type = String, format = Date)]
    pub established_on: NaiveDate,
    pub status: CooperationStatus,
    /// The day the dissolution takes effect, once it is decided on `as_of`.
    #[schema(value_type = Option<String>, format = Date)]
    pub dissolution_effective_on: Option<NaiveDate>,
    pub predecessor: Option<Uuid>,
    pub successor: Option<Uuid>,
}

impl CooperationEntry {
    /// Whether `party` belongs to the cooperation on the answer's day: it is among its parties,
    /// and the cooperation is established and not dissolved, since a cooperation has no members
    /// before or after, whatever parties it lists.
    pub fn has_member_on_its_day(&self, party: &str) -> bool {
        !matches!(
            self.status,
            CooperationStatus::NotYetEstablished | CooperationStatus::Dissolved
        ) && self.parties.iter().any(|listed| listed == party)
    }
}

/// Every cooperation the register knew at `read_at.known_at`, described on `read_at.as_of`.
pub async fn cooperations(pool: &PgPool, read_at: ReadAt) -> Result<CooperationList, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let rows = sqlx::query(
        "SELECT cooperation_id, record FROM read_cooperations.cooperations
          WHERE known @> $1::bigint",
    )
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?;
    let mut cooperations = Vec::with_capacity(rows.len());
    for row in rows {
        let record: CooperationRecord = from_json(MODEL, "record", row.try_get("record")?)?;
        // A dissolution decided after `as_of` was not decided yet on that day.
        let dissolution = record
            .dissolution
            .filter(|dissolution| dissolution.decided_on <= as_of);
        cooperations.push(CooperationEntry {
            cooperation_id: row.try_get("cooperation_id")?,
            status: record.status_on(as_of),
            parties: record
                .parties_on(as_of)
                .iter()
                .map(|party| party.as_str().to_owned())
                .collect(),
            host: record.host.as_str().to_owned(),
            established_on: record.established_on,
            dissolution_effective_on: dissolution.map(|dissolution| dissolution.effective_on),
            successor: dissolution.and_then(|dissolution| dissolution.successor),
            predecessor: record.predecessor,
            form: record.form,
            name: record.name,
        });
    }
    cooperations.sort_by(|left, right| {
        (&left.name, left.cooperation_id).cmp(&(&right.name, right.cooperation_id))
    });
    Ok(CooperationList {
        as_of,
        known_at: known_at.get(),
        cooperations,
    })
}
