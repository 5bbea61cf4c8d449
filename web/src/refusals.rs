//! The register's refusals in the secretary's words. A form shows the Swedish sentence beside
//! the field the rule names, and the register's own message under it, so that what the web app
//! says and what the API answers can always be matched. A person is named by an id here; the
//! form replaces it with the name its page shows.

use domain::body_term::{BodyTermError, Seat};
use domain::meeting::{MeetingError, MinutesScope};

/// A refusal that a form can explain in Swedish.
pub trait InSwedish {
    /// The Swedish sentence, or `None` where only the register's own message is shown.
    fn in_swedish(&self) -> Option<String>;
}

fn scope(scope: &MinutesScope) -> String {
    match scope {
        MinutesScope::Whole => "protokollet".to_owned(),
        MinutesScope::Paragraph { number } => format!("§ {number}"),
    }
}

impl InSwedish for MeetingError {
    fn in_swedish(&self) -> Option<String> {
        use MeetingError::*;
        Some(match self {
            AlreadyCalled => "Sammanträdet är redan kallat.".to_owned(),
            Cancelled => "Sammanträdet är inställt.".to_owned(),
            PlaceMissing => "Fyll i var nämnden sammanträder.".to_owned(),
            AgendaEmpty => "Fyll i minst ett ärende på föredragningslistan.".to_owned(),
            ItemNumberTwice { number, .. } => {
                format!("Nummer {number} används redan på föredragningslistan.")
            }
            AlreadyOpened => "Sammanträdet är redan öppnat med upprop.".to_owned(),
            NotOpened => {
                "Sammanträdet är inte öppnat. Gör uppropet först, sedan kan besluten registreras."
                    .to_owned()
            }
            NotSeated { person_id, .. } => {
                format!("{person_id} har ingen plats i nämnden på sammanträdesdagen.")
            }
            PresidingNotPresent { person_id } => {
                format!("Ordföranden {person_id} är inte närvarande: kryssa i ordföranden.")
            }
            PresidingNotMember { person_id } => {
                format!("{person_id} är ersättare: ordföranden är en ledamot.")
            }
            ServesForOtherParty { member_id, .. } => format!(
                "{member_id} företräder ett annat parti: en ersättare tjänstgör för en ledamot \
                 av det egna partiet."
            ),
            ServesForPresentMember { member_id, .. } => format!(
                "{member_id} är närvarande: en ersättare tjänstgör bara för en frånvarande eller \
                 jävig ledamot."
            ),
            MemberAlreadyReplaced {
                member_id,
                deputy_id,
                ..
            } => format!("{deputy_id} tjänstgör redan för {member_id}."),
            AttendanceForRecordedParagraph {
                from_paragraph,
                latest,
            } => format!(
                "§ {from_paragraph} är redan registrerad (senaste är § {latest}): en ändring i \
                 närvaron gäller från en paragraf som inte är registrerad än."
            ),
            AttendanceUnchanged {
                person_id,
                from_paragraph,
            } => format!("{person_id} är redan antecknad så från § {from_paragraph}."),
            MinutesApproved => {
                "Protokollet är justerat: registrera en rättelse i stället.".to_owned()
            }
            ItemAlreadyDecided { item, paragraph } => {
                format!("Ärende {item} är redan beslutat under § {paragraph}.")
            }
            DuplicateParagraph { paragraph, next } => {
                format!("§ {paragraph} är redan tagen: nämndens nästa paragraf i år är § {next}.")
            }
            ParagraphsOutOfMeetingOrder { latest_meeting_on } => format!(
                "Nämndens senaste paragraf i år hör till sammanträdet {latest_meeting_on}, som \
                 är senare än detta: paragraferna följer sammanträdenas ordning."
            ),
            DecisionTextMissing => "Fyll i beslutet.".to_owned(),
            ProposalLabelMissing { .. } => {
                "Fyll i förslagets benämning, till exempel A.".to_owned()
            }
            ProposalLabelTwice { label, .. } => format!("Förslag {label} finns redan."),
            ProposalTextMissing { .. } => "Fyll i förslagets lydelse.".to_owned(),
            ProposalByNonParticipant { person_id, .. } => {
                format!("{person_id} deltar inte i beslutet och kan inte yrka.")
            }
            RecusedNotTakingPart { person_id, .. } => {
                format!("{person_id} deltar inte i beslutet och kan inte anmäla jäv i det.")
            }
            RecusedTwice { person_id, .. } => format!("{person_id} anmäler jäv två gånger."),
            SubstituteNotDeputy { person_id, .. } => format!(
                "{person_id} är inte ersättare: bara en ersättare träder in för en jävig ledamot."
            ),
            SubstituteNotPresent { person_id, .. } => {
                format!("Ersättaren {person_id} är inte närvarande.")
            }
            SubstituteOfOtherParty { person_id, .. } => format!(
                "Ersättaren {person_id} företräder ett annat parti än den jäviga ledamoten."
            ),
            SubstituteAlreadyServing { person_id, .. } => {
                format!("Ersättaren {person_id} tjänstgör redan.")
            }
            NoQuorum {
                paragraph,
                taking_part,
                member_seats,
                required,
            } => format!(
                "Nämnden är inte beslutför vid § {paragraph}: {taking_part} deltar, och minst \
                 {required} av {member_seats} ledamöter måste delta. Registrera att någon \
                 anländer eller att en ersättare tjänstgör först."
            ),
            VoteNeedsTwoProposals => {
                "En omröstning ställer två förslag mot varandra: fyll i minst två förslag."
                    .to_owned()
            }
            VoteProposalUnknown { label, .. } => {
                format!("Omröstningen avser förslag {label}, som inte finns bland förslagen.")
            }
            VoteOnSameProposal { label } => {
                format!("Omröstningen ställer förslag {label} mot sig självt.")
            }
            VoteCountNotTakingPart {
                counted,
                taking_part,
            } => format!(
                "Rösterna blir {counted}, men {taking_part} deltar i beslutet: ja, nej och \
                 avstående ska tillsammans bli alla som deltar."
            ),
            BallotByNonParticipant { person_id, .. } => {
                format!("{person_id} deltar inte i beslutet och kan inte rösta.")
            }
            BallotMissing { person_id } => format!(
                "{person_id} deltar i beslutet men har ingen röst: vid öppen omröstning anges \
                 allas röster."
            ),
            TieUnresolved => {
                "Det blev lika röstetal, och ordföranden har inte lagt sin utslagsröst.".to_owned()
            }
            ReservationByNonParticipant { person_id, .. } => {
                format!("{person_id} deltog inte i beslutet och kan inte reservera sig.")
            }
            ReservedTwice { person_id, .. } => format!("{person_id} reserverar sig två gånger."),
            StatementByAbsentPerson { person_id, .. } => {
                format!("{person_id} är inte närvarande och kan inte göra en protokollsanteckning.")
            }
            StatementTextMissing { .. } => "Fyll i protokollsanteckningens text.".to_owned(),
            CorrectionReasonMissing => "Fyll i varför beslutet rättas.".to_owned(),
            CorrectionChangesNothing { paragraph } => {
                format!("Rättelsen säger samma sak som § {paragraph} redan säger.")
            }
            AlreadyRevoked {
                paragraph,
                revoked_on,
            } => format!("§ {paragraph} är redan upphävd från {revoked_on}."),
            RevokedBeforeDecided {
                revoked_on,
                decided_on,
            } => format!("Upphävandet {revoked_on} ligger före beslutet {decided_on}."),
            RevokedByItself => "Ett beslut kan inte upphäva sig självt: välj det beslut som \
                                upphäver paragrafen."
                .to_owned(),
            AdjustersMissing | NoAdjusters => "Utse minst en justerare.".to_owned(),
            AdjusterNotAtMeeting { person_id, .. } => {
                format!("{person_id} var inte närvarande och kan inte justera protokollet.")
            }
            AdjusterPresides { person_id, .. } => format!(
                "{person_id} är ordförande och skriver under ändå: välj justerare bland de andra."
            ),
            AlreadyApproved { scope: minutes } => format!("{} är redan justerat.", scope(minutes)),
            ApprovedBeforeMeeting {
                approved_on,
                meeting_on,
            } => format!("Justeringen {approved_on} ligger före sammanträdet {meeting_on}."),
            NotEntitledToApprove { person_id, .. } => {
                format!("{person_id} är varken ordförande eller justerare.")
            }
            SignatureMissing { person_id } => format!(
                "{person_id} har inte skrivit under: ordföranden och varje justerare justerar \
                 protokollet."
            ),
            NotApproved { scope: minutes } => format!(
                "{} är inte justerat: protokollet anslås när det är justerat.",
                scope(minutes)
            ),
            AlreadyPublished {
                scope: minutes,
                posted_on,
            } => format!("{} anslogs redan {posted_on}.", scope(minutes)),
            PublishedBeforeApproval {
                posted_on,
                approved_on,
            } => format!("Anslaget {posted_on} ligger före justeringen {approved_on}."),
            NotPublished { scope: minutes } => format!(
                "{} är inte anslaget: ett anslag tas ned efter att det har satts upp.",
                scope(minutes)
            ),
            NoticeAlreadyRemoved { removed_on, .. } => {
                format!("Anslaget togs redan ned {removed_on}.")
            }
            RemovedBeforePosted {
                removed_on,
                posted_on,
            } => format!("Nedtagningen {removed_on} ligger före anslaget {posted_on}."),
            _ => return None,
        })
    }
}

