//! The application role, which the register connects as, cannot rewrite history: every way the
//! owner could (switching off the triggers, editing or removing rows, moving the head, dropping
//! the table) is refused to it for want of the privilege, and the log is unchanged after each.

use eventlog::{verify_chain, LogReader, PositionRange};
use register::database::{application_grants, RoleName, APPLICATION_ROLE};
use sqlx::PgPool;

use crate::support::fixtures::{append_events, read_all};
use crate::support::harness::TestDatabase;

/// Runs `statement` as the application role and returns PostgreSQL's SQLSTATE and message.
async fn refusal(pool: &PgPool, statement: &str) -> (String, String) {
    let error = sqlx::raw_sql(statement)
        .execute(pool)
        .await
        .expect_err(statement);
    let error = error.as_database_error().expect("a database error");
    (
        error
            .code()
            .map(|code| code.into_owned())
            .unwrap_or_default(),
        error.message().to_owned(),
    )
}

#[tokio::test]
async fn the_application_role_can_neither_switch_off_the_guards_nor_edit_remove_or_move_the_log() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 3).await;
    let before = read_all(&db.pool).await;
    let current_user: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(current_user, APPLICATION_ROLE);

    let must_own_events = "must be owner of table events";
    let must_own_head = "must be owner of table event_log_head";
    let no_access_to_events = "permission denied for table events";
    let no_access_to_head = "permission denied for table event_log_head";
    for (statement, message) in [
        ("ALTER TABLE events DISABLE TRIGGER ALL", must_own_events),
        ("ALTER TABLE events DISABLE TRIGGER events_append_to_chain", must_own_events),
        ("ALTER TABLE event_log_head DISABLE TRIGGER ALL", must_own_head),
        (
            "DROP TRIGGER events_reject_update_and_delete ON events",
            "must be owner of relation events",
        ),
        ("DROP TABLE events", must_own_events),
        ("ALTER TABLE events DROP CONSTRAINT events_position_unique", must_own_events),
        ("UPDATE events SET payload = '{}' WHERE position = 2", no_access_to_events),
        ("DELETE FROM events WHERE position = 2", no_access_to_events),
        ("TRUNCATE events", no_access_to_events),
        ("UPDATE event_log_head SET position = 7", no_access_to_head),
        ("DELETE FROM event_log_head", no_access_to_head),
        ("TRUNCATE event_log_head", no_access_to_head),
        (
            "SET session_replication_role = replica",
            "permission denied to set parameter \"session_replication_role\"",
        ),
        (
            "CREATE OR REPLACE FUNCTION events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
            "permission denied for schema public",
        ),
    ] {
        assert_eq!(
            refusal(&db.pool, statement).await,
            ("42501".to_owned(), message.to_owned()),
            "{statement}"
        );
    }
    assert_eq!(read_all(&db.pool).await, before);
    let verified = verify_chain(&LogReader::new(db.pool.clone()), PositionRange::default())
        .await
        .unwrap();
    assert_eq!(verified.events_checked, 3);
}

#[tokio::test]
async fn settings_or_a_temporary_head_set_by_the_caller_do_not_bend_the_chain() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 2).await;
    let mut connection = db.pool.acquire().await.unwrap();
    // A forged hand-over from the previous row, and a table that would shadow the head on a
    // search path that did not put pg_temp last.
    sqlx::raw_sql(
        "CREATE TEMPORARY TABLE event_log_head AS
             SELECT true AS singleton, 41::bigint AS position,
                    decode(repeat('ab', 32), 'hex') AS hash, now() AS recorded_at;
         SELECT set_config('samverkan.chain_position', '40', false),
                set_config('samverkan.chain_hash', repeat('cd', 32), false),
                set_config('samverkan.chain_recorded_at', '2000-01-01T00:00:00.000000', false);",
    )
    .execute(&mut *connection)
    .await
    .unwrap();
    sqlx::raw_sql(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         VALUES ('Cooperation', 'forged', 1, 'CooperationEstablished', '1', '{}', '{}')",
    )
    .execute(&mut *connection)
    .await
    .unwrap();
    // The session and its temporary table end here; readers that follow use sessions of their own.
    connection.close().await.unwrap();

    let events = read_all(&db.pool).await;
    assert_eq!(
        events
            .iter()
            .map(|event| event.position.get())
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let verified = verify_chain(&LogReader::new(db.pool.clone()), PositionRange::default())
        .await
        .unwrap();
    assert_eq!(verified.events_checked, 3);
    assert_eq!(verified.head_position.get(), 3);
    assert_eq!(verified.head_hash, events[2].hash);
}

