/// What every domain error tells its caller: which field was wrong and which rule it broke.
pub trait RuleViolation: std::error::Error {
    /// The field of the command that broke the rule, as a path such as `parties[2]`.
    fn field(&self) -> String;

    /// A stable, dotted name for the rule, such as `cooperation.host_is_a_party`.
    fn rule(&self) -> &'static str;
}
