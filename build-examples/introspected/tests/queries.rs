//! Queries through the introspected modules give the rows hand-written SQL gives, on each
//! database: every relationship of Chinook and Employees (both directions, the
//! many-to-many, the self-reference) followed from a few rows of its table, and joins.
//!
//! The hand-written SQL goes from the parent row, found by its primary key, to the related
//! table through the foreign key as the sample's script declares it — it shares nothing
//! with the generated relationship but the names.

mod common;

use std::collections::BTreeSet;
use std::fmt::Debug;

use common::{chinook_sql, key, on_backend, sorted_by_key};
use retort::prelude::*;
use retort::{Connection, FromRow, Relationship, Table, Text};
use test_databases::{FreshDatabase, Sample, database_tests, load_sample};

/// A connection to `db` with `sample` loaded.
fn loaded(db: &FreshDatabase, sample: Sample) -> Connection {
    let engine = db.connect();
    load_sample(&engine, sample).unwrap();
    engine.connection().unwrap()
}

/// The rows of `F` to follow relationships from: by primary key, the first three, the
/// middle one and the last.
fn parents<F: Table>(conn: &mut Connection) -> Vec<F::Row> {
    let rows = sorted_by_key(conn.all(F::default().select()).unwrap());
    let last = rows.len().checked_sub(1).expect("the table has rows");
    let picks = BTreeSet::from([0, 1, 2, last / 2, last]);
    rows.into_iter()
        .enumerate()
        .filter(|(i, _)| picks.contains(i))
        .map(|(_, row)| row)
        .collect()
}

/// Follows `rel` from each of [`parents`], and runs `sql` — hand-written, with the parent
/// bound by `bind` — for the same parent: both must give the same rows. Some parent must
/// have related rows, so that not only empty results are compared.
fn same_rows<F: Table, T: Table, C: retort::Cardinality>(
    conn: &mut Connection,
    rel: Relationship<F, T, C>,
    sql: &str,
    bind: impl Fn(Text<()>, &F::Row) -> Text<()>,
) where
    T::Row: PartialEq + Debug,
{
    let mut related = 0;
    for parent in parents::<F>(conn) {
        let parent_key = key(&parent);
        let through = sorted_by_key(conn.all(rel.of(&parent)).unwrap());
        let by_hand = sorted_by_key(
            conn.all(bind(retort::text(sql), &parent).returns::<T::Row>())
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
        );
        let keys = |rows: &[T::Row]| rows.iter().map(key).collect::<Vec<_>>();
        assert_eq!(
            keys(&through),
            keys(&by_hand),
            "`{}` of {parent_key:?}: keys",
            rel.name
        );
        assert_eq!(through, by_hand, "`{}` of {parent_key:?}: rows", rel.name);
        if rel.is_to_one() {
            assert!(through.len() <= 1, "`{}` is to-one", rel.name);
        }
        related += through.len();
    }
    assert!(
        related > 0,
        "`{}`: no picked row has related rows",
        rel.name
    );
}

