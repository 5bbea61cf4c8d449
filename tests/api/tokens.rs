//! `samverkan token create|list|revoke`, run as an administrator of the server would, and the
//! tokens it makes, used against the router.

use std::process::{Command, Output};

use api::{app, AppState, HttpSettings};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;
use uuid::Uuid;

use crate::support::fixtures::establish_body;
use crate::support::harness::TestDatabase;

fn samverkan(db: &TestDatabase, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(arguments)
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The id and secret `token create` printed.
fn created(output: &Output) -> (Uuid, String) {
    let stdout = text(&output.stdout);
    let id = stdout
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("token "))
        .and_then(|line| line.strip_suffix(" created"))
        .unwrap()
        .parse()
        .unwrap();
    let secret = stdout.lines().last().unwrap().to_owned();
    (id, secret)
}

/// POSTs a party with `secret` and returns the status.
async fn register_a_party(db: &TestDatabase, secret: &str) -> StatusCode {
    let router = app(AppState::new(db.pool.clone(), HttpSettings::default()));
    let request = Request::post("/api/v1/parties")
        .header("authorization", format!("Bearer {secret}"))
        .header("content-type", "application/json")
        .body(Body::from(r#"{"code":"2062","name":"Mora kommun"}"#))
        .unwrap();
    router.oneshot(request).await.unwrap().status()
}

#[tokio::test]
async fn a_token_is_created_shown_once_stored_hashed_listed_and_revoked() {
    let db = TestDatabase::new().await;

    let create = samverkan(
        &db,
        &[
            "token",
            "create",
            "--role",
            "administrator",
            "--name",
            "Anna Svensson",
        ],
    );
    assert_eq!(create.status.code(), Some(0), "{}", text(&create.stderr));
    let (id, secret) = created(&create);
    assert_eq!(
        text(&create.stdout),
        format!(
            "token {id} created\nname: Anna Svensson\nrole: administrator\nsecret (shown once; send it as `Authorization: Bearer <secret>`):\n{secret}\n"
        )
    );
    assert!(secret.starts_with("svk_") && secret.len() == 68, "{secret}");
    let stored: Vec<u8> = sqlx::query_scalar("SELECT secret_sha256 FROM api_tokens WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        hex::encode(stored),
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(secret.as_bytes()))
    );
    assert_eq!(register_a_party(&db, &secret).await, StatusCode::CREATED);

    let list = samverkan(&db, &["token", "list"]);
    let listed = text(&list.stdout);
    assert!(
        listed.starts_with(&format!("{id}\tadministrator\tAnna Svensson\t-\tcreated ")),
        "{listed}"
    );
    assert!(listed.trim_end().ends_with("\tlive"), "{listed}");
    assert!(!listed.contains(&secret));

    let revoke = samverkan(&db, &["token", "revoke", &id.to_string()]);
    assert_eq!(revoke.status.code(), Some(0), "{}", text(&revoke.stderr));
    assert_eq!(
        text(&revoke.stdout),
        format!("token {id} (Anna Svensson) is revoked\n")
    );
    assert_eq!(
        register_a_party(&db, &secret).await,
        StatusCode::UNAUTHORIZED
    );
    let listed = text(&samverkan(&db, &["token", "list"]).stdout);
    assert!(listed.contains("\trevoked "), "{listed}");

    let again = samverkan(&db, &["token", "revoke", &id.to_string()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains(&format!("token {id} was already revoked at ")),
        "{}",
        text(&again.stderr)
    );
}

#[tokio::test]
async fn a_secretary_token_is_scoped_to_bodies_that_exist() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let (body_id, _) = establish_body(&register, "Upphandlingsnämnden").await;
    let unknown = Uuid::new_v4();

    let without_body = samverkan(&db, &["token", "create", "--role", "secretary"]);
    let unknown_body = samverkan(
        &db,
        &[
            "token",
            "create",
            "--role",
            "secretary",
            "--body",
            &unknown.to_string(),
        ],
    );
    let auditor_with_body = samverkan(
        &db,
        &[
            "token",
            "create",
            "--role",
            "auditor",
            "--body",
            &body_id.to_string(),
        ],
    );
    let unknown_role = samverkan(&db, &["token", "create", "--role", "chair"]);
    let scoped = samverkan(
        &db,
        &[
            "token",
            "create",
            "--role",
            "secretary",
            "--body",
            &body_id.to_string(),
        ],
    );

    assert_eq!(without_body.status.code(), Some(2));
    assert!(text(&without_body.stderr).contains(
        "a secretary token needs at least one --body: secretaries write only for their bodies"
    ));
    assert_eq!(unknown_body.status.code(), Some(2));
    assert!(text(&unknown_body.stderr).contains(&format!(
        "--body {unknown}: there is no body {unknown} in the register"
    )));
    assert_eq!(auditor_with_body.status.code(), Some(2));
    assert!(text(&auditor_with_body.stderr)
        .contains("--body applies to secretaries only; an auditor is not scoped to bodies"));
    assert_ne!(unknown_role.status.code(), Some(0));
    assert!(text(&unknown_role.stderr)
        .contains("\"chair\" is not a role: use secretary, auditor or administrator"));
    assert_eq!(scoped.status.code(), Some(0), "{}", text(&scoped.stderr));
    assert!(text(&scoped.stdout).contains(&format!("\nbody: {body_id}\n")));
    let tokens: i64 = sqlx::query_scalar("SELECT count(*) FROM api_tokens")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(tokens, 1);
}

/// `--expires` gives a token its last day: it works until the midnight (UTC) that ends the day,
/// and not after. `token list` says when each token expires and when it was last used.
#[tokio::test]
async fn a_token_expires_after_its_last_day_and_the_list_says_when_it_was_last_used() {
    let db = TestDatabase::new().await;
    let past = samverkan(
        &db,
        &[
            "token",
            "create",
            "--role",
            "auditor",
            "--expires",
            "2020-01-31",
        ],
    );
    let create = samverkan(
        &db,
        &[
            "token",
            "create",
            "--role",
            "administrator",
            "--name",
            "Vikarie",
            "--expires",
            "2099-06-30",
        ],
    );
    assert_eq!(create.status.code(), Some(0), "{}", text(&create.stderr));
    let (id, secret) = created(&create);
    let unused = text(&samverkan(&db, &["token", "list"]).stdout);
    let first_use = register_a_party(&db, &secret).await;
    let used = text(&samverkan(&db, &["token", "list"]).stdout);
    // Its last day passes: the token is moved back in time, as if created two years ago.
    sqlx::query(
        "UPDATE api_tokens SET created_at = now() - interval '2 years',
                               expires_at = now() - interval '1 second'
          WHERE id = $1",
    )
    .bind(id)
    .execute(&db.pool)
    .await
    .unwrap();
    let after_expiry = register_a_party(&db, &secret).await;
    let expired = text(&samverkan(&db, &["token", "list"]).stdout);

    assert_eq!(past.status.code(), Some(2));
    assert_eq!(
        text(&past.stderr),
        "samverkan: --expires: 2020-02-01 00:00:00 UTC has passed; a token must expire in the future\n"
    );
    assert!(
        text(&create.stdout).contains("\nexpires: 2099-07-01T00:00:00+00:00\n"),
        "{}",
        text(&create.stdout)
    );
    assert!(
        unused.contains("\texpires 2099-07-01T00:00:00+00:00\tnever used\tlive"),
        "{unused}"
    );
    assert_eq!(first_use, StatusCode::CREATED);
    assert!(used.contains("\tlast used "), "{used}");
    assert!(used.trim_end().ends_with("\tlive"), "{used}");
    assert_eq!(after_expiry, StatusCode::UNAUTHORIZED);
    assert!(expired.trim_end().ends_with("\texpired"), "{expired}");
}
