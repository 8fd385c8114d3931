//! The ORM's unit of work for new objects and relationships, its loading strategies and
//! its cascades, on every database, each checked by the statements the session sends.

#[macro_use]
mod common;

#[retort_dual::dual]
mod cases {
    use crate::common::statements::{Statements, is_transaction_control};
    use blog_models::comments::{self, Comments, NewComment};
    use blog_models::posts::{self, NewPost, Posts};
    use blog_models::tags::{self, NewTag};
    use blog_models::users::{self, NewUser, Users};
    use retort::{Dialect, SessionOptions, joined, raise, select, selectin};

    pub fn user(name: &str) -> NewUser {
        NewUser {
            name: name.into(),
            email: None,
            created_at: None,
        }
    }

    pub fn post(user_id: i64, title: &str) -> NewPost {
        NewPost {
            user_id,
            reviewer_id: None,
            status: None,
            title: title.into(),
            body: None,
        }
    }

    pub fn comment(post_id: i64, author_id: i64, body: &str) -> NewComment {
        NewComment {
            post_id,
            parent_id: None,
            author_id,
            body: body.into(),
        }
    }

    /// The blog's tables, empty; the statements from now on.
    pub async fn empty(db: &TestDb) -> Statements {
        blog_models::metadata()
            .create_all(db.engine())
            .await
            .unwrap();
        Statements::record(db.engine())
    }

    /// `users` users, each with `posts` posts, each with `comments` comments (by their post's
    /// author); tags `a` and `b` on every post.
    pub async fn seeded(db: &TestDb, users: usize, posts: usize, comments: usize) -> Statements {
        blog_models::metadata()
            .create_all(db.engine())
            .await
            .unwrap();
        let mut conn = db.connection().await;
        let tag_a = conn.insert(NewTag { name: "a".into() }).await.unwrap();
        let tag_b = conn.insert(NewTag { name: "b".into() }).await.unwrap();
        let mut new_users = Vec::new();
        for u in 0..users {
            new_users.push(user(&format!("user {u}")));
        }
        let user_ids = conn.insert_many_keys(new_users).await.unwrap();
        let mut new_posts = Vec::new();
        for (u, id) in user_ids.iter().enumerate() {
            for p in 0..posts {
                new_posts.push(post(*id, &format!("post {u}.{p}")));
            }
        }
        let post_ids = conn.insert_many_keys(new_posts).await.unwrap();
        let mut new_comments = Vec::new();
        let mut links = Vec::new();
        for (p, id) in post_ids.iter().enumerate() {
            let author = user_ids[p / posts.max(1)];
            for c in 0..comments {
                new_comments.push(comment(*id, author, &format!("comment {p}.{c}")));
            }
            for tag in [tag_a, tag_b] {
                links.push(blog_models::post_tags::NewPostTag {
                    post_id: *id,
                    tag_id: tag,
                });
            }
        }
        conn.insert_many(new_comments).await.unwrap();
        conn.insert_many(links).await.unwrap();
        Statements::record(db.engine())
    }

    /// The statements sent since the last call, without transaction control.
    pub fn sent(statements: &Statements) -> Vec<String> {
        statements
            .take()
            .into_iter()
            .filter(|sql| !is_transaction_control(sql))
            .collect()
    }

    /// The statements an insert through a session sends: MySQL, without `RETURNING`, reads
    /// the row back by its key.
    pub async fn per_insert(db: &TestDb) -> usize {
        if db.dialect() == Dialect::Mysql { 2 } else { 1 }
    }

