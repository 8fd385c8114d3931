//! Operators, CASE, CAST and the string, math and date functions of `retort::functions`,
//! read back from SQLite, PostgreSQL and MySQL with the same Rust types and values, and the
//! SQL each dialect gets where it differs.

#[macro_use]
mod common;

use blog_models::posts::{self, Posts};
use blog_models::users::{self, Users};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::TestDb;
use retort::functions::{
    abs, add_days, case, ceil, concat, current_date, current_timestamp, day, floor, hour, length,
    lower, ltrim, minute, month, replace, round, rtrim, second, substring, trim, upper, value,
    year,
};
use retort::prelude::*;
use retort::rust_decimal::Decimal;
use retort::{Dialect, Error, select};

fn created(i: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 15, 13, 45, 30 + i).unwrap()
        + chrono::Duration::microseconds(250_000)
}

/// Ada (1, ada@x), Grace (2, no email), Linus (3, l@x), created 2024-03-15 13:45:30.25 +
/// 0, 1, 2 s; Ada has posts 1, 2, 3, Linus post 4; Grace none.
fn seeded(db: &TestDb) -> Connection {
    blog_models::metadata().create_all(db.engine()).unwrap();
    let mut conn = db.connection();
    for (i, (name, email)) in [
        ("Ada", Some("ada@x")),
        ("Grace", None),
        ("Linus", Some("l@x")),
    ]
    .into_iter()
    .enumerate()
    {
        conn.insert(users::NewUser {
            name: name.into(),
            email: email.map(Into::into),
            created_at: Some(created(i as u32)),
        })
        .unwrap();
    }
    for (user, title) in [(1, "A"), (1, "B"), (1, "C"), (3, "D")] {
        conn.insert(posts::NewPost {
            user_id: user,
            reviewer_id: None,
            status: None,
            title: title.into(),
            body: None,
        })
        .unwrap();
    }
    conn
}

fn integer_division_truncates_toward_zero(db: &TestDb) {
    let mut conn = seeded(db);
    let row: (i64, i64, i64, i64, i64, i64, f64) = conn
        .one(select((
            value(7i64) / 2,
            value(-7i64) / 2,
            value(7i64) / -2,
            value(-7i64) % 2,
            value(7i64) % -2,
            value(-7i64) % -2,
            value(-7.0f64) / 2.0,
        )))
        .unwrap();
    assert_eq!(row, (3, -3, -3, -1, 1, -1, -3.5));
    let halves: Vec<(i64, i64)> = conn
        .all(
            select((posts::ID / 2, posts::ID % 3))
                .from(Posts)
                .order_by(posts::ID),
        )
        .unwrap();
    assert_eq!(halves, [(0, 1), (1, 2), (1, 0), (2, 1)]);

    let q = select(posts::ID / 2).from(Posts);
    assert_eq!(
        q.sql(Dialect::Mysql).unwrap(),
        "SELECT `posts`.`id` DIV ? FROM `posts`"
    );
    assert_eq!(
        q.sql(Dialect::Postgres).unwrap(),
        r#"SELECT "posts"."id" / $1 FROM "posts""#
    );
}

fn concat_is_null_where_a_part_is(db: &TestDb) {
    let mut conn = seeded(db);
    let q = select((
        users::EMAIL.concat("!"),
        users::NAME.concat(users::EMAIL),
        users::NAME.concat("<").concat(users::NAME).concat(">"),
        concat(users::NAME, [" (", "x", ")"]),
    ))
    .from(Users)
    .order_by(users::ID);
    let rows: Vec<(Option<String>, Option<String>, String, String)> = conn.all(q).unwrap();
    assert_eq!(
        rows,
        [
            (
                Some("ada@x!".into()),
                Some("Adaada@x".into()),
                "Ada<Ada>".into(),
                "Ada (x)".into()
            ),
            (None, None, "Grace<Grace>".into(), "Grace (x)".into()),
            (
                Some("l@x!".into()),
                Some("Linusl@x".into()),
                "Linus<Linus>".into(),
                "Linus (x)".into()
            ),
        ]
    );
    let q = select(users::NAME.concat(users::EMAIL)).from(Users);
    assert_eq!(
        q.sql(Dialect::Mysql).unwrap(),
        "SELECT CONCAT(`users`.`name`, `users`.`email`) FROM `users`"
    );
    assert_eq!(
        q.sql(Dialect::Sqlite).unwrap(),
        r#"SELECT "users"."name" || "users"."email" FROM "users""#
    );
}

