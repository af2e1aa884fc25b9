//! Regional preferences: each user's time zone, date format and language
//! are stored apart from other users', kept with the theme, validated and
//! audited. On SQLite and PostgreSQL.

mod common;

use common::{add_account, principal_of};
use portico::domain::Role;
use portico::domain::regional::{DateFormat, Language, Regional};
use portico::service::ServiceError;
use portico::service::display::DisplayPreferences;
use portico::store::Store;

on_both_backends!(
    regional_preferences_are_stored_per_user_and_audited,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let bob = add_account(&portal, "bob", Some("Acme"), Role::Customer, true, 2).await;
        let alice = principal_of(&store, alice.id).await;
        let bob = principal_of(&store, bob.id).await;

        assert_eq!(
            portal.regional_preferences(&alice).await.expect("read"),
            Regional::default()
        );
        let theme = DisplayPreferences {
            theme: "light".to_string(),
            plain: true,
        };
        portal
            .save_display_preferences(&alice, &theme)
            .await
            .expect("save theme");

        let saved = portal
            .save_regional_preferences(
                &alice,
                " Europe/Zurich ",
                DateFormat::Dotted,
                Some(Language::French),
            )
            .await
            .expect("save");
        assert_eq!(saved.zone.name(), "Europe/Zurich");
        assert_eq!(
            portal.regional_preferences(&alice).await.expect("read"),
            saved
        );
        assert_eq!(
            portal
                .display_preferences(&alice)
                .await
                .expect("read theme"),
            theme,
            "the regional choices keep the theme"
        );
        assert_eq!(
            portal.regional_preferences(&bob).await.expect("read bob"),
            Regional::default()
        );

        // A user who never chose a theme gets the default one with them.
        portal
            .save_regional_preferences(
                &bob,
                "America/New_York",
                DateFormat::MonthSlash,
                Some(Language::English),
            )
            .await
            .expect("save bob");
        assert_eq!(
            portal.display_preferences(&bob).await.expect("bob theme"),
            DisplayPreferences::default()
        );

        let entries = portico::store::audit::list_own(store.pool(), &alice, 10)
            .await
            .expect("audit entries");
        let changes: Vec<&str> = entries
            .iter()
            .filter(|entry| entry.action == "regional-preferences-changed")
            .map(|entry| entry.detail.as_str())
            .collect();
        assert_eq!(
            changes,
            vec!["time zone Europe/Zurich, date format dotted, language fr"]
        );
    }
);

on_both_backends!(
    unknown_time_zone_is_rejected,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let alice = principal_of(&store, alice.id).await;

        for bad in ["Europe/Atlantis", "", "+02:00", "Europe/Zurich\u{1b}[2J"] {
            let error = portal
                .save_regional_preferences(&alice, bad, DateFormat::Iso, Some(Language::English))
                .await
                .expect_err("unknown zone accepted");
            let ServiceError::Invalid(message) = error else {
                panic!("{bad:?}: {error:?}");
            };
            assert!(message.contains("invalid time zone"), "{message}");
            assert!(message.contains("Europe/Zurich"), "{message}");
            assert!(!message.contains('\u{1b}'), "{message:?}");
        }
        assert_eq!(
            portal.regional_preferences(&alice).await.expect("read"),
            Regional::default()
        );
        assert!(
            !common::audit_actions(&store)
                .await
                .iter()
                .any(|action| action == "regional-preferences-changed")
        );
    }
);
