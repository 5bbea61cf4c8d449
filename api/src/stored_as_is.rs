//! What the layers that add to a read's answer (citations, party names) leave alone.

/// The members of an answer whose contents are stored events (`/audit/events`, the read models'
/// changes), which an auditor must see exactly as they were stored.
pub(crate) const STORED_AS_IS: [&str; 2] = ["payload", "metadata"];
