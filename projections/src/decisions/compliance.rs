//! The compliance report: for one body and a period of meeting days, the decisions an auditor
//! looks at first, judged on one day (`as_of`) as the register knew them at one position
//! (`known_at`).
//!
//! Each list holds what the § register itself records; nothing is inferred from another read
//! model, so that the report is exactly as trustworthy as the § register and moves with its two
//! clocks. A § is judged only once it exists on `as_of` (its meeting was held by then), and the
//! approval, posting and revocation count only from their own dates, as in the register.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use domain::mandate::Category;
use domain::meeting::{last_day_to_post, MandateFinding, Paragraph, Quorum};
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::columns::{from_json, from_text, number_from};
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Decisions;

/// The meeting days a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CompliancePeriod {
    from: NaiveDate,
    to: NaiveDate,
}

/// A period that would end before it starts, which would silently select nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the period ends on {to}, before it starts on {from}")]
pub struct PeriodEndsBeforeStart {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl CompliancePeriod {
    /// The meeting days from `from` to `to`, both included; a single day when they are equal.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, PeriodEndsBeforeStart> {
        if to < from {
            return Err(PeriodEndsBeforeStart { from, to });
        }
        Ok(CompliancePeriod { from, to })
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }
}

/// What an auditor checks in a body's decisions over a period, judged on `as_of` as the
/// register knew it at `known_at`. Every list is in § order (year, then number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ComplianceReport {
    pub body_id: Uuid,
    pub period: CompliancePeriod,
    /// The day the report is judged on: what had been approved, posted or revoked by then, and
    /// whose appeal period was still open on it.
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    /// Decisions recorded as outside every mandate of the body.
    pub outside_mandate: Vec<OutsideMandate>,
    /// Decisions whose recorded quorum does not hold up. The register refuses a decision without
    /// quorum, so this list is the record's check of its own quorum figures.
    pub without_quorum: Vec<WithoutQuorum>,
    /// Decisions whose approval was posted on the notice board after the last day to post it.
    pub published_late: Vec<PublishedLate>,
    /// Decisions approved by `as_of` whose approval had not been posted by `as_of`, although
    /// the last day to post it had passed.
    pub not_published: Vec<NotPublished>,
    /// Decisions whose minutes had not been approved by `as_of`, so that no posting was due yet.
    pub not_yet_approved: Vec<NotYetApproved>,
    /// Decisions posted by `as_of` whose appeal period was still open on `as_of`.
    pub within_appeal_period: Vec<WithinAppealPeriod>,
}

/// Which decision a finding is about, as the § register names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DecisionReference {
    pub decision_id: Uuid,
    pub meeting_id: Uuid,
    pub paragraph: Paragraph,
    pub meeting_on: NaiveDate,
    /// The agenda item decided: its number, title and registry number.
    pub item: u16,
    pub item_title: String,
    pub registry_number: Option<String>,
    /// The day the decision stopped applying, when it was revoked on or before `as_of`. A
    /// revoked decision stays in the report: what happened when it was taken still happened.
    pub revoked_on: Option<NaiveDate>,
}

/// A decision recorded as outside the body's mandate (domain rule 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OutsideMandate {
    pub decision: DecisionReference,
    /// The category the decision was taken in. When the § was recorded (or last corrected),
    /// no mandate held by the body permitted this category on the meeting day: none covered it,
    /// one excluded it, or none was in force that day.
    pub mandate_category: Category,
}

/// A decision whose recorded quorum figures do not show a quorum, with the figures as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct WithoutQuorum {
    pub decision: DecisionReference,
    /// The body's member seats on the meeting day, as recorded.
    pub member_seats: u16,
    /// How many different members and serving deputies took part, as recorded.
    pub taking_part: u16,
    /// The number recorded as needed for a quorum.
    pub required: u16,
    /// More than half of `member_seats` (KL 6 kap 27 §), computed from the recorded seats.
    pub majority_of_seats: u16,
    /// Every way the figures fail, in the order of the checks.
    pub inconsistencies: Vec<QuorumInconsistency>,
}

/// One way a recorded quorum fails to show that more than half of the members took part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum QuorumInconsistency {
    /// No more than half of the member seats took part.
    TakingPartNotAMajority,
    /// The recorded requirement is not more than half of the member seats, which the law asks
    /// for and the register computes.
    RequiredIsNotTheMajority,
    /// A person is counted twice among those taking part, which would inflate the count.
    ParticipantListedTwice { person_id: Uuid },
}

