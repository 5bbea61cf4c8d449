//! Recording a decision item by item: the next § and the mandate finding are shown before the
//! decision is saved, and the form takes the decision's text, the proposals, a vote (open, with
//! every ballot, or by count), recusals with the deputy who steps in, reservations with their
//! reasons, and statements (protokollsanteckningar).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::body_term::Seat;
use domain::mandate::Category;
use domain::meeting::{
    Ballot, Choice as BallotChoice, DecisionContent, MandateFinding, Proposal, Recusal,
    Reservation, Statement, Vote, VoteCount, VoteMethod,
};
use projections::ReadModel;
use register::{DecisionPreview, RecordDecisionRequest};
use uuid::Uuid;

use super::desk::{Desk, Presence};
use super::roll::{roll_path, Choice};
use crate::forms::{settle, FieldErrors, Guard, Recorder, Refusal, Settled, Submitted};
use crate::pages::meeting::{meeting_path, paragraph_path};
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The address of a meeting's decision form.
pub fn decision_path(meeting_id: Uuid) -> String {
    format!("/sammantrade/{meeting_id}/beslut")
}

/// How many rows the form offers for proposals, recusals, reservations and statements. A
/// decision with more is recorded through the API; at a committee's meeting these suffice.
const PROPOSAL_ROWS: usize = 3;
const RECUSAL_ROWS: usize = 2;
const RESERVATION_ROWS: usize = 3;
const STATEMENT_ROWS: usize = 2;

/// The category a new form suggests: the cooperations the register serves procure together.
const SUGGESTED_CATEGORY: &str = "upphandling";

#[derive(Debug)]
struct BallotRow {
    field: String,
    label: String,
    choice: String,
}

#[derive(Template)]
#[template(path = "secretary/decision.html")]
struct DecisionPage {
    chrome: DeskChrome,
    meeting_path: String,
    roll_path: String,
    heading: String,
    guard: Guard,
    decision_id: Uuid,
    opened: bool,
    /// "§ 12", the § the decision would get if saved now.
    next_paragraph: String,
    /// "Inom mandat: upphandling" or "Utanför mandat: …", once the category reads.
    mandate: Option<String>,
    items: Vec<Choice>,
    text: String,
    category: String,
    proposal_rows: Vec<usize>,
    recusal_rows: Vec<usize>,
    reservation_rows: Vec<usize>,
    statement_rows: Vec<usize>,
    typed: Submitted,
    /// Who takes part in the next § (members and serving deputies).
    taking_part: Vec<Choice>,
    /// Deputies present who do not serve, who may step in for a recused member.
    substitutes: Vec<Choice>,
    /// Everyone present, who may make a statement.
    present: Vec<Choice>,
    ballots: Vec<BallotRow>,
    vote_method: String,
    errors: FieldErrors,
    stale: bool,
    /// The log position of the meeting the form was shown at.
    seen: u64,
    /// For a stale form: the §§ recorded since it was shown.
    recorded_since: Vec<String>,
}

