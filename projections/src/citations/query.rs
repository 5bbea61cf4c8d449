use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use domain::LegalBasis;
use eventlog::Position;
use serde::Serialize;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::columns::number_from;
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Citations;

/// A party as the register names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PartyName {
    /// The official code: a kommunkod of four digits or a länskod of two.
    pub code: String,
    pub name: String,
}

/// The parties the register knew at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PartyList {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// Every party registered by `known_at`, by code.
    pub parties: Vec<PartyName>,
}

/// Every party the register knew at `read_at.known_at`. Parties have no valid time of their own:
/// a party exists from its registration, so `as_of` only travels with the answer.
pub async fn parties(pool: &PgPool, read_at: ReadAt) -> Result<PartyList, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let parties = party_names(pool, known_at)
        .await?
        .into_iter()
        .map(|(code, name)| PartyName { code, name })
        .collect();
    Ok(PartyList {
        as_of,
        known_at: known_at.get(),
        parties,
    })
}

/// The name of every party the register knew at `known_at`, by code.
pub async fn party_names(
    pool: &PgPool,
    known_at: Position,
) -> Result<BTreeMap<String, String>, QueryError> {
    let rows = sqlx::query(
        "SELECT code, name FROM read_citations.parties WHERE known @> $1::bigint ORDER BY code",
    )
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("code")?, row.try_get("name")?)))
        .collect()
}

/// How the register cites the bases a page or an answer shows, as it knew them at one position:
/// an outside decision by issuer, date, § and registry number; a decision of the register by
/// body, meeting date and §; a document clause by title, version and clause.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citations {
    decisions: HashMap<Uuid, String>,
    documents: HashMap<(Uuid, u32), String>,
}

impl Citations {
    /// Looks up, in three queries whatever their number, what `bases` cite.
    pub async fn gather<'a>(
        pool: &PgPool,
        bases: impl IntoIterator<Item = &'a LegalBasis>,
        known_at: Position,
    ) -> Result<Citations, QueryError> {
        let mut decision_ids = BTreeSet::new();
        let mut document_ids = BTreeSet::new();
        for basis in bases {
            match basis {
                LegalBasis::Decision { decision_id } => {
                    decision_ids.insert(*decision_id);
                }
                LegalBasis::DocumentClause { document_id, .. } => {
                    document_ids.insert(*document_id);
                }
                LegalBasis::ExternalDecision { .. } => {}
            }
        }
        let decision_ids: Vec<Uuid> = decision_ids.into_iter().collect();
        let document_ids: Vec<Uuid> = document_ids.into_iter().collect();
        let known_at = known_at.as_stored();
        let mut citations = Citations::default();
        if !decision_ids.is_empty() {
            let outside = sqlx::query(
                "SELECT decision_id, issuer, decided_on, paragraph, registry_number
                   FROM read_citations.external_decisions
                  WHERE decision_id = ANY($1) AND known @> $2::bigint",
            )
            .bind(&decision_ids)
            .bind(known_at)
            .fetch_all(pool)
            .await?;
            for row in outside {
                let citation = outside_decision_citation(
                    row.try_get("issuer")?,
                    row.try_get("decided_on")?,
                    row.try_get("paragraph")?,
                    row.try_get("registry_number")?,
                );
                citations
                    .decisions
                    .insert(row.try_get("decision_id")?, citation);
            }
            // A body's name is the one it had when the decision was known; a body may be known
            // in several versions of its valid time, which all carry the same name.
            let own = sqlx::query(
                "SELECT d.decision_id, d.meeting_on, d.number,
                        (SELECT b.name FROM read_membership.bodies b
                          WHERE b.body_id = d.body_id AND b.known @> $2::bigint
                          ORDER BY lower(b.valid) DESC LIMIT 1) AS body_name
                   FROM read_decisions.decisions d
                  WHERE d.decision_id = ANY($1) AND d.known @> $2::bigint",
            )
            .bind(&decision_ids)
            .bind(known_at)
            .fetch_all(pool)
            .await?;
            for row in own {
                let body: Option<String> = row.try_get("body_name")?;
                let meeting_on: NaiveDate = row.try_get("meeting_on")?;
                let number: i64 = row.try_get("number")?;
                citations.decisions.insert(
                    row.try_get("decision_id")?,
                    format!(
                        "{} {meeting_on} § {number}",
                        body.as_deref().unwrap_or("Okänt organ")
                    ),
                );
            }
        }
        if !document_ids.is_empty() {
            let documents = sqlx::query(
                "SELECT document_id, version, title FROM read_documents.versions
                  WHERE document_id = ANY($1) AND known @> $2::bigint",
            )
            .bind(&document_ids)
            .bind(known_at)
            .fetch_all(pool)
            .await?;
            for row in documents {
                let version: u32 =
                    number_from(MODEL, "version", row.try_get::<i64, _>("version")?)?;
                citations.documents.insert(
                    (row.try_get("document_id")?, version),
                    row.try_get("title")?,
                );
            }
        }
        Ok(citations)
    }

    /// How `basis` is cited. A basis the register cannot resolve at this position is shown with
    /// its id and the words "okänt beslut" or "okänt dokument", never hidden.
    pub fn cite(&self, basis: &LegalBasis) -> String {
        match basis {
            LegalBasis::ExternalDecision {
                issuer,
                decided_on,
                reference,
                registry_number,
            } => outside_decision_citation(
                issuer.clone(),
                *decided_on,
                reference.clone(),
                registry_number.clone(),
            ),
            LegalBasis::Decision { decision_id } => self
                .decisions
                .get(decision_id)
                .cloned()
                .unwrap_or_else(|| format!("okänt beslut ({decision_id})")),
            LegalBasis::DocumentClause {
                document_id,
                version,
                clause,
            } => match self.documents.get(&(*document_id, *version)) {
                Some(title) => format!("{title} (version {version}), punkt {clause}"),
                None => {
                    format!("okänt dokument ({document_id}), version {version}, punkt {clause}")
                }
            },
        }
    }
}