    pub async fn new_objects_are_inserted_parents_first_with_their_keys(db: &TestDb) {
        let statements = empty(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        // Added children first: the flush still inserts the user, then the post, then the
        // comment, then the association row.
        let reply = session.add(comment(0, 0, "Nice"));
        let rust = session.add(post(0, "Rust"));
        let ada = session.add(user("Ada"));
        let tag = session.add(NewTag {
            name: "rust".into(),
        });
        session
            .add_related(&rust, posts::rel::COMMENTS, &reply)
            .unwrap();
        session
            .set_related(&reply, comments::rel::AUTHOR, &ada)
            .unwrap();
        session
            .set_related(&rust, posts::rel::AUTHOR, &ada)
            .unwrap();
        session.add_related(&rust, posts::rel::TAGS, &tag).unwrap();
        assert!(ada.object().is_none());
        assert_eq!(statements.count(), 0, "nothing before the flush");

        session.flush().await.unwrap();
        let sent = sent(&statements);
        let inserts: Vec<&str> = sent
            .iter()
            .filter(|sql| sql.starts_with("INSERT"))
            .map(|sql| sql.split(['"', '`']).nth(1).unwrap_or_default())
            .collect();
        assert_eq!(
            inserts,
            ["users", "posts", "comments", "tags", "post_tags"],
            "{sent:?}"
        );
        assert_eq!(sent.len(), 4 * per_insert(db).await + 1, "{sent:?}");

        // Generated keys, written back into the objects and the foreign keys.
        let ada = ada.object().expect("inserted");
        let rust = rust.object().expect("inserted");
        let reply = reply.object().expect("inserted");
        assert_eq!(rust.read().user_id, ada.read().id);
        assert_eq!(reply.read().post_id, rust.read().id);
        assert_eq!(reply.read().author_id, ada.read().id);
        // Tracked like objects read: `get` needs no statement, defaults were read back.
        let key = ada.read().id;
        assert!(session.get::<Users>(key).await.unwrap().unwrap().is(&ada));
        assert_eq!(rust.read().status, blog_models::PostStatus::Draft);
        assert_eq!(statements.count(), 0);
        session.commit().await.unwrap();
        let mut conn = db.connection().await;
        assert_eq!(count_rows(&mut conn, "post_tags").await, 1);
        let authors: Vec<i64> = conn
            .all(select(comments::AUTHOR_ID).from(Comments))
            .await
            .unwrap();
        assert_eq!(authors, [ada.read().id]);
    }

    pub async fn a_rollback_forgets_new_objects(db: &TestDb) {
        empty(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let ada = session.add(user("Ada"));
        session.flush().await.unwrap();
        let id = ada.object().unwrap().read().id;
        session.rollback().await.unwrap();
        assert!(ada.object().is_none(), "its insert was undone");
        assert!(session.get::<Users>(id).await.unwrap().is_none());
        // Not inserted again by a later flush.
        session.commit().await.unwrap();
        assert_eq!(count_rows(&mut db.connection().await, "users").await, 0);
    }

    pub async fn a_failed_insert_names_the_object(db: &TestDb) {
        empty(db).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let mut first = user("Ada");
        first.email = Some("ada@example.com".into());
        let mut second = user("Also Ada");
        second.email = Some("ada@example.com".into());
        session.add(first);
        session.add(second);
        let error = session.flush().await.unwrap_err();
        assert_eq!(
            error.constraint_kind(),
            Some(retort::ConstraintKind::Unique)
        );
        match &error {
            retort::Error::Flush {
                operation,
                table,
                object,
                ..
            } => {
                assert_eq!((*operation, table.as_str()), ("INSERT", "users"));
                assert!(object.contains("'Also Ada'"), "{object}");
            }
            other => panic!("expected a flush error, got {other:?}"),
        }
        // Rolled back, the session goes on.
        session.add(user("Grace"));
        session.commit().await.unwrap();
        assert_eq!(count_rows(&mut db.connection().await, "users").await, 1);
    }

    pub async fn setting_a_many_to_one_sets_the_foreign_key(db: &TestDb) {
        let statements = seeded(db, 2, 1, 0).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let post = session.get::<Posts>(1i64).await.unwrap().unwrap();
        let grace = session.get::<Users>(2i64).await.unwrap().unwrap();
        statements.take();
        session
            .set_related(&post, posts::rel::REVIEWER, &grace)
            .unwrap();
        assert_eq!(post.read().reviewer_id, Some(2));
        session.flush().await.unwrap();
        let sent = sent(&statements);
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert!(
            sent[0].starts_with("UPDATE") && sent[0].contains("reviewer_id"),
            "{sent:?}"
        );
        // The loaded relationship follows.
        let reviewer = session
            .load(&post, posts::rel::REVIEWER)
            .await
            .unwrap()
            .unwrap();
        assert!(reviewer.is(&grace), "from the identity map");
        assert_eq!(statements.count(), 0);
        session
            .clear_related(&post, posts::rel::REVIEWER)
            .await
            .unwrap();
        assert!(
            session
                .load(&post, posts::rel::REVIEWER)
                .await
                .unwrap()
                .is_none()
        );
        session.commit().await.unwrap();
    }

    pub async fn many_to_many_add_and_remove_write_association_rows(db: &TestDb) {
        let statements = seeded(db, 1, 1, 0).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let post = session.get::<Posts>(1i64).await.unwrap().unwrap();
        let tags = session.load(&post, posts::rel::TAGS).await.unwrap();
        assert_eq!(tags.len(), 2);
        statements.take();
        session
            .remove_related(&post, posts::rel::TAGS, &tags[0])
            .unwrap();
        let new_tag = session.add(NewTag { name: "c".into() });
        session
            .add_related(&post, posts::rel::TAGS, &new_tag)
            .unwrap();
        session.flush().await.unwrap();
        let sent = sent(&statements);
        // INSERT tags (and MySQL's read-back), DELETE the association row, INSERT one.
        assert_eq!(sent.len(), per_insert(db).await + 2, "{sent:?}");
        assert!(
            sent.iter()
                .any(|sql| sql.starts_with("DELETE FROM") && sql.contains("post_tags"))
        );
        assert!(
            sent.last().unwrap().starts_with("INSERT")
                && sent.last().unwrap().contains("post_tags")
        );
        // Loaded again (the flush wrote `post_tags`): "b" and "c".
        let names: Vec<String> = session
            .load(&post, posts::rel::TAGS)
            .await
            .unwrap()
            .iter()
            .map(|tag| tag.read().name.clone())
            .collect();
        assert_eq!(names, ["b", "c"]);
        // From the other side too.
        let tag_c = new_tag.object().unwrap();
        let posts_of_c = session.load(&tag_c, tags::rel::POSTS).await.unwrap();
        assert!(posts_of_c.len() == 1 && posts_of_c[0].is(&post));
        session.commit().await.unwrap();
        assert_eq!(count_rows(&mut db.connection().await, "post_tags").await, 2);
    }

    pub async fn many_to_many_changes_that_undo_each_other_cancel(db: &TestDb) {
        let statements = seeded(db, 1, 1, 0).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        // A new tag added and removed again writes no association row (only the tag); one
        // added twice, from either side, is one row.
        let post = session.get::<Posts>(1i64).await.unwrap().unwrap();
        let tag_a = session
            .get::<blog_models::tags::Tags>(1)
            .await
            .unwrap()
            .unwrap();
        let tag_b = session
            .get::<blog_models::tags::Tags>(2)
            .await
            .unwrap()
            .unwrap();
        let tag_d = session.add(NewTag { name: "d".into() });
        session
            .add_related(&post, posts::rel::TAGS, &tag_d)
            .unwrap();
        session
            .remove_related(&post, posts::rel::TAGS, &tag_d)
            .unwrap();
        let tag_e = session.add(NewTag { name: "e".into() });
        session
            .add_related(&post, posts::rel::TAGS, &tag_e)
            .unwrap();
        session
            .add_related(&tag_e, tags::rel::POSTS, &post)
            .unwrap();
        // A stored row removed and added back is left alone.
        session
            .remove_related(&post, posts::rel::TAGS, &tag_b)
            .unwrap();
        session
            .add_related(&post, posts::rel::TAGS, &tag_b)
            .unwrap();
        // Removed, added back and removed again: one DELETE.
        for _ in 0..2 {
            session
                .remove_related(&post, posts::rel::TAGS, &tag_a)
                .unwrap();
            session
                .add_related(&tag_a, tags::rel::POSTS, &post)
                .unwrap();
        }
        session
            .remove_related(&tag_a, tags::rel::POSTS, &post)
            .unwrap();
        statements.take();
        session.flush().await.unwrap();
        let sent = sent(&statements);
        let association_rows: Vec<&String> = sent
            .iter()
            .filter(|sql| sql.contains("post_tags"))
            .collect();
        // The DELETE of (post 1, tag a) and the INSERT of (post 1, tag e).
        assert_eq!(association_rows.len(), 2, "{sent:?}");
        assert!(
            association_rows
                .iter()
                .filter(|sql| sql.starts_with("DELETE"))
                .count()
                == 1,
            "{sent:?}"
        );
        // The two tags' INSERTs (and MySQL's read-backs) and the two association rows.
        assert_eq!(sent.len(), 2 * per_insert(db).await + 2, "{sent:?}");
        session.commit().await.unwrap();
        let names: Vec<String> = session
            .load(&post, posts::rel::TAGS)
            .await
            .unwrap()
            .iter()
            .map(|tag| tag.read().name.clone())
            .collect();
        assert_eq!(names, ["b", "e"]);
    }

    pub async fn lazy_loading_is_one_statement_per_object(db: &TestDb) {
        let statements = seeded(db, 3, 2, 1).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let users = session
            .query(Users)
            .order_by(users::ID.asc())
            .all()
            .await
            .unwrap();
        for user in &users {
            let posts = session.load(user, users::rel::POSTS).await.unwrap();
            assert_eq!(posts.len(), 2);
            // In key order, each the session's one object.
            assert!(posts[0].read().id < posts[1].read().id);
            let key = posts[0].read().id;
            assert!(
                session
                    .get::<Posts>(key)
                    .await
                    .unwrap()
                    .unwrap()
                    .is(&posts[0])
            );
        }
        assert_eq!(statements.count(), 1 + 3, "1 + N");
        // Loaded now: asking again sends nothing, and `loaded` never does.
        session.load(&users[0], users::rel::POSTS).await.unwrap();
        assert_eq!(
            session.loaded(&users[1], users::rel::POSTS).unwrap().len(),
            2
        );
        assert!(matches!(
            session.loaded(&users[1], users::rel::COMMENTS),
            Err(retort::Error::NotLoaded { .. })
        ));
        assert_eq!(statements.count(), 0);
        // A many-to-one whose target the session has needs no statement.
        let post = session.get::<Posts>(1i64).await.unwrap().unwrap();
        let author = session
            .load(&post, posts::rel::AUTHOR)
            .await
            .unwrap()
            .unwrap();
        assert!(author.is(&users[0]));
        assert_eq!(statements.count(), 0);
    }

    pub async fn select_in_loading_is_one_statement_per_relationship(db: &TestDb) {
        let statements = seeded(db, 3, 2, 2).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let users = session
            .query(Users)
            .options(selectin(users::rel::POSTS).then(selectin(posts::rel::COMMENTS)))
            .options(selectin(users::rel::POSTS).then(selectin(posts::rel::TAGS)))
            .order_by(users::ID.asc())
            .all()
            .await
            .unwrap();
        let sent = sent(&statements);
        assert_eq!(sent.len(), 4, "users, posts, comments, tags: {sent:?}");
        assert!(sent[1].contains(" IN ("), "{}", sent[1]);
        for user in &users {
            for post in session.load(user, users::rel::POSTS).await.unwrap() {
                assert_eq!(
                    session
                        .load(&post, posts::rel::COMMENTS)
                        .await
                        .unwrap()
                        .len(),
                    2
                );
                let tags = session.load(&post, posts::rel::TAGS).await.unwrap();
                let names: Vec<String> = tags.iter().map(|t| t.read().name.clone()).collect();
                assert_eq!(names, ["a", "b"]);
            }
        }
        // Tags are shared between posts: one object per tag.
        let first = session.load(&users[0], users::rel::POSTS).await.unwrap();
        let tags_0 = session.load(&first[0], posts::rel::TAGS).await.unwrap();
        let tags_1 = session.load(&first[1], posts::rel::TAGS).await.unwrap();
        assert!(tags_0[0].is(&tags_1[0]));
        assert_eq!(statements.count(), 0);

        // Many-to-one, from the other side: one statement for every distinct author.
        let mut session = Session::new(db.engine()).await.unwrap();
        let posts = session
            .query(Posts)
            .options(selectin(posts::rel::AUTHOR))
            .all()
            .await
            .unwrap();
        assert_eq!(statements.count(), 2);
        for post in &posts {
            let author = session
                .load(post, posts::rel::AUTHOR)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(author.read().id, post.read().user_id);
        }
        assert_eq!(statements.count(), 0);
    }

    pub async fn select_in_batches_very_large_in_lists(db: &TestDb) {
        let statements = seeded(db, 5, 1, 0).await;
        let mut session =
            Session::with_options(db.engine(), SessionOptions::new().in_batch_size(2))
                .await
                .unwrap();
        let users = session
            .query(Users)
            .options(selectin(users::rel::POSTS))
            .all()
            .await
            .unwrap();
        assert_eq!(statements.count(), 1 + 3, "5 keys in batches of 2");
        for user in &users {
            assert_eq!(session.loaded(user, users::rel::POSTS).unwrap().len(), 1);
        }
    }

    pub async fn joined_loading_is_one_statement(db: &TestDb) {
        let statements = seeded(db, 3, 2, 1).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let users = session
            .query(Users)
            .options(joined(users::rel::POSTS).then(joined(posts::rel::COMMENTS)))
            .order_by(users::ID.asc())
            .all()
            .await
            .unwrap();
        let sent = sent(&statements);
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert!(sent[0].contains("LEFT JOIN"), "{}", sent[0]);
        assert_eq!(users.len(), 3, "one object per user, whatever the rows");
        for user in &users {
            let posts = session.loaded(user, users::rel::POSTS).unwrap();
            assert_eq!(posts.len(), 2);
            assert!(posts[0].read().id < posts[1].read().id);
            for post in posts {
                assert_eq!(
                    session.loaded(&post, posts::rel::COMMENTS).unwrap().len(),
                    1
                );
            }
        }
        // Many-to-many, and a to-one, joined.
        let posts = session
            .query(Posts)
            .options(joined(posts::rel::TAGS))
            .options(joined(posts::rel::AUTHOR))
            .all()
            .await
            .unwrap();
        assert_eq!(statements.count(), 1);
        assert_eq!(
            session.loaded(&posts[0], posts::rel::TAGS).unwrap().len(),
            2
        );
        assert!(
            session
                .loaded(&posts[0], posts::rel::AUTHOR)
                .unwrap()
                .is_some()
        );
        // A joined collection cannot be limited by rows: refused, nothing sent.
        let limited = session
            .query(Users)
            .options(joined(users::rel::POSTS))
            .limit(1)
            .all()
            .await;
        assert!(
            matches!(limited, Err(retort::Error::Unsupported(_))),
            "{limited:?}"
        );
        assert_eq!(statements.count(), 0);
    }

    pub async fn raise_loading_refuses_to_load(db: &TestDb) {
        let statements = seeded(db, 2, 1, 0).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let users = session
            .query(Users)
            .options(raise(users::rel::POSTS))
            .all()
            .await
            .unwrap();
        statements.take();
        let error = session
            .load(&users[0], users::rel::POSTS)
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                retort::Error::NotLoaded {
                    table: "users",
                    relationship: "posts",
                    ..
                }
            ),
            "{error}"
        );
        assert_eq!(statements.count(), 0);
    }