fn nullable_columns_of_a_left_join(db: &TestDb) {
    let mut conn = seeded(db);
    let rows: Vec<(String, Option<i64>, Option<String>)> = conn
        .all(
            select((users::NAME, posts::ID.nullable(), posts::TITLE.nullable()))
                .from(Users)
                .left_join(users::rel::POSTS)
                .order_by(users::ID)
                .order_by(posts::ID),
        )
        .unwrap();
    assert_eq!(
        rows,
        [
            ("Ada".into(), Some(1), Some("A".into())),
            ("Ada".into(), Some(2), Some("B".into())),
            ("Ada".into(), Some(3), Some("C".into())),
            ("Grace".into(), None, None),
            ("Linus".into(), Some(4), Some("D".into())),
        ]
    );
}

fn nulls_first_and_last(db: &TestDb) {
    let mut conn = seeded(db);
    let first: Vec<String> = conn
        .all(
            select(users::NAME)
                .from(Users)
                .order_by(users::EMAIL.asc().nulls_first()),
        )
        .unwrap();
    assert_eq!(first, ["Grace", "Ada", "Linus"]);
    let last: Vec<String> = conn
        .all(
            select(users::NAME)
                .from(Users)
                .order_by(users::EMAIL.desc().nulls_last()),
        )
        .unwrap();
    assert_eq!(last, ["Linus", "Ada", "Grace"]);
    let q = select(users::NAME)
        .from(Users)
        .order_by(users::EMAIL.asc().nulls_first());
    assert_eq!(
        q.sql(Dialect::Postgres).unwrap(),
        r#"SELECT "users"."name" FROM "users" ORDER BY "users"."email" ASC NULLS FIRST"#
    );
    assert_eq!(
        q.sql(Dialect::Mysql).unwrap(),
        "SELECT `users`.`name` FROM `users` ORDER BY `users`.`email` IS NULL DESC, `users`.`email` ASC"
    );
}

fn searched_case(db: &TestDb) {
    let mut conn = seeded(db);
    let size = case()
        .when(users::ID.eq(1), "first")
        .when(users::ID.lt(3), users::NAME)
        .otherwise("other");
    let maybe = case().when(users::ID.eq(1), 10i64).end();
    let email = case()
        .when(users::ID.eq(1), users::EMAIL)
        .when(users::ID.eq(3), "three")
        .otherwise(None::<String>);
    let rows: Vec<(String, Option<i64>, Option<String>)> = conn
        .all(select((size, maybe, email)).from(Users).order_by(users::ID))
        .unwrap();
    assert_eq!(
        rows,
        [
            ("first".into(), Some(10), Some("ada@x".into())),
            ("Grace".into(), None, None),
            ("other".into(), None, Some("three".into())),
        ]
    );
    // Values of another type in a numeric CASE; in a filter.
    let big: Vec<i64> = conn
        .all(
            select(users::ID)
                .from(Users)
                .filter(
                    case()
                        .when(users::ID.gt(1), users::ID * 10)
                        .otherwise(0i64)
                        .gt(15),
                )
                .order_by(users::ID),
        )
        .unwrap();
    assert_eq!(big, [2, 3]);

    let q = select(case().when(users::ID.eq(1), 10i64).otherwise(users::ID)).from(Users);
    assert_eq!(
        q.sql(Dialect::Postgres).unwrap(),
        r#"SELECT (CASE WHEN ("users"."id" = $1) THEN CAST($2 AS BIGINT) ELSE "users"."id" END) FROM "users""#
    );
    assert_eq!(
        q.sql(Dialect::Sqlite).unwrap(),
        r#"SELECT (CASE WHEN ("users"."id" = ?) THEN ? ELSE "users"."id" END) FROM "users""#
    );
}

