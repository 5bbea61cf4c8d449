//! The basis of a secretary's command, found by search among the register's decisions rather
//! than typed as an id: the outside decisions an administrator has recorded (a council's
//! election, a court's judgment) and the body's own §§.

use domain::LegalBasis;
use projections::citations::outside_decisions;
use projections::decisions::{register_of_body, DecisionFilter};
use projections::ReadAt;
use uuid::Uuid;

use super::roll::Choice;
use crate::forms::{FieldErrors, Submitted};
use crate::{WebError, WebState};

/// The decisions a basis may cite, found by `text`: the outside decisions the register holds
/// (a council's election of members, for example) and the §§ of the bodies `body_ids`.
pub async fn basis_hits(
    state: &WebState,
    body_ids: &[Uuid],
    text: &str,
    chosen: &str,
) -> Result<Vec<Choice>, WebError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let read_at = ReadAt::on(state.clock.today());
    let outside = outside_decisions(&state.pool, read_at, Some(text)).await?;
    let mut own = Vec::new();
    for body_id in body_ids {
        let filter = DecisionFilter {
            text: Some(text.to_owned()),
            registry_number: None,
        };
        own.extend(
            register_of_body(&state.pool, *body_id, read_at, filter)
                .await?
                .decisions,
        );
    }
    let mut hits: Vec<Choice> = outside
        .decisions
        .into_iter()
        .map(|decision| {
            (
                decision.decision_id,
                format!("{}: {}", decision.citation, decision.subject),
            )
        })
        .chain(own.into_iter().map(|decision| {
            (
                decision.decision_id,
                format!(
                    "{} {} {}: {}",
                    decision.meeting_on, decision.paragraph, decision.item_title, decision.text
                ),
            )
        }))
        .map(|(decision_id, label)| Choice {
            selected: decision_id.to_string() == chosen,
            value: decision_id.to_string(),
            label,
        })
        .collect();
    hits.truncate(20);
    Ok(hits)
}

/// The decision picked among the search's hits, as the basis cites it.
/// `missing` says what to pick when nothing was.
pub fn chosen_basis(
    errors: &mut FieldErrors,
    form: &Submitted,
    missing: &str,
) -> Option<LegalBasis> {
    match errors.picked(form, "grund") {
        Some(decision_id) => Some(LegalBasis::Decision { decision_id }),
        None => {
            if errors.get("grund").is_none() {
                errors.add("grund", missing);
            }
            None
        }
    }
}