impl InSwedish for BodyTermError {
    fn in_swedish(&self) -> Option<String> {
        use BodyTermError::*;
        Some(match self {
            NoSeatPlan => {
                "Mandatperioden har ingen platsfördelning än: den registreras före valen."
                    .to_owned()
            }
            PartyNotInCooperation { party, .. } => {
                format!("Part {party} ingår inte i samverkan.")
            }
            PartyHasNoSeats { party } => format!("Part {party} har inga platser i organet."),
            OutsideMandatePeriod { date, period, .. } => {
                format!("{date} ligger utanför mandatperioden {period}.")
            }
            EndsBeforeItBegins {
                serves_from,
                serves_to,
            } => format!("Uppdraget skulle sluta {serves_to}, innan det börjar {serves_from}."),
            NoSeatFree { seats, party, seat } => format!(
                "Alla {seats} {} för part {party} är tillsatta någon av de dagarna.",
                match seat {
                    Seat::Member => "ledamotsplatser",
                    Seat::Deputy => "ersättarplatser",
                }
            ),
            RoleTaken { .. } => {
                "Någon annan har det uppdraget någon av de dagarna: en nämnd har en ordförande \
                 och en vice ordförande åt gången."
                    .to_owned()
            }
            ReplacedMemberStillServing { last_day, .. } => format!(
                "Uppdraget löper till {last_day}: ett fyllnadsval gäller från dagen efter att \
                 ledamoten lämnat."
            ),
            AlreadyEnded { last_day, .. } => format!("Uppdraget har redan upphört, {last_day}."),
            EndsBeforeMembershipBegan {
                last_day,
                serves_from,
            } => format!("Sista dagen {last_day} ligger före uppdragets början {serves_from}."),
            EndsAfterAppointedEnd {
                last_day,
                serves_to,
            } => format!(
                "Sista dagen {last_day} ligger efter uppdragets slut {serves_to}: ett avslut i \
                 förtid kommer tidigare."
            ),
            PersonNameMissing { .. } => "Fyll i personens namn.".to_owned(),
            _ => return None,
        })
    }
}

