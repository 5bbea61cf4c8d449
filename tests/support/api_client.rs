//! A client for the suites that drive the real router: every request goes through the whole
//! middleware stack (request ids, problem rendering, limits, authentication, idempotency) and
//! the handlers, against a test's own PostgreSQL database.

use api::reading::Clock;
use api::{app, AppState, HttpSettings};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use projections::ProjectionRunner;
use register::access::{Role, TokenStore};
use serde_json::Value;
use tower::ServiceExt;
use uuid::Uuid;

use crate::support::harness::TestDatabase;

/// The router of a test's own database, with the tokens the test made.
pub struct Api {
    pub db: TestDatabase,
    router: Router,
}

/// What the router answered.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as JSON, or `Value::Null` when it is empty or not JSON.
    pub body: Value,
}

impl Reply {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The receipt's position.
    pub fn position(&self) -> u64 {
        self.body["position"].as_u64().unwrap()
    }

    /// The receipt's id as a UUID.
    pub fn id(&self) -> Uuid {
        self.body["id"].as_str().unwrap().parse().unwrap()
    }

    /// The first (field, rule) of a problem.
    pub fn broken_rule(&self) -> (String, String) {
        let error = &self.body["errors"][0];
        (
            error["field"].as_str().unwrap().to_owned(),
            error["rule"].as_str().unwrap().to_owned(),
        )
    }
}

impl Api {
    pub async fn new() -> Api {
        Api::with_settings(HttpSettings::default()).await
    }

    pub async fn with_settings(settings: HttpSettings) -> Api {
        let db = TestDatabase::new().await;
        // The read models are built up front, as `serve` does, so reads answer from the start.
        ProjectionRunner::new(db.pool.clone())
            .prepare()
            .await
            .unwrap();
        let router = app(AppState::new(db.pool.clone(), settings));
        Api { db, router }
    }

    /// The secret of a new token.
    pub async fn token(&self, role: Role, bodies: &[Uuid]) -> String {
        TokenStore::new(self.db.pool.clone())
            .create(role, bodies, Some(&format!("{role} in a test")))
            .await
            .unwrap()
            .secret
    }

    /// How many events the log holds.
    pub async fn event_count(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM events")
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// Leaves the request under `key` as its attempt leaves it when its process dies between
    /// its write and the storing of its answer: no answer, and a lease that has run out.
    pub async fn lose_answer(&self, key: &str) {
        let lost = sqlx::query(
            "UPDATE idempotent_requests
                SET status = NULL, location = NULL, response_body = NULL, leased_until = now()
              WHERE key = $1 AND status IS NOT NULL",
        )
        .bind(key)
        .execute(&self.db.pool)
        .await
        .unwrap();
        assert_eq!(lost.rows_affected(), 1, "no answer was stored under {key}");
    }

    /// Applies every event recorded so far to every read model, as the server's runner does.
    pub async fn catch_up(&self) {
        ProjectionRunner::new(self.db.pool.clone())
            .catch_up_all()
            .await
            .unwrap();
    }

    pub async fn get(&self, path: &str, secret: Option<&str>) -> Reply {
        self.send("GET", path, secret, &[], None).await
    }

    pub async fn post(&self, path: &str, secret: Option<&str>, body: Value) -> Reply {
        self.send(
            "POST",
            path,
            secret,
            &[],
            Some(body.to_string().into_bytes()),
        )
        .await
    }

    /// POST with extra headers, such as `Idempotency-Key` or `If-Match`.
    pub async fn post_with(
        &self,
        path: &str,
        secret: Option<&str>,
        headers: &[(&str, &str)],
        body: Value,
    ) -> Reply {
        self.send(
            "POST",
            path,
            secret,
            headers,
            Some(body.to_string().into_bytes()),
        )
        .await
    }

    /// Any request, with a raw body sent as JSON.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        secret: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(secret) = secret {
            request = request.header("authorization", format!("Bearer {secret}"));
        }
        let typed = headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        if body.is_some() && !typed {
            request = request.header("content-type", "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(body.map(Body::from).unwrap_or_else(Body::empty))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }
}

impl Api {
    /// POST of a body that is not JSON, such as a CSV file, sent as `content_type`, with extra
    /// headers such as `Idempotency-Key`.
    pub async fn post_bytes(
        &self,
        path: &str,
        secret: Option<&str>,
        content_type: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Reply {
        let mut request = Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", content_type);
        if let Some(secret) = secret {
            request = request.header("authorization", format!("Bearer {secret}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        Reply {
            status,
            headers,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        }
    }
}

/// A secretary of one body, an auditor and an administrator.
pub struct Tokens {
    pub administrator: String,
    pub auditor: String,
}

impl Tokens {
    pub async fn new(api: &Api) -> Tokens {
        Tokens {
            administrator: api.token(Role::Administrator, &[]).await,
            auditor: api.token(Role::Auditor, &[]).await,
        }
    }
}

impl Api {
    /// The router over a database a suite has already filled, such as one of the register
    /// suites' set-ups that come with their own database.
    pub async fn on(db: TestDatabase, settings: HttpSettings) -> Api {
        ProjectionRunner::new(db.pool.clone())
            .prepare()
            .await
            .unwrap();
        let router = app(AppState::new(db.pool.clone(), settings));
        Api { db, router }
    }

    /// The same database behind a router whose clock always reads `day`, for the rules that
    /// turn on today.
    pub fn on_the_day(self, day: NaiveDate) -> Api {
        let router = app(AppState::new(self.db.pool.clone(), HttpSettings::default())
            .with_clock(Clock::fixed(day)));
        Api { router, ..self }
    }
}
