use chrono::NaiveDate;
use uuid::Uuid;

use super::{Choice, MinutesScope};
use crate::{LegalBasisError, RuleViolation};

/// Every rule a command on a meeting can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    // Calling and cancelling.
    #[error("the meeting is already called")]
    AlreadyCalled,
    #[error("the meeting has not been called")]
    NotCalled,
    #[error("the body's name is missing")]
    BodyNameMissing,
    #[error("the place of the meeting is missing")]
    PlaceMissing,
    #[error("the agenda is empty: a meeting is called to deal with at least one item")]
    AgendaEmpty,
    #[error("item numbers start at 1")]
    ItemNumberZero { field: String },
    #[error("item {number} is already on the agenda")]
    ItemNumberTwice { field: String, number: u16 },
    #[error("the item's title is missing")]
    ItemTitleMissing { field: String },
    #[error("the registry number is blank: leave it out or give it, for example \"INK 2025/103\"")]
    RegistryNumberBlank { field: String },
    #[error("the meeting was cancelled")]
    Cancelled,
    #[error("the meeting has been held and can no longer be cancelled")]
    HeldMeetingCancelled,
    #[error("a cancellation must say why")]
    CancellationReasonMissing,

    // Opening and attendance.
    #[error("the meeting is already open")]
    AlreadyOpened,
    #[error("the meeting has not been opened with a roll call")]
    NotOpened,
    #[error("the body has no member seats on the meeting date")]
    NoMemberSeats,
    #[error("{person_id} holds no seat on the body on the meeting date")]
    NotSeated { field: String, person_id: Uuid },
    #[error("{person_id} answers the roll twice")]
    PresentTwice { field: String, person_id: Uuid },
    #[error("the presiding member {person_id} is not present")]
    PresidingNotPresent { person_id: Uuid },
    #[error("the presiding member {person_id} holds no member seat")]
    PresidingNotMember { person_id: Uuid },
    #[error("{person_id} is a member and serves for nobody: only deputies serve for a member")]
    MemberServesFor { field: String, person_id: Uuid },
    #[error("{member_id} holds no member seat on the body: a deputy serves for a member")]
    ServesForNonMember { field: String, member_id: Uuid },
    #[error(
        "{member_id} represents another party: a deputy serves for a member of their own party"
    )]
    ServesForOtherParty { field: String, member_id: Uuid },
    #[error("{member_id} is present: a deputy serves only for an absent or recused member")]
    ServesForPresentMember { field: String, member_id: Uuid },
    #[error("deputy {deputy_id} already serves for {member_id}")]
    MemberAlreadyReplaced {
        field: String,
        member_id: Uuid,
        deputy_id: Uuid,
    },
    #[error("§ {from_paragraph} is already recorded (the latest § is {latest}): attendance changes apply to § not yet recorded")]
    AttendanceForRecordedParagraph { from_paragraph: u32, latest: u32 },
    #[error("{person_id} already attends so from § {from_paragraph}")]
    AttendanceUnchanged {
        person_id: Uuid,
        from_paragraph: u32,
    },
    #[error("the minutes are approved: record a correction (rättelse) instead")]
    MinutesApproved,

    // Decisions.
    #[error("decision {decision_id} is already recorded")]
    DecisionRecordedTwice { decision_id: Uuid },
    #[error("there is no item {item} on the agenda")]
    UnknownItem { item: u16 },
    #[error("item {item} is already decided under § {paragraph}")]
    ItemAlreadyDecided { item: u16, paragraph: u32 },
    #[error("§ numbers start at 1")]
    ParagraphZero,
    #[error("§ {paragraph} is already used: the body's next § this year is § {next}")]
    DuplicateParagraph { paragraph: u32, next: u32 },
    #[error("§ {paragraph} would leave a gap: the body's next § this year is § {next}")]
    ParagraphGap { paragraph: u32, next: u32 },
    #[error("the body's latest § this year belongs to the meeting of {latest_meeting_on}, after this one: § numbers follow the order of meetings")]
    ParagraphsOutOfMeetingOrder { latest_meeting_on: NaiveDate },
    #[error("the decision text is missing")]
    DecisionTextMissing,
    #[error("the proposal's label is missing")]
    ProposalLabelMissing { index: usize },
    #[error("proposal {label:?} is given twice")]
    ProposalLabelTwice { index: usize, label: String },
    #[error("the proposal's text is missing")]
    ProposalTextMissing { index: usize },
    #[error("{person_id} does not take part in § {paragraph} and cannot move a proposal")]
    ProposalByNonParticipant {
        index: usize,
        person_id: Uuid,
        paragraph: u32,
    },
    #[error("{person_id} does not take part in § {paragraph} and cannot be recused from it")]
    RecusedNotTakingPart {
        index: usize,
        person_id: Uuid,
        paragraph: u32,
    },
    #[error("{person_id} is recused twice")]
    RecusedTwice { index: usize, person_id: Uuid },
    #[error("{person_id} holds no deputy seat: only a deputy serves in a recused member's place")]
    SubstituteNotDeputy { index: usize, person_id: Uuid },
    #[error("deputy {person_id} is not present at § {paragraph}")]
    SubstituteNotPresent {
        index: usize,
        person_id: Uuid,
        paragraph: u32,
    },
    #[error("deputy {person_id} represents another party than the recused member")]
    SubstituteOfOtherParty { index: usize, person_id: Uuid },
    #[error("deputy {person_id} already serves in § {paragraph}")]
    SubstituteAlreadyServing {
        index: usize,
        person_id: Uuid,
        paragraph: u32,
    },
    #[error("§ {paragraph} lacks a quorum: {taking_part} {} part, and more than half of the {member_seats} members, {required}, must", if *taking_part == 1 { "takes" } else { "take" })]
    NoQuorum {
        paragraph: u32,
        taking_part: u16,
        member_seats: u16,
        required: u16,
    },
    #[error("a vote puts one proposal against another: give at least two proposals")]
    VoteNeedsTwoProposals,
    #[error("the vote puts proposal {label:?}, which is not among the proposals")]
    VoteProposalUnknown { field: &'static str, label: String },
    #[error("the vote puts proposal {label:?} against itself")]
    VoteOnSameProposal { label: String },
    #[error("the vote counts {counted}, but {taking_part} {} part in the item: yes, no and abstentions add up to everyone taking part", if *taking_part == 1 { "takes" } else { "take" })]
    VoteCountNotTakingPart { counted: u32, taking_part: u16 },
    #[error("{person_id} does not take part in the item and cannot vote")]
    BallotByNonParticipant { index: usize, person_id: Uuid },
    #[error("{person_id} votes twice")]
    BallotCastTwice { index: usize, person_id: Uuid },
    #[error("{person_id} takes part in the item but has no recorded vote: an open vote names everyone's vote")]
    BallotMissing { person_id: Uuid },
    #[error("the count states {stated} {choice:?} but the ballots give {ballots}")]
    VoteCountDisagreesWithBallots {
        choice: Choice,
        stated: u16,
        ballots: u16,
    },
    #[error("the vote is tied and the presiding member cast no deciding vote")]
    TieUnresolved,
    #[error("{person_id} did not take part in the decision and cannot reserve against it")]
    ReservationByNonParticipant { index: usize, person_id: Uuid },
    #[error("{person_id} reserves twice")]
    ReservedTwice { index: usize, person_id: Uuid },
    #[error("the reservation's reason is blank: leave it out or give it")]
    ReservationReasonBlank { index: usize },
    #[error("{person_id} is not present at § {paragraph} and cannot make a statement")]
    StatementByAbsentPerson {
        index: usize,
        person_id: Uuid,
        paragraph: u32,
    },
    #[error("the statement's text is missing")]
    StatementTextMissing { index: usize },
    #[error("the official who took the delegated decision is missing")]
    DelegatedDecisionMakerMissing { index: usize },
    #[error("the subject of the delegated decision is missing")]
    DelegatedDecisionSubjectMissing { index: usize },
    #[error("the delegated decision of {decided_on} is reported before it was taken")]
    DelegatedDecisionAfterMeeting { index: usize, decided_on: NaiveDate },
    #[error("decision {decision_id} is reported twice")]
    DelegatedDecisionReportedTwice { index: usize, decision_id: Uuid },

    // Corrections and revocations.
    #[error("there is no § {paragraph} in this meeting")]
    UnknownParagraph { field: &'static str, paragraph: u32 },
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("the correction says what § {paragraph} already says")]
    CorrectionChangesNothing { paragraph: u32 },
    #[error("§ {paragraph} was already revoked from {revoked_on}")]
    AlreadyRevoked {
        paragraph: u32,
        revoked_on: NaiveDate,
    },
    #[error("the revocation on {revoked_on} comes before the decision of {decided_on}")]
    RevokedBeforeDecided {
        revoked_on: NaiveDate,
        decided_on: NaiveDate,
    },
    #[error("a decision cannot be revoked by itself")]
    RevokedByItself,

    // Minutes.
    #[error("no adjusters are given")]
    AdjustersMissing,
    #[error("{person_id} is chosen as adjuster twice")]
    AdjusterTwice { index: usize, person_id: Uuid },
    #[error("{person_id} did not attend the meeting and cannot approve its minutes")]
    AdjusterNotAtMeeting { index: usize, person_id: Uuid },
    #[error("{person_id} presides and signs anyway: choose adjusters among the others")]
    AdjusterPresides { index: usize, person_id: Uuid },
    #[error("no adjusters are chosen: the minutes are approved by the presiding member and the adjusters")]
    NoAdjusters,
    #[error("{scope} {} already approved", scope.agreeing_be())]
    AlreadyApproved { scope: MinutesScope },
    #[error("the approval on {approved_on} comes before the meeting on {meeting_on}")]
    ApprovedBeforeMeeting {
        approved_on: NaiveDate,
        meeting_on: NaiveDate,
    },
    #[error("immediate approval happens at the meeting on {meeting_on}, not on {approved_on}")]
    ImmediateApprovalAfterMeeting {
        approved_on: NaiveDate,
        meeting_on: NaiveDate,
    },
    #[error("{person_id} signs twice")]
    SignedTwice { index: usize, person_id: Uuid },
    #[error("{person_id} neither presides nor is an adjuster")]
    NotEntitledToApprove { index: usize, person_id: Uuid },
    #[error(
        "{person_id} has not signed: the presiding member and every adjuster approve the minutes"
    )]
    SignatureMissing { person_id: Uuid },
    #[error("{scope} {} not approved: minutes are published after approval", scope.agreeing_be())]
    NotApproved { scope: MinutesScope },
    #[error("{scope} {} already published, on {posted_on}", scope.agreeing_be())]
    AlreadyPublished {
        scope: MinutesScope,
        posted_on: NaiveDate,
    },
    #[error("the posting on {posted_on} comes before the approval on {approved_on}")]
    PublishedBeforeApproval {
        posted_on: NaiveDate,
        approved_on: NaiveDate,
    },
    #[error("{scope} {} not published: a notice is taken down after it was posted", scope.agreeing_be())]
    NotPublished { scope: MinutesScope },
    #[error("the notice for {scope} was already taken down, on {removed_on}")]
    NoticeAlreadyRemoved {
        scope: MinutesScope,
        removed_on: NaiveDate,
    },
    #[error("the notice is taken down on {removed_on}, before it was posted on {posted_on}")]
    RemovedBeforePosted {
        removed_on: NaiveDate,
        posted_on: NaiveDate,
    },
    #[error("{date} is too far in the future to count an appeal period from")]
    DateOutOfRange {
        field: &'static str,
        date: NaiveDate,
    },
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
}