impl DecisionPage {
    /// The people of `list` with the one typed into `field` selected.
    fn options(&self, list: &[Choice], field: &str) -> Vec<Choice> {
        let chosen = self.typed.text(field);
        list.iter()
            .map(|choice| Choice {
                selected: choice.value == chosen,
                ..choice.clone()
            })
            .collect()
    }

    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

/// The decision form, with the next § and the mandate finding for the suggested category.
pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(meeting_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let desk = Desk::open(&state, &signed_in, meeting_id).await?;
    let mut typed = Submitted::default();
    typed.push("kategori", SUGGESTED_CATEGORY);
    typed.push("omrostning", "ingen");
    let preview = preview(&state, &signed_in, &desk, SUGGESTED_CATEGORY).await?;
    let page = page(
        &signed_in,
        &desk,
        typed,
        preview,
        FieldErrors::default(),
        false,
    );
    render_status(&page, 200)
}

/// Previews or saves the decision.
pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(meeting_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = Desk::open(&state, &signed_in, meeting_id).await?;
    let category_text = form.text("kategori").trim().to_owned();
    let preview = preview(&state, &signed_in, &desk, &category_text).await?;
    let show = |errors: FieldErrors, stale: bool, status: u16| {
        let mut page = page(&signed_in, &desk, form.clone(), preview, errors, stale);
        if stale {
            let seen = form.text("sett").parse().unwrap_or(0);
            page.recorded_since = desk.recorded_since(seen);
        }
        // A form shown again keeps its own key, so that submitting it twice still writes once.
        if !stale {
            page.guard = guard;
            if let Ok(id) = form.text("beslut_id").parse() {
                page.decision_id = id;
            }
        }
        render_status(&page, status)
    };
    let next = preview.map_or(0, |preview| preview.paragraph.number);
    let present = desk.present_at(next);
    let mut errors = FieldErrors::default();
    let content = content(&form, &present, &mut errors);
    let item = errors.number::<u16>(&form, "arende", "ärendet", 1);
    if form.text("atgard") != "spara" {
        return show(errors, false, 200);
    }
    let decision_id: Uuid = form
        .text("beslut_id")
        .parse()
        .map_err(|_| WebError::UnreadableForm("the decision's id is not a UUID".to_owned()))?;
    let (Some(content), Some(item), true) = (content, item, errors.is_empty()) else {
        return show(errors, false, 400);
    };
    let request = RecordDecisionRequest {
        decision_id,
        paragraph: None,
        item,
        content: content.clone(),
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            register
                .record_decision_at_version(meeting_id, request, version)
                .await
        })
        .await?;
    let next = |paragraph: Option<domain::meeting::Paragraph>| match paragraph {
        Some(paragraph) => paragraph_path(meeting_id, paragraph.number),
        None => meeting_path(meeting_id),
    };
    let field = |refusal: &Refusal| field_of(refusal, &content, &form);
    match settle(
        &state,
        ReadModel::Decisions,
        outcome,
        next,
        field,
        &desk.people(),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => show(errors, stale, status),
    }
}

/// The next § and the mandate finding, or `None` when the category does not read (the form
/// then says so beside it).
async fn preview(
    state: &WebState,
    signed_in: &SignedIn,
    desk: &Desk,
    category: &str,
) -> Result<Option<DecisionPreview>, WebError> {
    let Ok(category) = Category::parse(category) else {
        return Ok(None);
    };
    let register = Recorder::new(state, signed_in, Guard::new(None)).register();
    register
        .decision_preview(desk.meeting_id, &category)
        .await
        .map(Some)
        .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))
}

/// The decision as typed, or `None` with the errors of the fields that do not read.
fn content(
    form: &Submitted,
    present: &[Presence],
    errors: &mut FieldErrors,
) -> Option<DecisionContent> {
    let text = errors.required(form, "beslut", "beslutet").to_owned();
    let category = match Category::parse(form.text("kategori").trim()) {
        Ok(category) => Some(category),
        Err(_) => {
            errors.add(
                "kategori",
                "Skriv kategorin med små bokstäver, delarna åtskilda med /, till exempel \
                 upphandling/byggentreprenader.",
            );
            None
        }
    };
    let mut proposals = Vec::new();
    for row in 0..PROPOSAL_ROWS {
        let label = form.text(&format!("forslag-etikett-{row}")).trim();
        let proposal_text = form.text(&format!("forslag-text-{row}")).trim();
        if label.is_empty() && proposal_text.is_empty() {
            continue;
        }
        proposals.push(Proposal {
            label: label.to_owned(),
            moved_by: errors.picked(form, &format!("forslag-av-{row}")),
            text: proposal_text.to_owned(),
        });
    }
    let vote = vote(form, present, errors);
    let recusals = (0..RECUSAL_ROWS)
        .filter_map(|row| {
            let person_id = errors.picked(form, &format!("jav-{row}"))?;
            Some(Recusal {
                person_id,
                substitute: errors.picked(form, &format!("jav-ersattare-{row}")),
            })
        })
        .collect();
    let reservations = (0..RESERVATION_ROWS)
        .filter_map(|row| {
            let person_id = errors.picked(form, &format!("reservation-{row}"))?;
            let reason = form.text(&format!("reservation-motivering-{row}")).trim();
            Some(Reservation {
                person_id,
                reason: (!reason.is_empty()).then(|| reason.to_owned()),
            })
        })
        .collect();
    let statements = (0..STATEMENT_ROWS)
        .filter_map(|row| {
            let person_id = errors.picked(form, &format!("anteckning-{row}"))?;
            Some(Statement {
                person_id,
                text: form
                    .text(&format!("anteckning-text-{row}"))
                    .trim()
                    .to_owned(),
            })
        })
        .collect();
    Some(DecisionContent {
        text,
        proposals,
        vote: vote?,
        recusals,
        reservations,
        statements,
        mandate_category: category?,
        delegated_decisions: Vec::new(),
    })
}