fn casts(db: &TestDb) {
    let mut conn = seeded(db);
    let row: (String, i64, f64, Decimal, i64, Option<i64>, NaiveDate) = conn
        .one(
            select((
                users::ID.cast::<String>(),
                value(String::from("42")).cast::<i64>(),
                users::ID.cast::<f64>(),
                value(String::from("12.5")).cast::<Decimal>(),
                value(7.0f64).cast::<i64>(),
                users::EMAIL.cast::<i64>(),
                users::CREATED_AT.cast::<NaiveDate>(),
            ))
            .from(Users)
            .filter(users::ID.eq(2)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "2".into(),
            42,
            2.0,
            Decimal::new(125, 1),
            7,
            None,
            NaiveDate::from_ymd_opt(2024, 3, 15).unwrap()
        )
    );
    let ratio: f64 = conn
        .one(
            select(users::ID.cast::<f64>() / 4.0)
                .from(Users)
                .filter(users::ID.eq(3)),
        )
        .unwrap();
    assert_eq!(ratio, 0.75);

    let q = select((
        users::ID.cast::<i64>(),
        users::ID.cast::<f64>(),
        users::NAME.cast::<Decimal>(),
    ))
    .from(Users);
    assert_eq!(
        q.sql(Dialect::Sqlite).unwrap(),
        r#"SELECT CAST("users"."id" AS INTEGER), CAST("users"."id" AS REAL), CAST("users"."name" AS NUMERIC) FROM "users""#
    );
    assert_eq!(
        q.sql(Dialect::Postgres).unwrap(),
        r#"SELECT CAST("users"."id" AS BIGINT), CAST("users"."id" AS DOUBLE PRECISION), CAST("users"."name" AS NUMERIC) FROM "users""#
    );
    assert_eq!(
        q.sql(Dialect::Mysql).unwrap(),
        "SELECT CAST(`users`.`id` AS SIGNED), CAST(`users`.`id` AS DOUBLE), CAST(`users`.`name` AS DECIMAL(65,30)) FROM `users`"
    );
}

fn string_functions(db: &TestDb) {
    let mut conn = seeded(db);
    let row: (String, String, i64, i64, String, String, String) = conn
        .one(select((
            lower("MiXed"),
            upper("MiXed"),
            length("héllo"),
            length(""),
            trim("  a b  "),
            ltrim("  a b  "),
            rtrim("  a b  "),
        )))
        .unwrap();
    assert_eq!(
        row,
        (
            "mixed".into(),
            "MIXED".into(),
            5,
            0,
            "a b".into(),
            "a b  ".into(),
            "  a b".into()
        )
    );
    let parts: (String, String, String, String, String) = conn
        .one(select((
            substring("héllo", 2, Some(3)),
            substring("héllo", 3, None),
            substring("héllo", 9, Some(2)),
            replace("a-b-c", "-", "+"),
            replace("aAa", "a", ""),
        )))
        .unwrap();
    assert_eq!(
        parts,
        (
            "éll".into(),
            "llo".into(),
            "".into(),
            "a+b+c".into(),
            "A".into()
        )
    );
    // On columns, keeping their nullability.
    let rows: Vec<(String, Option<i64>, Option<String>, String)> = conn
        .all(
            select((
                upper(users::NAME),
                length(users::EMAIL),
                replace(users::EMAIL, "@", " at "),
                substring(users::NAME, 2, Some(2)),
            ))
            .from(Users)
            .filter(lower(users::NAME).like("%a%"))
            .order_by(users::ID),
        )
        .unwrap();
    assert_eq!(
        rows,
        [
            ("ADA".into(), Some(5), Some("ada at x".into()), "da".into()),
            ("GRACE".into(), None, None, "ra".into()),
        ]
    );
    assert!(matches!(
        conn.one(select(substring(users::NAME, 0, None)).from(Users)),
        Err(Error::InvalidStatement(_))
    ));

    let q = select(length(users::NAME)).from(Users);
    assert_eq!(
        q.sql(Dialect::Sqlite).unwrap(),
        r#"SELECT LENGTH("users"."name") FROM "users""#
    );
    assert_eq!(
        q.sql(Dialect::Postgres).unwrap(),
        r#"SELECT CHAR_LENGTH("users"."name") FROM "users""#
    );
}

