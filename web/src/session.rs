//! Signing in to the web app, and what every form is checked against.
//!
//! A person pastes a token once. The register starts a session (see
//! [`register::access::SessionStore`]) and the browser keeps only the session's secret, in an
//! HttpOnly, SameSite=Strict cookie, Secure when the app is served over TLS. A session ends when
//! it expires, when its holder signs out, or when its token is revoked.
//!
//! A form that changes anything is refused when the browser says it was posted from another
//! site, and a signed-in form must carry its session's CSRF token, which another site cannot
//! read.

use axum::extract::{FromRequestParts, Request};
use axum::http::header::{HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use register::access::Session;
use subtle::ConstantTimeEq;

use crate::{WebError, WebState};

/// Where a visitor signs in.
pub const SIGN_IN_PATH: &str = "/logga-in";
/// Where the sign-out form posts.
pub const SIGN_OUT_PATH: &str = "/logga-ut";

/// The sign-in page, set to bring the visitor back to `return_to` afterwards.
pub fn sign_in_path_returning_to(return_to: &str) -> String {
    let return_to = local_path(return_to);
    if return_to == "/" {
        return SIGN_IN_PATH.to_owned();
    }
    match serde_urlencoded::to_string([("till", return_to)]) {
        Ok(query) => format!("{SIGN_IN_PATH}?{query}"),
        Err(_) => SIGN_IN_PATH.to_owned(),
    }
}

/// `path` when it is a path on this site, else the start page: a link must not be able to send
/// a person who signs in on to another site.
pub fn local_path(path: &str) -> &str {
    let on_this_site = path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\");
    if on_this_site {
        path
    } else {
        "/"
    }
}

/// The cookie that holds a session's secret.
pub const SESSION_COOKIE: &str = "samverkan_session";

/// A visitor with a live session: what a page that needs one takes. Without one, the visitor is
/// sent to sign in and brought back afterwards.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session: Session,
    secret: String,
}

impl SignedIn {
    /// The session's secret, to end it with.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), WebError> {
        let expected = self.session.csrf_token.as_bytes();
        if bool::from(expected.ct_eq(submitted.as_bytes())) {
            Ok(())
        } else {
            Err(WebError::CsrfMismatch)
        }
    }
}

impl FromRequestParts<WebState> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<SignedIn, WebError> {
        let return_to = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |path| path.as_str().to_owned());
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(secret) = jar
            .get(SESSION_COOKIE)
            .map(|cookie| cookie.value().to_owned())
        else {
            return Err(not_signed_in(&return_to));
        };
        match state.sessions.find(&secret).await? {
            Some(session) => Ok(SignedIn { session, secret }),
            None => Err(not_signed_in(&return_to)),
        }
    }
}

fn not_signed_in(return_to: &str) -> WebError {
    WebError::NotSignedIn {
        sign_in_path: sign_in_path_returning_to(return_to),
    }
}

/// The cookie that carries a new session's secret.
pub fn session_cookie(secret: String, state: &WebState) -> Cookie<'static> {
    let mut cookie = Cookie::new(SESSION_COOKIE, secret);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Strict);
    cookie.set_path("/");
    cookie.set_secure(state.settings.secure_cookies);
    // No Max-Age: the browser forgets the cookie when it closes, and the register refuses it
    // once the session has expired, whichever comes first.
    cookie
}

/// The cookie jar without the session cookie, for signing out.
pub fn without_session(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(SESSION_COOKIE).path("/"))
}

/// Refuses a POST that the browser says comes from another site, before anything reads it.
pub async fn refuse_cross_site_posts(request: Request, next: Next) -> Response {
    if request.method() == Method::POST && is_cross_site(request.headers()) {
        return WebError::CrossSitePost.into_response();
    }
    next.run(request).await
}

/// Whether a request comes from another site. Every current browser sends `Sec-Fetch-Site`;
/// without it, an `Origin` naming another host says the same. A request with neither, such as
/// one from a script on the command line, is no browser's cross-site request.
fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match (headers.get(ORIGIN), headers.get(HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.as_bytes();
            let without_scheme = origin
                .strip_prefix(b"https://")
                .or_else(|| origin.strip_prefix(b"http://"))
                .unwrap_or(origin);
            without_scheme != host.as_bytes()
        }
        (Some(_), None) => true,
        (None, _) => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn only_a_path_on_this_site_is_returned_to() {
        assert_eq!(
            local_path("/organ/1?as_of=2024-06-30"),
            "/organ/1?as_of=2024-06-30"
        );
        assert_eq!(local_path("https://evil.example/"), "/");
        assert_eq!(local_path("//evil.example/"), "/");
        assert_eq!(local_path("/\\evil.example/"), "/");
        assert_eq!(local_path(""), "/");
    }

    #[test]
    fn the_sign_in_page_carries_the_page_asked_for() {
        assert_eq!(sign_in_path_returning_to("/"), "/logga-in");
        assert_eq!(
            sign_in_path_returning_to("/organ/1?as_of=2024-06-30"),
            "/logga-in?till=%2Forgan%2F1%3Fas_of%3D2024-06-30"
        );
    }

    #[test]
    fn a_browser_saying_same_origin_is_not_cross_site() {
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "none")])));
    }

    #[test]
    fn a_browser_saying_cross_site_or_same_site_is_refused() {
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        // A sibling subdomain is another site's page as far as the register is concerned.
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
    }

    #[test]
    fn without_sec_fetch_site_the_origin_must_name_this_host() {
        assert!(!is_cross_site(&headers(&[
            ("origin", "http://localhost:8080"),
            ("host", "localhost:8080")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "localhost:8080")
        ])));
        assert!(!is_cross_site(&headers(&[("host", "localhost:8080")])));
    }
}
