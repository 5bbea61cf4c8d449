/// The reason a correction (rättelse) gives, without surrounding blanks; `missing` when it gives
/// none. Every correction must say why the original was wrong, so that an auditor reading the
/// log sees the mistake and its remedy side by side.
pub(crate) fn correction_reason<E>(reason: &str, missing: E) -> Result<&str, E> {
    let reason = reason.trim();
    if reason.is_empty() {
        Err(missing)
    } else {
        Ok(reason)
    }
}
