//! The ORM session's identity map and unit of work, on every database, each behaviour
//! checked by the statements it sends (counted through `Engine::on_statement`). Written
//! once (`#[dual]`), run on `Session` and on `AsyncSession`.

#[macro_use]
mod common;

#[retort_dual::dual]
mod cases {
    use crate::common::statements::{Statements, is_transaction_control};
    use blog_models::posts::{self, NewPost, Posts};
    use blog_models::users::{self, NewUser, Users};
    use retort::prelude::*;
    use retort::{ConstraintKind, SessionOptions, select};

    /// Users 1 Ada and 2 Grace; posts 1 "Rust" and 2 "Git" by Ada.
    pub async fn seeded(db: &TestDb) -> Statements {
        blog_models::metadata()
            .create_all(db.engine())
            .await
            .unwrap();
        let mut conn = db.connection().await;
        for name in ["Ada", "Grace"] {
            conn.insert(NewUser {
                name: name.into(),
                email: None,
                created_at: None,
            })
            .await
            .unwrap();
        }
        for title in ["Rust", "Git"] {
            conn.insert(NewPost {
                user_id: 1,
                reviewer_id: None,
                status: None,
                title: title.into(),
                body: None,
            })
            .await
            .unwrap();
        }
        Statements::record(db.engine())
    }

