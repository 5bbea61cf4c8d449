use cqrs_es::Aggregate;
use domain::meeting::{
    AgendaItem, DecisionContent, DecisionCorrected, DecisionRecorded, DecisionRevoked, Meeting,
    MeetingCalled, MeetingEvent, MinutesApproved, MinutesPublished, MinutesScope, NoticeRemoved,
};
use eventlog::RecordedEvent;
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::columns::{json_of, text_of};
use crate::decode::decode;
use crate::stream::{self, stream_id};
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Decisions;

/// Every stored column of `decisions`, in table order. The search vector is generated from the
/// title and the text, so it is never written.
const COLUMNS: [&str; 29] = [
    "decision_id",
    "meeting_id",
    "body_id",
    "year",
    "number",
    "meeting_on",
    "item",
    "item_title",
    "registry_number",
    "decision_text",
    "proposals",
    "vote",
    "reservations",
    "statements",
    "recusals",
    "mandate_category",
    "adopted_proposal",
    "quorum",
    "mandate",
    "correction_reason",
    "approved_immediately",
    "approved_on",
    "posted_on",
    "appeal_last_day",
    "days_late",
    "notice_removed_on",
    "revoked_on",
    "revocation_basis",
    "known",
];

/// Which § of the meeting a minutes event covers, given the meeting as `$2` and the scope's §
/// number, or NULL for the whole minutes, as `$3`. The whole minutes leave out every § approved
/// immediately, because each of those has its own approval, posting and appeal period.
const IN_SCOPE: &str =
    "meeting_id = $2 AND (number = $3 OR ($3::bigint IS NULL AND NOT approved_immediately))";

fn expect_row(rows: u64, event: &RecordedEvent, missing: &str) -> Result<(), ProjectionError> {
    stream::expect_row(MODEL, rows, event, missing)
}

/// The statement that closes the current version of the § rows `condition` selects at position
/// `$1` and inserts their next version, in which each column of `changes` takes the value of its
/// SQL expression and every other column is carried over.
fn superseding(condition: &str, changes: &[(&str, &str)]) -> String {
    superseding_in("decisions", &COLUMNS, condition, changes)
}

/// [`superseding`] for the rows of `table`, whose stored columns are `columns`.
fn superseding_in(
    table: &str,
    columns: &[&str],
    condition: &str,
    changes: &[(&str, &str)],
) -> String {
    let values = columns
        .iter()
        .map(|&column| {
            if column == "known" {
                return "int8range($1, NULL)".to_owned();
            }
            changes
                .iter()
                .find(|(changed, _)| *changed == column)
                .map_or_else(|| column.to_owned(), |(_, value)| (*value).to_owned())
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "WITH superseded AS (
             UPDATE {table} SET known = int8range(lower(known), $1)
              WHERE {condition} AND upper_inf(known)
          RETURNING *)
         INSERT INTO {table} ({columns})
         SELECT {values} FROM superseded",
        columns = columns.join(", "),
    )
}

/// The § number a minutes scope names, or `None` for the whole minutes.
fn scope_number(scope: MinutesScope) -> Option<i64> {
    match scope {
        MinutesScope::Whole => None,
        MinutesScope::Paragraph { number } => Some(i64::from(number)),
    }
}

/// Requires a row for a scope of one §; the whole minutes may hold no § at all, as when a
/// meeting decided nothing.
fn expect_scope_rows(
    scope: MinutesScope,
    rows: u64,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    match scope {
        MinutesScope::Whole => Ok(()),
        MinutesScope::Paragraph { .. } => expect_row(rows, event, "the § of the minutes"),
    }
}

