//! Window functions in select lists: ROW_NUMBER, RANK, DENSE_RANK and aggregates over a
//! window, partitioned and ordered, on SQLite, PostgreSQL and MySQL.

#[macro_use]
mod common;

#[allow(unused_imports)]
use blog_models::posts::{self, Posts};
#[allow(unused_imports)]
use common::TestDb;
#[allow(unused_imports)]
use retort::functions::{
    Window, avg, count, count_all, count_distinct, dense_rank, lag, lead, max, min, rank,
    row_number, sum,
};
#[allow(unused_imports)]
use retort::prelude::*;
#[allow(unused_imports)]
use retort::{Dialect, Error, select};

#[retort_dual::dual]
mod cases {
    use blog_models::posts::{self, Posts};
    use retort::functions::{
        Window, avg, count, count_all, count_distinct, dense_rank, lag, lead, max, min, rank,
        row_number, sum,
    };
    use retort::prelude::*;
    use retort::{Dialect, Error, select};

    /// Posts 1–6: user 1 has 1, 2, 5 (reviewed by 2, —, 2), user 2 has 3, 6 (—, 3), user 3
    /// has 4 (—).
    pub async fn seeded(db: &TestDb) -> Connection {
        blog_models::metadata()
            .create_all(db.engine())
            .await
            .unwrap();
        let mut conn = db.connection().await;
        for name in ["Ada", "Grace", "Linus"] {
            conn.insert(blog_models::users::NewUser {
                name: name.into(),
                email: None,
                created_at: None,
            })
            .await
            .unwrap();
        }
        for (user, reviewer) in [
            (1, Some(2)),
            (1, None),
            (2, None),
            (3, None),
            (1, Some(2)),
            (2, Some(3)),
        ] {
            conn.insert(posts::NewPost {
                user_id: user,
                reviewer_id: reviewer,
                status: None,
                title: format!("by {user}"),
                body: None,
            })
            .await
            .unwrap();
        }
        conn
    }

    pub async fn rank_of_posts_per_user_by_id(db: &TestDb) {
        let mut conn = seeded(db).await;
        let per_user = Window::new()
            .partition_by(posts::USER_ID)
            .order_by(posts::ID);
        let rows: Vec<(i64, i64, i64, i64)> = conn
            .all(
                select((
                    posts::ID,
                    row_number().over(per_user.clone()),
                    rank().over(per_user),
                    dense_rank().over(Window::new().order_by(posts::USER_ID)),
                ))
                .from(Posts)
                .order_by(posts::ID),
            )
            .await
            .unwrap();
        assert_eq!(
            rows,
            [
                (1, 1, 1, 1),
                (2, 2, 2, 1),
                (3, 1, 1, 2),
                (4, 1, 1, 3),
                (5, 3, 3, 1),
                (6, 2, 2, 2)
            ]
        );
        // Ties share a rank: RANK leaves a gap, DENSE_RANK does not.
        let ranks: Vec<(i64, i64, i64)> = conn
            .all(
                select((
                    posts::ID,
                    rank().over(Window::new().order_by(posts::USER_ID.desc())),
                    dense_rank().over(Window::new().order_by(posts::USER_ID.desc())),
                ))
                .from(Posts)
                .order_by(posts::ID),
            )
            .await
            .unwrap();
        assert_eq!(
            ranks,
            [
                (1, 4, 3),
                (2, 4, 3),
                (3, 2, 2),
                (4, 1, 1),
                (5, 4, 3),
                (6, 2, 2)
            ]
        );

        let q = select(
            rank().over(
                Window::new()
                    .partition_by(posts::USER_ID)
                    .order_by(posts::ID.desc()),
            ),
        )
        .from(Posts);
        let expected = [
            (
                Dialect::Sqlite,
                r#"SELECT RANK() OVER (PARTITION BY "posts"."user_id" ORDER BY "posts"."id" DESC) FROM "posts""#,
            ),
            (
                Dialect::Postgres,
                r#"SELECT RANK() OVER (PARTITION BY "posts"."user_id" ORDER BY "posts"."id" DESC) FROM "posts""#,
            ),
            (
                Dialect::Mysql,
                "SELECT RANK() OVER (PARTITION BY `posts`.`user_id` ORDER BY `posts`.`id` DESC) FROM `posts`",
            ),
        ];
        for (dialect, sql) in expected {
            assert_eq!(q.sql(dialect).unwrap(), sql);
        }
    }

    /// id, running sum, count, average, min and max per user, running count of reviews.
    type WindowRow = (
        i64,
        Option<i64>,
        i64,
        Option<f64>,
        Option<i64>,
        Option<i64>,
        i64,
    );