    pub async fn the_same_key_is_the_same_object_and_read_once(db: &TestDb) {
        let statements = seeded(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let ada = session.get::<Users>(1i64).await.unwrap().expect("Ada");
        assert_eq!(statements.count(), 1, "one SELECT");
        let again = session.get::<Users>(1i64).await.unwrap().unwrap();
        assert!(again.is(&ada));
        assert_eq!(statements.count(), 0, "from the identity map");
        assert!(session.get::<Users>(99i64).await.unwrap().is_none());

        // A query's rows are merged: Ada is the object already loaded, not a copy.
        let everyone = session
            .query(Users)
            .order_by(users::ID.asc())
            .all()
            .await
            .unwrap();
        assert_eq!(everyone.len(), 2);
        assert!(everyone[0].is(&ada));
        assert_eq!(everyone[1].read().name, "Grace");
        // And the second one is now known too.
        let grace = session.get::<Users>(2i64).await.unwrap().unwrap();
        assert!(grace.is(&everyone[1]));
        statements.take();
    }

    pub async fn a_change_is_one_update_of_the_changed_columns(db: &TestDb) {
        let statements = seeded(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let rust = session.get::<Posts>(1i64).await.unwrap().unwrap();
        let git = session.get::<Posts>(2i64).await.unwrap().unwrap();
        statements.take();

        // Unchanged objects send nothing.
        session.flush().await.unwrap();
        assert!(statements.take().is_empty());

        rust.write().title = "Rust 2024".into();
        session.flush().await.unwrap();
        let sent: Vec<String> = statements
            .take()
            .into_iter()
            .filter(|sql| !is_transaction_control(sql))
            .collect();
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert!(sent[0].starts_with("UPDATE"), "{sent:?}");
        assert!(
            sent[0].contains("title") && !sent[0].contains("body"),
            "{sent:?}"
        );

        // Flushed: nothing more to write; the other post was never written.
        session.commit().await.unwrap();
        assert_eq!(statements.count(), 0);
        let mut conn = db.connection().await;
        let titles: Vec<String> = conn
            .all(select(posts::TITLE).from(Posts).order_by(posts::ID.asc()))
            .await
            .unwrap();
        assert_eq!(titles, ["Rust 2024", "Git"]);
        assert_eq!(git.read().title, "Git");
    }

    pub async fn autoflush_lets_a_query_see_pending_changes(db: &TestDb) {
        let statements = seeded(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let grace = session.get::<Users>(2i64).await.unwrap().unwrap();
        grace.write().name = "Grace Hopper".into();
        let found = session
            .query(Users)
            .filter(users::NAME.eq("Grace Hopper"))
            .all()
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        assert!(found[0].is(&grace));
        statements.take();

        // Without autoflush the query reads what the database has.
        let mut session =
            Session::with_options(db.engine(), SessionOptions::new().autoflush(false))
                .await
                .unwrap();
        let ada = session.get::<Users>(1i64).await.unwrap().unwrap();
        ada.write().name = "Ada Lovelace".into();
        let found = session
            .query(Users)
            .filter(users::NAME.eq("Ada Lovelace"))
            .all()
            .await
            .unwrap();
        assert!(found.is_empty());
        // A query keeps the unflushed change of an object it reads again.
        let all = session.query(Users).all().await.unwrap();
        assert!(
            all.iter()
                .any(|u| u.is(&ada) && u.read().name == "Ada Lovelace")
        );
    }

    pub async fn rollback_puts_objects_back_as_the_database_has_them(db: &TestDb) {
        seeded(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let ada = session.get::<Users>(1i64).await.unwrap().unwrap();
        ada.write().name = "Someone else".into();
        session.flush().await.unwrap();
        // Read again in the transaction: the flushed name, still the same object.
        let read = session
            .query(Users)
            .filter(users::ID.eq(1))
            .one()
            .await
            .unwrap();
        assert!(read.is(&ada));
        assert_eq!(read.read().name, "Someone else");
        session.rollback().await.unwrap();
        assert_eq!(ada.read().name, "Ada");
        let name: String = db
            .connection()
            .await
            .one(select(users::NAME).from(Users).filter(users::ID.eq(1)))
            .await
            .unwrap();
        assert_eq!(name, "Ada");
        // The session goes on.
        ada.write().name = "Ada L.".into();
        session.commit().await.unwrap();
        let name: String = db
            .connection()
            .await
            .one(select(users::NAME).from(Users).filter(users::ID.eq(1)))
            .await
            .unwrap();
        assert_eq!(name, "Ada L.");
    }

    pub async fn a_failed_flush_rolls_back_and_the_session_stays_usable(db: &TestDb) {
        seeded(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let ada = session.get::<Users>(1i64).await.unwrap().unwrap();
        let grace = session.get::<Users>(2i64).await.unwrap().unwrap();
        ada.write().email = Some("same@example.com".into());
        grace.write().email = Some("same@example.com".into());
        let error = session.commit().await.unwrap_err();
        // The error names the object and the constraint.
        assert_eq!(
            error.constraint_kind(),
            Some(ConstraintKind::Unique),
            "{error:?}"
        );
        match &error {
            retort::Error::Flush {
                operation,
                table,
                object,
                ..
            } => {
                assert_eq!((*operation, table.as_str()), ("UPDATE", "users"));
                assert!(object == "(id = 1)" || object == "(id = 2)", "{object}");
            }
            other => panic!("expected a flush error, got {other:?}"),
        }
        // Both are back as the database has them, and the session works.
        assert_eq!(ada.read().email, None);
        assert_eq!(grace.read().email, None);
        grace.write().email = Some("grace@example.com".into());
        session.commit().await.unwrap();
        let emails: Vec<Option<String>> = db
            .connection()
            .await
            .all(select(users::EMAIL).from(Users).order_by(users::ID.asc()))
            .await
            .unwrap();
        assert_eq!(emails, [None, Some("grace@example.com".to_owned())]);
    }

    pub async fn delete_sends_a_delete_at_flush(db: &TestDb) {
        let statements = seeded(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let git = session.get::<Posts>(2i64).await.unwrap().unwrap();
        statements.take();
        session.delete(&git).unwrap();
        session.delete(&git).unwrap();
        assert_eq!(statements.count(), 0, "nothing before the flush");
        session.commit().await.unwrap();
        let sent: Vec<String> = statements
            .take()
            .into_iter()
            .filter(|sql| !is_transaction_control(sql))
            .collect();
        // The post's comments (the `delete` cascade of `posts.comments`: read, to delete each
        // through the session), its association rows, then the post.
        assert_eq!(sent.len(), 3, "{sent:?}");
        assert!(
            sent[0].starts_with("SELECT") && sent[0].contains("comments"),
            "{sent:?}"
        );
        assert!(
            sent[1].starts_with("DELETE FROM") && sent[1].contains("post_tags"),
            "{sent:?}"
        );
        assert!(
            sent[2].starts_with("DELETE FROM") && sent[2].contains("posts"),
            "{sent:?}"
        );
        assert!(session.get::<Posts>(2i64).await.unwrap().is_none());
        assert_eq!(count_rows(&mut db.connection().await, "posts").await, 1);

        // Deleted, it is no longer the session's: deleting it again is an error, as is
        // deleting an object read through another session. Nothing is sent.
        let error = session.delete(&git).unwrap_err();
        assert!(
            matches!(
                &error,
                retort::Error::NotInSession { table: "posts", object } if object == "(id = 2)"
            ),
            "{error}"
        );
        let mut other = Session::new(db.engine()).await.unwrap();
        let rust_elsewhere = other.get::<Posts>(1i64).await.unwrap().unwrap();
        statements.take();
        assert!(matches!(
            session.delete(&rust_elsewhere),
            Err(retort::Error::NotInSession { .. })
        ));
        session.flush().await.unwrap();
        assert_eq!(statements.count(), 0);
        drop(other);
        assert_eq!(count_rows(&mut db.connection().await, "posts").await, 1);
    }

    pub async fn a_changed_primary_key_moves_the_object(db: &TestDb) {
        let statements = seeded(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        // Grace has no posts: her key can change without a foreign key in the way.
        let grace = session.get::<Users>(2i64).await.unwrap().unwrap();
        grace.write().id = 20;
        statements.take();
        session.flush().await.unwrap();
        let sent: Vec<String> = statements
            .take()
            .into_iter()
            .filter(|sql| !is_transaction_control(sql))
            .collect();
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert!(sent[0].starts_with("UPDATE"), "{sent:?}");
        // Filed under the new key: the same object, no statement; the old key is gone.
        assert!(
            session
                .get::<Users>(20i64)
                .await
                .unwrap()
                .unwrap()
                .is(&grace)
        );
        assert_eq!(statements.count(), 0);
        assert!(session.get::<Users>(2i64).await.unwrap().is_none());
        // Deleting it finds it under its new key.
        session.delete(&grace).unwrap();
        session.flush().await.unwrap();
        assert!(session.get::<Users>(20i64).await.unwrap().is_none());

        // A rollback moves it back with its key; deleted in the rolled-back transaction, it
        // is read again (one SELECT) when next asked for, and is still the same object.
        session.rollback().await.unwrap();
        assert_eq!(grace.read().id, 2);
        statements.take();
        assert!(
            session
                .get::<Users>(2i64)
                .await
                .unwrap()
                .unwrap()
                .is(&grace)
        );
        let sent: Vec<String> = statements
            .take()
            .into_iter()
            .filter(|sql| !is_transaction_control(sql))
            .collect();
        assert!(sent.len() == 1 && sent[0].starts_with("SELECT"), "{sent:?}");
        assert_eq!(grace.read().name, "Grace");
    }

    pub async fn commit_expires_objects_which_keep_their_identity(db: &TestDb) {
        let statements = seeded(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let ada = session.get::<Users>(1i64).await.unwrap().unwrap();
        session.commit().await.unwrap();
        // Changed by someone else after the commit.
        db.connection()
            .await
            .execute(
                Users
                    .update()
                    .set(users::NAME, "Ada (edited)")
                    .filter(users::ID.eq(1)),
            )
            .await
            .unwrap();
        statements.take();
        let again = session.get::<Users>(1i64).await.unwrap().unwrap();
        assert_eq!(statements.count(), 1, "read again after the commit");
        assert!(again.is(&ada));
        assert_eq!(ada.read().name, "Ada (edited)");

        // Without expire-on-commit, the object is served as it was.
        let mut session =
            Session::with_options(db.engine(), SessionOptions::new().expire_on_commit(false))
                .await
                .unwrap();
        let ada = session.get::<Users>(1i64).await.unwrap().unwrap();
        session.commit().await.unwrap();
        statements.take();
        let again = session.get::<Users>(1i64).await.unwrap().unwrap();
        assert_eq!(statements.count(), 0);
        assert!(again.is(&ada));
    }

    pub async fn dropping_a_session_rolls_back(db: &TestDb) {
        seeded(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let ada = session.get::<Users>(1i64).await.unwrap().unwrap();
        ada.write().name = "Not kept".into();
        session.flush().await.unwrap();
        drop(session);
        let name: String = db
            .connection()
            .await
            .one(select(users::NAME).from(Users).filter(users::ID.eq(1)))
            .await
            .unwrap();
        assert_eq!(name, "Ada");
    }

    pub async fn close_rolls_back_before_it_returns(db: &TestDb) {
        let statements = seeded(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let ada = session.get::<Users>(1i64).await.unwrap().unwrap();
        ada.write().name = "Not kept".into();
        session.flush().await.unwrap();
        statements.take();
        session.close().await.unwrap();
        // Done when close returns, not left to a task the runtime runs later.
        assert_eq!(statements.take(), ["ROLLBACK"]);
        let name: String = db
            .connection()
            .await
            .one(select(users::NAME).from(Users).filter(users::ID.eq(1)))
            .await
            .unwrap();
        assert_eq!(name, "Ada");
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    the_same_key_is_the_same_object_and_read_once,
    a_change_is_one_update_of_the_changed_columns,
    autoflush_lets_a_query_see_pending_changes,
    rollback_puts_objects_back_as_the_database_has_them,
    a_failed_flush_rolls_back_and_the_session_stays_usable,
    delete_sends_a_delete_at_flush,
    a_changed_primary_key_moves_the_object,
    commit_expires_objects_which_keep_their_identity,
    dropping_a_session_rolls_back,
    close_rolls_back_before_it_returns,
);