/// Applies a `Meeting` event; the § register follows no other stream.
pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    if event.aggregate_type != Meeting::TYPE {
        return Ok(());
    }
    let meeting_id = stream_id(MODEL, event)?;
    match decode::<MeetingEvent>(event)? {
        MeetingEvent::MeetingCalled(called) => {
            call_meeting(connection, event, meeting_id, &called).await?;
            for item in &called.agenda {
                insert_agenda_item(connection, event, meeting_id, item).await?;
            }
            Ok(())
        }
        MeetingEvent::AgendaItemAdded(added) => {
            insert_agenda_item(connection, event, meeting_id, &added.item).await
        }
        MeetingEvent::MeetingCancelled(cancelled) => {
            change_meeting(
                connection,
                event,
                meeting_id,
                &[("cancellation_reason", "$3")],
                json!(cancelled.reason),
            )
            .await
        }
        MeetingEvent::MeetingOpened(opened) => {
            change_meeting(
                connection,
                event,
                meeting_id,
                &[
                    ("presiding", "($3->>'presiding')::uuid"),
                    ("roll", "$3->'roll'"),
                    ("seated", "$3->'seated'"),
                    ("member_seats", "($3->>'member_seats')::integer"),
                ],
                json_of(&opened)?,
            )
            .await
        }
        MeetingEvent::AttendanceChanged(changed) => {
            change_meeting(
                connection,
                event,
                meeting_id,
                &[(
                    "attendance_changes",
                    "attendance_changes || jsonb_build_array($3)",
                )],
                json_of(&changed)?,
            )
            .await
        }
        MeetingEvent::AdjustersChosen(chosen) => {
            change_meeting(
                connection,
                event,
                meeting_id,
                &[("adjusters", "$3")],
                json_of(&chosen.adjusters)?,
            )
            .await
        }
        MeetingEvent::DecisionRecorded(recorded) => {
            record_decision(connection, event, meeting_id, &recorded).await
        }
        MeetingEvent::DecisionCorrected(corrected) => {
            correct_decision(connection, event, &corrected).await
        }
        MeetingEvent::DecisionRevoked(revoked) => {
            revoke_decision(connection, event, &revoked).await
        }
        MeetingEvent::MinutesApproved(approved) => {
            if approved.scope == MinutesScope::Whole {
                change_meeting(
                    connection,
                    event,
                    meeting_id,
                    &[
                        ("approved_on", "($3->>'approved_on')::date"),
                        ("approved_by", "$3->'approved_by'"),
                    ],
                    json_of(&approved)?,
                )
                .await?;
            }
            approve_minutes(connection, event, meeting_id, &approved).await
        }
        MeetingEvent::MinutesPublished(published) => {
            if published.scope == MinutesScope::Whole {
                change_meeting(
                    connection,
                    event,
                    meeting_id,
                    &[
                        ("posted_on", "($3->>'posted_on')::date"),
                        ("appeal_last_day", "($3->>'appeal_last_day')::date"),
                        ("days_late", "($3->>'days_late')::bigint"),
                    ],
                    json!({
                        "posted_on": published.posted_on,
                        "appeal_last_day": published.appeal.last_day,
                        "days_late": published.days_late,
                    }),
                )
                .await?;
            }
            publish_minutes(connection, event, meeting_id, &published).await
        }
        MeetingEvent::NoticeRemoved(removed) => {
            if removed.scope == MinutesScope::Whole {
                change_meeting(
                    connection,
                    event,
                    meeting_id,
                    &[("notice_removed_on", "($3#>>'{}')::date")],
                    json!(removed.removed_on),
                )
                .await?;
            }
            remove_notice(connection, event, meeting_id, &removed).await
        }
    }
}

/// Every stored column of `meetings`, in table order.
const MEETING_COLUMNS: [&str; 19] = [
    "meeting_id",
    "body_id",
    "body_name",
    "meeting_on",
    "place",
    "cancellation_reason",
    "presiding",
    "roll",
    "seated",
    "member_seats",
    "attendance_changes",
    "adjusters",
    "approved_on",
    "approved_by",
    "posted_on",
    "appeal_last_day",
    "days_late",
    "notice_removed_on",
    "known",
];

