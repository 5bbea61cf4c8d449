//! Decisions under their §: numbering, quorum, votes, recusals, reservations, statements,
//! delegated decisions, and their corrections and revocations.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use uuid::Uuid;

use super::aggregate::{optional, required, Called, RecordedDecision};
use super::attendance::Sitting;
use super::{
    Ballot, Choice, CorrectDecision, DecisionContent, DecisionCorrected, DecisionRecorded,
    DecisionRevoked, DelegatedDecisionReport, Meeting, MeetingError, MeetingEvent, Paragraph,
    Proposal, Quorum, RecordDecision, Reservation, RevokeDecision, Statement, Vote, VoteCount,
    VoteMethod,
};
use crate::correction::correction_reason;

/// A decision's content once checked against the attendance at its §.
struct CheckedDecision {
    content: DecisionContent,
    quorum: Quorum,
    adopted_proposal: Option<String>,
}

impl Meeting {
    pub(super) fn record_decision(
        &self,
        command: RecordDecision,
    ) -> Result<MeetingEvent, MeetingError> {
        let (called, sitting) = self.sitting_open_for_entries()?;
        if self.decision_ids().any(|id| id == command.decision_id) {
            return Err(MeetingError::DecisionRecordedTwice {
                decision_id: command.decision_id,
            });
        }
        if !called.agenda.contains_key(&command.item) {
            return Err(MeetingError::UnknownItem { item: command.item });
        }
        let decided = self
            .decisions
            .iter()
            .find(|(_, decision)| decision.item == command.item);
        if let Some((paragraph, _)) = decided {
            return Err(MeetingError::ItemAlreadyDecided {
                item: command.item,
                paragraph: *paragraph,
            });
        }
        self.check_paragraph_number(called, &command)?;
        let checked = self.checked_decision(
            called,
            sitting,
            command.paragraph,
            command.content,
            Some(command.decision_id),
        )?;
        Ok(MeetingEvent::DecisionRecorded(DecisionRecorded {
            decision_id: command.decision_id,
            body_id: called.body_id,
            meeting_on: called.date,
            paragraph: Paragraph {
                year: chrono::Datelike::year(&called.date),
                number: command.paragraph,
            },
            item: command.item,
            content: checked.content,
            quorum: checked.quorum,
            adopted_proposal: checked.adopted_proposal,
            mandate: command.mandate,
        }))
    }

    /// § numbers are unique and gapless per body and year (domain rule 6), and follow the order
    /// of the body's meetings.
    fn check_paragraph_number(
        &self,
        called: &Called,
        command: &RecordDecision,
    ) -> Result<(), MeetingError> {
        let next = command.next_paragraph;
        if command.paragraph == 0 {
            return Err(MeetingError::ParagraphZero);
        }
        if let Some(latest_meeting_on) = next.latest_meeting_on {
            if latest_meeting_on > called.date {
                return Err(MeetingError::ParagraphsOutOfMeetingOrder { latest_meeting_on });
            }
        }
        // The meeting's own § are checked as well as the fact, because a paragraph this stream
        // already holds is a duplicate whatever the caller believes comes next.
        if command.paragraph < next.number || self.decisions.contains_key(&command.paragraph) {
            return Err(MeetingError::DuplicateParagraph {
                paragraph: command.paragraph,
                next: next.number,
            });
        }
        if command.paragraph > next.number {
            return Err(MeetingError::ParagraphGap {
                paragraph: command.paragraph,
                next: next.number,
            });
        }
        Ok(())
    }

    pub(super) fn correct_decision(
        &self,
        command: CorrectDecision,
    ) -> Result<MeetingEvent, MeetingError> {
        let (called, sitting) = self.held()?;
        let decision = self.recorded(command.paragraph)?;
        let reason = correction_reason(&command.reason, MeetingError::CorrectionReasonMissing)?;
        let checked = self.checked_decision(
            called,
            sitting,
            command.paragraph,
            command.content,
            Some(decision.decision_id),
        )?;
        if checked.content == decision.content && command.mandate == decision.mandate {
            return Err(MeetingError::CorrectionChangesNothing {
                paragraph: command.paragraph,
            });
        }
        Ok(MeetingEvent::DecisionCorrected(DecisionCorrected {
            decision_id: decision.decision_id,
            paragraph: Paragraph {
                year: chrono::Datelike::year(&called.date),
                number: command.paragraph,
            },
            content: checked.content,
            quorum: checked.quorum,
            adopted_proposal: checked.adopted_proposal,
            mandate: command.mandate,
            reason: reason.to_owned(),
        }))
    }