/// The vote as typed: `Some(None)` when there was none.
fn vote(form: &Submitted, present: &[Presence], errors: &mut FieldErrors) -> Option<Option<Vote>> {
    let method = form.text("omrostning");
    if method.is_empty() || method == "ingen" {
        return Some(None);
    }
    let yes_proposal = errors
        .required(form, "ja-forslag", "förslaget som ja avser")
        .to_owned();
    let no_proposal = errors
        .required(form, "nej-forslag", "förslaget som nej avser")
        .to_owned();
    let (method, count) = if method == "oppen" {
        let mut ballots = Vec::new();
        let mut count = VoteCount {
            yes: 0,
            no: 0,
            abstained: 0,
        };
        for presence in present.iter().filter(|presence| presence.takes_part()) {
            let choice = match form.text(&ballot_field(presence.holder.person_id)) {
                "ja" => BallotChoice::Yes,
                "nej" => BallotChoice::No,
                "avstar" => BallotChoice::Abstain,
                // No ballot typed: the register names the person who has none.
                _ => continue,
            };
            match choice {
                BallotChoice::Yes => count.yes += 1,
                BallotChoice::No => count.no += 1,
                BallotChoice::Abstain => count.abstained += 1,
            }
            ballots.push(Ballot {
                person_id: presence.holder.person_id,
                choice,
            });
        }
        (VoteMethod::Open { ballots }, Some(count))
    } else {
        let yes = errors.number::<u16>(form, "ja", "antalet ja-röster", 0);
        let no = errors.number::<u16>(form, "nej", "antalet nej-röster", 0);
        let abstained = errors.number::<u16>(form, "avstod", "antalet som avstod", 0);
        let count = match (yes, no, abstained) {
            (Some(yes), Some(no), Some(abstained)) => Some(VoteCount { yes, no, abstained }),
            _ => None,
        };
        (VoteMethod::Closed, count)
    };
    Some(Some(Vote {
        yes_proposal,
        no_proposal,
        method,
        count: count?,
    }))
}

fn ballot_field(person_id: Uuid) -> String {
    format!("rost-{person_id}")
}

/// The form's field for the command's field the register named. Rows left empty are skipped
/// when the command is made, so an index is mapped back through the rows that were filled.
fn field_of(refusal: &Refusal, content: &DecisionContent, form: &Submitted) -> String {
    let field = refusal.field.as_str();
    let indexed = |prefix: &str| -> Option<(usize, String)> {
        let rest = field.strip_prefix(prefix)?;
        let (index, tail) = rest.split_once(']')?;
        Some((index.parse().ok()?, tail.trim_start_matches('.').to_owned()))
    };
    let filled_row = |rows: usize, filled: &dyn Fn(usize) -> bool, index: usize| {
        (0..rows).filter(|row| filled(*row)).nth(index).unwrap_or(0)
    };
    if let Some((index, tail)) = indexed("content.proposals[") {
        let filled = |row: usize| {
            !form
                .text(&format!("forslag-etikett-{row}"))
                .trim()
                .is_empty()
                || !form.text(&format!("forslag-text-{row}")).trim().is_empty()
        };
        let row = filled_row(PROPOSAL_ROWS, &filled, index);
        let part = match tail.as_str() {
            "text" => "text",
            "moved_by" => "av",
            _ => "etikett",
        };
        return format!("forslag-{part}-{row}");
    }
    let picked_row = |name: &str, rows: usize, index: usize| {
        let filled = |row: usize| !form.text(&format!("{name}-{row}")).trim().is_empty();
        filled_row(rows, &filled, index)
    };
    if let Some((index, tail)) = indexed("content.recusals[") {
        let row = picked_row("jav", RECUSAL_ROWS, index);
        return if tail == "substitute" {
            format!("jav-ersattare-{row}")
        } else {
            format!("jav-{row}")
        };
    }
    if let Some((index, tail)) = indexed("content.reservations[") {
        let row = picked_row("reservation", RESERVATION_ROWS, index);
        return if tail == "reason" {
            format!("reservation-motivering-{row}")
        } else {
            format!("reservation-{row}")
        };
    }
    if let Some((index, tail)) = indexed("content.statements[") {
        let row = picked_row("anteckning", STATEMENT_ROWS, index);
        return if tail == "text" {
            format!("anteckning-text-{row}")
        } else {
            format!("anteckning-{row}")
        };
    }
    if let Some((index, _)) = indexed("content.vote.method.ballots[") {
        if let Some(VoteMethod::Open { ballots }) = content.vote.as_ref().map(|vote| &vote.method) {
            if let Some(ballot) = ballots.get(index) {
                return ballot_field(ballot.person_id);
            }
        }
    }
    match field {
        "item" => "arende",
        "paragraph" | "decision_id" => "paragraf",
        "content.text" => "beslut",
        "content.proposals" => "forslag-etikett-0",
        "content.vote.yes_proposal" => "ja-forslag",
        "content.vote.no_proposal" => "nej-forslag",
        "content.vote.count" if form.text("omrostning") == "rakning" => "ja",
        "attendance" => "deltar",
        field if field.starts_with("content.vote") => "omrostning",
        _ => "sammantrade",
    }
    .to_owned()
}

