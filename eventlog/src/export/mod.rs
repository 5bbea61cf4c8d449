//! Exports of the log to a file, and their verification without a database.

mod format;
mod offline;
mod restore;
mod write;

pub use format::{
    ExportEnd, ExportHeader, ExportLine, ExportedEvent, EXPORT_FORMAT, EXPORT_FORMAT_VERSION,
};
pub use offline::{verify_export, OfflineVerifyError};
pub use restore::{restore_export, RestoreError, RestoreSummary};
pub use write::{export_log, ExportError, ExportProgress, ExportSummary};