/// "RS Västmanland 2025-05-06 §103, dnr RS 2025/103": the issuer and the date, then the § and the
/// registry number when they are recorded.
pub(super) fn outside_decision_citation(
    issuer: String,
    decided_on: NaiveDate,
    paragraph: Option<String>,
    registry_number: Option<String>,
) -> String {
    let mut citation = format!("{issuer} {decided_on}");
    if let Some(paragraph) = paragraph {
        citation.push(' ');
        citation.push_str(&paragraph);
    }
    if let Some(registry_number) = registry_number {
        citation.push_str(", dnr ");
        citation.push_str(&registry_number);
    }
    citation
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_outside_decision_is_cited_with_what_is_recorded_of_it() {
        let day = NaiveDate::from_ymd_opt(2025, 5, 6).unwrap();
        assert_eq!(
            outside_decision_citation("RS Västmanland".into(), day, Some("§103".into()), None),
            "RS Västmanland 2025-05-06 §103"
        );
        assert_eq!(
            outside_decision_citation(
                "RS".into(),
                day,
                Some("§103".into()),
                Some("RS 2025/103".into())
            ),
            "RS 2025-05-06 §103, dnr RS 2025/103"
        );
        assert_eq!(
            outside_decision_citation("KF Mora".into(), day, None, None),
            "KF Mora 2025-05-06"
        );
    }

    #[test]
    fn a_basis_the_register_does_not_hold_is_shown_with_its_id() {
        let unknown = Uuid::from_u128(7);
        let citations = Citations::default();
        assert_eq!(
            citations.cite(&LegalBasis::Decision {
                decision_id: unknown
            }),
            format!("okänt beslut ({unknown})")
        );
        assert_eq!(
            citations.cite(&LegalBasis::DocumentClause {
                document_id: unknown,
                version: 2,
                clause: "Kostnader".into()
            }),
            format!("okänt dokument ({unknown}), version 2, punkt Kostnader")
        );
    }
}
