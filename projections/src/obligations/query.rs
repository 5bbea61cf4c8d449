use chrono::NaiveDate;
use domain::obligation::{Closure, Creditor, Due, ObligationKind};
use domain::{DateRange, LegalBasis};
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};
use uuid::Uuid;

use crate::columns::{from_json, from_text};
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};
use eventlog::Position;

const MODEL: ReadModel = ReadModel::Obligations;

/// The obligations listed on one day, as the register knew them at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ObligationsView {
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    /// Sorted by the first day of the period, kind, description and obligation id.
    pub obligations: Vec<OwedObligation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OwedObligation {
    pub obligation_id: Uuid,
    pub cooperation_id: Uuid,
    /// The party that owes, by its official code.
    pub debtor: String,
    pub creditor: Creditor,
    pub kind: ObligationKind,
    pub description: String,
    pub period: DateRange,
    pub due: Due,
    /// The source of the obligation.
    pub basis: LegalBasis,
    /// Where the obligation stands on `as_of`; see the module documentation.
    pub status: ObligationStatus,
    /// How the obligation was closed, when the register knows of a closure, even one dated
    /// after `as_of`; `status` says whether it had happened by then.
    pub closure: Option<ObligationClosure>,
    /// Why the obligation was corrected, when it was.
    pub correction_reason: Option<String>,
    /// The position of the event that recorded this version of the obligation.
    pub recorded_at_position: i64,
}

/// How and when an obligation was closed, and the decision it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ObligationClosure {
    pub closure: Closure,
    pub on: NaiveDate,
    pub basis: LegalBasis,
}

/// Where an obligation stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObligationStatus {
    /// Due once, on a day after `as_of` or on `as_of` itself, and not closed by then.
    NotYetDue,
    /// Yearly or continuous, in its period and not closed by `as_of`.
    Open,
    /// Due once, on a day before `as_of`, and not closed by `as_of`.
    Overdue,
    /// Closed as fulfilled on or before `as_of`.
    Fulfilled,
    /// Closed as waived on or before `as_of`.
    Waived,
    /// Carried to another party on or before `as_of`; the closure names it.
    Transferred,
    /// Ended on or before `as_of`, such as by a dissolution.
    Ended,
}

impl ObligationStatus {
    /// Where an obligation due `due` and closed as `closure`, if at all, stands on `as_of`.
    pub fn on(as_of: NaiveDate, due: &Due, closure: Option<(&Closure, NaiveDate)>) -> Self {
        match closure {
            Some((closure, on)) if on <= as_of => match closure {
                Closure::Fulfilled => ObligationStatus::Fulfilled,
                Closure::Waived => ObligationStatus::Waived,
                Closure::Transferred { .. } => ObligationStatus::Transferred,
                Closure::Ended => ObligationStatus::Ended,
            },
            _ => match due {
                Due::On { date } if *date < as_of => ObligationStatus::Overdue,
                Due::On { .. } => ObligationStatus::NotYetDue,
                Due::Yearly { .. } | Due::Continuous => ObligationStatus::Open,
            },
        }
    }
}

/// The obligations the party with official code `party_code` owes, listed on `read_at.as_of`,
/// as known at `read_at.known_at`. A code the register does not know owes nothing.
pub async fn obligations_of_party(
    pool: &PgPool,
    party_code: &str,
    read_at: ReadAt,
) -> Result<ObligationsView, QueryError> {
    let resolved = read_at.resolve(pool, MODEL).await?;
    let mut connection = pool.acquire().await?;
    obligations_of_party_at(&mut connection, party_code, resolved).await
}

/// As [`obligations_of_party`], with both clocks already fixed, on the caller's connection: the transition
/// preview reads a read model inside a transaction that is never committed.
pub async fn obligations_of_party_at(
    connection: &mut PgConnection,
    party_code: &str,
    at: Resolved,
) -> Result<ObligationsView, QueryError> {
    let Resolved { as_of, known_at } = at;
    let obligations = sqlx::query(&obligations_sql("debtor"))
        .bind(party_code)
        .bind(as_of)
        .bind(known_at.as_stored())
        .fetch_all(&mut *connection)
        .await?
        .iter()
        .map(|row| obligation_from_row(row, as_of))
        .collect::<Result<_, _>>()?;
    Ok(ObligationsView {
        as_of,
        known_at: known_at.get(),
        obligations,
    })
}

