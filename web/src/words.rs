//! The Swedish words the web app shows for the register's terms, as `../shared/domain.md` gives
//! them and as a nämndsekreterare reads them in Ciceron or Platina.

use domain::body::BodyKind;
use domain::body_term::{Role, Seat};
use domain::contract::ContractKind;
use domain::cooperation::{CooperationForm, CooperationStatus};
use domain::governing_document::DocumentKind;
use projections::membership::BodyStanding;
use projections::obligations::ObligationStatus;
use register::access::Role as AccessRole;

pub fn cooperation_form(form: CooperationForm) -> &'static str {
    match form {
        CooperationForm::JointCommittee => "Gemensam nämnd",
        CooperationForm::ContractBased => "Avtalssamverkan",
        CooperationForm::MunicipalFederation => "Kommunalförbund",
        CooperationForm::HostRunCentralPurchasingBody => "Inköpscentral hos värdpart",
        CooperationForm::Other => "Annan samverkan",
    }
}

pub fn cooperation_status(status: CooperationStatus) -> &'static str {
    match status {
        CooperationStatus::NotYetEstablished => "Inte bildad än",
        CooperationStatus::Active => "Verksam",
        CooperationStatus::Dissolving => "Upplösning beslutad",
        CooperationStatus::Dissolved => "Upplöst",
    }
}

pub fn body_kind(kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::Committee => "Nämnd",
        BodyKind::CoordinationGroup => "Samordningsgrupp",
        BodyKind::SteeringGroup => "Styrgrupp",
        BodyKind::Board => "Styrelse",
    }
}

/// A body's standing on a day, as a short phrase for a table cell.
pub fn body_standing(standing: BodyStanding) -> String {
    match standing {
        BodyStanding::NotYetEstablished => "Inte bildat än".to_owned(),
        BodyStanding::Active => "Verksamt".to_owned(),
        BodyStanding::Ended { last_day } => format!("Upphört, sista dag {last_day}"),
    }
}

pub fn member_role(role: Role) -> &'static str {
    match role {
        Role::Chair => "Ordförande",
        Role::ViceChair => "Vice ordförande",
        Role::Member => "Ledamot",
        Role::Deputy => "Ersättare",
        Role::ProcurementOfficer => "Upphandlingsansvarig",
        Role::Representative => "Representant",
    }
}

pub fn seat(seat: Seat) -> &'static str {
    match seat {
        Seat::Member => "Ledamot",
        Seat::Deputy => "Ersättare",
    }
}

/// The role a token gives, as the navigation shows who is signed in.
pub fn access_role(role: AccessRole) -> &'static str {
    match role {
        AccessRole::Secretary => "nämndsekreterare",
        AccessRole::Auditor => "revisor",
        AccessRole::Administrator => "administratör",
    }
}

pub fn document_kind(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::CooperationAgreement => "Samverkansavtal",
        DocumentKind::RulesOfProcedure => "Reglemente",
        DocumentKind::OwnerDirective => "Ägardirektiv",
        DocumentKind::DelegationScheme => "Delegationsordning",
        DocumentKind::CommitteePlan => "Nämndplan",
        DocumentKind::ProcurementPolicy => "Upphandlingspolicy",
        DocumentKind::ApplicationGuidelines => "Tillämpningsanvisningar",
    }
}

pub fn contract_kind(kind: ContractKind) -> &'static str {
    match kind {
        ContractKind::FrameworkAgreement => "Ramavtal",
        ContractKind::Contract => "Avtal",
    }
}

/// Where an obligation stands on a day, as a short phrase for a table cell.
pub fn obligation_status(status: ObligationStatus) -> &'static str {
    match status {
        ObligationStatus::NotYetDue => "Ej förfallet",
        ObligationStatus::Open => "Löpande",
        ObligationStatus::Overdue => "Förfallet, ej fullgjort",
        ObligationStatus::Fulfilled => "Fullgjort",
        ObligationStatus::Waived => "Eftergivet",
        ObligationStatus::Transferred => "Överfört",
        ObligationStatus::Ended => "Upphört",
    }
}

/// Where a step of a transition stands.
pub fn step_status(status: domain::transition::StepStatus) -> &'static str {
    use domain::transition::StepStatus;
    match status {
        StepStatus::NotStarted => "Inte påbörjat",
        StepStatus::InProgress => "Pågår",
        StepStatus::Done => "Klart",
        StepStatus::NotApplicable => "Ej tillämpligt",
    }
}

/// What replaces a cooperation.
pub fn successor_form(form: domain::transition::SuccessorForm) -> &'static str {
    use domain::transition::SuccessorForm;
    match form {
        SuccessorForm::ContractBased => "Avtalssamverkan",
        SuccessorForm::MunicipalFederation => "Kommunalförbund",
        SuccessorForm::JointCommittee => "Gemensam nämnd",
        SuccessorForm::HostRunCentralPurchasingBody => "Inköpscentral hos en värdpart",
        SuccessorForm::EachPartyOnItsOwn => "Varje part på egen hand",
        SuccessorForm::Other => "Annan samverkansform",
    }
}

/// What becomes of a contract, with the party it concerns named by `party`.
pub fn contract_disposition(
    disposition: &domain::transition::ContractDisposition,
    party: impl Fn(&str) -> String,
) -> String {
    use domain::transition::ContractDisposition;
    match disposition {
        ContractDisposition::ContinuesJointly => {
            "Fortsätter gemensamt hos efterträdaren".to_owned()
        }
        ContractDisposition::MovesToParty { party: code } => {
            format!("Övergår till {}", party(code.as_str()))
        }
        ContractDisposition::EndsAtExpiry => "Löper ut och ersätts inte gemensamt".to_owned(),
        ContractDisposition::ProcuredAgainBy { party: code } => {
            format!(
                "Löper ut och upphandlas på nytt av {}",
                party(code.as_str())
            )
        }
    }
}

/// What becomes of an obligation, with the party it concerns named by `party`.
pub fn obligation_mapping(
    mapping: &domain::transition::ObligationMapping,
    party: impl Fn(&str) -> String,
) -> String {
    use domain::transition::ObligationMapping;
    match mapping {
        ObligationMapping::CarriedToSuccessor { .. } => "Förs över till efterträdaren".to_owned(),
        ObligationMapping::MovesToParty { party: code, .. } => {
            format!("Övergår till {}", party(code.as_str()))
        }
        ObligationMapping::Ends => "Upphör på ikraftträdandedagen".to_owned(),
    }
}