    pub(super) fn revoke_decision(
        &self,
        command: RevokeDecision,
    ) -> Result<MeetingEvent, MeetingError> {
        let (called, _) = self.held()?;
        let decision = self.recorded(command.paragraph)?;
        if let Some(revoked_on) = decision.revoked_on {
            return Err(MeetingError::AlreadyRevoked {
                paragraph: command.paragraph,
                revoked_on,
            });
        }
        if command.revoked_on < called.date {
            return Err(MeetingError::RevokedBeforeDecided {
                revoked_on: command.revoked_on,
                decided_on: called.date,
            });
        }
        command.basis.validate().map_err(MeetingError::Basis)?;
        if command.basis.cited_decision() == Some(decision.decision_id) {
            return Err(MeetingError::RevokedByItself);
        }
        Ok(MeetingEvent::DecisionRevoked(DecisionRevoked {
            decision_id: decision.decision_id,
            paragraph: Paragraph {
                year: chrono::Datelike::year(&called.date),
                number: command.paragraph,
            },
            revoked_on: command.revoked_on,
            basis: command.basis,
        }))
    }

    /// The decision under § `paragraph` of this meeting, which a correction or revocation cites.
    fn recorded(&self, paragraph: u32) -> Result<&RecordedDecision, MeetingError> {
        self.decisions
            .get(&paragraph)
            .ok_or(MeetingError::UnknownParagraph {
                field: "paragraph",
                paragraph,
            })
    }

    /// Every decision id the meeting holds: its § and the delegated decisions reported under
    /// them.
    fn decision_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.decisions.values().flat_map(|decision| {
            std::iter::once(decision.decision_id).chain(
                decision
                    .content
                    .delegated_decisions
                    .iter()
                    .map(|report| report.decision_id),
            )
        })
    }

    /// The rules a § keeps, whether first recorded or corrected. `decision_id` is the §'s own id,
    /// which no delegated decision reported under it may reuse.
    fn checked_decision(
        &self,
        called: &Called,
        sitting: &Sitting,
        paragraph: u32,
        content: DecisionContent,
        decision_id: Option<Uuid>,
    ) -> Result<CheckedDecision, MeetingError> {
        let text = required(&content.text, MeetingError::DecisionTextMissing)?;
        let taking_part = sitting.taking_part(paragraph, &content.recusals)?;
        let proposals = checked_proposals(content.proposals, &taking_part, paragraph)?;
        let counted = u16::try_from(taking_part.len()).unwrap_or(u16::MAX);
        if counted < sitting.quorum() {
            return Err(MeetingError::NoQuorum {
                paragraph,
                taking_part: counted,
                member_seats: sitting.member_seats(),
                required: sitting.quorum(),
            });
        }
        // Labels are compared as stored, without surrounding blanks, like the proposals' own.
        let vote = content.vote.map(|vote| Vote {
            yes_proposal: vote.yes_proposal.trim().to_owned(),
            no_proposal: vote.no_proposal.trim().to_owned(),
            ..vote
        });
        let adopted_proposal = vote
            .as_ref()
            .map(|vote| adopted_by_vote(vote, &proposals, &taking_part, sitting.presiding))
            .transpose()?;
        let reservations = checked_reservations(content.reservations, &taking_part)?;
        let present = sitting.presence_at(paragraph);
        let statements = checked_statements(content.statements, paragraph, |person_id| {
            present.contains_key(&person_id)
        })?;
        let mut known_ids: BTreeSet<Uuid> = self.decision_ids().collect();
        // A correction keeps its own reports, so they are not reported twice by being corrected.
        if let Some(decision) = self
            .decisions
            .get(&paragraph)
            .filter(|decision| Some(decision.decision_id) == decision_id)
        {
            for report in &decision.content.delegated_decisions {
                known_ids.remove(&report.decision_id);
            }
        }
        known_ids.extend(decision_id);
        let delegated_decisions =
            checked_delegated_decisions(content.delegated_decisions, called.date, known_ids)?;
        Ok(CheckedDecision {
            content: DecisionContent {
                text,
                proposals,
                vote,
                recusals: content.recusals,
                reservations,
                statements,
                mandate_category: content.mandate_category,
                delegated_decisions,
            },
            quorum: Quorum {
                member_seats: sitting.member_seats(),
                taking_part: taking_part.into_iter().collect(),
                required: sitting.quorum(),
            },
            adopted_proposal,
        })
    }
}

