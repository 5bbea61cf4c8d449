//! The two database roles: the owner, who migrates, and the application role, which the service
//! connects as.
//!
//! The owner of `events` can disable its triggers and rewrite history; a service connected as the
//! owner could do the same. So every command that serves or writes connects as the application
//! role instead. It may read the log and insert into it (the owner's triggers give each row its
//! position, record time and hash), keep the tables of tokens, sessions and idempotent answers,
//! and create and rebuild the read models' schemas (`read_*`), which it owns. It owns nothing of
//! the log, so it cannot alter, disable or drop `events` or its triggers, update or delete a row,
//! truncate, or move the head by hand.
//!
//! [`application_grants`] is that list as SQL: `samverkan migrate --print-grants` prints it for a
//! server someone else runs, and [`ensure_application_role`] applies it where samverkan sets the
//! server up itself.

use sqlx::PgConnection;

use super::BootstrapError;

/// The application role samverkan creates on a server it sets up.
pub const APPLICATION_ROLE: &str = "samverkan_app";

/// A role name samverkan will write into SQL: lower-case letters, digits and underscores,
/// starting with a letter, as PostgreSQL folds an unquoted name. Quoting would allow more, but a
/// role name an operator types into `GRANT` by hand should need no quoting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleName(String);

/// Why a role name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("role name {given:?}: use 1 to 63 lower-case letters, digits and underscores, starting with a letter")]
pub struct InvalidRoleName {
    pub given: String,
}

impl RoleName {
    pub fn new(given: &str) -> Result<RoleName, InvalidRoleName> {
        let mut characters = given.chars();
        let starts_with_letter = characters.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_allowed =
            characters.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if starts_with_letter && rest_allowed && given.len() <= 63 {
            Ok(RoleName(given.to_owned()))
        } else {
            Err(InvalidRoleName {
                given: given.to_owned(),
            })
        }
    }

