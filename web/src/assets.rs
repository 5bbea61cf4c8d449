//! The app's stylesheet, embedded in the binary so that nothing is fetched or built at run time.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

pub const STYLESHEET_PATH: &str = "/resurser/samverkan.css";

const STYLESHEET: &str = include_str!("../assets/samverkan.css");

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