/// A decision whose approval was posted on the notice board late (KL 8 kap 12 §).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PublishedLate {
    pub decision: DecisionReference,
    pub approved_on: NaiveDate,
    /// Whether the § was approved at the meeting itself (omedelbar justering).
    pub approved_immediately: bool,
    /// The last day the approval could have been posted on time: two days after it.
    pub last_day_to_post: NaiveDate,
    pub posted_on: NaiveDate,
    /// The days the posting came after `last_day_to_post`, as recorded with the posting.
    pub days_late: u32,
}

/// A decision whose approval was due on the notice board by `as_of` and was not posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NotPublished {
    pub decision: DecisionReference,
    pub approved_on: NaiveDate,
    /// Whether the § was approved at the meeting itself (omedelbar justering).
    pub approved_immediately: bool,
    /// The last day the approval could have been posted on time: two days after it.
    pub last_day_to_post: NaiveDate,
    /// The days from `last_day_to_post` to `as_of`: how late a posting on `as_of` would be.
    pub days_overdue: u32,
}

/// A decision whose minutes were not approved by `as_of`. No rule the register knows sets a
/// day by which minutes must be approved, so this is shown, not judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NotYetApproved {
    pub decision: DecisionReference,
    /// The days from the meeting to `as_of`.
    pub days_since_meeting: u32,
}

/// A decision that could still be appealed (laglighetsprövning, KL 13 kap 5 §) on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct WithinAppealPeriod {
    pub decision: DecisionReference,
    pub posted_on: NaiveDate,
    /// The last day an appeal can be lodged.
    pub appeal_last_day: NaiveDate,
    /// The days from `as_of` to `appeal_last_day`: 0 when `as_of` is the last day.
    pub days_until_last_day: u32,
}

/// The compliance report of `body_id` for the decisions of meetings held in `period`, judged on
/// `read_at.as_of` as known at `read_at.known_at`. A meeting after `as_of` had not been held on
/// the day the report is judged on, so its decisions are left out.
pub async fn compliance_report(
    pool: &PgPool,
    body_id: Uuid,
    period: CompliancePeriod,
    read_at: ReadAt,
) -> Result<ComplianceReport, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let rows = sqlx::query(
        "SELECT decision_id, meeting_id, year, number, meeting_on, item, item_title,
                registry_number, mandate_category, quorum, mandate, approved_immediately,
                CASE WHEN approved_on <= $2 THEN approved_on END AS approved_on,
                CASE WHEN posted_on <= $2 THEN posted_on END AS posted_on,
                appeal_last_day, days_late,
                CASE WHEN revoked_on <= $2 THEN revoked_on END AS revoked_on
           FROM read_decisions.decisions
          WHERE body_id = $1 AND meeting_on BETWEEN $4 AND $5 AND meeting_on <= $2
            AND known @> $3::bigint
          ORDER BY year, number",
    )
    .bind(body_id)
    .bind(as_of)
    .bind(known_at.as_stored())
    .bind(period.from)
    .bind(period.to)
    .fetch_all(pool)
    .await?;
    let mut report = ComplianceReport {
        body_id,
        period,
        as_of,
        known_at: known_at.get(),
        outside_mandate: Vec::new(),
        without_quorum: Vec::new(),
        published_late: Vec::new(),
        not_published: Vec::new(),
        not_yet_approved: Vec::new(),
        within_appeal_period: Vec::new(),
    };
    for row in &rows {
        report.add(decision_from_row(row)?, as_of)?;
    }
    Ok(report)
}

