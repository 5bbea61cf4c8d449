//! The app's stylesheet and its one script, embedded in the binary so that nothing is fetched or built at run time.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

pub const STYLESHEET_PATH: &str = "/resurser/samverkan.css";

const STYLESHEET: &str = include_str!("../assets/samverkan.css");

/// The one script of the app: the roll call's live quorum count, an aid the form works without.
pub const ROLL_CALL_SCRIPT_PATH: &str = "/resurser/upprop.js";

const ROLL_CALL_SCRIPT: &str = include_str!("../assets/upprop.js");

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            // The stylesheet changes only with the binary; an hour keeps pages quick without
            // leaving an old style for long after an upgrade.
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

pub async fn roll_call_script() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        ROLL_CALL_SCRIPT,
    )
}