fn page(
    signed_in: &SignedIn,
    desk: &Desk,
    typed: Submitted,
    preview: Option<DecisionPreview>,
    errors: FieldErrors,
    stale: bool,
) -> DecisionPage {
    let next = preview.map_or(0, |preview| preview.paragraph.number);
    let present = desk.present_at(next);
    let choice = |presence: &Presence| Choice {
        value: presence.holder.person_id.to_string(),
        label: presence.holder.label.clone(),
        selected: false,
    };
    let chosen_item = typed.text("arende").to_owned();
    DecisionPage {
        chrome: DeskChrome::new(signed_in),
        meeting_path: meeting_path(desk.meeting_id),
        roll_path: roll_path(desk.meeting_id),
        heading: format!(
            "{}, sammanträde {}",
            desk.record.body_name, desk.record.meeting_on
        ),
        guard: Guard::new(Some(desk.version)),
        decision_id: Uuid::new_v4(),
        opened: desk.record.attendance.is_some(),
        next_paragraph: preview.map_or_else(String::new, |preview| preview.paragraph.to_string()),
        mandate: preview.map(|preview| {
            let category = typed.text("kategori").trim();
            match preview.mandate {
                MandateFinding::Within { .. } => format!("Inom mandat: {category}"),
                MandateFinding::Outside => format!(
                    "Utanför mandat: {category}. Beslutet registreras ändå, och markeras som \
                     fattat utanför nämndens mandat."
                ),
            }
        }),
        items: desk
            .record
            .agenda
            .iter()
            .filter(|item| item.paragraph.is_none())
            .map(|item| Choice {
                value: item.number.to_string(),
                label: format!("{}. {}", item.number, item.title),
                selected: item.number.to_string() == chosen_item,
            })
            .collect(),
        text: typed.text("beslut").to_owned(),
        category: typed.text("kategori").to_owned(),
        proposal_rows: (0..PROPOSAL_ROWS).collect(),
        recusal_rows: (0..RECUSAL_ROWS).collect(),
        reservation_rows: (0..RESERVATION_ROWS).collect(),
        statement_rows: (0..STATEMENT_ROWS).collect(),
        taking_part: present
            .iter()
            .filter(|presence| presence.takes_part())
            .map(choice)
            .collect(),
        substitutes: present
            .iter()
            .filter(|presence| {
                presence.holder.seat == Seat::Deputy && presence.serving_for.is_none()
            })
            .map(choice)
            .collect(),
        present: present.iter().map(choice).collect(),
        ballots: present
            .iter()
            .filter(|presence| presence.takes_part())
            .map(|presence| {
                let field = ballot_field(presence.holder.person_id);
                BallotRow {
                    choice: typed.text(&field).to_owned(),
                    label: presence.holder.label.clone(),
                    field,
                }
            })
            .collect(),
        vote_method: match typed.text("omrostning") {
            "" => "ingen".to_owned(),
            method => method.to_owned(),
        },
        typed,
        errors,
        stale,
        seen: desk.position,
        recorded_since: Vec::new(),
    }
}