fn checked_proposals(
    proposals: Vec<Proposal>,
    taking_part: &BTreeSet<Uuid>,
    paragraph: u32,
) -> Result<Vec<Proposal>, MeetingError> {
    let mut checked: Vec<Proposal> = Vec::with_capacity(proposals.len());
    for (index, proposal) in proposals.into_iter().enumerate() {
        let label = required(
            &proposal.label,
            MeetingError::ProposalLabelMissing { index },
        )?;
        if checked.iter().any(|earlier| earlier.label == label) {
            return Err(MeetingError::ProposalLabelTwice { index, label });
        }
        let text = required(&proposal.text, MeetingError::ProposalTextMissing { index })?;
        if let Some(person_id) = proposal.moved_by {
            if !taking_part.contains(&person_id) {
                return Err(MeetingError::ProposalByNonParticipant {
                    index,
                    person_id,
                    paragraph,
                });
            }
        }
        checked.push(Proposal {
            label,
            moved_by: proposal.moved_by,
            text,
        });
    }
    Ok(checked)
}

/// The proposal a vote adopted. Everyone taking part is counted as yes, no or abstaining, an open
/// vote names each of them, and a tie goes the way the presiding member voted.
fn adopted_by_vote(
    vote: &Vote,
    proposals: &[Proposal],
    taking_part: &BTreeSet<Uuid>,
    presiding: Uuid,
) -> Result<String, MeetingError> {
    if proposals.len() < 2 {
        return Err(MeetingError::VoteNeedsTwoProposals);
    }
    for (field, label) in [
        ("yes_proposal", &vote.yes_proposal),
        ("no_proposal", &vote.no_proposal),
    ] {
        if !proposals.iter().any(|proposal| &proposal.label == label) {
            return Err(MeetingError::VoteProposalUnknown {
                field,
                label: label.clone(),
            });
        }
    }
    if vote.yes_proposal == vote.no_proposal {
        return Err(MeetingError::VoteOnSameProposal {
            label: vote.no_proposal.clone(),
        });
    }
    let count = vote.count;
    let counted = u32::from(count.yes) + u32::from(count.no) + u32::from(count.abstained);
    let participants = u16::try_from(taking_part.len()).unwrap_or(u16::MAX);
    if counted != u32::from(participants) {
        return Err(MeetingError::VoteCountNotTakingPart {
            counted,
            taking_part: participants,
        });
    }
    let presiding_choice = match &vote.method {
        VoteMethod::Open { ballots } => {
            check_ballots(ballots, taking_part, count)?;
            ballots
                .iter()
                .find(|ballot| ballot.person_id == presiding)
                .map(|ballot| ballot.choice)
        }
        VoteMethod::Closed => None,
    };
    let winner = match count.yes.cmp(&count.no) {
        std::cmp::Ordering::Greater => Choice::Yes,
        std::cmp::Ordering::Less => Choice::No,
        std::cmp::Ordering::Equal => match presiding_choice {
            Some(choice @ (Choice::Yes | Choice::No)) => choice,
            Some(Choice::Abstain) | None => return Err(MeetingError::TieUnresolved),
        },
    };
    Ok(match winner {
        Choice::Yes => vote.yes_proposal.clone(),
        Choice::No | Choice::Abstain => vote.no_proposal.clone(),
    })
}

