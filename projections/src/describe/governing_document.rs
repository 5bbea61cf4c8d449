//! What the timeline and the history say of a governing document and its versions. Pure.

use domain::governing_document::{DocumentKind, GoverningDocumentEvent};

use super::facts::{on, Facts, Link};

pub(super) fn facts(event: &GoverningDocumentEvent) -> Facts<'_> {
    match event {
        GoverningDocumentEvent::DocumentAdopted(adopted) => on(
            adopted.effective_on,
            Some(&adopted.basis),
            format!(
                "Document adopted: {} ({}, version 1)",
                adopted.title,
                document_kind(adopted.kind)
            ),
            Link::Cooperation(adopted.cooperation_id),
        ),
        GoverningDocumentEvent::DocumentAmended(amended) => on(
            amended.effective_on,
            Some(&amended.basis),
            format!(
                "Document amended: version {} amends version {} ({} changes)",
                amended.version,
                amended.amends_version,
                amended.changes.len()
            ),
            Link::Keeps,
        ),
        GoverningDocumentEvent::VersionCorrected(corrected) => on(
            corrected.effective_on,
            Some(&corrected.basis),
            format!(
                "Document version {} corrected ({})",
                corrected.version, corrected.reason
            ),
            Link::Keeps,
        ),
    }
}

fn document_kind(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::CooperationAgreement => "cooperation agreement",
        DocumentKind::RulesOfProcedure => "rules of procedure",
        DocumentKind::OwnerDirective => "owner directive",
        DocumentKind::DelegationScheme => "delegation scheme",
        DocumentKind::CommitteePlan => "committee plan",
        DocumentKind::ProcurementPolicy => "procurement policy",
        DocumentKind::ApplicationGuidelines => "application guidelines",
    }
}
