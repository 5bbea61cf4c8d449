use chrono::NaiveDate;
use domain::mandate::Category;
use domain::meeting::{
    MandateFinding, Paragraph, Proposal, Quorum, Recusal, Reservation, Statement, Vote, VoteMethod,
};
use domain::LegalBasis;
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use super::people::{seat_holders_of_meetings, NamedPerson};
use crate::columns::{from_json, from_text, number_from};
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Decisions;

/// Which § of a body's register a query wants; every § when both are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionFilter {
    /// Words to find in the item's title or the decision's text, in the web-search syntax of
    /// PostgreSQL's `websearch_to_tsquery` ("upphandling -bygg", "\"avrop från ramavtal\""),
    /// matched with Swedish stemming so that "avtalen" finds "avtal". A blank text filters nothing.
    pub text: Option<String>,
    /// The case's registry number (diarienummer) exactly, for example "INK 2025/103".
    pub registry_number: Option<String>,
}

/// A body's § register on one day, as the register knew it at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DecisionRegister {
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    pub body_id: Uuid,
    /// Every § decided on or before `as_of` that the filter matches, by year and number.
    pub decisions: Vec<DecisionEntry>,
}

/// One § of the register. The approval, the publication, the removal of the notice and the
/// revocation each show only from their own date on: on an earlier `as_of` they had not happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DecisionEntry {
    pub decision_id: Uuid,
    pub meeting_id: Uuid,
    pub paragraph: Paragraph,
    pub meeting_on: NaiveDate,
    /// The agenda item decided: its number, title and registry number.
    pub item: u16,
    pub item_title: String,
    pub registry_number: Option<String>,
    pub text: String,
    pub proposals: Vec<Proposal>,
    pub vote: Option<Vote>,
    pub reservations: Vec<Reservation>,
    pub statements: Vec<Statement>,
    /// Who was disqualified (jäv) and took no part, and the deputy who served in their place.
    pub recusals: Vec<Recusal>,
    /// Everyone the § names (who took part, recused, stepped in, moved, voted, reserved or made
    /// a statement), by name, party and seat from the roll of the meeting, sorted by name.
    pub people: Vec<NamedPerson>,
    pub mandate_category: Category,
    /// The label of the proposal the vote adopted, when there was a vote.
    pub adopted_proposal: Option<String>,
    pub quorum: Quorum,
    /// Whether a mandate of the body covered the decision; auditors look for `outside`.
    pub mandate: MandateFinding,
    /// Why the § was corrected (rättelse), when it was. The text above is the corrected one.
    pub correction_reason: Option<String>,
    pub approval: Option<Approval>,
    pub publication: Option<Publication>,
    pub status: DecisionStatus,
    /// The position of the event that recorded this version of the §.
    pub recorded_at_position: i64,
}

impl DecisionEntry {
    /// Every person the § mentions, each once.
    fn people_named(&self) -> std::collections::BTreeSet<Uuid> {
        let mut named: std::collections::BTreeSet<Uuid> =
            self.quorum.taking_part.iter().copied().collect();
        for recusal in &self.recusals {
            named.insert(recusal.person_id);
            named.extend(recusal.substitute);
        }
        named.extend(
            self.proposals
                .iter()
                .filter_map(|proposal| proposal.moved_by),
        );
        named.extend(
            self.reservations
                .iter()
                .map(|reservation| reservation.person_id),
        );
        named.extend(self.statements.iter().map(|statement| statement.person_id));
        if let Some(Vote {
            method: VoteMethod::Open { ballots },
            ..
        }) = &self.vote
        {
            named.extend(ballots.iter().map(|ballot| ballot.person_id));
        }
        named
    }
}

/// The approval (justering) of the minutes that hold the §.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Approval {
    pub approved_on: NaiveDate,
    /// Whether the § was approved at the meeting itself (omedelbar justering).
    pub immediately: bool,
}

