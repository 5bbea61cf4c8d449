use cqrs_es::Aggregate;
use domain::external_decision::{ExternalDecision, ExternalDecisionDetails, ExternalDecisionEvent};
use domain::party::{Party, PartyEvent, PartyKind};
use eventlog::RecordedEvent;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::columns::text_of;
use crate::decode::decode;
use crate::stream::{self, stream_id};
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Citations;

/// Applies a party's registration and an outside decision's record or correction.
pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    let position = event.position.as_stored();
    if event.aggregate_type == Party::TYPE {
        let PartyEvent::PartyRegistered(registered) = decode::<PartyEvent>(event)?;
        sqlx::query(
            "INSERT INTO parties (code, kind, name, known) VALUES ($1, $2, $3, int8range($4, NULL))",
        )
        .bind(registered.code.as_str())
        .bind(text_of(&PartyKind::of(&registered.code))?)
        .bind(&registered.name)
        .bind(position)
        .execute(&mut *connection)
        .await?;
        return Ok(());
    }
    if event.aggregate_type != ExternalDecision::TYPE {
        return Ok(());
    }
    let decision_id = stream_id(MODEL, event)?;
    match decode::<ExternalDecisionEvent>(event)? {
        ExternalDecisionEvent::ExternalDecisionRecorded(recorded) => {
            insert(connection, decision_id, &recorded.details, None, position).await
        }
        ExternalDecisionEvent::ExternalDecisionCorrected(corrected) => {
            let closed = sqlx::query(
                "UPDATE external_decisions SET known = int8range(lower(known), $1)
                  WHERE decision_id = $2 AND upper_inf(known)",
            )
            .bind(position)
            .bind(decision_id)
            .execute(&mut *connection)
            .await?
            .rows_affected();
            stream::expect_row(MODEL, closed, event, "the outside decision")?;
            insert(
                connection,
                decision_id,
                &corrected.corrected,
                Some(&corrected.reason),
                position,
            )
            .await
        }
    }
}

async fn insert(
    connection: &mut PgConnection,
    decision_id: Uuid,
    details: &ExternalDecisionDetails,
    correction_reason: Option<&str>,
    position: i64,
) -> Result<(), ProjectionError> {
    sqlx::query(
        "INSERT INTO external_decisions (decision_id, issuer, issuer_party, decided_on, paragraph,
                                         registry_number, subject, correction_reason, known)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, int8range($9, NULL))",
    )
    .bind(decision_id)
    .bind(&details.issuer)
    .bind(details.issuer_party.as_ref().map(|party| party.as_str()))
    .bind(details.decided_on)
    .bind(&details.paragraph)
    .bind(&details.registry_number)
    .bind(&details.subject)
    .bind(correction_reason)
    .bind(position)
    .execute(&mut *connection)
    .await?;
    Ok(())
}
