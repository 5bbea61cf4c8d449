//! A governing document of a cooperation: its versions and the amendments that made them.
//!
//! Version 1 is the document as adopted; every amendment makes the next version from the latest
//! one, with its own effective date, by replacing, inserting or removing numbered clauses. The
//! stream grows only with amendments, which councils decide a few times a decade.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::{apply_changes, GoverningDocument};
pub use command::{AdoptDocument, AmendDocument, CorrectVersion, GoverningDocumentCommand};
pub use error::GoverningDocumentError;
pub use event::{
    Clause, ClauseChange, DocumentAdopted, DocumentAmended, DocumentKind, GoverningDocumentEvent,
    VersionCorrected,
};