/// The posting (anslag) of the approval on the official notice board, which starts the appeal
/// period (laglighetsprövning, KL 13 kap 5 §).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Publication {
    pub posted_on: NaiveDate,
    /// The last day an appeal can be lodged.
    pub appeal_last_day: NaiveDate,
    /// Days past the two the law allows after approval, when the posting came late.
    pub days_late: Option<u32>,
    /// The day the notice was taken down, once it was by `as_of`.
    pub notice_removed_on: Option<NaiveDate>,
}

/// Where the § stands on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DecisionStatus {
    /// As first recorded.
    Recorded,
    /// Corrected at least once; see the entry's `correction_reason`.
    Corrected,
    /// No longer applies from `revoked_on`, by the decision or judgment `basis` cites.
    Revoked {
        revoked_on: NaiveDate,
        basis: LegalBasis,
    },
}

/// The § register of `body_id` on `read_at.as_of`, as known at `read_at.known_at`, narrowed by
/// `filter`.
pub async fn register_of_body(
    pool: &PgPool,
    body_id: Uuid,
    read_at: ReadAt,
    filter: DecisionFilter,
) -> Result<DecisionRegister, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    // An empty query would match nothing, which is never what a blank search box means.
    let text = filter.text.filter(|text| !text.trim().is_empty());
    let decisions = sqlx::query(&format!(
        "{DECISION_COLUMNS}
          WHERE body_id = $1 AND meeting_on <= $2 AND known @> $3::bigint
            AND ($4::text IS NULL OR search @@ websearch_to_tsquery('swedish', $4))
            AND ($5::text IS NULL OR registry_number = $5)
          ORDER BY year, number"
    ))
    .bind(body_id)
    .bind(as_of)
    .bind(known_at.as_stored())
    .bind(text)
    .bind(filter.registry_number)
    .fetch_all(pool)
    .await?
    .iter()
    .map(entry_from_row)
    .collect::<Result<Vec<_>, _>>()?;
    let decisions = name_people(pool, known_at, decisions).await?;
    Ok(DecisionRegister {
        as_of,
        known_at: known_at.get(),
        body_id,
        decisions,
    })
}

/// What a query of §§ selects, ahead of its own `WHERE`: every column of a §, with the
/// approval, posting, taking down and revocation only from their own dates on (`$2` is `as_of`).
const DECISION_COLUMNS: &str = "SELECT decision_id, meeting_id, year, number, meeting_on, item,
        item_title, registry_number, decision_text, proposals, vote, reservations, statements,
        recusals, mandate_category, adopted_proposal, quorum, mandate, correction_reason,
        approved_immediately,
        CASE WHEN approved_on <= $2 THEN approved_on END AS approved_on,
        CASE WHEN posted_on <= $2 THEN posted_on END AS posted_on,
        appeal_last_day, days_late,
        CASE WHEN notice_removed_on <= $2 THEN notice_removed_on END AS notice_removed_on,
        CASE WHEN revoked_on <= $2 THEN revoked_on END AS revoked_on,
        revocation_basis, lower(known) AS recorded_at_position
   FROM read_decisions.decisions";

/// The §§ of one meeting decided on or before `as_of`, as known at `known_at`, by number, with
/// the people they name.
pub(crate) async fn decisions_of_meeting(
    pool: &PgPool,
    meeting_id: Uuid,
    as_of: NaiveDate,
    known_at: eventlog::Position,
) -> Result<Vec<DecisionEntry>, QueryError> {
    let decisions = sqlx::query(&format!(
        "{DECISION_COLUMNS}
          WHERE meeting_id = $1 AND meeting_on <= $2 AND known @> $3::bigint
          ORDER BY year, number"
    ))
    .bind(meeting_id)
    .bind(as_of)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?
    .iter()
    .map(entry_from_row)
    .collect::<Result<Vec<_>, _>>()?;
    name_people(pool, known_at, decisions).await
}