fn math_functions(db: &TestDb) {
    let mut conn = seeded(db);
    let row: (i64, f64, Decimal, i32) = conn
        .one(select((
            abs(value(-3i64)),
            abs(value(-2.5f64)),
            abs(value(Decimal::new(-125, 2))),
            abs(value(-4i32)),
        )))
        .unwrap();
    assert_eq!(row, (3, 2.5, Decimal::new(125, 2), 4));
    // Halves away from zero everywhere (PostgreSQL and MySQL round floats half to even).
    let rounded: (f64, f64, f64, f64, f64, Decimal, Decimal) = conn
        .one(select((
            round(value(2.5f64), 0),
            round(value(-2.5f64), 0),
            round(value(3.5f64), 0),
            round(value(2.345f64), 2),
            round(value(1e17f64), 2),
            round(value(Decimal::new(2345, 3)), 2),
            round(value(Decimal::new(-25, 1)), 0),
        )))
        .unwrap();
    assert_eq!(
        rounded,
        (
            3.0,
            -3.0,
            4.0,
            2.35,
            1e17,
            Decimal::new(235, 2),
            Decimal::new(-3, 0)
        )
    );
    let integral: (f64, f64, f64, f64, f64, f64, Decimal, Decimal) = conn
        .one(select((
            ceil(value(2.1f64)),
            ceil(value(-2.7f64)),
            floor(value(2.7f64)),
            floor(value(-2.1f64)),
            floor(value(-3.0f64)),
            ceil(value(9.5e15f64)),
            ceil(value(Decimal::new(21, 1))),
            floor(value(Decimal::new(-21, 1))),
        )))
        .unwrap();
    assert_eq!(
        integral,
        (
            3.0,
            -2.0,
            2.0,
            -3.0,
            -3.0,
            9.5e15,
            Decimal::new(3, 0),
            Decimal::new(-3, 0)
        )
    );
    // A float stays a float: halving a floor does not divide integers on SQLite.
    let half: f64 = conn.one(select(floor(value(3.5f64)) / 2.0)).unwrap();
    assert_eq!(half, 1.5);
    let none: (Option<f64>, Option<i64>) = conn
        .one(
            select((ceil(None::<f64>), abs(posts::REVIEWER_ID)))
                .from(Posts)
                .limit(1),
        )
        .unwrap();
    assert_eq!(none, (None, None));

    let q = select(floor(value(1.5f64)));
    assert_eq!(
        q.sql(Dialect::Sqlite).unwrap(),
        "SELECT CAST((CASE WHEN ABS(?) >= 4503599627370496 THEN ? \
         ELSE CAST(? AS INTEGER) - (? < CAST(? AS INTEGER)) END) AS REAL)"
    );
    assert_eq!(q.sql(Dialect::Mysql).unwrap(), "SELECT FLOOR(?)");
}

fn date_functions(db: &TestDb) {
    let mut conn = seeded(db);
    let rows: Vec<(i32, i32, i32, i32, i32, i32)> = conn
        .all(
            select((
                year(users::CREATED_AT),
                month(users::CREATED_AT),
                day(users::CREATED_AT),
                hour(users::CREATED_AT),
                minute(users::CREATED_AT),
                second(users::CREATED_AT),
            ))
            .from(Users)
            .order_by(users::ID),
        )
        .unwrap();
    assert_eq!(
        rows,
        [
            (2024, 3, 15, 13, 45, 30),
            (2024, 3, 15, 13, 45, 31),
            (2024, 3, 15, 13, 45, 32)
        ]
    );
    let date = NaiveDate::from_ymd_opt(2024, 2, 28).unwrap();
    let fields: (i32, i32, NaiveDate, NaiveDate, Option<i32>) = conn
        .one(select((
            year(value(date)),
            day(value(date)),
            add_days(value(date), 2),
            add_days(value(date), -59),
            month(None::<NaiveDate>),
        )))
        .unwrap();
    assert_eq!(
        fields,
        (
            2024,
            28,
            NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
            None
        )
    );

    let before = Utc::now() - chrono::Duration::seconds(5);
    let (now, today): (DateTime<Utc>, NaiveDate) = conn
        .one(select((current_timestamp(), current_date())))
        .unwrap();
    let after = Utc::now() + chrono::Duration::seconds(5);
    assert!(before <= now && now <= after, "{now}");
    assert!(today == before.date_naive() || today == after.date_naive());
    // Stored timestamps compare with the current one.
    let past: i64 = conn
        .one(
            select(retort::functions::count_all())
                .from(Users)
                .filter(users::CREATED_AT.lt(current_timestamp())),
        )
        .unwrap();
    assert_eq!(past, 3);

    let q = select(second(users::CREATED_AT)).from(Users);
    assert_eq!(
        q.sql(Dialect::Sqlite).unwrap(),
        r#"SELECT CAST(strftime('%S', "users"."created_at") AS INTEGER) FROM "users""#
    );
    assert_eq!(
        q.sql(Dialect::Postgres).unwrap(),
        r#"SELECT CAST(FLOOR(EXTRACT(SECOND FROM "users"."created_at")) AS INTEGER) FROM "users""#
    );
    assert_eq!(
        q.sql(Dialect::Mysql).unwrap(),
        "SELECT EXTRACT(SECOND FROM `users`.`created_at`) FROM `users`"
    );
}

database_tests!(
    integer_division_truncates_toward_zero,
    concat_is_null_where_a_part_is,
    nullable_columns_of_a_left_join,
    nulls_first_and_last,
    searched_case,
    casts,
    string_functions,
    math_functions,
    date_functions,
);
