//! Recording meetings: the commands whose facts come from other streams.

use chrono::{Datelike, NaiveDate};
use cqrs_es::Aggregate;
use domain::body::Body;
use domain::body_term::BodyTerm;
use domain::mandate::Category;
use domain::meeting::{
    AgendaItem, CallMeeting, CorrectDecision, DecisionContent, MandateFinding, Meeting,
    MeetingCommand, MeetingError, MeetingEvent, OpenMeeting, Paragraph, RecordDecision, RollEntry,
};
use domain::MandatePeriod;
use eventlog::{Position, StoreFailure, StreamTurn, TurnKey};
use serde::Deserialize;
use uuid::Uuid;

use super::facts::{decision_exists, load, mandate_finding, next_paragraph, stream_head};
use super::{backoff, Gather, Register, RegisterError, Written, ATTEMPTS};

/// Calls a meeting; the body's name comes from the register.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallMeetingRequest {
    /// The body that meets. Its name, as the minutes cite it, is looked up in the register.
    pub body_id: Uuid,
    #[schema(example = "2025-05-06")]
    pub date: NaiveDate,
    #[schema(example = "Regionhuset, Nyköping")]
    pub place: String,
    /// The items the meeting is called to deal with; at least one.
    pub agenda: Vec<AgendaItem>,
}

/// Opens a meeting with its roll call; who holds a seat comes from the register.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenMeetingRequest {
    /// The member who presides (normally the chair); they hold the casting vote.
    pub presiding: Uuid,
    /// Everyone who answered the roll call, and which deputies serve for whom.
    pub roll: Vec<RollEntry>,
}

/// Records a decision; the next § and the mandate finding come from the register.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordDecisionRequest {
    /// The decision's stable id, chosen by the caller, by which a basis can cite it. It must be
    /// new to the whole register.
    pub decision_id: Uuid,
    /// The § as the minutes number it. When left out, the register gives the body's next §.
    pub paragraph: Option<u32>,
    /// The number of the agenda item decided.
    pub item: u16,
    pub content: DecisionContent,
}

/// What a decision recorded now would be given: see [`Register::decision_preview`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionPreview {
    /// The § the decision would be recorded under.
    pub paragraph: Paragraph,
    pub mandate: MandateFinding,
}

type MeetingResult<T> = Result<T, RegisterError<MeetingError>>;

/// The body's name, as the minutes cite it, comes from the register, and the body must exist on
/// the day of the meeting.
impl Gather for CallMeetingRequest {
    type Aggregate = Meeting;
    type Address = Uuid;

    async fn gather(self, register: &Register, _: &Uuid) -> MeetingResult<MeetingCommand> {
        let body = load::<Body, MeetingError>(&register.log, &self.body_id.to_string())
            .await?
            .ok_or(RegisterError::UnknownBody {
                body_id: self.body_id,
            })?;
        if !body.exists_on(self.date) {
            return Err(RegisterError::BodyNotInExistence {
                body_id: self.body_id,
                date: self.date,
            });
        }
        Ok(MeetingCommand::Call(CallMeeting {
            body_id: self.body_id,
            body_name: body.name().unwrap_or_default().to_owned(),
            date: self.date,
            place: self.place,
            agenda: self.agenda,
        }))
    }
}

/// Who holds a seat on the day of the meeting, and how many member seats there are, come from
/// the term of the meeting's body in the mandate period of that day.
impl Gather for OpenMeetingRequest {
    type Aggregate = Meeting;
    type Address = Uuid;

    async fn gather(self, register: &Register, meeting_id: &Uuid) -> MeetingResult<MeetingCommand> {
        let (body_id, date) = register.body_and_date(*meeting_id).await?;
        let period = MandatePeriod::containing(date);
        let term =
            load::<BodyTerm, MeetingError>(&register.log, &BodyTerm::stream_id(body_id, period))
                .await?;
        let Some((term, member_seats)) =
            term.and_then(|term| term.member_seats().map(|seats| (term, seats)))
        else {
            return Err(RegisterError::NoSeatPlan { body_id, period });
        };
        Ok(MeetingCommand::Open(OpenMeeting {
            presiding: self.presiding,
            roll: self.roll,
            seated: term.seated_on(date),
            member_seats,
        }))
    }
}

impl Register {
    pub async fn call_meeting(
        &self,
        meeting_id: Uuid,
        request: CallMeetingRequest,
    ) -> MeetingResult<Position> {
        let written = self
            .call_meeting_at_version(meeting_id, request, None)
            .await?;
        Ok(written.position)
    }

    /// Calls a meeting as [`Register::call_meeting`] does, only if the meeting's stream is still
    /// at `expected_version` when one is given, and returns what was written.
    pub async fn call_meeting_at_version(
        &self,
        meeting_id: Uuid,
        request: CallMeetingRequest,
        expected_version: Option<u64>,
    ) -> MeetingResult<Written> {
        self.submit(meeting_id, request, expected_version).await
    }