/// The obligation `obligation_id` when it is listed on `read_at.as_of` (see the schema), with
/// its status that day, as known at `read_at.known_at`: a view of one obligation or of none.
pub async fn obligation(
    pool: &PgPool,
    obligation_id: Uuid,
    read_at: ReadAt,
) -> Result<ObligationsView, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let obligations = sqlx::query(&obligations_sql("obligation_id"))
        .bind(obligation_id)
        .bind(as_of)
        .bind(known_at.as_stored())
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| obligation_from_row(row, as_of))
        .collect::<Result<_, _>>()?;
    Ok(ObligationsView {
        as_of,
        known_at: known_at.get(),
        obligations,
    })
}

/// The obligation `obligation_id` as known at `known_at`, whether or not it is listed on `as_of`,
/// with its status on `as_of`: what a form that closes or corrects it shows.
pub async fn recorded_obligation(
    pool: &PgPool,
    obligation_id: Uuid,
    as_of: NaiveDate,
    known_at: Position,
) -> Result<Option<OwedObligation>, QueryError> {
    let row = sqlx::query(
        "SELECT obligation_id, cooperation_id, debtor, creditor, kind, description, due, basis,
                closure, closed_on, closure_basis, correction_reason,
                lower(valid) AS period_from, upper(valid) - 1 AS period_to,
                lower(known) AS recorded_at_position
           FROM read_obligations.obligations
          WHERE obligation_id = $1 AND known @> $2::bigint",
    )
    .bind(obligation_id)
    .bind(known_at.as_stored())
    .fetch_optional(pool)
    .await?;
    row.map(|row| obligation_from_row(&row, as_of)).transpose()
}

/// The obligations of every party under `cooperation_id`, listed on `read_at.as_of`, as known at
/// `read_at.known_at`.
pub async fn obligations_of_cooperation(
    pool: &PgPool,
    cooperation_id: Uuid,
    read_at: ReadAt,
) -> Result<ObligationsView, QueryError> {
    let resolved = read_at.resolve(pool, MODEL).await?;
    let mut connection = pool.acquire().await?;
    obligations_of_cooperation_at(&mut connection, cooperation_id, resolved).await
}

/// As [`obligations_of_cooperation`], with both clocks already fixed, on the caller's connection: the transition
/// preview reads a read model inside a transaction that is never committed.
pub async fn obligations_of_cooperation_at(
    connection: &mut PgConnection,
    cooperation_id: Uuid,
    at: Resolved,
) -> Result<ObligationsView, QueryError> {
    let Resolved { as_of, known_at } = at;
    let obligations = sqlx::query(&obligations_sql("cooperation_id"))
        .bind(cooperation_id)
        .bind(as_of)
        .bind(known_at.as_stored())
        .fetch_all(&mut *connection)
        .await?
        .iter()
        .map(|row| obligation_from_row(row, as_of))
        .collect::<Result<_, _>>()?;
    Ok(ObligationsView {
        as_of,
        known_at: known_at.get(),
        obligations,
    })
}

/// The obligations of `cooperation_id` still open on `from` or beginning after it, as known at
/// `known_at`: not closed on or before `from`, and with a period reaching it. These are the
/// obligations a transition from `from` must map, whether or not they are listed on that day; each
/// has its status on `from`.
pub async fn obligations_open_from(
    pool: &PgPool,
    cooperation_id: Uuid,
    from: NaiveDate,
    known_at: Position,
) -> Result<ObligationsView, QueryError> {
    let obligations = sqlx::query(
        "SELECT obligation_id, cooperation_id, debtor, creditor, kind, description, due, basis,
                closure, closed_on, closure_basis, correction_reason,
                lower(valid) AS period_from, upper(valid) - 1 AS period_to,
                lower(known) AS recorded_at_position
           FROM read_obligations.obligations
          WHERE cooperation_id = $1 AND known @> $3::bigint
            AND (upper_inf(valid) OR upper(valid) > $2::date)
            AND (closed_on IS NULL OR closed_on > $2::date)
          ORDER BY obligation_id",
    )
    .bind(cooperation_id)
    .bind(from)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| obligation_from_row(row, from))
    .collect::<Result<_, _>>()?;
    Ok(ObligationsView {
        as_of: from,
        known_at: known_at.get(),
        obligations,
    })
}

