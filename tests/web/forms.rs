//! The web app's forms and their defences, sent to the whole server in process: the session
//! cookie's attributes, a forged CSRF token, a form posted from another site, an expired session,
//! and the API keeping its own answers beside the web app.

use std::time::Duration;

use api::{AppState, HttpSettings};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use register::access::Role;
use serde_json::Value;
use tower::ServiceExt;
use web::{WebSettings, WebState};

use crate::support::api_client::Api;
use crate::support::browser::named_token;

/// The whole server over `api`'s database, as `samverkan serve` builds it.
pub(crate) fn server(api: &Api, settings: WebSettings) -> Router {
    samverkan::server::router(
        AppState::new(api.db.pool.clone(), HttpSettings::default()),
        WebState::new(api.db.pool.clone(), settings),
    )
}

pub(crate) struct Answer {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

pub(crate) async fn send(
    router: &Router,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    form: Option<&str>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if form.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    let request = request
        .body(form.map_or_else(Body::empty, |form| Body::from(form.to_owned())))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let header_text = |name: header::HeaderName| {
        response
            .headers()
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    let location = header_text(header::LOCATION);
    let set_cookie = header_text(header::SET_COOKIE);
    let content_type = header_text(header::CONTENT_TYPE);
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    Answer {
        status,
        location,
        set_cookie,
        content_type,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// Signs in with `secret` as a browser on this site does, and returns the session cookie as the
/// browser sends it back.
pub(crate) async fn signed_in(router: &Router, secret: &str) -> String {
    let answer = send(
        router,
        "POST",
        "/logga-in",
        &[("sec-fetch-site", "same-origin")],
        Some(&format!("token={secret}&till=%2F")),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let set_cookie = answer.set_cookie.unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}

/// The CSRF token of the session's forms, as the page's sign-out form carries it.
async fn csrf_of(router: &Router, cookie: &str) -> String {
    let page = send(router, "GET", "/", &[("cookie", cookie)], None).await;
    assert_eq!(page.status, StatusCode::OK);
    let marker = "name=\"csrf\" value=\"";
    let start = page.body.find(marker).unwrap() + marker.len();
    page.body[start..start + 64].to_owned()
}

async fn open_sessions(api: &Api) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM web_sessions WHERE ended_at IS NULL")
        .fetch_one(&api.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_strict_and_secure_when_asked() {
    let api = Api::new().await;
    let secret = named_token(&api, Role::Auditor, &[], "Rolf Revisor").await;

    for (secure, expected) in [
        (false, "HttpOnly; SameSite=Strict; Path=/"),
        (true, "HttpOnly; SameSite=Strict; Secure; Path=/"),
    ] {
        let router = server(
            &api,
            WebSettings {
                secure_cookies: secure,
                ..WebSettings::default()
            },
        );
        let answer = send(
            &router,
            "POST",
            "/logga-in",
            &[("sec-fetch-site", "same-origin")],
            Some(&format!("token={secret}&till=%2F")),
        )
        .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER);
        assert_eq!(answer.location.as_deref(), Some("/"));
        let cookie = answer.set_cookie.unwrap();
        let (value, attributes) = cookie.split_once("; ").unwrap();
        assert!(value.starts_with("samverkan_session="), "{cookie}");
        // The browser holds the session's secret, never the token's.
        assert!(!value.contains(&secret), "{cookie}");
        assert_eq!(attributes, expected);
    }
}

#[tokio::test]
async fn a_forged_csrf_token_is_refused_and_the_session_stays_open() {
    let api = Api::new().await;
    let router = server(&api, WebSettings::default());
    let secret = named_token(&api, Role::Auditor, &[], "Rolf Revisor").await;
    let cookie = signed_in(&router, &secret).await;
    let csrf = csrf_of(&router, &cookie).await;

    let forged = send(
        &router,
        "POST",
        "/logga-ut",
        &[("cookie", &cookie), ("sec-fetch-site", "same-origin")],
        Some(&format!("csrf={}", "0".repeat(64))),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(
        forged.body.contains("<h1>Formuläret har gått ut</h1>"),
        "{}",
        forged.body
    );
    assert_eq!(open_sessions(&api).await, 1);
    let still_signed_in = send(&router, "GET", "/", &[("cookie", &cookie)], None).await;
    assert_eq!(still_signed_in.status, StatusCode::OK);

    let signed_out = send(
        &router,
        "POST",
        "/logga-ut",
        &[("cookie", &cookie), ("sec-fetch-site", "same-origin")],
        Some(&format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
    assert_eq!(signed_out.location.as_deref(), Some("/logga-in"));
    assert_eq!(open_sessions(&api).await, 0);
    let after = send(&router, "GET", "/", &[("cookie", &cookie)], None).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.location.as_deref(), Some("/logga-in"));
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused_and_starts_no_session() {
    let api = Api::new().await;
    let router = server(&api, WebSettings::default());
    let secret = named_token(&api, Role::Auditor, &[], "Rolf Revisor").await;

    for headers in [
        vec![("sec-fetch-site", "cross-site")],
        vec![
            ("origin", "https://evil.example"),
            ("host", "localhost:8080"),
        ],
    ] {
        let answer = send(
            &router,
            "POST",
            "/logga-in",
            &headers,
            Some(&format!("token={secret}&till=%2F")),
        )
        .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert_eq!(answer.set_cookie, None);
        assert!(
            answer
                .body
                .contains("<h1>Formuläret kom från en annan webbplats</h1>"),
            "{}",
            answer.body
        );
    }
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM web_sessions")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
}

#[tokio::test]
async fn an_expired_session_goes_back_to_signing_in_and_keeps_the_page_asked_for() {
    let api = Api::new().await;
    let router = server(
        &api,
        WebSettings {
            session_lifetime: Duration::from_secs(1),
            ..WebSettings::default()
        },
    );
    let secret = named_token(&api, Role::Auditor, &[], "Rolf Revisor").await;
    let cookie = signed_in(&router, &secret).await;
    let before = send(
        &router,
        "GET",
        "/?as_of=2024-06-30",
        &[("cookie", &cookie)],
        None,
    )
    .await;
    assert_eq!(before.status, StatusCode::OK);

    // The session's expiry is the database's clock plus its lifetime; waiting past it is the
    // only honest way to reach it.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let after = send(
        &router,
        "GET",
        "/?as_of=2024-06-30",
        &[("cookie", &cookie)],
        None,
    )
    .await;

    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(
        after.location.as_deref(),
        Some("/logga-in?till=%2F%3Fas_of%3D2024-06-30")
    );
}

#[tokio::test]
async fn the_api_keeps_its_problem_answers_beside_the_web_app() {
    let api = Api::new().await;
    let router = server(&api, WebSettings::default());

    let api_path = send(&router, "GET", "/api/v1/nothing-here", &[], None).await;
    let web_path = send(&router, "GET", "/nothing-here", &[], None).await;

    assert_eq!(api_path.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api_path.content_type.as_deref(),
        Some("application/problem+json")
    );
    let problem: Value = serde_json::from_str(&api_path.body).unwrap();
    assert_eq!(problem["type"], "urn:samverkan:problem:no-such-route");
    assert_eq!(web_path.status, StatusCode::NOT_FOUND);
    assert_eq!(
        web_path.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(web_path.body.contains("<html lang=\"sv\">"));
    assert!(web_path.body.contains("<h1>Sidan finns inte</h1>"));
}
