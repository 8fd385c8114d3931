//! Aggregates, arithmetic, COALESCE and HAVING on every database, decoding into the same
//! Rust types everywhere (PostgreSQL's and MySQL's SUM of integers is NUMERIC/DECIMAL; it
//! still reads as `i64`).

mod common;

#[retort_dual::dual]
mod cases {
    use crate::common::{new_post, new_user};
    use retort::__doc_tables::{Posts, Users, posts, users};
    use retort::functions::{avg, coalesce, count, count_all, count_distinct, max, min, sum};
    use retort::prelude::*;
    use retort::select;

    pub async fn seeded(db: &TestDb) -> Connection {
        let mut conn = db.blog().await;
        for (name, email) in [
            ("Ada", Some("ada@x")),
            ("Grace", None),
            ("Linus", Some("l@x")),
        ] {
            conn.insert(new_user(name, email)).await.unwrap();
        }
        for (user, title) in [(1, "A"), (1, "B"), (1, "C"), (3, "D")] {
            conn.insert(new_post(user, title)).await.unwrap();
        }
        conn
    }

    pub async fn aggregates_decode_into_their_rust_types(db: &TestDb) {
        let mut conn = seeded(db).await;
        let row: (
            i64,
            i64,
            Option<i64>,
            Option<f64>,
            Option<i64>,
            Option<String>,
        ) = conn
            .one(
                select((
                    count_all(),
                    count(users::EMAIL),
                    sum(users::ID),
                    avg(users::ID),
                    min(users::ID),
                    max(users::NAME),
                ))
                .from(Users),
            )
            .await
            .unwrap();
        assert_eq!(
            row,
            (3, 2, Some(6), Some(2.0), Some(1), Some("Linus".into()))
        );

        // Over no rows: COUNT is 0, the others NULL.
        let empty: (i64, Option<i64>, Option<f64>, Option<String>) = conn
            .one(
                select((
                    count_all(),
                    sum(users::ID),
                    avg(users::ID),
                    max(users::NAME),
                ))
                .from(Users)
                .filter(users::ID.gt(100)),
            )
            .await
            .unwrap();
        assert_eq!(empty, (0, None, None, None));
        let distinct: i64 = conn
            .one(select(count_distinct(posts::USER_ID)).from(Posts))
            .await
            .unwrap();
        assert_eq!(distinct, 2);
    }

    pub async fn group_by_and_having(db: &TestDb) {
        let mut conn = seeded(db).await;
        let prolific: Vec<(i64, i64)> = conn
            .all(
                select((posts::USER_ID, count_all()))
                    .from(Posts)
                    .group_by(posts::USER_ID)
                    .having(count_all().gt(1))
                    .order_by(posts::USER_ID),
            )
            .await
            .unwrap();
        assert_eq!(prolific, [(1, 3)]);
    }

    pub async fn arithmetic_and_coalesce(db: &TestDb) {
        let mut conn = seeded(db).await;
        let ids: Vec<(i64, i64, i64)> = conn
            .all(
                select((users::ID + 10, users::ID * users::ID, users::ID - 1))
                    .from(Users)
                    .order_by(users::ID),
            )
            .await
            .unwrap();
        assert_eq!(ids, [(11, 1, 0), (12, 4, 1), (13, 9, 2)]);
        // In a filter and in an UPDATE: `id = id + 100`.
        let changed = conn
            .execute(
                Posts
                    .update()
                    .set_expr(posts::USER_ID, posts::USER_ID + 0)
                    .filter((posts::ID * 2).gt(6)),
            )
            .await
            .unwrap();
        assert_eq!(changed, 1);
        let emails: Vec<String> = conn
            .all(
                select(coalesce(users::EMAIL, "none"))
                    .from(Users)
                    .order_by(users::ID),
            )
            .await
            .unwrap();
        assert_eq!(emails, ["ada@x", "none", "l@x"]);
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    aggregates_decode_into_their_rust_types,
    group_by_and_having,
    arithmetic_and_coalesce,
);