/// The obligations whose column `key` equals $1, listed on $2 and known at $3. The column is one
/// of two fixed names, never user input.
fn obligations_sql(key: &str) -> String {
    format!(
        "SELECT obligation_id, cooperation_id, debtor, creditor, kind, description, due, basis,
                closure, closed_on, closure_basis, correction_reason,
                lower(valid) AS period_from, upper(valid) - 1 AS period_to,
                lower(known) AS recorded_at_position
           FROM read_obligations.obligations
          WHERE {key} = $1 AND listed @> $2::date AND known @> $3::bigint
          ORDER BY lower(valid), kind, description, obligation_id"
    )
}

fn obligation_from_row(row: &PgRow, as_of: NaiveDate) -> Result<OwedObligation, QueryError> {
    let due: Due = from_json(MODEL, "due", row.try_get("due")?)?;
    let closure = closure_from_row(row)?;
    let status = ObligationStatus::on(
        as_of,
        &due,
        closure.as_ref().map(|closed| (&closed.closure, closed.on)),
    );
    Ok(OwedObligation {
        obligation_id: row.try_get("obligation_id")?,
        cooperation_id: row.try_get("cooperation_id")?,
        debtor: row.try_get("debtor")?,
        creditor: from_json(MODEL, "creditor", row.try_get("creditor")?)?,
        kind: from_text(MODEL, "kind", row.try_get("kind")?)?,
        description: row.try_get("description")?,
        period: DateRange {
            from: row.try_get("period_from")?,
            to: row.try_get("period_to")?,
        },
        due,
        basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
        status,
        closure,
        correction_reason: row.try_get("correction_reason")?,
        recorded_at_position: row.try_get("recorded_at_position")?,
    })
}

fn closure_from_row(row: &PgRow) -> Result<Option<ObligationClosure>, QueryError> {
    let closure: Option<serde_json::Value> = row.try_get("closure")?;
    let on: Option<NaiveDate> = row.try_get("closed_on")?;
    let basis: Option<serde_json::Value> = row.try_get("closure_basis")?;
    match (closure, on, basis) {
        (None, None, None) => Ok(None),
        (Some(closure), Some(on), Some(basis)) => Ok(Some(ObligationClosure {
            closure: from_json(MODEL, "closure", closure)?,
            on,
            basis: from_json(MODEL, "closure_basis", basis)?,
        })),
        _ => Err(QueryError::unreadable(
            MODEL,
            "an obligation row holds part of a closure",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::PartyCode;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn due_in_march() -> Due {
        Due::On {
            date: date("2024-03-31"),
        }
    }

    #[test]
    fn an_obligation_due_once_is_not_yet_due_through_its_day_and_overdue_after() {
        let status = |as_of| ObligationStatus::on(date(as_of), &due_in_march(), None);
        assert_eq!(status("2024-03-30"), ObligationStatus::NotYetDue);
        assert_eq!(status("2024-03-31"), ObligationStatus::NotYetDue);
        assert_eq!(status("2024-04-01"), ObligationStatus::Overdue);
    }

    #[test]
    fn recurring_obligations_are_open_until_closed() {
        for due in [Due::Continuous, Due::Yearly { month: 4, day: 30 }] {
            assert_eq!(
                ObligationStatus::on(date("2030-01-01"), &due, None),
                ObligationStatus::Open
            );
        }
    }

    #[test]
    fn a_closure_counts_from_its_own_day() {
        let transferred = Closure::Transferred {
            to: PartyCode::parse("2062").unwrap(),
        };
        for (closure, closed) in [
            (Closure::Fulfilled, ObligationStatus::Fulfilled),
            (Closure::Waived, ObligationStatus::Waived),
            (transferred, ObligationStatus::Transferred),
            (Closure::Ended, ObligationStatus::Ended),
        ] {
            let status = |as_of| {
                ObligationStatus::on(
                    date(as_of),
                    &due_in_march(),
                    Some((&closure, date("2024-05-15"))),
                )
            };
            assert_eq!(status("2024-05-14"), ObligationStatus::Overdue);
            assert_eq!(status("2024-05-15"), closed);
            assert_eq!(status("2025-01-01"), closed);
        }
    }
}
