use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::mandate::Category;

/// An item (ärende) on a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AgendaItem {
    /// The item's number on the agenda, unique within the meeting.
    pub number: u16,
    pub title: String,
    /// The case's registry number (diarienummer), for example "INK 2025/103".
    pub registry_number: Option<String>,
    /// Whether the item is dealt with in public; a closed item's documents may be confidential.
    pub public: bool,
}

/// A numbered paragraph (§) of a body's minutes. Numbers run per body and calendar year.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
pub struct Paragraph {
    pub year: i32,
    pub number: u32,
}

impl fmt::Display for Paragraph {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "§ {}", self.number)
    }
}

/// The next § the body may use in the meeting's year, as the caller found it in the register:
/// a fact of the command, like every fact from outside the meeting's own stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct NextParagraph {
    pub number: u32,
    /// The date of the meeting that holds the body's latest § of the year, if there is one.
    /// Paragraphs follow the order of meetings, so no meeting can number after a later one.
    pub latest_meeting_on: Option<NaiveDate>,
}

/// One person who answered the roll call (upprop) when the meeting opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RollEntry {
    pub person_id: Uuid,
    /// For a deputy: the absent member they serve for (tjänstgörande ersättare). A deputy who is
    /// present without serving leaves this out.
    pub serving_for: Option<Uuid>,
}

/// Whether a person attends from a given § onwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Attendance {
    /// The person has arrived, or a present deputy starts serving for a member.
    Present { serving_for: Option<Uuid> },
    /// The person has left.
    Absent,
}

/// A proposal (yrkande) put to the body on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Proposal {
    /// How the minutes refer to it, for example "A" or "the chair's proposal".
    pub label: String,
    /// Who moved it, if a member did; the committee's own draft has no mover.
    pub moved_by: Option<Uuid>,
    pub text: String,
}

/// How one member voted in an open vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

/// One member's vote in an open vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Ballot {
    pub person_id: Uuid,
    pub choice: Choice,
}

/// The result of a vote as the minutes state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VoteCount {
    pub yes: u16,
    pub no: u16,
    pub abstained: u16,
}

/// An open vote names how each member voted; a closed vote (sluten omröstning, used for
/// elections) records only the count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VoteMethod {
    Open { ballots: Vec<Ballot> },
    Closed,
}

/// A vote (votering): one proposal is put as yes, another as no.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Vote {
    pub yes_proposal: String,
    pub no_proposal: String,
    pub method: VoteMethod,
    pub count: VoteCount,
}

/// A member who is disqualified (jävig) on the item and takes no part in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Recusal {
    pub person_id: Uuid,
    /// A present deputy of the same party who serves in their place for this item.
    pub substitute: Option<Uuid>,
}

/// A dissent (reservation) by someone who took part in the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reservation {
    pub person_id: Uuid,
    /// The written reason, if one was given.
    pub reason: Option<String>,
}

/// A recorded statement (protokollsanteckning) by someone present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Statement {
    pub person_id: Uuid,
    pub text: String,
}

/// A decision an official took under the delegation scheme, reported to the body at this §.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DelegatedDecisionReport {
    /// The delegated decision's stable id, by which it can be cited as a basis.
    pub decision_id: Uuid,
    pub decided_on: NaiveDate,
    /// The official who decided, by title or name, for example "inköpschef".
    pub decided_by: String,
    pub subject: String,
    pub registry_number: Option<String>,
    pub mandate_category: Category,
}

/// What a § says. Shared by the decision as first recorded and by its correction (rättelse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DecisionContent {
    pub text: String,
    pub proposals: Vec<Proposal>,
    pub vote: Option<Vote>,
    pub recusals: Vec<Recusal>,
    pub reservations: Vec<Reservation>,
    pub statements: Vec<Statement>,
    /// What kind of matter the decision is, for checking it against the body's mandates.
    pub mandate_category: Category,
    /// Delegated decisions reported to the body under this §; empty for other decisions.
    pub delegated_decisions: Vec<DelegatedDecisionReport>,
}

/// Whether a mandate of the body covers the decision: a governance fact the caller looks up.
/// A decision outside every mandate is still recorded, because it was taken, and auditors see it
/// flagged (domain rule 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MandateFinding {
    Within { mandate_id: Uuid },
    Outside,
}

/// Who could decide an item, and whether that was enough (domain rule 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Quorum {
    /// The body's member seats on the meeting date.
    pub member_seats: u16,
    /// Members and serving deputies who took part in the item, sorted by id.
    pub taking_part: Vec<Uuid>,
    /// More than half of `member_seats`.
    pub required: u16,
}

/// The part of the minutes an approval or a publication covers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MinutesScope {
    /// The whole minutes, less any § approved immediately.
    Whole,
    /// One § approved at the meeting itself (omedelbar justering).
    Paragraph { number: u32 },
}

impl MinutesScope {
    /// "is" or "are", to agree with the scope in a sentence: "§ 3 is", "the minutes are".
    pub fn agreeing_be(&self) -> &'static str {
        match self {
            MinutesScope::Whole => "are",
            MinutesScope::Paragraph { .. } => "is",
        }
    }
}

impl fmt::Display for MinutesScope {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MinutesScope::Whole => formatter.write_str("the minutes"),
            MinutesScope::Paragraph { number } => write!(formatter, "§ {number}"),
        }
    }
}

/// Where a meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Called,
    Held,
    Cancelled,
}
