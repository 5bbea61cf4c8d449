//! The steps a plan starts from, per pair of forms. They follow "Typical steps when a joint
//! committee is replaced by contract-based cooperation" in the domain brief; every step can be
//! revised, and steps can be added, once the plan exists.
//!
//! The steps are copied into the `TransitionPlanned` event, so a later change of a template
//! never changes a plan already recorded.

use super::{StepDefinition, StepKey, SuccessorForm};
use crate::CooperationForm;

/// One template step: its key, its title (as users see it, in Swedish), the keys it depends on
/// and whether it blocks carrying out.
struct TemplateStep {
    key: &'static str,
    title: &'static str,
    depends_on: &'static [&'static str],
    blocking: bool,
}

const STUDY: TemplateStep = TemplateStep {
    key: "study-and-report",
    title: "Utreda samverkansformer och rapportera",
    depends_on: &[],
    blocking: true,
};

const COUNCIL_DECISIONS: TemplateStep = TemplateStep {
    key: "council-decisions",
    title: "Varje parts fullmäktige beslutar om upplösning och datum",
    depends_on: &["study-and-report"],
    blocking: true,
};

const CONTRACT_MAPPING: TemplateStep = TemplateStep {
    key: "contract-mapping",
    title: "Kartlägga avtal (slutdatum, förlängningsoptioner, avropsberättigade) och besluta om varje avtal",
    depends_on: &["council-decisions"],
    blocking: true,
};

const ONGOING_PROCUREMENTS: TemplateStep = TemplateStep {
    key: "ongoing-procurements",
    title: "Besluta om pågående upphandlingar",
    depends_on: &["contract-mapping"],
    blocking: true,
};

const STAFF: TemplateStep = TemplateStep {
    key: "staff",
    title: "Personal: verksamhetsövergång eller rekrytering",
    depends_on: &["council-decisions"],
    blocking: true,
};

const ARCHIVES: TemplateStep = TemplateStep {
    key: "archives",
    title:
        "Arkiv: avslutade ärenden levereras, öppna ärenden avslutas och återöppnas med hänvisning",
    depends_on: &["council-decisions"],
    blocking: false,
};

const WEBSITE: TemplateStep = TemplateStep {
    key: "website-and-documents",
    title: "Webbplats och dokument",
    depends_on: &["council-decisions"],
    blocking: false,
};

/// Final accounts, audit and discharge for the last period come after the effective date, so
/// they cannot block carrying out.
const FINAL_ACCOUNTS: TemplateStep = TemplateStep {
    key: "final-accounts",
    title: "Bokslut, revision och ansvarsfrihet för sista perioden hos varje part",
    depends_on: &["council-decisions"],
    blocking: false,
};

/// From a joint committee to contract-based cooperation: the domain brief's list in full.
const JOINT_COMMITTEE_TO_CONTRACT_BASED: &[TemplateStep] = &[
    STUDY,
    COUNCIL_DECISIONS,
    TemplateStep {
        key: "new-agreement",
        title: "Ta fram, besluta och underteckna samverkansavtal (KL 9 kap 37 §)",
        depends_on: &["council-decisions"],
        blocking: true,
    },
    TemplateStep {
        key: "influence",
        title: "Säkra inflytande för varje part (styr- eller samordningsgrupp)",
        depends_on: &["new-agreement"],
        blocking: true,
    },
    TemplateStep {
        key: "allocation-key",
        title: "Ekonomisk analys och ny fördelningsnyckel",
        depends_on: &["study-and-report"],
        blocking: true,
    },
    TemplateStep {
        key: "governing-documents",
        title: "Ny delegationsordning och nya styrdokument från ikraftträdandet",
        depends_on: &["new-agreement"],
        blocking: true,
    },
    CONTRACT_MAPPING,
    ONGOING_PROCUREMENTS,
    STAFF,
    ARCHIVES,
    WEBSITE,
    FINAL_ACCOUNTS,
];

/// When no cooperation follows, there is no new agreement or joint influence to secure, but each
/// party must build its own organisation.
const TO_EACH_PARTY_ON_ITS_OWN: &[TemplateStep] = &[
    STUDY,
    COUNCIL_DECISIONS,
    TemplateStep {
        key: "own-organisations",
        title: "Varje part bygger upp egen inköpsorganisation",
        depends_on: &["council-decisions"],
        blocking: true,
    },
    CONTRACT_MAPPING,
    ONGOING_PROCUREMENTS,
    STAFF,
    ARCHIVES,
    WEBSITE,
    FINAL_ACCOUNTS,
];

/// Any other pair: the successor still needs its founding documents.
const TO_ANOTHER_COOPERATION: &[TemplateStep] = &[
    STUDY,
    COUNCIL_DECISIONS,
    TemplateStep {
        key: "founding-documents",
        title:
            "Ta fram och besluta den nya samverkansformens avtal, reglemente eller förbundsordning",
        depends_on: &["council-decisions"],
        blocking: true,
    },
    TemplateStep {
        key: "allocation-key",
        title: "Ekonomisk analys och ny fördelningsnyckel",
        depends_on: &["study-and-report"],
        blocking: true,
    },
    CONTRACT_MAPPING,
    ONGOING_PROCUREMENTS,
    STAFF,
    ARCHIVES,
    WEBSITE,
    FINAL_ACCOUNTS,
];

/// The steps a plan from `from` to `to` starts with.
pub fn template_steps(from: CooperationForm, to: SuccessorForm) -> Vec<StepDefinition> {
    let template = match (from, to) {
        (CooperationForm::JointCommittee, SuccessorForm::ContractBased) => {
            JOINT_COMMITTEE_TO_CONTRACT_BASED
        }
        (_, SuccessorForm::EachPartyOnItsOwn) => TO_EACH_PARTY_ON_ITS_OWN,
        _ => TO_ANOTHER_COOPERATION,
    };
    template.iter().map(definition).collect()
}

fn definition(step: &TemplateStep) -> StepDefinition {
    StepDefinition {
        key: template_key(step.key),
        title: step.title.to_owned(),
        responsible: None,
        due_on: None,
        depends_on: step
            .depends_on
            .iter()
            .map(|key| template_key(key))
            .collect(),
        blocking: step.blocking,
    }
}

/// Template keys are constants of this module, checked by its tests, so parsing cannot fail;
/// should one ever be malformed, the step keeps the text rather than the plan failing.
fn template_key(key: &str) -> StepKey {
    StepKey::parse(key).unwrap_or_else(|_| StepKey(key.to_owned()))
}