impl InSwedish for domain::transition::TransitionError {
    fn in_swedish(&self) -> Option<String> {
        use domain::transition::TransitionError::*;
        Some(match self {
            AlreadyCarriedOut { carried_out_on } => {
                format!("Omställningen genomfördes {carried_out_on} och kan inte längre ändras.")
            }
            DependenciesNotSettled { key, on, unsettled } => format!(
                "Steget {key} kan inte vara klart {on}: {} är inte klara eller bedömda som ej \
                 tillämpliga den dagen.",
                unsettled
                    .iter()
                    .map(|step| step.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            NotAPartyOfTheTransition { party, .. } => {
                format!("{party} är inte part i samverkan eller i den som ersätter den.")
            }
            NoSuccessorCooperation { .. } => "Ingen samverkan följer efter denna, så inget kan \
                                              fortsätta gemensamt eller föras över till en \
                                              efterträdare."
                .to_owned(),
            AgreementTitleMissing => "Fyll i samverkansavtalets rubrik.".to_owned(),
            SuccessorNameMissing => "Fyll i namnet på samverkan som tar vid.".to_owned(),
            NotReady { blockers } => format!(
                "Omställningen kan inte genomföras: {} hinder återstår.",
                blockers.len()
            ),
            _ => return None,
        })
    }
}

/// An outside decision's refusals are about its own fields, which the register names in its
/// message; the form shows that message as it is.
impl InSwedish for domain::external_decision::ExternalDecisionError {
    fn in_swedish(&self) -> Option<String> {
        None
    }
}

impl InSwedish for domain::party::PartyError {
    fn in_swedish(&self) -> Option<String> {
        use domain::party::PartyError::*;
        Some(match self {
            AlreadyRegistered { code } => format!(
                "Det finns redan en part med koden {code} i registret: en part registreras en gång."
            ),
            NameMissing => "Fyll i partens namn.".to_owned(),
        })
    }
}

impl InSwedish for domain::party::PopulationError {
    fn in_swedish(&self) -> Option<String> {
        use domain::party::PopulationError::*;
        Some(match self {
            AlreadyRecorded => "Folkmängden den dagen är redan registrerad för parten: en \
                                registrerad uppgift rättas i stället för att registreras igen."
                .to_owned(),
            PopulationZero => "Folkmängden är minst 1.".to_owned(),
            SourceMissing => "Fyll i varifrån uppgiften kommer, till exempel SCB.".to_owned(),
            _ => return None,
        })
    }
}

impl InSwedish for domain::cooperation::CooperationError {
    fn in_swedish(&self) -> Option<String> {
        use domain::cooperation::CooperationError::*;
        Some(match self {
            NameMissing => "Fyll i samverkans namn.".to_owned(),
            TooFewParties { count } => format!(
                "En samverkan har minst två parter, men {}: kryssa i alla parter.",
                if *count == 1 {
                    "bara en är vald".to_owned()
                } else {
                    format!("{count} är valda")
                }
            ),
            DuplicateParty { party, .. } => format!("Part {party} är vald två gånger."),
            HostNotAParty { host } => format!(
                "Värdparten {host} är inte bland de valda parterna: värdparten är en av parterna."
            ),
            AlreadyAParty { party } => format!("Part {party} ingår redan i samverkan."),
            JoinsBeforeEstablishment {
                joins_on,
                established_on,
            } => format!(
                "En part kan inte gå med {joins_on}, innan samverkan bildades {established_on}."
            ),
            _ => return None,
        })
    }
}

impl InSwedish for domain::body::BodyError {
    fn in_swedish(&self) -> Option<String> {
        use domain::body::BodyError::*;
        Some(match self {
            NameMissing => "Fyll i organets namn.".to_owned(),
            EstablishedBeforeCooperation {
                established_on,
                cooperation_established_on,
            } => format!(
                "Organet kan inte bildas {established_on}, innan samverkan bildades \
                 {cooperation_established_on}."
            ),
            _ => return None,
        })
    }
}

impl InSwedish for domain::obligation::ObligationError {
    fn in_swedish(&self) -> Option<String> {
        use domain::obligation::ObligationError::*;
        Some(match self {
            DescriptionMissing => "Fyll i vad parten åtar sig.".to_owned(),
            NotAParty { party, .. } => format!("Part {party} ingår inte i samverkan."),
            OwedToItself { party } => {
                format!("Part {party} kan inte ha ett åtagande mot sig själv.")
            }
            PeriodBackwards { from, to } => {
                format!("Perioden slutar {to}, innan den börjar {from}.")
            }
            DueOutsidePeriod { date } => {
                format!("Förfallodagen {date} ligger utanför åtagandets period.")
            }
            YearlyDueInvalid { month, day } => {
                format!("{month:02}-{day:02} är ingen dag på året.")
            }
            AlreadyClosed { on, .. } => format!("Åtagandet är redan avslutat, {on}."),
            ClosedBeforePeriod { on, from } => {
                format!("Åtagandet kan inte avslutas {on}, innan dess period börjar {from}.")
            }
            TransferredToDebtor { party } => format!(
                "Åtagandet ligger redan på part {party}: ett överförande går till en annan part."
            ),
            _ => return None,
        })
    }
}

impl InSwedish for domain::mandate::MandateError {
    fn in_swedish(&self) -> Option<String> {
        use domain::mandate::MandateError::*;
        Some(match self {
            ScopeMissing => "Fyll i vad mandatet omfattar, med ord.".to_owned(),
            ExclusionOutsideCategory {
                exclusion,
                category,
                ..
            } => format!(
                "Undantaget {exclusion} ligger inte under mandatets kategori {category}, så det \
                 undantar ingenting."
            ),
            PeriodBackwards { from, to, .. } => {
                format!("Perioden slutar {to}, innan den börjar {from}.")
            }
            DelegateMissing => "Fyll i delegatens titel, till exempel inköpschef.".to_owned(),
            DelegatesBeyondMandate { category } => format!(
                "{category} ligger utanför mandatet eller är undantaget från det: bara det \
                 mandatet omfattar kan delegeras."
            ),
            DelegationOutsideMandatePeriod => {
                "Delegationen gäller dagar utanför mandatets egen period.".to_owned()
            }
            AlreadyEnded { last_day } => format!("Mandatet har redan upphört, {last_day}."),
            EndOutsidePeriod { last_day } => {
                format!("Mandatet kan inte upphöra {last_day}, utanför sin period.")
            }
            _ => return None,
        })
    }
}

impl InSwedish for domain::allocation::BudgetError {
    fn in_swedish(&self) -> Option<String> {
        use domain::allocation::BudgetError::*;
        Some(match self {
            AlreadyAdopted => "Budgeten för året är redan antagen: revidera eller rätta den i \
                               stället."
                .to_owned(),
            YearImplausible { year, first, last } => {
                format!("{year} är inget rimligt budgetår: ange ett från {first} till {last}.")
            }
            YearBeforeCooperation {
                year,
                established_on,
            } => format!("Samverkan bildades {established_on}, efter budgetåret {year}."),
            NoLines => "Fyll i minst en rad.".to_owned(),
            LineNameMissing { .. } => "Fyll i radens benämning.".to_owned(),
            LineNameTwice { name, .. } => {
                format!("Benämningen ”{name}” finns redan: varje rad har en egen benämning.")
            }
            AmountNegative { .. } => "Beloppet är negativt: en intäkt är en rad av slaget \
                                      intäkt, med positivt belopp."
                .to_owned(),
            ContributionsTwice { .. } => {
                "En budget har högst en rad med parternas bidrag.".to_owned()
            }
            _ => return None,
        })
    }
}

impl InSwedish for domain::governing_document::GoverningDocumentError {
    fn in_swedish(&self) -> Option<String> {
        use domain::governing_document::GoverningDocumentError::*;
        Some(match self {
            TitleMissing => "Fyll i dokumentets rubrik.".to_owned(),
            EffectiveBeforeCooperation {
                effective_on,
                cooperation_established_on,
            } => format!(
                "Dokumentet kan inte börja gälla {effective_on}, innan samverkan bildades \
                 {cooperation_established_on}."
            ),
            ClauseNumberInvalid { number, .. } => format!(
                "Klausulnummer ”{number}” är tomt eller används två gånger: varje klausul har \
                 ett eget nummer."
            ),
            UnknownClause {
                number, version, ..
            } => format!(
                "Version {version} har ingen klausul ”{number}”: bara en klausul som finns kan \
                 få ny lydelse eller utgå."
            ),
            ClauseExists { number, .. } => format!(
                "Klausul ”{number}” finns redan: ge den ny lydelse i stället, eller välj ett \
                 nytt nummer."
            ),
            NoChanges => "Fyll i minst en ändring.".to_owned(),
            EffectiveBeforeAmendedVersion {
                effective_on,
                version,
                version_effective_on,
            } => format!(
                "Ändringen kan inte gälla från {effective_on}, innan version {version} började \
                 gälla {version_effective_on}."
            ),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quorum_rule_reads_in_swedish_with_its_figures() {
        let refusal = MeetingError::NoQuorum {
            paragraph: 6,
            taking_part: 3,
            member_seats: 7,
            required: 4,
        };
        assert_eq!(
            refusal.in_swedish().as_deref(),
            Some(
                "Nämnden är inte beslutför vid § 6: 3 deltar, och minst 4 av 7 ledamöter måste \
                 delta. Registrera att någon anländer eller att en ersättare tjänstgör först."
            )
        );
    }

    #[test]
    fn a_rule_without_swedish_words_shows_the_register_message_alone() {
        assert_eq!(MeetingError::BodyNameMissing.in_swedish(), None);
    }
}