    pub async fn open_meeting(
        &self,
        meeting_id: Uuid,
        request: OpenMeetingRequest,
    ) -> MeetingResult<Position> {
        let written = self
            .open_meeting_at_version(meeting_id, request, None)
            .await?;
        Ok(written.position)
    }

    /// Opens a meeting as [`Register::open_meeting`] does, only if the meeting's stream is still
    /// at `expected_version` when one is given, and returns what was written.
    pub async fn open_meeting_at_version(
        &self,
        meeting_id: Uuid,
        request: OpenMeetingRequest,
        expected_version: Option<u64>,
    ) -> MeetingResult<Written> {
        self.submit(meeting_id, request, expected_version).await
    }

    /// Records a decision under the body's next §, or under the § the request names if that is
    /// the next one. When another secretary takes the number first, the store refuses the
    /// second write and this tries again with fresh facts; a request that named its § then
    /// learns that the number is taken.
    pub async fn record_decision(
        &self,
        meeting_id: Uuid,
        request: RecordDecisionRequest,
    ) -> MeetingResult<Paragraph> {
        let (paragraph, _) = self.record_decision_written(meeting_id, request).await?;
        Ok(paragraph)
    }

    /// Records a decision as [`Register::record_decision`] does, and also returns what was
    /// written, for a caller that reads its own write.
    pub async fn record_decision_written(
        &self,
        meeting_id: Uuid,
        request: RecordDecisionRequest,
    ) -> MeetingResult<(Paragraph, Written)> {
        self.record_decision_at_version(meeting_id, request, None)
            .await
    }