/// Fills in each §'s `people` from the seat holders its meeting was opened with.
async fn name_people(
    pool: &PgPool,
    known_at: eventlog::Position,
    mut decisions: Vec<DecisionEntry>,
) -> Result<Vec<DecisionEntry>, QueryError> {
    let meeting_ids: Vec<Uuid> = decisions.iter().map(|entry| entry.meeting_id).collect();
    let seated = seat_holders_of_meetings(pool, &meeting_ids, known_at).await?;
    for entry in &mut decisions {
        let names = seated.get(&entry.meeting_id);
        entry.people = entry
            .people_named()
            .into_iter()
            .map(|person_id| NamedPerson::from_seat_holders(person_id, names))
            .collect();
        entry
            .people
            .sort_by(|one, other| (&one.name, one.person_id).cmp(&(&other.name, other.person_id)));
    }
    Ok(decisions)
}

fn entry_from_row(row: &PgRow) -> Result<DecisionEntry, QueryError> {
    let approval = row
        .try_get::<Option<NaiveDate>, _>("approved_on")?
        .map(|approved_on| -> Result<_, QueryError> {
            Ok(Approval {
                approved_on,
                immediately: row.try_get("approved_immediately")?,
            })
        })
        .transpose()?;
    let publication = row
        .try_get::<Option<NaiveDate>, _>("posted_on")?
        .map(|posted_on| publication_from_row(row, posted_on))
        .transpose()?;
    let correction_reason: Option<String> = row.try_get("correction_reason")?;
    let revoked_on: Option<NaiveDate> = row.try_get("revoked_on")?;
    let status = match revoked_on {
        Some(revoked_on) => DecisionStatus::Revoked {
            revoked_on,
            basis: from_json(
                MODEL,
                "revocation_basis",
                row.try_get::<Option<serde_json::Value>, _>("revocation_basis")?
                    .ok_or_else(|| {
                        QueryError::unreadable(MODEL, "a revocation without its basis")
                    })?,
            )?,
        },
        None if correction_reason.is_some() => DecisionStatus::Corrected,
        None => DecisionStatus::Recorded,
    };
    let vote: Option<serde_json::Value> = row.try_get("vote")?;
    Ok(DecisionEntry {
        decision_id: row.try_get("decision_id")?,
        meeting_id: row.try_get("meeting_id")?,
        paragraph: Paragraph {
            year: row.try_get("year")?,
            number: converted("number", row.try_get::<i64, _>("number")?)?,
        },
        meeting_on: row.try_get("meeting_on")?,
        item: converted("item", row.try_get::<i32, _>("item")?)?,
        item_title: row.try_get("item_title")?,
        registry_number: row.try_get("registry_number")?,
        text: row.try_get("decision_text")?,
        proposals: from_json(MODEL, "proposals", row.try_get("proposals")?)?,
        vote: vote
            .map(|vote| from_json(MODEL, "vote", vote))
            .transpose()?,
        reservations: from_json(MODEL, "reservations", row.try_get("reservations")?)?,
        statements: from_json(MODEL, "statements", row.try_get("statements")?)?,
        recusals: from_json(MODEL, "recusals", row.try_get("recusals")?)?,
        people: Vec::new(),
        mandate_category: from_text(MODEL, "mandate_category", row.try_get("mandate_category")?)?,
        adopted_proposal: row.try_get("adopted_proposal")?,
        quorum: from_json(MODEL, "quorum", row.try_get("quorum")?)?,
        mandate: from_json(MODEL, "mandate", row.try_get("mandate")?)?,
        correction_reason,
        approval,
        publication,
        status,
        recorded_at_position: row.try_get("recorded_at_position")?,
    })
}

fn publication_from_row(row: &PgRow, posted_on: NaiveDate) -> Result<Publication, QueryError> {
    let days_late: Option<i64> = row.try_get("days_late")?;
    Ok(Publication {
        posted_on,
        appeal_last_day: row.try_get("appeal_last_day")?,
        days_late: days_late
            .map(|days| converted("days_late", days))
            .transpose()?,
        notice_removed_on: row.try_get("notice_removed_on")?,
    })
}

/// A stored number as the domain's type.
fn converted<T, S>(column: &str, stored: S) -> Result<T, QueryError>
where
    T: TryFrom<S>,
    S: Copy + std::fmt::Display,
{
    number_from(MODEL, column, stored)
}