impl RuleViolation for MeetingError {
    fn field(&self) -> String {
        use MeetingError::*;
        match self {
            AlreadyCalled | NotCalled | Cancelled | AlreadyOpened | NotOpened | MinutesApproved => {
                "meeting_id".to_owned()
            }
            BodyNameMissing => "body_name".to_owned(),
            PlaceMissing => "place".to_owned(),
            AgendaEmpty => "agenda".to_owned(),
            ItemNumberZero { field }
            | ItemNumberTwice { field, .. }
            | ItemTitleMissing { field }
            | RegistryNumberBlank { field }
            | NotSeated { field, .. }
            | PresentTwice { field, .. }
            | MemberServesFor { field, .. }
            | ServesForNonMember { field, .. }
            | ServesForOtherParty { field, .. }
            | ServesForPresentMember { field, .. }
            | MemberAlreadyReplaced { field, .. } => field.clone(),
            HeldMeetingCancelled => "meeting_id".to_owned(),
            CancellationReasonMissing => "reason".to_owned(),
            NoMemberSeats => "member_seats".to_owned(),
            PresidingNotPresent { .. } | PresidingNotMember { .. } => "presiding".to_owned(),
            AttendanceForRecordedParagraph { .. } => "from_paragraph".to_owned(),
            AttendanceUnchanged { .. } => "attendance".to_owned(),
            DecisionRecordedTwice { .. } => "decision_id".to_owned(),
            UnknownItem { .. } | ItemAlreadyDecided { .. } => "item".to_owned(),
            ParagraphZero
            | DuplicateParagraph { .. }
            | ParagraphGap { .. }
            | ParagraphsOutOfMeetingOrder { .. } => "paragraph".to_owned(),
            DecisionTextMissing => "content.text".to_owned(),
            ProposalLabelMissing { index } | ProposalLabelTwice { index, .. } => {
                format!("content.proposals[{index}].label")
            }
            ProposalTextMissing { index } => format!("content.proposals[{index}].text"),
            ProposalByNonParticipant { index, .. } => {
                format!("content.proposals[{index}].moved_by")
            }
            RecusedNotTakingPart { index, .. } | RecusedTwice { index, .. } => {
                format!("content.recusals[{index}].person_id")
            }
            SubstituteNotDeputy { index, .. }
            | SubstituteNotPresent { index, .. }
            | SubstituteOfOtherParty { index, .. }
            | SubstituteAlreadyServing { index, .. } => {
                format!("content.recusals[{index}].substitute")
            }
            NoQuorum { .. } => "attendance".to_owned(),
            VoteNeedsTwoProposals => "content.proposals".to_owned(),
            VoteProposalUnknown { field, .. } => format!("content.vote.{field}"),
            VoteOnSameProposal { .. } => "content.vote.no_proposal".to_owned(),
            VoteCountNotTakingPart { .. } | VoteCountDisagreesWithBallots { .. } => {
                "content.vote.count".to_owned()
            }
            BallotByNonParticipant { index, .. } | BallotCastTwice { index, .. } => {
                format!("content.vote.method.ballots[{index}].person_id")
            }
            BallotMissing { .. } => "content.vote.method.ballots".to_owned(),
            TieUnresolved => "content.vote".to_owned(),
            ReservationByNonParticipant { index, .. } | ReservedTwice { index, .. } => {
                format!("content.reservations[{index}].person_id")
            }
            ReservationReasonBlank { index } => format!("content.reservations[{index}].reason"),
            StatementByAbsentPerson { index, .. } => {
                format!("content.statements[{index}].person_id")
            }
            StatementTextMissing { index } => format!("content.statements[{index}].text"),
            DelegatedDecisionMakerMissing { index } => {
                format!("content.delegated_decisions[{index}].decided_by")
            }
            DelegatedDecisionSubjectMissing { index } => {
                format!("content.delegated_decisions[{index}].subject")
            }
            DelegatedDecisionAfterMeeting { index, .. } => {
                format!("content.delegated_decisions[{index}].decided_on")
            }
            DelegatedDecisionReportedTwice { index, .. } => {
                format!("content.delegated_decisions[{index}].decision_id")
            }
            UnknownParagraph { field, .. } => (*field).to_owned(),
            CorrectionReasonMissing => "reason".to_owned(),
            CorrectionChangesNothing { .. } => "content".to_owned(),
            AlreadyRevoked { .. } => "paragraph".to_owned(),
            RevokedBeforeDecided { .. } => "revoked_on".to_owned(),
            RevokedByItself => "basis.decision_id".to_owned(),
            AdjustersMissing => "adjusters".to_owned(),
            AdjusterTwice { index, .. }
            | AdjusterNotAtMeeting { index, .. }
            | AdjusterPresides { index, .. } => format!("adjusters[{index}]"),
            NoAdjusters | AlreadyApproved { .. } | NotApproved { .. } | NotPublished { .. } => {
                "scope".to_owned()
            }
            ApprovedBeforeMeeting { .. } | ImmediateApprovalAfterMeeting { .. } => {
                "approved_on".to_owned()
            }
            SignedTwice { index, .. } | NotEntitledToApprove { index, .. } => {
                format!("approved_by[{index}]")
            }
            SignatureMissing { .. } => "approved_by".to_owned(),
            AlreadyPublished { .. } | PublishedBeforeApproval { .. } => "posted_on".to_owned(),
            NoticeAlreadyRemoved { .. } | RemovedBeforePosted { .. } => "removed_on".to_owned(),
            DateOutOfRange { field, .. } => (*field).to_owned(),
            Basis(error) => format!("basis.{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        use MeetingError::*;
        match self {
            AlreadyCalled => "meeting.called_once",
            NotCalled => "meeting.called_first",
            BodyNameMissing => "meeting.body_named",
            PlaceMissing => "meeting.place_given",
            AgendaEmpty => "meeting.agenda_not_empty",
            ItemNumberZero { .. } => "meeting.item_numbers_start_at_one",
            ItemNumberTwice { .. } => "meeting.item_numbers_unique",
            ItemTitleMissing { .. } => "meeting.item_titled",
            RegistryNumberBlank { .. } => "meeting.registry_number_not_blank",
            Cancelled => "meeting.not_cancelled",
            HeldMeetingCancelled => "meeting.only_unheld_meetings_cancelled",
            CancellationReasonMissing => "meeting.cancellation_gives_reason",
            AlreadyOpened => "meeting.opened_once",
            NotOpened => "meeting.opened_before_decisions",
            NoMemberSeats => "meeting.body_has_member_seats",
            NotSeated { .. } => "meeting.attendees_hold_seats",
            PresentTwice { .. } => "meeting.roll_lists_each_once",
            PresidingNotPresent { .. } => "meeting.presiding_member_present",
            PresidingNotMember { .. } => "meeting.presiding_member_holds_member_seat",
            MemberServesFor { .. } => "meeting.only_deputies_serve_for_members",
            ServesForNonMember { .. } => "meeting.deputy_serves_for_a_member",
            ServesForOtherParty { .. } => "meeting.deputy_serves_for_own_party",
            ServesForPresentMember { .. } => "meeting.deputy_serves_for_absent_member",
            MemberAlreadyReplaced { .. } => "meeting.one_deputy_per_member",
            AttendanceForRecordedParagraph { .. } => "meeting.attendance_before_paragraph",
            AttendanceUnchanged { .. } => "meeting.attendance_changes",
            MinutesApproved => "meeting.approved_minutes_are_final",
            DecisionRecordedTwice { .. } => "meeting.decision_recorded_once",
            UnknownItem { .. } => "meeting.decision_on_agenda_item",
            ItemAlreadyDecided { .. } => "meeting.item_decided_once",
            ParagraphZero => "meeting.paragraphs_start_at_one",
            DuplicateParagraph { .. } => "meeting.paragraph_unique_per_body_and_year",
            ParagraphGap { .. } => "meeting.paragraphs_gapless_per_body_and_year",
            ParagraphsOutOfMeetingOrder { .. } => "meeting.paragraphs_follow_meeting_order",
            DecisionTextMissing => "meeting.decision_worded",
            ProposalLabelMissing { .. } => "meeting.proposal_labelled",
            ProposalLabelTwice { .. } => "meeting.proposal_labels_unique",
            ProposalTextMissing { .. } => "meeting.proposal_worded",
            ProposalByNonParticipant { .. } => "meeting.proposals_by_participants",
            RecusedNotTakingPart { .. } => "meeting.recused_person_takes_part",
            RecusedTwice { .. } => "meeting.recused_once",
            SubstituteNotDeputy { .. } => "meeting.substitute_is_deputy",
            SubstituteNotPresent { .. } => "meeting.substitute_present",
            SubstituteOfOtherParty { .. } => "meeting.deputy_serves_for_own_party",
            SubstituteAlreadyServing { .. } => "meeting.substitute_not_already_serving",
            NoQuorum { .. } => "meeting.quorum",
            VoteNeedsTwoProposals => "meeting.vote_between_proposals",
            VoteProposalUnknown { .. } => "meeting.vote_on_recorded_proposals",
            VoteOnSameProposal { .. } => "meeting.vote_between_proposals",
            VoteCountNotTakingPart { .. } => "meeting.vote_counts_everyone_taking_part",
            BallotByNonParticipant { .. } => "meeting.ballots_by_participants",
            BallotCastTwice { .. } => "meeting.one_ballot_each",
            BallotMissing { .. } => "meeting.open_vote_names_every_ballot",
            VoteCountDisagreesWithBallots { .. } => "meeting.vote_count_matches_ballots",
            TieUnresolved => "meeting.tie_decided_by_presiding_member",
            ReservationByNonParticipant { .. } => "meeting.reservations_by_participants",
            ReservedTwice { .. } => "meeting.reserved_once",
            ReservationReasonBlank { .. } => "meeting.reservation_reason_not_blank",
            StatementByAbsentPerson { .. } => "meeting.statements_by_attendees",
            StatementTextMissing { .. } => "meeting.statement_worded",
            DelegatedDecisionMakerMissing { .. } => "meeting.delegated_decision_maker_named",
            DelegatedDecisionSubjectMissing { .. } => "meeting.delegated_decision_subject_given",
            DelegatedDecisionAfterMeeting { .. } => "meeting.delegated_decisions_reported_after",
            DelegatedDecisionReportedTwice { .. } => "meeting.delegated_decision_reported_once",
            UnknownParagraph { .. } => "meeting.paragraph_exists",
            CorrectionReasonMissing => "meeting.correction_gives_reason",
            CorrectionChangesNothing { .. } => "meeting.correction_changes_something",
            AlreadyRevoked { .. } => "meeting.revoked_once",
            RevokedBeforeDecided { .. } => "meeting.revocation_after_decision",
            RevokedByItself => "meeting.revocation_cites_another_decision",
            AdjustersMissing => "meeting.adjusters_given",
            AdjusterTwice { .. } => "meeting.adjusters_unique",
            AdjusterNotAtMeeting { .. } => "meeting.adjusters_attended",
            AdjusterPresides { .. } => "meeting.adjusters_not_presiding",
            NoAdjusters => "meeting.adjusters_before_approval",
            AlreadyApproved { .. } => "meeting.approved_once",
            ApprovedBeforeMeeting { .. } => "meeting.approval_after_meeting",
            ImmediateApprovalAfterMeeting { .. } => "meeting.immediate_approval_at_meeting",
            SignedTwice { .. } => "meeting.signed_once",
            NotEntitledToApprove { .. } => "meeting.approved_by_presiding_and_adjusters",
            SignatureMissing { .. } => "meeting.approved_by_presiding_and_adjusters",
            NotApproved { .. } => "meeting.published_after_approval",
            AlreadyPublished { .. } => "meeting.published_once",
            PublishedBeforeApproval { .. } => "meeting.published_after_approval",
            NotPublished { .. } => "meeting.removed_after_publication",
            NoticeAlreadyRemoved { .. } => "meeting.notice_removed_once",
            RemovedBeforePosted { .. } => "meeting.removed_after_publication",
            DateOutOfRange { .. } => "meeting.date_in_range",
            Basis(error) => error.rule(),
        }
    }
}
