//! Assertions on the problem+json answers the API gives a refused request: the exact status and
//! type, and the field and rule a broken rule names.

use axum::http::StatusCode;

use crate::support::api_client::Reply;

/// Asserts that a reply is the problem of `status` with this type.
pub(crate) fn assert_problem(reply: &Reply, status: StatusCode, problem: &str) {
    assert_eq!(reply.status, status, "{:?}", reply.body);
    assert_eq!(
        reply.body["type"],
        format!("urn:samverkan:problem:{problem}")
    );
}

/// Asserts that a reply is the 422 of one broken rule on one field.
pub(crate) fn assert_broken_rule(reply: &Reply, field: &str, rule: &str) {
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        reply.body
    );
    assert_eq!(reply.broken_rule(), (field.to_owned(), rule.to_owned()));
}

/// Asserts that a reply is the 400 of a body that does not fit, naming the field.
pub(crate) fn assert_malformed(reply: &Reply, field: &str) {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert_eq!(
        reply.broken_rule(),
        (field.to_owned(), "json.shape".to_owned())
    );
}