    pub async fn self_referential_relationships_load_both_ways(db: &TestDb) {
        let statements = seeded(db, 1, 1, 1).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let first = session.get::<Comments>(1i64).await.unwrap().unwrap();
        let reply = session.add(NewComment {
            parent_id: None,
            ..comment(1, 1, "a reply")
        });
        session
            .set_related(&reply, comments::rel::PARENT, &first)
            .unwrap();
        session.commit().await.unwrap();
        statements.take();
        let replies = session
            .query(Comments)
            .filter(comments::ID.eq(1))
            .options(selectin(comments::rel::PARENT_COMMENTS))
            .one()
            .await
            .unwrap();
        let children = session
            .loaded(&replies, comments::rel::PARENT_COMMENTS)
            .unwrap();
        assert_eq!(children.len(), 1);
        assert_eq!(children[0].read().body, "a reply");
        let parent = session
            .load(&children[0], comments::rel::PARENT)
            .await
            .unwrap()
            .unwrap();
        assert!(parent.is(&replies));
        assert_eq!(statements.count(), 2);
    }

    pub async fn delete_cascades_and_orphans(db: &TestDb) {
        let statements = seeded(db, 2, 2, 2).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        // `posts.comments` has `delete, delete-orphan`: removing a comment deletes it.
        let post = session.get::<Posts>(1i64).await.unwrap().unwrap();
        let post_comments = session.load(&post, posts::rel::COMMENTS).await.unwrap();
        statements.take();
        session
            .remove_related(&post, posts::rel::COMMENTS, &post_comments[0])
            .unwrap();
        session.flush().await.unwrap();
        let sent = sent(&statements);
        assert!(
            sent.iter()
                .filter(|sql| !sql.starts_with("SELECT"))
                .all(|sql| sql.starts_with("DELETE FROM")),
            "{sent:?}"
        );
        assert_eq!(
            count_rows(session.connection().await.unwrap(), "comments").await,
            7
        );

        // Deleting the post deletes its remaining comment through the session first.
        session.delete(&post).unwrap();
        session.flush().await.unwrap();
        let key = post_comments[1].read().id;
        assert!(session.get::<Comments>(key).await.unwrap().is_none());
        assert_eq!(
            count_rows(session.connection().await.unwrap(), "comments").await,
            6
        );
        assert_eq!(
            count_rows(session.connection().await.unwrap(), "post_tags").await,
            6
        );

        // `users.posts` has no ORM cascade: the foreign key's ON DELETE CASCADE acts, and the
        // session forgets the posts (and their comments) the database deleted.
        let grace = session.get::<Users>(2i64).await.unwrap().unwrap();
        let graces_posts = session.load(&grace, users::rel::POSTS).await.unwrap();
        let a_comment = session
            .load(&graces_posts[0], posts::rel::COMMENTS)
            .await
            .unwrap()[0]
            .clone();
        let comment_id = a_comment.read().id;
        // Ada reviewed one of Grace's... rather, Grace reviews Ada's other post: SET NULL.
        let adas_other = session.get::<Posts>(2i64).await.unwrap().unwrap();
        session
            .set_related(&adas_other, posts::rel::REVIEWER, &grace)
            .unwrap();
        session.flush().await.unwrap();
        statements.take();
        session.delete(&grace).unwrap();
        session.flush().await.unwrap();
        let key = graces_posts[0].read().id;
        assert!(session.get::<Posts>(key).await.unwrap().is_none());
        assert!(session.get::<Comments>(comment_id).await.unwrap().is_none());
        assert_eq!(
            adas_other.read().reviewer_id,
            None,
            "the database set it NULL"
        );
        // Not dirty: nothing to write.
        statements.take();
        session.flush().await.unwrap();
        assert_eq!(statements.count(), 0);
        session.commit().await.unwrap();
        let mut conn = db.connection().await;
        assert_eq!(count_rows(&mut conn, "posts").await, 1);
        let reviewers: Vec<Option<i64>> = conn
            .all(select(posts::REVIEWER_ID).from(Posts))
            .await
            .unwrap();
        assert_eq!(reviewers, [None]);
    }