    /// Records a decision as [`Register::record_decision_written`] does, only if the meeting's
    /// stream is still at `expected_version` when one is given. A caller who names a version
    /// asked not to have the decision recorded over a write it has not seen, so losing a race
    /// then refuses the command as stale instead of trying again.
    pub async fn record_decision_at_version(
        &self,
        meeting_id: Uuid,
        request: RecordDecisionRequest,
        expected_version: Option<u64>,
    ) -> MeetingResult<(Paragraph, Written)> {
        // The decisions of one meeting, and the §§ of one body's year, follow each other inside
        // the process: a secretary's decision is decided from the one before it instead of
        // racing it for the stream's next version and the body's next §. The meeting's turn is
        // always taken before the § register's, so two decisions never wait for each other.
        let stream_id = meeting_id.to_string();
        let mut meeting_turn = self
            .log
            .turn(TurnKey::stream(Meeting::TYPE, &stream_id))
            .await;
        // A meeting's body and date never change, so they are read once; everything another
        // secretary can change is read again on every attempt.
        let (body_id, date) = self
            .body_and_date_in_turn(&mut meeting_turn, meeting_id)
            .await?;
        if let Some(recorded) = self.decision_of_first_attempt(&stream_id).await? {
            return Ok(recorded);
        }
        let paragraphs_turn = self
            .log
            .turn(TurnKey::other(
                "paragraph-register",
                format!("{body_id}/{}", date.year()),
            ))
            .await;
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(backoff(attempt)).await;
            }
            // Every id the § brings into the register, its own and those of the delegated
            // decisions it reports, must be new to the whole register: a basis cites by id alone,
            // and a delegated decision is reported once.
            let reported = request
                .content
                .delegated_decisions
                .iter()
                .map(|report| report.decision_id);
            for decision_id in std::iter::once(request.decision_id).chain(reported) {
                if decision_exists(&self.index, decision_id).await? {
                    return Err(RegisterError::DecisionIdTaken { decision_id });
                }
            }
            let next = next_paragraph(&self.index, body_id, date).await?;
            let mandate =
                mandate_finding(&self.log, body_id, &request.content.mandate_category, date)
                    .await?;
            let number = request.paragraph.unwrap_or(next.number);
            let command = MeetingCommand::RecordDecision(RecordDecision {
                decision_id: request.decision_id,
                paragraph: number,
                item: request.item,
                content: request.content.clone(),
                next_paragraph: next,
                mandate,
            });
            match self
                .decide_and_append::<Meeting>(
                    &mut meeting_turn,
                    &stream_id,
                    command,
                    expected_version,
                )
                .await
            {
                Ok(()) => {
                    // The turns end before the receipt is read: the next decision need not wait
                    // for it.
                    drop(paragraphs_turn);
                    drop(meeting_turn);
                    let paragraph = Paragraph {
                        year: date.year(),
                        number,
                    };
                    let written = stream_head(&self.index, Meeting::TYPE, &stream_id).await?;
                    return Ok((paragraph, written));
                }
                Err(RegisterError::Conflict) => continue,
                // The meeting's stream already holds the § the facts called next: another
                // secretary recorded it between the lookup and the load, so the facts are stale.
                Err(RegisterError::Rule(MeetingError::DuplicateParagraph { paragraph, next }))
                    if paragraph == next =>
                {
                    continue
                }
                Err(error) => return Err(error),
            }
        }
        Err(RegisterError::Conflict)
    }

    /// The § the first attempt of this retry recorded in the meeting, and its receipt; `None`
    /// when this register answers no retry or the first attempt recorded nothing.
    async fn decision_of_first_attempt(
        &self,
        stream_id: &str,
    ) -> MeetingResult<Option<(Paragraph, Written)>> {
        let events = self
            .first_attempt_events::<MeetingError>(Meeting::TYPE, stream_id)
            .await?;
        for event in events {
            let decoded: MeetingEvent = serde_json::from_value(event.payload).map_err(|error| {
                RegisterError::Store(StoreFailure::new(format!(
                    "an event of meeting {stream_id} does not read as one: {error}"
                )))
            })?;
            if let MeetingEvent::DecisionRecorded(recorded) = decoded {
                let written = Written {
                    position: event.position,
                    version: event.version,
                };
                return Ok(Some((recorded.paragraph, written)));
            }
        }
        Ok(None)
    }

    /// Corrects a recorded § (rättelse), with the mandate finding for the corrected category.
    pub async fn correct_decision(
        &self,
        meeting_id: Uuid,
        paragraph: u32,
        content: DecisionContent,
        reason: String,
    ) -> MeetingResult<Position> {
        let written = self
            .correct_decision_at_version(meeting_id, paragraph, content, reason, None)
            .await?;
        Ok(written.position)
    }

    /// Corrects a § as [`Register::correct_decision`] does, only if the meeting's stream is
    /// still at `expected_version` when one is given, and returns what was written.
    pub async fn correct_decision_at_version(
        &self,
        meeting_id: Uuid,
        paragraph: u32,
        content: DecisionContent,
        reason: String,
        expected_version: Option<u64>,
    ) -> MeetingResult<Written> {
        let (body_id, date) = self.body_and_date(meeting_id).await?;
        let mandate = mandate_finding(&self.log, body_id, &content.mandate_category, date).await?;
        let command = MeetingCommand::CorrectDecision(CorrectDecision {
            paragraph,
            content,
            reason,
            mandate,
        });
        self.execute_at_version::<Meeting>(&meeting_id.to_string(), command, expected_version)
            .await
    }

    /// What recording a decision in this meeting would find now, before it is recorded: the
    /// body's next § and whether a mandate of the body covers `category` on the meeting's day.
    /// It is the same lookup [`Register::record_decision`] makes, so a form can show the finding
    /// before the secretary saves; the command looks again when it is sent.
    pub async fn decision_preview(
        &self,
        meeting_id: Uuid,
        category: &Category,
    ) -> MeetingResult<DecisionPreview> {
        let (body_id, date) = self.body_and_date(meeting_id).await?;
        let next = next_paragraph(&self.index, body_id, date).await?;
        let mandate = mandate_finding(&self.log, body_id, category, date).await?;
        Ok(DecisionPreview {
            paragraph: Paragraph {
                year: date.year(),
                number: next.number,
            },
            mandate,
        })
    }

    /// The § the next decision in this meeting would be recorded under now: the body's next §
    /// of the meeting's year, as [`Register::record_decision`] finds it.
    pub async fn next_paragraph_of_meeting(&self, meeting_id: Uuid) -> MeetingResult<Paragraph> {
        let (body_id, date) = self.body_and_date(meeting_id).await?;
        let next = next_paragraph(&self.index, body_id, date).await?;
        Ok(Paragraph {
            year: date.year(),
            number: next.number,
        })
    }

    /// The body a meeting belongs to and its date, which never change once it is called.
    async fn body_and_date(&self, meeting_id: Uuid) -> MeetingResult<(Uuid, NaiveDate)> {
        let meeting = self.meeting(meeting_id).await?;
        match (meeting.body_id(), meeting.date()) {
            (Some(body_id), Some(date)) => Ok((body_id, date)),
            _ => Err(RegisterError::UnknownMeeting { meeting_id }),
        }
    }

    /// The body and date of the meeting whose turn the caller holds, from the state the turn
    /// keeps, which the decision that follows then decides from.
    async fn body_and_date_in_turn(
        &self,
        turn: &mut StreamTurn,
        meeting_id: Uuid,
    ) -> MeetingResult<(Uuid, NaiveDate)> {
        let (meeting, version) = self
            .current_state::<Meeting, MeetingError>(turn, &meeting_id.to_string())
            .await?;
        let found = meeting.body_id().zip(meeting.date());
        turn.keep(meeting, version);
        found.ok_or(RegisterError::UnknownMeeting { meeting_id })
    }

    /// The body a meeting was called for, or `UnknownMeeting`, without loading the meeting: what
    /// a face asks to learn whose secretary may write to it.
    pub async fn meeting_body(&self, meeting_id: Uuid) -> MeetingResult<Uuid> {
        self.log
            .meeting_body(meeting_id)
            .await
            .map_err(super::facts::lookup_error)?
            .ok_or(RegisterError::UnknownMeeting { meeting_id })
    }

    /// The meeting as recorded, or `UnknownMeeting`.
    pub async fn meeting(&self, meeting_id: Uuid) -> MeetingResult<Meeting> {
        load::<Meeting, MeetingError>(&self.log, &meeting_id.to_string())
            .await?
            .ok_or(RegisterError::UnknownMeeting { meeting_id })
    }
}