/// What the report reads of one §, with the approval and posting only when they happened by
/// `as_of`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct JudgedDecision {
    reference: DecisionReference,
    mandate_category: Category,
    mandate: MandateFinding,
    quorum: Quorum,
    approval: Option<ApprovalFacts>,
    posting: Option<PostingFacts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ApprovalFacts {
    approved_on: NaiveDate,
    immediately: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PostingFacts {
    posted_on: NaiveDate,
    appeal_last_day: NaiveDate,
    days_late: Option<u32>,
}

impl ComplianceReport {
    /// Adds `decision` to every list it belongs on when judged on `as_of`.
    fn add(&mut self, decision: JudgedDecision, as_of: NaiveDate) -> Result<(), QueryError> {
        let reference = &decision.reference;
        if decision.mandate == MandateFinding::Outside {
            self.outside_mandate.push(OutsideMandate {
                decision: reference.clone(),
                mandate_category: decision.mandate_category.clone(),
            });
        }
        let inconsistencies = quorum_inconsistencies(&decision.quorum);
        if !inconsistencies.is_empty() {
            self.without_quorum.push(WithoutQuorum {
                decision: reference.clone(),
                member_seats: decision.quorum.member_seats,
                taking_part: distinct_count(&decision.quorum.taking_part),
                required: decision.quorum.required,
                majority_of_seats: majority_of(decision.quorum.member_seats),
                inconsistencies,
            });
        }
        match (decision.approval, decision.posting) {
            (None, _) => self.not_yet_approved.push(NotYetApproved {
                decision: reference.clone(),
                days_since_meeting: days_between(reference.meeting_on, as_of)?,
            }),
            (Some(approval), Some(posting)) => {
                if let Some(days_late) = posting.days_late.filter(|days| *days > 0) {
                    self.published_late.push(PublishedLate {
                        decision: reference.clone(),
                        approved_on: approval.approved_on,
                        approved_immediately: approval.immediately,
                        last_day_to_post: posting_deadline(approval.approved_on)?,
                        posted_on: posting.posted_on,
                        days_late,
                    });
                }
                if as_of <= posting.appeal_last_day {
                    self.within_appeal_period.push(WithinAppealPeriod {
                        decision: reference.clone(),
                        posted_on: posting.posted_on,
                        appeal_last_day: posting.appeal_last_day,
                        days_until_last_day: days_between(as_of, posting.appeal_last_day)?,
                    });
                }
            }
            (Some(approval), None) => {
                let last_day_to_post = posting_deadline(approval.approved_on)?;
                if last_day_to_post < as_of {
                    self.not_published.push(NotPublished {
                        decision: reference.clone(),
                        approved_on: approval.approved_on,
                        approved_immediately: approval.immediately,
                        last_day_to_post,
                        days_overdue: days_between(last_day_to_post, as_of)?,
                    });
                }
            }
        }
        Ok(())
    }
}

/// Every way `quorum`, as recorded, fails to show that more than half of the member seats took
/// part. The register computes these figures itself and refuses a decision without quorum, so
/// an entry here means the stored figures disagree with one another.
pub fn quorum_inconsistencies(quorum: &Quorum) -> Vec<QuorumInconsistency> {
    let majority = majority_of(quorum.member_seats);
    let mut inconsistencies = Vec::new();
    if distinct_count(&quorum.taking_part) < majority {
        inconsistencies.push(QuorumInconsistency::TakingPartNotAMajority);
    }
    if quorum.required != majority {
        inconsistencies.push(QuorumInconsistency::RequiredIsNotTheMajority);
    }
    let mut seen = BTreeSet::new();
    let mut listed_twice = BTreeSet::new();
    for person_id in &quorum.taking_part {
        if !seen.insert(*person_id) && listed_twice.insert(*person_id) {
            inconsistencies.push(QuorumInconsistency::ParticipantListedTwice {
                person_id: *person_id,
            });
        }
    }
    inconsistencies
}

/// More than half of `member_seats`, as KL 6 kap 27 § counts a quorum.
fn majority_of(member_seats: u16) -> u16 {
    member_seats / 2 + 1
}

/// How many different persons `persons` names, saturating where a u16 ends as the domain does.
fn distinct_count(persons: &[Uuid]) -> u16 {
    let distinct = persons.iter().collect::<BTreeSet<_>>().len();
    u16::try_from(distinct).unwrap_or(u16::MAX)
}

fn posting_deadline(approved_on: NaiveDate) -> Result<NaiveDate, QueryError> {
    last_day_to_post(approved_on).ok_or_else(|| {
        QueryError::unreadable(
            MODEL,
            format!("approved_on {approved_on} has no last day to post within the calendar"),
        )
    })
}

/// The days from `earlier` to `later`; the callers compare the two days first.
fn days_between(earlier: NaiveDate, later: NaiveDate) -> Result<u32, QueryError> {
    number_from(MODEL, "days", (later - earlier).num_days())
}

fn decision_from_row(row: &PgRow) -> Result<JudgedDecision, QueryError> {
    let approval = row
        .try_get::<Option<NaiveDate>, _>("approved_on")?
        .map(|approved_on| -> Result<_, QueryError> {
            Ok(ApprovalFacts {
                approved_on,
                immediately: row.try_get("approved_immediately")?,
            })
        })
        .transpose()?;
    let posting = row
        .try_get::<Option<NaiveDate>, _>("posted_on")?
        .map(|posted_on| posting_from_row(row, posted_on))
        .transpose()?;
    if posting.is_some() && approval.is_none() {
        // The meeting refuses a posting before the approval it posts, so a row with one and
        // not the other was not written by this read model's own apply.
        return Err(QueryError::unreadable(
            MODEL,
            "a posting without its approval",
        ));
    }
    Ok(JudgedDecision {
        reference: DecisionReference {
            decision_id: row.try_get("decision_id")?,
            meeting_id: row.try_get("meeting_id")?,
            paragraph: Paragraph {
                year: row.try_get("year")?,
                number: number_from(MODEL, "number", row.try_get::<i64, _>("number")?)?,
            },
            meeting_on: row.try_get("meeting_on")?,
            item: number_from(MODEL, "item", row.try_get::<i32, _>("item")?)?,
            item_title: row.try_get("item_title")?,
            registry_number: row.try_get("registry_number")?,
            revoked_on: row.try_get("revoked_on")?,
        },
        mandate_category: from_text(MODEL, "mandate_category", row.try_get("mandate_category")?)?,
        mandate: from_json(MODEL, "mandate", row.try_get("mandate")?)?,
        quorum: from_json(MODEL, "quorum", row.try_get("quorum")?)?,
        approval,
        posting,
    })
}

fn posting_from_row(row: &PgRow, posted_on: NaiveDate) -> Result<PostingFacts, QueryError> {
    let appeal_last_day: Option<NaiveDate> = row.try_get("appeal_last_day")?;
    let days_late: Option<i64> = row.try_get("days_late")?;
    Ok(PostingFacts {
        posted_on,
        appeal_last_day: appeal_last_day
            .ok_or_else(|| QueryError::unreadable(MODEL, "a posting without its appeal period"))?,
        days_late: days_late
            .map(|days| number_from(MODEL, "days_late", days))
            .transpose()?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const ANNA: Uuid = Uuid::from_u128(1);
    const BO: Uuid = Uuid::from_u128(2);
    const CECILIA: Uuid = Uuid::from_u128(3);

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn quorum(member_seats: u16, taking_part: &[Uuid], required: u16) -> Quorum {
        Quorum {
            member_seats,
            taking_part: taking_part.to_vec(),
            required,
        }
    }

    fn decision(approval: Option<ApprovalFacts>, posting: Option<PostingFacts>) -> JudgedDecision {
        JudgedDecision {
            reference: DecisionReference {
                decision_id: Uuid::from_u128(10),
                meeting_id: Uuid::from_u128(11),
                paragraph: Paragraph {
                    year: 2025,
                    number: 7,
                },
                meeting_on: date("2025-05-06"),
                item: 1,
                item_title: "Upphandling av skolmåltider".into(),
                registry_number: None,
                revoked_on: None,
            },
            mandate_category: Category::parse("upphandling").unwrap(),
            mandate: MandateFinding::Within {
                mandate_id: Uuid::from_u128(12),
            },
            quorum: quorum(4, &[ANNA, BO, CECILIA], 3),
            approval,
            posting,
        }
    }

    fn report_on(decision: JudgedDecision, as_of: &str) -> ComplianceReport {
        let mut report = ComplianceReport {
            body_id: Uuid::from_u128(13),
            period: CompliancePeriod::new(date("2025-01-01"), date("2025-12-31")).unwrap(),
            as_of: date(as_of),
            known_at: 1,
            outside_mandate: Vec::new(),
            without_quorum: Vec::new(),
            published_late: Vec::new(),
            not_published: Vec::new(),
            not_yet_approved: Vec::new(),
            within_appeal_period: Vec::new(),
        };
        report.add(decision, date(as_of)).unwrap();
        report
    }

    fn approved(on: &str) -> Option<ApprovalFacts> {
        Some(ApprovalFacts {
            approved_on: date(on),
            immediately: false,
        })
    }

    #[test]
    fn a_period_may_be_one_day_but_not_end_before_it_starts() {
        let day = date("2025-05-06");
        assert_eq!(
            CompliancePeriod::new(day, day).map(|period| (period.from(), period.to())),
            Ok((day, day))
        );
        assert_eq!(
            CompliancePeriod::new(day, date("2025-05-05")),
            Err(PeriodEndsBeforeStart {
                from: day,
                to: date("2025-05-05"),
            })
        );
    }

    #[test]
    fn a_quorum_the_register_computed_is_consistent() {
        assert_eq!(
            quorum_inconsistencies(&quorum(4, &[ANNA, BO, CECILIA], 3)),
            []
        );
        assert_eq!(
            quorum_inconsistencies(&quorum(5, &[ANNA, BO, CECILIA], 3)),
            []
        );
    }

    #[test]
    fn half_of_the_seats_is_not_a_quorum() {
        assert_eq!(
            quorum_inconsistencies(&quorum(4, &[ANNA, BO], 3)),
            [QuorumInconsistency::TakingPartNotAMajority]
        );
    }

    #[test]
    fn a_recorded_requirement_of_half_the_seats_is_flagged() {
        assert_eq!(
            quorum_inconsistencies(&quorum(4, &[ANNA, BO], 2)),
            [
                QuorumInconsistency::TakingPartNotAMajority,
                QuorumInconsistency::RequiredIsNotTheMajority,
            ]
        );
    }

    #[test]
    fn a_person_counted_twice_is_counted_once() {
        assert_eq!(
            quorum_inconsistencies(&quorum(4, &[ANNA, ANNA, BO, BO, BO], 3)),
            [
                QuorumInconsistency::TakingPartNotAMajority,
                QuorumInconsistency::ParticipantListedTwice { person_id: ANNA },
                QuorumInconsistency::ParticipantListedTwice { person_id: BO },
            ]
        );
    }

    #[test]
    fn minutes_not_yet_approved_are_shown_with_the_days_since_the_meeting() {
        let report = report_on(decision(None, None), "2025-05-20");
        assert_eq!(
            report.not_yet_approved,
            [NotYetApproved {
                decision: decision(None, None).reference,
                days_since_meeting: 14,
            }]
        );
        assert_eq!(report.not_published, []);
    }

    #[test]
    fn an_approval_is_unpublished_only_after_its_last_day_to_post() {
        // Approved on Monday 12 May: the approval may be posted up to and including 14 May.
        let on_the_last_day = report_on(decision(approved("2025-05-12"), None), "2025-05-14");
        let the_day_after = report_on(decision(approved("2025-05-12"), None), "2025-05-15");

        assert_eq!(on_the_last_day.not_published, []);
        assert_eq!(
            the_day_after.not_published,
            [NotPublished {
                decision: decision(None, None).reference,
                approved_on: date("2025-05-12"),
                approved_immediately: false,
                last_day_to_post: date("2025-05-14"),
                days_overdue: 1,
            }]
        );
        assert_eq!(the_day_after.not_yet_approved, []);
    }

    #[test]
    fn a_late_posting_is_listed_and_its_appeal_period_runs_to_its_last_day() {
        let posting = Some(PostingFacts {
            posted_on: date("2025-05-16"),
            appeal_last_day: date("2025-06-09"),
            days_late: Some(2),
        });
        let last_day = report_on(decision(approved("2025-05-12"), posting), "2025-06-09");
        let after = report_on(decision(approved("2025-05-12"), posting), "2025-06-10");

        let late = PublishedLate {
            decision: decision(None, None).reference,
            approved_on: date("2025-05-12"),
            approved_immediately: false,
            last_day_to_post: date("2025-05-14"),
            posted_on: date("2025-05-16"),
            days_late: 2,
        };
        assert_eq!(last_day.published_late, std::slice::from_ref(&late));
        assert_eq!(
            last_day.within_appeal_period,
            [WithinAppealPeriod {
                decision: decision(None, None).reference,
                posted_on: date("2025-05-16"),
                appeal_last_day: date("2025-06-09"),
                days_until_last_day: 0,
            }]
        );
        assert_eq!(after.published_late, [late]);
        assert_eq!(after.within_appeal_period, []);
        assert_eq!(after.not_published, []);
    }
}