    pub async fn users_posts_comments_of_a_thousand_users_in_three_statements(db: &TestDb) {
        let statements = seeded(db, 1000, 2, 1).await;
        let mut session = Session::new(db.engine()).await.unwrap();
        let users = session
            .query(Users)
            .options(selectin(users::rel::POSTS).then(selectin(posts::rel::COMMENTS)))
            .all()
            .await
            .unwrap();
        assert_eq!(users.len(), 1000);
        assert_eq!(statements.count(), 3);
        let mut comments = 0;
        for user in &users {
            for post in session.loaded(user, users::rel::POSTS).unwrap() {
                comments += session.loaded(&post, posts::rel::COMMENTS).unwrap().len();
            }
        }
        assert_eq!(comments, 2000);
        assert_eq!(statements.count(), 0);
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    new_objects_are_inserted_parents_first_with_their_keys,
    a_rollback_forgets_new_objects,
    a_failed_insert_names_the_object,
    setting_a_many_to_one_sets_the_foreign_key,
    many_to_many_add_and_remove_write_association_rows,
    many_to_many_changes_that_undo_each_other_cancel,
    lazy_loading_is_one_statement_per_object,
    select_in_loading_is_one_statement_per_relationship,
    select_in_batches_very_large_in_lists,
    joined_loading_is_one_statement,
    raise_loading_refuses_to_load,
    self_referential_relationships_load_both_ways,
    delete_cascades_and_orphans,
    users_posts_comments_of_a_thousand_users_in_three_statements,
);