/// The rows of hand-written `sql`, decoded as `like`'s rows are.
fn by_hand<R: FromRow<Output = R> + Send>(conn: &mut Connection, sql: &str, _like: &[R]) -> Vec<R> {
    conn.all(retort::text(sql).returns::<R>())
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

macro_rules! chinook_relationships {
    ($db:expr, $generated:ident) => {{
        use introspected::$generated as m;
        let backend = $db.backend();
        let sql = |template: &str| chinook_sql(backend, template);
        let conn = &mut loaded($db, Sample::Chinook);

        same_rows(
            conn,
            m::album::rel::ARTIST,
            &sql("SELECT ar.* FROM {Album} al \
                  JOIN {Artist} ar ON ar.{ArtistId} = al.{ArtistId} \
                  WHERE al.{AlbumId} = :p"),
            |q, al| q.bind("p", al.album_id),
        );
        same_rows(
            conn,
            m::album::rel::TRACKS,
            &sql("SELECT t.* FROM {Album} al \
                  JOIN {Track} t ON t.{AlbumId} = al.{AlbumId} \
                  WHERE al.{AlbumId} = :p"),
            |q, al| q.bind("p", al.album_id),
        );
        same_rows(
            conn,
            m::artist::rel::ALBUMS,
            &sql("SELECT al.* FROM {Artist} ar \
                  JOIN {Album} al ON al.{ArtistId} = ar.{ArtistId} \
                  WHERE ar.{ArtistId} = :p"),
            |q, ar| q.bind("p", ar.artist_id),
        );
        same_rows(
            conn,
            m::customer::rel::INVOICES,
            &sql("SELECT i.* FROM {Customer} c \
                  JOIN {Invoice} i ON i.{CustomerId} = c.{CustomerId} \
                  WHERE c.{CustomerId} = :p"),
            |q, c| q.bind("p", c.customer_id),
        );
        same_rows(
            conn,
            m::customer::rel::SUPPORT_REP,
            &sql("SELECT e.* FROM {Customer} c \
                  JOIN {Employee} e ON e.{EmployeeId} = c.{SupportRepId} \
                  WHERE c.{CustomerId} = :p"),
            |q, c| q.bind("p", c.customer_id),
        );
        same_rows(
            conn,
            m::employee::rel::CUSTOMERS,
            &sql("SELECT c.* FROM {Employee} e \
                  JOIN {Customer} c ON c.{SupportRepId} = e.{EmployeeId} \
                  WHERE e.{EmployeeId} = :p"),
            |q, e| q.bind("p", e.employee_id),
        );
        // The self-reference, both ways: an employee's manager, and who reports to them.
        same_rows(
            conn,
            m::employee::rel::REPORTS_TO,
            &sql("SELECT boss.* FROM {Employee} e \
                  JOIN {Employee} boss ON boss.{EmployeeId} = e.{ReportsTo} \
                  WHERE e.{EmployeeId} = :p"),
            |q, e| q.bind("p", e.employee_id),
        );
        same_rows(
            conn,
            m::employee::rel::REPORTS_TO_EMPLOYEES,
            &sql("SELECT r.* FROM {Employee} e \
                  JOIN {Employee} r ON r.{ReportsTo} = e.{EmployeeId} \
                  WHERE e.{EmployeeId} = :p"),
            |q, e| q.bind("p", e.employee_id),
        );
        same_rows(
            conn,
            m::genre::rel::TRACKS,
            &sql("SELECT t.* FROM {Genre} g \
                  JOIN {Track} t ON t.{GenreId} = g.{GenreId} \
                  WHERE g.{GenreId} = :p"),
            |q, g| q.bind("p", g.genre_id),
        );
        same_rows(
            conn,
            m::invoice::rel::CUSTOMER,
            &sql("SELECT c.* FROM {Invoice} i \
                  JOIN {Customer} c ON c.{CustomerId} = i.{CustomerId} \
                  WHERE i.{InvoiceId} = :p"),
            |q, i| q.bind("p", i.invoice_id),
        );
        same_rows(
            conn,
            m::invoice::rel::INVOICE_LINES,
            &sql("SELECT il.* FROM {Invoice} i \
                  JOIN {InvoiceLine} il ON il.{InvoiceId} = i.{InvoiceId} \
                  WHERE i.{InvoiceId} = :p"),
            |q, i| q.bind("p", i.invoice_id),
        );
        same_rows(
            conn,
            m::invoice_line::rel::INVOICE,
            &sql("SELECT i.* FROM {InvoiceLine} il \
                  JOIN {Invoice} i ON i.{InvoiceId} = il.{InvoiceId} \
                  WHERE il.{InvoiceLineId} = :p"),
            |q, il| q.bind("p", il.invoice_line_id),
        );
        same_rows(
            conn,
            m::invoice_line::rel::TRACK,
            &sql("SELECT t.* FROM {InvoiceLine} il \
                  JOIN {Track} t ON t.{TrackId} = il.{TrackId} \
                  WHERE il.{InvoiceLineId} = :p"),
            |q, il| q.bind("p", il.invoice_line_id),
        );
        same_rows(
            conn,
            m::media_type::rel::TRACKS,
            &sql("SELECT t.* FROM {MediaType} mt \
                  JOIN {Track} t ON t.{MediaTypeId} = mt.{MediaTypeId} \
                  WHERE mt.{MediaTypeId} = :p"),
            |q, mt| q.bind("p", mt.media_type_id),
        );
        // The many-to-many through PlaylistTrack, both ways.
        same_rows(
            conn,
            m::playlist::rel::TRACKS,
            &sql("SELECT t.* FROM {Playlist} p \
                  JOIN {PlaylistTrack} pt ON pt.{PlaylistId} = p.{PlaylistId} \
                  JOIN {Track} t ON t.{TrackId} = pt.{TrackId} \
                  WHERE p.{PlaylistId} = :p"),
            |q, p| q.bind("p", p.playlist_id),
        );
        same_rows(
            conn,
            m::track::rel::PLAYLISTS,
            &sql("SELECT p.* FROM {Track} t \
                  JOIN {PlaylistTrack} pt ON pt.{TrackId} = t.{TrackId} \
                  JOIN {Playlist} p ON p.{PlaylistId} = pt.{PlaylistId} \
                  WHERE t.{TrackId} = :p"),
            |q, t| q.bind("p", t.track_id),
        );
        // The association table's own many-to-ones.
        same_rows(
            conn,
            m::playlist_track::rel::PLAYLIST,
            &sql("SELECT p.* FROM {PlaylistTrack} pt \
                  JOIN {Playlist} p ON p.{PlaylistId} = pt.{PlaylistId} \
                  WHERE pt.{PlaylistId} = :p AND pt.{TrackId} = :t"),
            |q, pt| q.bind("p", pt.playlist_id).bind("t", pt.track_id),
        );
        same_rows(
            conn,
            m::playlist_track::rel::TRACK,
            &sql("SELECT t.* FROM {PlaylistTrack} pt \
                  JOIN {Track} t ON t.{TrackId} = pt.{TrackId} \
                  WHERE pt.{PlaylistId} = :p AND pt.{TrackId} = :t"),
            |q, pt| q.bind("p", pt.playlist_id).bind("t", pt.track_id),
        );
        same_rows(
            conn,
            m::track::rel::ALBUM,
            &sql("SELECT al.* FROM {Track} t \
                  JOIN {Album} al ON al.{AlbumId} = t.{AlbumId} \
                  WHERE t.{TrackId} = :p"),
            |q, t| q.bind("p", t.track_id),
        );
        same_rows(
            conn,
            m::track::rel::GENRE,
            &sql("SELECT g.* FROM {Track} t \
                  JOIN {Genre} g ON g.{GenreId} = t.{GenreId} \
                  WHERE t.{TrackId} = :p"),
            |q, t| q.bind("p", t.track_id),
        );
        same_rows(
            conn,
            m::track::rel::INVOICE_LINES,
            &sql("SELECT il.* FROM {Track} t \
                  JOIN {InvoiceLine} il ON il.{TrackId} = t.{TrackId} \
                  WHERE t.{TrackId} = :p"),
            |q, t| q.bind("p", t.track_id),
        );
        same_rows(
            conn,
            m::track::rel::MEDIA_TYPE,
            &sql("SELECT mt.* FROM {Track} t \
                  JOIN {MediaType} mt ON mt.{MediaTypeId} = t.{MediaTypeId} \
                  WHERE t.{TrackId} = :p"),
            |q, t| q.bind("p", t.track_id),
        );
    }};
}

macro_rules! chinook_joins {
    ($db:expr, $generated:ident) => {{
        use introspected::$generated as m;
        use m::{album, artist, employee, playlist, track};
        let backend = $db.backend();
        let sql = |template: &str| chinook_sql(backend, template);
        let conn = &mut loaded($db, Sample::Chinook);

        // Every track with its album's title and its artist's name: two many-to-ones.
        let joined = conn
            .all(
                select((track::TRACK_ID, track::NAME, album::TITLE, artist::NAME))
                    .from(track::table())
                    .inner_join(track::rel::ALBUM)
                    .inner_join(album::rel::ARTIST)
                    .order_by(track::TRACK_ID.asc()),
            )
            .unwrap();
        let expected = by_hand(
            conn,
            &sql(
                "SELECT t.{TrackId}, t.{Name}, al.{Title}, ar.{Name} FROM {Track} t \
                  JOIN {Album} al ON al.{AlbumId} = t.{AlbumId} \
                  JOIN {Artist} ar ON ar.{ArtistId} = al.{ArtistId} \
                  ORDER BY t.{TrackId}",
            ),
            &joined,
        );
        assert_eq!(joined.len(), 3503);
        assert_eq!(joined, expected);

        // Playlists with their tracks: the many-to-many, through PlaylistTrack.
        let joined = conn
            .all(
                select((
                    playlist::PLAYLIST_ID,
                    playlist::NAME,
                    track::TRACK_ID,
                    track::NAME,
                ))
                .from(playlist::table())
                .inner_join(playlist::rel::TRACKS)
                .order_by(playlist::PLAYLIST_ID.asc())
                .order_by(track::TRACK_ID.asc()),
            )
            .unwrap();
        let expected = by_hand(
            conn,
            &sql(
                "SELECT p.{PlaylistId}, p.{Name}, t.{TrackId}, t.{Name} FROM {Playlist} p \
                  JOIN {PlaylistTrack} pt ON pt.{PlaylistId} = p.{PlaylistId} \
                  JOIN {Track} t ON t.{TrackId} = pt.{TrackId} \
                  ORDER BY p.{PlaylistId}, t.{TrackId}",
            ),
            &joined,
        );
        assert_eq!(joined.len(), 8715);
        assert_eq!(joined, expected);

        // Employees with their managers: the self-reference, the managers' side aliased.
        let boss = employee::table().alias("boss");
        let joined = conn
            .all(
                select((
                    employee::EMPLOYEE_ID,
                    employee::LAST_NAME,
                    boss.col(employee::LAST_NAME),
                ))
                .from(employee::table())
                .inner_join_as(employee::rel::REPORTS_TO, &boss)
                .order_by(employee::EMPLOYEE_ID.asc()),
            )
            .unwrap();
        let expected = by_hand(
            conn,
            &sql(
                "SELECT e.{EmployeeId}, e.{LastName}, b.{LastName} FROM {Employee} e \
                  JOIN {Employee} b ON b.{EmployeeId} = e.{ReportsTo} \
                  ORDER BY e.{EmployeeId}",
            ),
            &joined,
        );
        // Everyone but the general manager reports to someone.
        assert_eq!(joined.len(), 7);
        assert_eq!(joined, expected);
    }};
}

macro_rules! employees_relationships {
    ($db:expr, $generated:ident) => {{
        use introspected::$generated as m;
        let conn = &mut loaded($db, Sample::Employees);

        same_rows(
            conn,
            m::department::rel::DEPT_EMPS,
            "SELECT de.* FROM department d JOIN dept_emp de ON de.dept_no = d.dept_no \
             WHERE d.dept_no = :p",
            |q, d| q.bind("p", d.dept_no.as_str()),
        );
        same_rows(
            conn,
            m::department::rel::DEPT_MANAGERS,
            "SELECT dm.* FROM department d JOIN dept_manager dm ON dm.dept_no = d.dept_no \
             WHERE d.dept_no = :p",
            |q, d| q.bind("p", d.dept_no.as_str()),
        );
        // dept_emp and dept_manager: entities with a many-to-one to each side.
        same_rows(
            conn,
            m::dept_emp::rel::DEPARTMENT,
            "SELECT d.* FROM dept_emp de JOIN department d ON d.dept_no = de.dept_no \
             WHERE de.emp_no = :e AND de.dept_no = :d",
            |q, de| q.bind("e", de.emp_no).bind("d", de.dept_no.as_str()),
        );
        same_rows(
            conn,
            m::dept_emp::rel::EMPLOYEE,
            "SELECT e.* FROM dept_emp de JOIN employee e ON e.emp_no = de.emp_no \
             WHERE de.emp_no = :e AND de.dept_no = :d",
            |q, de| q.bind("e", de.emp_no).bind("d", de.dept_no.as_str()),
        );
        same_rows(
            conn,
            m::dept_manager::rel::DEPARTMENT,
            "SELECT d.* FROM dept_manager dm JOIN department d ON d.dept_no = dm.dept_no \
             WHERE dm.emp_no = :e AND dm.dept_no = :d",
            |q, dm| q.bind("e", dm.emp_no).bind("d", dm.dept_no.as_str()),
        );
        same_rows(
            conn,
            m::dept_manager::rel::EMPLOYEE,
            "SELECT e.* FROM dept_manager dm JOIN employee e ON e.emp_no = dm.emp_no \
             WHERE dm.emp_no = :e AND dm.dept_no = :d",
            |q, dm| q.bind("e", dm.emp_no).bind("d", dm.dept_no.as_str()),
        );
        same_rows(
            conn,
            m::employee::rel::DEPT_EMPS,
            "SELECT de.* FROM employee e JOIN dept_emp de ON de.emp_no = e.emp_no \
             WHERE e.emp_no = :p",
            |q, e| q.bind("p", e.emp_no),
        );
        same_rows(
            conn,
            m::employee::rel::DEPT_MANAGERS,
            "SELECT dm.* FROM employee e JOIN dept_manager dm ON dm.emp_no = e.emp_no \
             WHERE e.emp_no = :p",
            |q, e| q.bind("p", e.emp_no),
        );
        same_rows(
            conn,
            m::employee::rel::SALARIES,
            "SELECT s.* FROM employee e JOIN salary s ON s.emp_no = e.emp_no \
             WHERE e.emp_no = :p",
            |q, e| q.bind("p", e.emp_no),
        );
        same_rows(
            conn,
            m::employee::rel::TITLES,
            "SELECT t.* FROM employee e JOIN title t ON t.emp_no = e.emp_no \
             WHERE e.emp_no = :p",
            |q, e| q.bind("p", e.emp_no),
        );
        same_rows(
            conn,
            m::salary::rel::EMPLOYEE,
            "SELECT e.* FROM salary s JOIN employee e ON e.emp_no = s.emp_no \
             WHERE s.emp_no = :e AND s.from_date = :f",
            |q, s| q.bind("e", s.emp_no).bind("f", s.from_date),
        );
        same_rows(
            conn,
            m::title::rel::EMPLOYEE,
            "SELECT e.* FROM title t JOIN employee e ON e.emp_no = t.emp_no \
             WHERE t.emp_no = :e AND t.title = :t AND t.from_date = :f",
            |q, t| {
                q.bind("e", t.emp_no)
                    .bind("t", t.title.as_str())
                    .bind("f", t.from_date)
            },
        );
    }};
}

macro_rules! employees_joins {
    ($db:expr, $generated:ident) => {{
        use introspected::$generated as m;
        use m::{department, dept_emp, employee};
        let conn = &mut loaded($db, Sample::Employees);

        // Women with each department they worked in, from when: through dept_emp, an
        // entity of its own, and filtered on the gender enum.
        let joined = conn
            .all(
                select((
                    employee::EMP_NO,
                    employee::LAST_NAME,
                    department::DEPT_NAME,
                    dept_emp::FROM_DATE,
                ))
                .from(employee::table())
                .inner_join(employee::rel::DEPT_EMPS)
                .inner_join(dept_emp::rel::DEPARTMENT)
                .filter(employee::GENDER.eq(m::EmployeeGender::F))
                .order_by(employee::EMP_NO.asc())
                .order_by(department::DEPT_NO.asc()),
            )
            .unwrap();
        let expected = by_hand(
            conn,
            "SELECT e.emp_no, e.last_name, d.dept_name, de.from_date FROM employee e \
             JOIN dept_emp de ON de.emp_no = e.emp_no \
             JOIN department d ON d.dept_no = de.dept_no \
             WHERE e.gender = 'F' \
             ORDER BY e.emp_no, d.dept_no",
            &joined,
        );
        assert!(joined.len() > 100, "{} rows", joined.len());
        assert_eq!(joined, expected);
    }};
}

fn chinook_relationship_rows(db: &FreshDatabase) {
    on_backend!(db, chinook_sqlite | chinook_postgres | chinook_mysql => chinook_relationships);
}

fn chinook_joined(db: &FreshDatabase) {
    on_backend!(db, chinook_sqlite | chinook_postgres | chinook_mysql => chinook_joins);
}

fn employees_relationship_rows(db: &FreshDatabase) {
    on_backend!(
        db,
        employees_sqlite | employees_postgres | employees_mysql => employees_relationships
    );
}

fn employees_joined(db: &FreshDatabase) {
    on_backend!(db, employees_sqlite | employees_postgres | employees_mysql => employees_joins);
}

database_tests!(
    chinook_relationship_rows,
    chinook_joined,
    employees_relationship_rows,
    employees_joined,
);
