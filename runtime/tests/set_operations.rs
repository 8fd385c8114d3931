//! UNION, UNION ALL, INTERSECT and EXCEPT, with ORDER BY / LIMIT / OFFSET on the whole
//! result, members with their own ORDER BY / LIMIT, chains, and set operations as
//! subqueries, on every database.

#[macro_use]
mod common;

#[retort_dual::dual]
mod cases {
    use crate::common::{new_post, new_user};
    use retort::__doc_tables::{Posts, Users, posts, users};
    use retort::prelude::*;
    use retort::{Dialect, Select, select};

    /// Ada (1, ada@x), Grace (2, no email), Linus (3, linus@x), Barbara (4), Ken (5, no
    /// email); posts by Ada (two), Linus and Barbara.
    pub async fn seeded(db: &TestDb) -> Connection {
        let mut conn = db.blog().await;
        for (name, email) in [
            ("Ada", Some("ada@x")),
            ("Grace", None),
            ("Linus", Some("linus@x")),
            ("Barbara", Some("barbara@x")),
            ("Ken", None),
        ] {
            conn.insert(new_user(name, email)).await.unwrap();
        }
        for (user, title) in [(1, "Rust 1"), (1, "Rust 2"), (3, "Git"), (4, "CLU")] {
            conn.insert(new_post(user, title)).await.unwrap();
        }
        conn
    }

    /// Ids 1 and 2.
    pub fn first_two() -> Select<i64, impl Tables> {
        select(users::ID).from(Users).filter(users::ID.le(2))
    }

    /// Ids of users with posts: 1 (twice), 3, 4.
    pub fn authors() -> Select<i64, impl Tables> {
        select(posts::USER_ID).from(Posts)
    }

    pub async fn union_intersect_except(db: &TestDb) {
        let mut conn = seeded(db).await;
        let union = first_two().union(authors()).order_by(users::ID);
        assert_eq!(
            union.sql(Dialect::Postgres).unwrap(),
            r#"SELECT "users"."id" AS "c0" FROM "users" WHERE "users"."id" <= $1 UNION (SELECT "posts"."user_id" FROM "posts") ORDER BY "c0" ASC"#
        );
        assert_eq!(
            union.sql(Dialect::Sqlite).unwrap(),
            r#"SELECT "users"."id" AS "c0" FROM "users" WHERE "users"."id" <= ? UNION SELECT "posts"."user_id" FROM "posts" ORDER BY "c0" ASC"#
        );
        assert_eq!(conn.all(&union).await.unwrap(), [1, 2, 3, 4]);

        let all = first_two().union_all(authors()).order_by(users::ID);
        assert_eq!(conn.all(&all).await.unwrap(), [1, 1, 1, 2, 3, 4]);

        let intersect = first_two().intersect(authors()).order_by(users::ID);
        assert_eq!(
            intersect.sql(Dialect::Mysql).unwrap(),
            "SELECT `users`.`id` AS `c0` FROM `users` WHERE `users`.`id` <= ? INTERSECT (SELECT `posts`.`user_id` FROM `posts`) ORDER BY `c0` ASC"
        );
        assert_eq!(conn.all(&intersect).await.unwrap(), [1]);

        let except = first_two().except(authors()).order_by(users::ID);
        assert_eq!(conn.all(&except).await.unwrap(), [2]);
    }

    /// ORDER BY, LIMIT and OFFSET apply to the whole result; rows of two columns; NULLS FIRST.
    pub async fn order_and_limit_the_whole_result(db: &TestDb) {
        let mut conn = seeded(db).await;
        let names = select((users::ID, users::NAME))
            .from(Users)
            .filter(users::ID.le(2))
            .union(
                select((posts::USER_ID, posts::TITLE))
                    .from(Posts)
                    .filter(posts::USER_ID.eq(1)),
            )
            .order_by(users::NAME.desc())
            .limit(3)
            .offset(1);
        let rows: Vec<(i64, String)> = conn.all(&names).await.unwrap();
        assert_eq!(
            rows,
            [(1, "Rust 1".into()), (2, "Grace".into()), (1, "Ada".into())]
        );

        let emails = select(users::EMAIL)
            .from(Users)
            .filter(users::ID.le(3))
            .union(select(users::EMAIL).from(Users).filter(users::ID.eq(5)))
            .order_by(users::EMAIL.desc().nulls_first());
        assert_eq!(
            emails.sql(Dialect::Mysql).unwrap(),
            "SELECT `users`.`email` AS `c0` FROM `users` WHERE `users`.`id` <= ? UNION (SELECT `users`.`email` FROM `users` WHERE `users`.`id` = ?) ORDER BY `c0` IS NULL DESC, `c0` DESC"
        );
        let rows: Vec<Option<String>> = conn.all(&emails).await.unwrap();
        assert_eq!(rows, [None, Some("linus@x".into()), Some("ada@x".into())]);
    }