    pub fn application() -> RoleName {
        RoleName(APPLICATION_ROLE.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the application role may do in the register's database, as SQL the owner runs there
/// after migrating. Running it again changes nothing.
pub fn application_grants(role: &RoleName) -> String {
    let role = role.as_str();
    format!(
        "\
-- Samverkan: what the application role {role} may do in this database.
-- Run as the owner of the event log, in the register's database, after `samverkan migrate`.

-- The log: read and append. The owner's triggers give each row its position, record time and
-- hash, and move the head; the role may read the head and lock it, never update it.
GRANT SELECT, INSERT ON events TO {role};
GRANT SELECT ON event_log_head TO {role};
GRANT EXECUTE ON FUNCTION event_log_lock_head() TO {role};
-- Which migrations were applied, so that a server can tell whether the database is up to date.
GRANT SELECT ON _sqlx_migrations TO {role};

-- Access: tokens are created and revoked, never deleted; so are web sessions.
GRANT SELECT, INSERT, UPDATE ON api_tokens, api_token_uses, web_sessions TO {role};
-- Idempotent answers are kept, then forgotten when they expire.
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotent_requests TO {role};

-- The read models: each lives in a schema of its own (read_*), which the role creates,
-- rebuilds and swaps, and so owns.
DO $grant$
BEGIN
    EXECUTE format('GRANT CREATE ON DATABASE %I TO {role}', current_database());
END
$grant$;

-- Read models built by an earlier version, as the owner, pass to the role, so that it can
-- keep them up to date instead of building them again.
DO $reassign$
DECLARE
    found record;
BEGIN
    FOR found IN
        SELECT nspname FROM pg_namespace
         WHERE nspname LIKE 'read\\_%' AND nspowner <> '{role}'::regrole
    LOOP
        EXECUTE format('ALTER SCHEMA %I OWNER TO {role}', found.nspname);
    END LOOP;
    FOR found IN
        SELECT class.oid::regclass AS relation
          FROM pg_class class JOIN pg_namespace namespace ON namespace.oid = class.relnamespace
         WHERE namespace.nspname LIKE 'read\\_%' AND class.relkind IN ('r', 'p', 'v', 'm', 'S')
           AND class.relowner <> '{role}'::regrole
           -- A sequence owned by a column follows its table.
           AND NOT EXISTS (SELECT 1 FROM pg_depend depend
                            WHERE depend.objid = class.oid AND depend.deptype IN ('a', 'i')
                              AND class.relkind = 'S')
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO {role}', found.relation);
    END LOOP;
    FOR found IN
        SELECT routine.oid::regprocedure AS routine
          FROM pg_proc routine JOIN pg_namespace namespace ON namespace.oid = routine.pronamespace
         WHERE namespace.nspname LIKE 'read\\_%' AND routine.proowner <> '{role}'::regrole
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO {role}', found.routine);
    END LOOP;
END
$reassign$;
"
    )
}

/// What the application role may do on the server as a whole: log in, and create databases,
/// because an import rehearses its scenario in a scratch database of its own before it writes
/// to the register (a database it creates is its own, and gives it nothing over the register's).
const ROLE_ATTRIBUTES: &str = "LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS";

/// The statement that creates the application role.
pub fn create_role_statement(role: &RoleName) -> String {
    format!("CREATE ROLE {} {ROLE_ATTRIBUTES}", role.as_str())
}

/// Creates the application role if the server lacks it, then grants it what it needs in the
/// database `connection` is in. The connection must be the owner's, with the right to create
/// roles. Several processes may do this at once: a role created by another one meanwhile counts
/// as created.
pub async fn ensure_application_role(
    connection: &mut PgConnection,
    role: &RoleName,
) -> Result<(), BootstrapError> {
    let failed = |error| BootstrapError::ApplicationRole {
        role: role.as_str().to_owned(),
        error,
    };
    let attributes: Option<(bool, bool, bool, bool, bool, bool)> = sqlx::query_as(
        "SELECT rolcanlogin, rolcreatedb, rolsuper, rolcreaterole, rolreplication, rolbypassrls
           FROM pg_roles WHERE rolname = $1",
    )
    .bind(role.as_str())
    .fetch_optional(&mut *connection)
    .await
    .map_err(failed)?;
    match attributes {
        None => match sqlx::raw_sql(&create_role_statement(role))
            .execute(&mut *connection)
            .await
        {
            Ok(_) => tracing::info!(role = role.as_str(), "created the application role"),
            // 42710 duplicate_object, 23505 when two creations race on pg_authid's index.
            Err(sqlx::Error::Database(error))
                if matches!(error.code().as_deref(), Some("42710" | "23505")) => {}
            Err(error) => return Err(failed(error)),
        },
        // A role made by an earlier version, or by hand, gets the attributes the register needs
        // and no more. Only when they differ: altering a role is a write to a catalog every
        // database shares, which concurrent processes would collide on.
        Some(found) if found != (true, true, false, false, false, false) => {
            sqlx::raw_sql(&format!("ALTER ROLE {} {ROLE_ATTRIBUTES}", role.as_str()))
                .execute(&mut *connection)
                .await
                .map_err(failed)?;
        }
        Some(_) => {}
    }
    // Grants in one database by several processes at once can collide on the catalog row they
    // update ("tuple concurrently updated"); a transaction-scoped advisory lock orders them.
    let grants = format!(
        "BEGIN; SELECT pg_advisory_xact_lock(hashtext('samverkan application grants')); {} COMMIT;",
        application_grants(role)
    );
    sqlx::raw_sql(&grants)
        .execute(&mut *connection)
        .await
        .map_err(failed)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_name_is_one_that_needs_no_quoting() {
        assert_eq!(
            RoleName::new("samverkan_app").map(|r| r.0),
            Ok("samverkan_app".to_owned())
        );
        for refused in [
            "",
            "1app",
            "App",
            "app-role",
            "app\"; DROP ROLE x; --",
            &"a".repeat(64),
        ] {
            assert_eq!(
                RoleName::new(refused),
                Err(InvalidRoleName {
                    given: refused.to_owned()
                })
            );
        }
    }
}