/// Inserts the first version of a meeting, as called.
async fn call_meeting(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    meeting_id: Uuid,
    called: &MeetingCalled,
) -> Result<(), ProjectionError> {
    sqlx::query(&format!(
        "INSERT INTO meetings ({columns})
         VALUES ($1, $2, $3, $4, $5, NULL, NULL, NULL, NULL, NULL, '[]', '[]', NULL, '[]',
                 NULL, NULL, NULL, NULL, int8range($6, NULL))",
        columns = MEETING_COLUMNS.join(", "),
    ))
    .bind(meeting_id)
    .bind(called.body_id)
    .bind(&called.body_name)
    .bind(called.date)
    .bind(&called.place)
    .bind(event.position.as_stored())
    .execute(connection)
    .await?;
    Ok(())
}

/// Supersedes the meeting's current version with one in which each column of `changes` takes
/// its SQL expression, given the position as `$1`, the meeting as `$2` and `value` as `$3`.
async fn change_meeting(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    meeting_id: Uuid,
    changes: &[(&str, &str)],
    value: serde_json::Value,
) -> Result<(), ProjectionError> {
    let changed = sqlx::query(&superseding_in(
        "meetings",
        &MEETING_COLUMNS,
        "meeting_id = $2",
        changes,
    ))
    .bind(event.position.as_stored())
    .bind(meeting_id)
    .bind(value)
    .execute(connection)
    .await?;
    expect_row(changed.rows_affected(), event, "the meeting")
}

/// Inserts the new §, taking its number, title and registry number from the agenda item it
/// decides.
async fn record_decision(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    meeting_id: Uuid,
    recorded: &DecisionRecorded,
) -> Result<(), ProjectionError> {
    let content = ContentColumns::of(&recorded.content)?;
    let inserted = sqlx::query(&format!(
        "INSERT INTO decisions ({columns})
         SELECT $1, meeting_id, $2, $3, $4, $5, number, title, registry_number, $6, $7, $8,
                $9, $10, $18, $11, $12, $13, $14, NULL, false, NULL, NULL, NULL, NULL, NULL,
                NULL, NULL, int8range($15, NULL)
           FROM agenda_items WHERE meeting_id = $16 AND number = $17",
        columns = COLUMNS.join(", "),
    ))
    .bind(recorded.decision_id)
    .bind(recorded.body_id)
    .bind(recorded.paragraph.year)
    .bind(i64::from(recorded.paragraph.number))
    .bind(recorded.meeting_on)
    .bind(&recorded.content.text)
    .bind(&content.proposals)
    .bind(&content.vote)
    .bind(&content.reservations)
    .bind(&content.statements)
    .bind(&content.mandate_category)
    .bind(&recorded.adopted_proposal)
    .bind(json_of(&recorded.quorum)?)
    .bind(json_of(&recorded.mandate)?)
    .bind(event.position.as_stored())
    .bind(meeting_id)
    .bind(i32::from(recorded.item))
    .bind(&content.recusals)
    .execute(&mut *connection)
    .await?;
    expect_row(inserted.rows_affected(), event, "the agenda item decided")
}

/// Replaces the §'s content, vote, quorum and mandate with the corrected ones, with the reason.
async fn correct_decision(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    corrected: &DecisionCorrected,
) -> Result<(), ProjectionError> {
    let content = ContentColumns::of(&corrected.content)?;
    let changed = sqlx::query(&superseding(
        "decision_id = $2",
        &[
            ("decision_text", "$3"),
            ("proposals", "$4"),
            ("vote", "$5"),
            ("reservations", "$6"),
            ("statements", "$7"),
            ("recusals", "$13"),
            ("mandate_category", "$8"),
            ("adopted_proposal", "$9"),
            ("quorum", "$10"),
            ("mandate", "$11"),
            ("correction_reason", "$12"),
        ],
    ))
    .bind(event.position.as_stored())
    .bind(corrected.decision_id)
    .bind(&corrected.content.text)
    .bind(&content.proposals)
    .bind(&content.vote)
    .bind(&content.reservations)
    .bind(&content.statements)
    .bind(&content.mandate_category)
    .bind(&corrected.adopted_proposal)
    .bind(json_of(&corrected.quorum)?)
    .bind(json_of(&corrected.mandate)?)
    .bind(&corrected.reason)
    .bind(&content.recusals)
    .execute(&mut *connection)
    .await?;
    expect_row(changed.rows_affected(), event, "the corrected decision")
}