    /// A member with its own ORDER BY / LIMIT keeps them (as a derived table: SQLite allows
    /// none inside a set operation).
    pub async fn members_keep_their_own_order_and_limit(db: &TestDb) {
        let mut conn = seeded(db).await;
        let last_two = select(users::ID)
            .from(Users)
            .order_by(users::ID.desc())
            .limit(2);
        let first = select(users::ID).from(Users).order_by(users::ID).limit(1);
        let query = last_two.union_all(first).order_by(users::ID);
        assert_eq!(
            query.sql(Dialect::Sqlite).unwrap(),
            r#"SELECT * FROM (SELECT "users"."id" AS "c0" FROM "users" ORDER BY "users"."id" DESC LIMIT ?) AS "retort_member" UNION ALL SELECT * FROM (SELECT "users"."id" FROM "users" ORDER BY "users"."id" ASC LIMIT ?) AS "retort_member" ORDER BY "c0" ASC"#
        );
        assert_eq!(conn.all(&query).await.unwrap(), [1, 4, 5]);
    }

    /// Operations apply left to right as written on every database, although PostgreSQL and
    /// MySQL bind INTERSECT tighter than UNION; a set operation as a member is one operand.
    pub async fn chains_apply_left_to_right(db: &TestDb) {
        let mut conn = seeded(db).await;
        let three = || select(users::ID).from(Users).filter(users::ID.eq(3));
        // (1, 2 ∪ 3) ∩ authors = 1, 3 (where 1, 2 ∪ (3 ∩ authors) would be 1, 2, 3).
        let query = first_two()
            .union(three())
            .intersect(authors())
            .order_by(users::ID);
        assert_eq!(conn.all(&query).await.unwrap(), [1, 3]);
        // 1, 2 ∪ (3 ∩ authors) = 1, 2, 3, written with a nested set operation.
        let query = first_two()
            .union(three().intersect(authors()))
            .order_by(users::ID);
        assert_eq!(conn.all(&query).await.unwrap(), [1, 2, 3]);
        // A further member after a LIMIT does not fall under it.
        let query = first_two()
            .union(three())
            .order_by(users::ID)
            .limit(1)
            .union_all(three())
            .order_by(users::ID);
        assert_eq!(conn.all(&query).await.unwrap(), [1, 3]);
    }

    /// A set operation as the subquery of IN and as a derived table; filtering it directly is
    /// refused, since the filter would apply to its first member only.
    pub async fn set_operations_as_subqueries(db: &TestDb) {
        let mut conn = seeded(db).await;
        let ids = first_two().except(authors());
        let names: Vec<String> = conn
            .all(
                select(users::NAME)
                    .from(Users)
                    .filter(users::ID.in_subquery(ids.clone().into_select())),
            )
            .await
            .unwrap();
        assert_eq!(names, ["Grace"]);

        let everyone = first_two().union(authors()).subquery("everyone");
        let count: i64 = conn
            .one(select(retort::functions::count_all()).from_item(&everyone))
            .await
            .unwrap();
        assert_eq!(count, 4);

        let filtered = ids.into_select().filter(users::ID.eq(1));
        assert!(matches!(
            conn.all(&filtered).await,
            Err(Error::InvalidStatement(message)) if message.contains("first member")
        ));
        // ORDER BY something the first member does not select.
        let unordered = first_two().union(authors()).order_by(users::NAME);
        assert!(matches!(
            conn.all(&unordered).await,
            Err(Error::InvalidStatement(message)) if message.contains("ORDER BY")
        ));
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    union_intersect_except,
    order_and_limit_the_whole_result,
    members_keep_their_own_order_and_limit,
    chains_apply_left_to_right,
    set_operations_as_subqueries,
);