#[tokio::test]
async fn the_printed_grants_are_those_the_register_runs_under_and_running_them_again_changes_nothing(
) {
    let db = TestDatabase::new().await;
    let privileges = |pool: PgPool| async move {
        sqlx::query_as::<_, (String, String)>(
            "SELECT table_name::text, string_agg(privilege_type, ',' ORDER BY privilege_type)
               FROM information_schema.role_table_grants
              WHERE grantee = $1 AND table_schema = 'public'
              GROUP BY table_name ORDER BY table_name",
        )
        .bind(APPLICATION_ROLE)
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let before = privileges(db.owner_pool.clone()).await;
    assert_eq!(
        before,
        [
            ("_sqlx_migrations", "SELECT"),
            ("api_token_uses", "INSERT,SELECT,UPDATE"),
            ("api_tokens", "INSERT,SELECT,UPDATE"),
            ("event_log_head", "SELECT"),
            ("events", "INSERT,SELECT"),
            ("idempotent_requests", "DELETE,INSERT,SELECT,UPDATE"),
            ("web_sessions", "INSERT,SELECT,UPDATE"),
        ]
        .map(|(table, privileges)| (table.to_owned(), privileges.to_owned()))
    );
    sqlx::raw_sql(&application_grants(&RoleName::application()))
        .execute(&db.owner_pool)
        .await
        .unwrap();
    assert_eq!(privileges(db.owner_pool.clone()).await, before);
}

#[tokio::test]
async fn read_models_built_by_the_owner_pass_to_the_application_role_with_the_grants() {
    let db = TestDatabase::new().await;
    sqlx::raw_sql(
        "CREATE SCHEMA read_example;
         CREATE TABLE read_example.rows (id bigserial PRIMARY KEY, name text);
         CREATE FUNCTION read_example.twice(value int) RETURNS int LANGUAGE sql AS 'SELECT value * 2';",
    )
    .execute(&db.owner_pool)
    .await
    .unwrap();
    sqlx::raw_sql(&application_grants(&RoleName::application()))
        .execute(&db.owner_pool)
        .await
        .unwrap();
    let owners: Vec<(String, String)> = sqlx::query_as(
        "SELECT 'schema', pg_get_userbyid(nspowner)::text FROM pg_namespace WHERE nspname = 'read_example'
         UNION ALL
         SELECT relname::text, pg_get_userbyid(relowner)::text FROM pg_class
          WHERE relnamespace = 'read_example'::regnamespace AND relkind IN ('r', 'S')
         UNION ALL
         SELECT proname::text, pg_get_userbyid(proowner)::text FROM pg_proc
          WHERE pronamespace = 'read_example'::regnamespace
         ORDER BY 1",
    )
    .fetch_all(&db.owner_pool)
    .await
    .unwrap();
    let app = APPLICATION_ROLE.to_owned();
    assert_eq!(
        owners,
        [
            ("rows".to_owned(), app.clone()),
            ("rows_id_seq".to_owned(), app.clone()),
            ("schema".to_owned(), app.clone()),
            ("twice".to_owned(), app.clone()),
        ]
    );
    // And the role can rebuild it, as a replay does.
    sqlx::raw_sql("DROP SCHEMA read_example CASCADE")
        .execute(&db.pool)
        .await
        .unwrap();
}
