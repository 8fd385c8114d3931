//! Raw SQL on purpose, on every database: `text("… :name …")` with bound values decoded
//! into typed rows.

mod common;

#[retort_dual::dual]
mod cases {
    use crate::common::Backend;
    use retort::chrono::NaiveDate;
    use retort::rust_decimal::Decimal;
    use retort::{Error, text};

    pub async fn setup(db: &TestDb) {
        db.connection()
            .await
            .execute_batch(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, title VARCHAR(100) NOT NULL, \
                 day DATE NULL, price DECIMAL(10,2) NULL)",
            )
            .await
            .unwrap();
    }

    pub async fn named_parameters_are_bound_and_rows_decoded(db: &TestDb) {
        setup(db).await;
        let mut conn = db.connection().await;
        let insert =
            "INSERT INTO events (id, title, day, price) VALUES (:id, :title, :day, :price)";
        let rows = [
            (
                1_i64,
                "Launch",
                Some(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()),
                Some(Decimal::new(1999, 2)),
            ),
            (2, "Robert'); DROP TABLE events; --", None, None),
            (
                3,
                "Party :late",
                Some(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()),
                Some(Decimal::new(5, 0)),
            ),
        ];
        for (id, title, day, price) in rows {
            let changed = conn
                .execute(
                    text(insert)
                        .bind("id", id)
                        .bind("title", title)
                        .bind("day", day)
                        .bind("price", price),
                )
                .await
                .unwrap();
            assert_eq!(changed, 1);
        }
        // A name used twice binds the same value twice.
        let found: Vec<(i64, String, Option<NaiveDate>, Option<Decimal>)> = conn
            .all(
                text(
                    "SELECT id, title, day, price FROM events \
                     WHERE id >= :low AND (day IS NULL OR id >= :low) ORDER BY id",
                )
                .bind("low", 2_i64)
                .returns(),
            )
            .await
            .unwrap();
        assert_eq!(
            found,
            [
                (2, "Robert'); DROP TABLE events; --".to_owned(), None, None),
                (
                    3,
                    "Party :late".to_owned(),
                    NaiveDate::from_ymd_opt(2024, 12, 31),
                    Some(Decimal::new(5, 0))
                ),
            ]
        );
        let count: i64 = conn
            .one(text("SELECT COUNT(*) FROM events").returns())
            .await
            .unwrap();
        assert_eq!(count, 3);
    }

    pub async fn casts_and_literals_with_colons_are_left_alone(db: &TestDb) {
        setup(db).await;
        let mut conn = db.connection().await;
        let sql = match db.backend {
            Backend::Postgres => {
                "SELECT CAST(:n AS BIGINT) + 1, 'a:b', CAST('7' AS INTEGER)::bigint"
            }
            Backend::Mysql => "SELECT CAST(:n AS SIGNED) + 1, 'a:b', 7",
            Backend::Sqlite => "SELECT CAST(:n AS INTEGER) + 1, 'a:b', 7",
        };
        let row: (i64, String, i64) = conn
            .one(text(sql).bind("n", 41_i64).returns())
            .await
            .unwrap();
        assert_eq!(row, (42, "a:b".to_owned(), 7));
    }

    pub async fn binding_mistakes_are_invalid_statements(db: &TestDb) {
        setup(db).await;
        let mut conn = db.connection().await;
        let error = conn
            .execute(text("DELETE FROM events WHERE id = :id"))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidStatement(_)), "{error:?}");
        let error = conn
            .execute(
                text("DELETE FROM events WHERE id = :id")
                    .bind("id", 1_i64)
                    .bind("idd", 2_i64),
            )
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidStatement(_)), "{error:?}");
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    named_parameters_are_bound_and_rows_decoded,
    casts_and_literals_with_colons_are_left_alone,
    binding_mistakes_are_invalid_statements,
);