/// Records the day from which the § no longer applies, and the basis of its revocation.
async fn revoke_decision(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    revoked: &DecisionRevoked,
) -> Result<(), ProjectionError> {
    let changed = sqlx::query(&superseding(
        "decision_id = $2",
        &[("revoked_on", "$3"), ("revocation_basis", "$4")],
    ))
    .bind(event.position.as_stored())
    .bind(revoked.decision_id)
    .bind(revoked.revoked_on)
    .bind(json_of(&revoked.basis)?)
    .execute(&mut *connection)
    .await?;
    expect_row(changed.rows_affected(), event, "the revoked decision")
}

/// Records the approval of the § in scope; a § approved on its own is marked approved
/// immediately, so that the whole minutes leave it out.
async fn approve_minutes(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    meeting_id: Uuid,
    approved: &MinutesApproved,
) -> Result<(), ProjectionError> {
    let changed = sqlx::query(&superseding(
        IN_SCOPE,
        &[
            ("approved_on", "$4"),
            ("approved_immediately", "$3::bigint IS NOT NULL"),
        ],
    ))
    .bind(event.position.as_stored())
    .bind(meeting_id)
    .bind(scope_number(approved.scope))
    .bind(approved.approved_on)
    .execute(&mut *connection)
    .await?;
    expect_scope_rows(approved.scope, changed.rows_affected(), event)
}

/// Records the posting of the § in scope, the last day to appeal and how late it was posted.
async fn publish_minutes(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    meeting_id: Uuid,
    published: &MinutesPublished,
) -> Result<(), ProjectionError> {
    let changed = sqlx::query(&superseding(
        IN_SCOPE,
        &[
            ("posted_on", "$4"),
            ("appeal_last_day", "$5"),
            ("days_late", "$6"),
        ],
    ))
    .bind(event.position.as_stored())
    .bind(meeting_id)
    .bind(scope_number(published.scope))
    .bind(published.posted_on)
    .bind(published.appeal.last_day)
    .bind(published.days_late.map(i64::from))
    .execute(&mut *connection)
    .await?;
    expect_scope_rows(published.scope, changed.rows_affected(), event)
}

/// Records the day the notice of the § in scope was taken down.
async fn remove_notice(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    meeting_id: Uuid,
    removed: &NoticeRemoved,
) -> Result<(), ProjectionError> {
    let changed = sqlx::query(&superseding(IN_SCOPE, &[("notice_removed_on", "$4")]))
        .bind(event.position.as_stored())
        .bind(meeting_id)
        .bind(scope_number(removed.scope))
        .bind(removed.removed_on)
        .execute(&mut *connection)
        .await?;
    expect_scope_rows(removed.scope, changed.rows_affected(), event)
}

/// Inserts an item of the meeting's agenda, which a § later decides.
async fn insert_agenda_item(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    meeting_id: Uuid,
    item: &AgendaItem,
) -> Result<(), ProjectionError> {
    sqlx::query(
        "INSERT INTO agenda_items (meeting_id, number, title, registry_number, public, position)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(meeting_id)
    .bind(i32::from(item.number))
    .bind(&item.title)
    .bind(&item.registry_number)
    .bind(item.public)
    .bind(event.position.as_stored())
    .execute(connection)
    .await?;
    Ok(())
}

/// The columns a § and its correction both write from the decision's content.
struct ContentColumns {
    proposals: serde_json::Value,
    vote: Option<serde_json::Value>,
    reservations: serde_json::Value,
    statements: serde_json::Value,
    recusals: serde_json::Value,
    mandate_category: String,
}

impl ContentColumns {
    fn of(content: &DecisionContent) -> Result<Self, ProjectionError> {
        Ok(ContentColumns {
            proposals: json_of(&content.proposals)?,
            vote: content.vote.as_ref().map(json_of).transpose()?,
            reservations: json_of(&content.reservations)?,
            statements: json_of(&content.statements)?,
            recusals: json_of(&content.recusals)?,
            mandate_category: text_of(&content.mandate_category)?,
        })
    }
}