fn check_ballots(
    ballots: &[Ballot],
    taking_part: &BTreeSet<Uuid>,
    count: VoteCount,
) -> Result<(), MeetingError> {
    let mut voted = BTreeSet::new();
    for (index, ballot) in ballots.iter().enumerate() {
        if !taking_part.contains(&ballot.person_id) {
            return Err(MeetingError::BallotByNonParticipant {
                index,
                person_id: ballot.person_id,
            });
        }
        if !voted.insert(ballot.person_id) {
            return Err(MeetingError::BallotCastTwice {
                index,
                person_id: ballot.person_id,
            });
        }
    }
    if let Some(person_id) = taking_part.difference(&voted).next() {
        return Err(MeetingError::BallotMissing {
            person_id: *person_id,
        });
    }
    for (choice, stated) in [
        (Choice::Yes, count.yes),
        (Choice::No, count.no),
        (Choice::Abstain, count.abstained),
    ] {
        let cast = ballots
            .iter()
            .filter(|ballot| ballot.choice == choice)
            .count();
        let cast = u16::try_from(cast).unwrap_or(u16::MAX);
        if cast != stated {
            return Err(MeetingError::VoteCountDisagreesWithBallots {
                choice,
                stated,
                ballots: cast,
            });
        }
    }
    Ok(())
}

/// Only those who took part in a decision may reserve against it.
fn checked_reservations(
    reservations: Vec<Reservation>,
    taking_part: &BTreeSet<Uuid>,
) -> Result<Vec<Reservation>, MeetingError> {
    let mut reserved = BTreeSet::new();
    let mut checked = Vec::with_capacity(reservations.len());
    for (index, reservation) in reservations.into_iter().enumerate() {
        let person_id = reservation.person_id;
        if !taking_part.contains(&person_id) {
            return Err(MeetingError::ReservationByNonParticipant { index, person_id });
        }
        if !reserved.insert(person_id) {
            return Err(MeetingError::ReservedTwice { index, person_id });
        }
        checked.push(Reservation {
            person_id,
            reason: optional(
                reservation.reason,
                MeetingError::ReservationReasonBlank { index },
            )?,
        });
    }
    Ok(checked)
}

fn checked_statements(
    statements: Vec<Statement>,
    paragraph: u32,
    is_present: impl Fn(Uuid) -> bool,
) -> Result<Vec<Statement>, MeetingError> {
    statements
        .into_iter()
        .enumerate()
        .map(|(index, statement)| {
            if !is_present(statement.person_id) {
                return Err(MeetingError::StatementByAbsentPerson {
                    index,
                    person_id: statement.person_id,
                    paragraph,
                });
            }
            Ok(Statement {
                person_id: statement.person_id,
                text: required(
                    &statement.text,
                    MeetingError::StatementTextMissing { index },
                )?,
            })
        })
        .collect()
}

/// Delegated decisions are reported after they were taken, each once.
fn checked_delegated_decisions(
    reports: Vec<DelegatedDecisionReport>,
    meeting_on: NaiveDate,
    mut known_ids: BTreeSet<Uuid>,
) -> Result<Vec<DelegatedDecisionReport>, MeetingError> {
    let mut checked = Vec::with_capacity(reports.len());
    for (index, report) in reports.into_iter().enumerate() {
        if !known_ids.insert(report.decision_id) {
            return Err(MeetingError::DelegatedDecisionReportedTwice {
                index,
                decision_id: report.decision_id,
            });
        }
        if report.decided_on > meeting_on {
            return Err(MeetingError::DelegatedDecisionAfterMeeting {
                index,
                decided_on: report.decided_on,
            });
        }
        checked.push(DelegatedDecisionReport {
            decision_id: report.decision_id,
            decided_on: report.decided_on,
            decided_by: required(
                &report.decided_by,
                MeetingError::DelegatedDecisionMakerMissing { index },
            )?,
            subject: required(
                &report.subject,
                MeetingError::DelegatedDecisionSubjectMissing { index },
            )?,
            registry_number: optional(
                report.registry_number,
                MeetingError::RegistryNumberBlank {
                    field: format!("content.delegated_decisions[{index}].registry_number"),
                },
            )?,
            mandate_category: report.mandate_category,
        });
    }
    Ok(checked)
}
