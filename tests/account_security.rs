//! Account security: password hashes, TOTP secrets at rest, replayed codes,
//! resets, login history and the audit chain, on SQLite and PostgreSQL.

mod common;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHasher as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use common::{Login, PASSWORD, TestServer, add_account, password_login};
use portico::auth::password::{self, StoredHash};
use portico::domain::Role;
use portico::store::{Store, users};

async fn stored_hash(store: &Store, id: i64) -> String {
    users::find_by_id(store.pool(), id)
        .await
        .expect("find account")
        .expect("account")
        .password_hash
        .expect("password hash")
}

async fn audit_actions(store: &Store) -> Vec<String> {
    sqlx::query_as::<_, (String,)>("SELECT action FROM audit_entries ORDER BY id")
        .fetch_all(store.pool())
        .await
        .expect("audit entries")
        .into_iter()
        .map(|(action,)| action)
        .collect()
}

on_both_backends!(
    weak_hash_upgraded_at_login,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;

        // A hash as an older release with 4 MiB and one pass made it.
        let params = Params::new(4096, 1, 1, None).unwrap();
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        users::set_password_hash(store.pool(), alice.id, &weak)
            .await
            .unwrap();
        assert_eq!(password::inspect(&weak), StoredHash::Weak);

        let (_wrong, refused) =
            password_login(server.address, "alice", "not the password at all", "000000").await;
        assert_eq!(refused, Login::Refused);
        assert_eq!(
            stored_hash(&store, alice.id).await,
            weak,
            "a failed login changes nothing"
        );

        let (_session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);

        let upgraded = stored_hash(&store, alice.id).await;
        assert_ne!(upgraded, weak);
        assert_eq!(
            password::inspect(&upgraded),
            StoredHash::Current,
            "{upgraded}"
        );
        assert!(
            upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{upgraded}"
        );
        assert!(password::verify_blocking(PASSWORD, &upgraded));
        assert!(
            audit_actions(&store)
                .await
                .contains(&"password-hash-upgraded".to_string()),
            "the upgrade is audited"
        );
    }
);

on_both_backends!(
    absurd_stored_hash_refused,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;
        let absurd = "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0cOQ3ZZhqT1bLJ0u6bRZKHNGmbUMGXE1dK5b9sGSQqU";
        users::set_password_hash(store.pool(), alice.id, absurd)
            .await
            .unwrap();

        let (_session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Refused);
        assert_eq!(stored_hash(&store, alice.id).await, absurd);
    }
);