    pub async fn running_sum_and_aggregates_over_windows(db: &TestDb) {
        let mut conn = seeded(db).await;
        let running = Window::new().order_by(posts::ID);
        let per_user = Window::new().partition_by(posts::USER_ID);
        let rows: Vec<WindowRow> = conn
            .all(
                select((
                    posts::ID,
                    sum(posts::ID).over(running.clone()),
                    count_all().over(per_user.clone()),
                    avg(posts::ID).over(per_user.clone()),
                    min(posts::ID).over(per_user.clone()),
                    max(posts::REVIEWER_ID).over(per_user),
                    count(posts::REVIEWER_ID).over(running),
                ))
                .from(Posts)
                .order_by(posts::ID),
            )
            .await
            .unwrap();
        // MySQL's AVG has 4 decimals (div_precision_increment).
        let rounded: Vec<_> = rows
            .into_iter()
            .map(|(id, sum, count, avg, min, max, reviewed)| {
                let avg = avg.map(|a| (a * 1000.0).round() / 1000.0);
                (id, sum, count, avg, min, max, reviewed)
            })
            .collect();
        assert_eq!(
            rounded,
            [
                (1, Some(1), 3, Some(2.667), Some(1), Some(2), 1),
                (2, Some(3), 3, Some(2.667), Some(1), Some(2), 1),
                (3, Some(6), 2, Some(4.5), Some(3), Some(3), 1),
                (4, Some(10), 1, Some(4.0), Some(4), None, 1),
                (5, Some(15), 3, Some(2.667), Some(1), Some(2), 2),
                (6, Some(21), 2, Some(4.5), Some(3), Some(3), 3),
            ]
        );
        // A bound value inside the window stays a parameter; several partition and sort keys;
        // NULLs placed first in the window's order (emulated on MySQL).
        let q = select((
            posts::ID,
            sum(posts::ID * 10).over(
                Window::new()
                    .partition_by(posts::USER_ID)
                    .partition_by(posts::ID.gt(4))
                    .order_by(posts::REVIEWER_ID.desc().nulls_first())
                    .order_by(posts::ID),
            ),
        ))
        .from(Posts)
        .order_by(posts::ID);
        let rows: Vec<(i64, Option<i64>)> = conn.all(q.clone()).await.unwrap();
        assert_eq!(
            rows,
            [
                (1, Some(30)),
                (2, Some(20)),
                (3, Some(30)),
                (4, Some(40)),
                (5, Some(50)),
                (6, Some(60))
            ]
        );
        assert_eq!(
            q.sql(Dialect::Postgres).unwrap(),
            r#"SELECT "posts"."id", SUM("posts"."id" * $1) OVER (PARTITION BY "posts"."user_id", "posts"."id" > $2 ORDER BY "posts"."reviewer_id" DESC NULLS FIRST, "posts"."id" ASC) FROM "posts" ORDER BY "posts"."id" ASC"#
        );
        assert_eq!(
            q.sql(Dialect::Mysql).unwrap(),
            "SELECT `posts`.`id`, SUM(`posts`.`id` * ?) OVER (PARTITION BY `posts`.`user_id`, `posts`.`id` > ? ORDER BY `posts`.`reviewer_id` IS NULL DESC, `posts`.`reviewer_id` DESC, `posts`.`id` ASC) FROM `posts` ORDER BY `posts`.`id` ASC"
        );
        assert_eq!(
            Query::to_sql(&q, Dialect::Postgres).unwrap().1.0.len(),
            2,
            "the values inside the window are parameters"
        );
    }

    /// id, previous id, next id, previous reviewer (within the user's posts).
    type Neighbours = (i64, Option<i64>, Option<i64>, Option<i64>);

    pub async fn previous_and_next_rows(db: &TestDb) {
        let mut conn = seeded(db).await;
        let per_user = Window::new()
            .partition_by(posts::USER_ID)
            .order_by(posts::ID);
        let rows: Vec<Neighbours> = conn
            .all(
                select((
                    posts::ID,
                    lag(posts::ID).over(per_user.clone()),
                    lead(posts::ID).over(per_user.clone()),
                    lag(posts::REVIEWER_ID).over(per_user),
                ))
                .from(Posts)
                .order_by(posts::ID),
            )
            .await
            .unwrap();
        assert_eq!(
            rows,
            [
                (1, None, Some(2), None),
                (2, Some(1), Some(5), Some(2)),
                (3, None, Some(6), None),
                (4, None, None, None),
                (5, Some(2), None, None),
                (6, Some(3), None, None),
            ]
        );
    }

    pub async fn over_needs_an_aggregate(db: &TestDb) {
        let mut conn = seeded(db).await;
        for q in [
            select((posts::ID + 1).over(Window::new())).from(Posts),
            select(count_distinct(posts::USER_ID).over(Window::new())).from(Posts),
        ] {
            assert!(matches!(
                conn.all(q).await,
                Err(Error::InvalidStatement(message)) if message.contains("OVER")
            ));
        }
        // An empty window is the whole result.
        let totals: Vec<i64> = conn
            .all(select(count_all().over(Window::new())).from(Posts).limit(2))
            .await
            .unwrap();
        assert_eq!(totals, [6, 6]);
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    rank_of_posts_per_user_by_id,
    running_sum_and_aggregates_over_windows,
    previous_and_next_rows,
    over_needs_an_aggregate,
);
