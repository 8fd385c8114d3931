//! The blog models end to end: create the tables, insert users, posts, tags and comments,
//! and query them — by column, as tuples, and through relationships — then work with them
//! through an ORM session (docs/orm.md).
//!
//! Usage: `cargo run -p blog-demo [DATABASE_URL]` (default `sqlite://blog-demo.db`), e.g.
//! `postgres://postgres@127.0.0.1/test` or `mysql://root@127.0.0.1/test`: the same
//! generated code runs on SQLite, PostgreSQL and MySQL/MariaDB and prints the same output.
//! Every run starts from empty tables, so it can be run again and again.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use blog_models::{PostStatus, comments, post_tags, posts, tags, users};
use retort::prelude::*;
use retort::{joined, selectin};

fn main() -> ExitCode {
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "sqlite://blog-demo.db".to_owned());
    match run(&url) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("blog-demo: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(url: &str) -> retort::Result<()> {
    let engine = Engine::connect(url)?;
    println!("database: {}", engine.url());
    let metadata = blog_models::metadata();
    metadata.drop_all(&engine)?;
    metadata.create_all(&engine)?;
    println!(
        "created tables: {}",
        metadata
            .sorted_tables()
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );

    let mut conn = engine.connection()?;
    seed(&mut conn)?;

    println!("\nPublished posts, newest first:");
    let published = posts::table()
        .select()
        .filter(posts::STATUS.eq(PostStatus::Published))
        .order_by(posts::ID.desc());
    for post in conn.all(published)? {
        println!("  #{} {} [{}]", post.id, post.title, post.status);
    }

    let ada = conn.one(
        users::table()
            .select()
            .filter(users::NAME.eq("Ada Lovelace")),
    )?;
    println!("\nPosts by {} (users::rel::POSTS):", ada.name);
    for post in conn.all(users::rel::POSTS.of(&ada).order_by(posts::TITLE))? {
        println!("  {}", post.title);
    }
    println!("Posts {} reviewed (users::rel::REVIEWED_POSTS):", ada.name);
    for post in conn.all(users::rel::REVIEWED_POSTS.of(&ada).order_by(posts::TITLE))? {
        println!("  {}", post.title);
    }

    println!("\nEvery post with its author and tags:");
    for post in conn.all(posts::table().select().order_by(posts::ID))? {
        let author = conn.one(posts::rel::AUTHOR.of(&post))?;
        let tags: Vec<String> = conn
            .all(posts::rel::TAGS.of(&post).order_by(tags::NAME))?
            .into_iter()
            .map(|tag| tag.name)
            .collect();
        println!(
            "  {} — by {}, tagged [{}]",
            post.title,
            author.name,
            tags.join(", ")
        );
    }

    let rust = conn.one(tags::table().select().filter(tags::NAME.eq("rust")))?;
    println!("\nPosts tagged `rust` (tags::rel::POSTS, through post_tags):");
    for post in conn.all(tags::rel::POSTS.of(&rust).order_by(posts::TITLE))? {
        println!("  {}", post.title);
    }

    println!("\nWho wrote what (a join through users::rel::POSTS, selected as tuples):");
    let pairs = select((users::NAME, posts::TITLE))
        .from(users::table())
        .inner_join(users::rel::POSTS)
        .order_by(users::NAME)
        .order_by(posts::TITLE);
    for (name, title) in conn.all(pairs)? {
        println!("  {name}: {title}");
    }

    let first = conn.one(posts::table().select().filter(posts::TITLE.like("Notes%")))?;
    println!(
        "\nThe discussion under \"{}\" (posts::rel::COMMENTS, comments::rel::PARENT):",
        first.title
    );
    for comment in conn.all(posts::rel::COMMENTS.of(&first).order_by(comments::ID))? {
        let author = conn.one(comments::rel::AUTHOR.of(&comment))?;
        match conn.optional(comments::rel::PARENT.of(&comment))? {
            Some(parent) => println!(
                "  {} replies to #{}: {}",
                author.name, parent.id, comment.body
            ),
            None => println!("  #{} {}: {}", comment.id, author.name, comment.body),
        }
    }

    let published = conn.execute(
        posts::table()
            .update()
            .set(posts::STATUS, PostStatus::Published)
            .filter(posts::STATUS.eq(PostStatus::Draft)),
    )?;
    println!("\nPublished {published} draft(s).");
    let archived = conn.execute(
        posts::table()
            .update()
            .set(posts::STATUS, PostStatus::Archived)
            .filter(posts::TITLE.like("%COBOL%")),
    )?;
    println!("Archived {archived} post(s).");
    let unreviewed = conn.all(
        select(posts::TITLE)
            .from(posts::table())
            .filter(posts::REVIEWER_ID.is_null())
            .order_by(posts::TITLE),
    )?;
    println!("Posts without a reviewer: {}", unreviewed.join(", "));
    drop(conn);
    orm(&engine)
}

/// The ORM half: the same blog through a session, with the statements each read sends.
fn orm(engine: &Engine) -> retort::Result<()> {
    // Counts the statements sent (transaction control aside) from now on.
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let listener = engine.on_statement(move |event| {
        let sql = event.sql.trim_start().to_ascii_uppercase();
        if !["BEGIN", "START", "COMMIT", "ROLLBACK", "SET TRANSACTION"]
            .iter()
            .any(|word| sql.starts_with(word))
        {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    let statements = || sent.swap(0, Ordering::Relaxed);

    let mut session = engine.session()?;
    println!(
        "
Through an ORM session: users, their posts and the posts' comments (select-in):"
    );
    statements();
    let everyone = session
        .query(users::table())
        .options(selectin(users::rel::POSTS).then(selectin(posts::rel::COMMENTS)))
        .order_by(users::ID)
        .all()?;
    for user in &everyone {
        for post in session.load(user, users::rel::POSTS)? {
            let comments = session.load(&post, posts::rel::COMMENTS)?;
            println!(
                "  {}: {} ({} comment(s))",
                user.read().name,
                post.read().title,
                comments.len()
            );
        }
    }
    println!("  loaded in {} statements", statements());

    println!("Posts with their tags (joined):");
    let all_posts = session
        .query(posts::table())
        .options(joined(posts::rel::TAGS))
        .order_by(posts::ID)
        .all()?;
    for post in &all_posts {
        let names: Vec<String> = session
            .load(post, posts::rel::TAGS)?
            .iter()
            .map(|tag| tag.read().name.clone())
            .collect();
        println!("  {} [{}]", post.read().title, names.join(", "));
    }
    println!("  loaded in {} statement", statements());

    // A unit of work: a new post by Grace with a new tag, and a change to Grace.
    let grace = session
        .query(users::table())
        .filter(users::NAME.eq("Grace Hopper"))
        .one()?;
    let compilers = session.add(posts::NewPost {
        user_id: 0, // set below, from Grace
        reviewer_id: None,
        status: Some(PostStatus::Published),
        title: "The first compiler".into(),
        body: None,
    });
    let tag = session.add(tags::NewTag {
        name: "compilers".into(),
    });
    session.set_related(&compilers, posts::rel::AUTHOR, &grace)?;
    session.add_related(&compilers, posts::rel::TAGS, &tag)?;
    grace.write().email = Some("grace@example.org".into());
    session.commit()?;
    let compilers = compilers.object().expect("inserted by the commit");
    println!(
        "Added \"{}\" by {} (user #{}), tagged compilers; set Grace's email.",
        compilers.read().title,
        grace.read().name,
        compilers.read().user_id
    );

    // Deleting a post deletes its comments first (`cascade: [delete, delete-orphan]`).
    let notes = session
        .query(posts::table())
        .filter(posts::TITLE.like("Notes%"))
        .one()?;
    session.delete(&notes)?;
    session.commit()?;
    let mut conn = engine.connection()?;
    let comments_left: Vec<i64> = conn.all(select(comments::ID).from(comments::table()))?;
    println!(
        "Deleted \"Notes on the Analytical Engine\" with its comments: {} comment(s) left.",
        comments_left.len()
    );
    engine.remove_listener(listener);
    Ok(())
}

/// Inserts the sample rows in one transaction; generated keys link them.
fn seed(conn: &mut Connection) -> retort::Result<()> {
    let mut tx = conn.transaction()?;
    let ada = tx.insert(users::NewUser {
        name: "Ada Lovelace".into(),
        email: Some("ada@example.org".into()),
        created_at: None,
    })?;
    let grace = tx.insert(users::NewUser {
        name: "Grace Hopper".into(),
        email: None,
        created_at: None,
    })?;

    let notes = tx.insert(posts::NewPost {
        user_id: ada,
        reviewer_id: Some(grace),
        status: Some(PostStatus::Published),
        title: "Notes on the Analytical Engine".into(),
        body: Some("The engine *weaves algebraic patterns*.".into()),
    })?;
    let bernoulli = tx.insert(posts::NewPost {
        user_id: ada,
        reviewer_id: None,
        status: None, // the column default: draft
        title: "Computing Bernoulli numbers".into(),
        body: None,
    })?;
    let cobol = tx.insert(posts::NewPost {
        user_id: grace,
        reviewer_id: Some(ada),
        status: Some(PostStatus::Published),
        title: "Why COBOL reads like English".into(),
        body: None,
    })?;

    let mut tag = |name: &str| tx.insert(tags::NewTag { name: name.into() });
    let (history, math, rust) = (tag("history")?, tag("math")?, tag("rust")?);
    for (post_id, tag_id) in [
        (notes, history),
        (notes, math),
        (bernoulli, math),
        (bernoulli, rust),
        (cobol, history),
    ] {
        tx.insert(post_tags::NewPostTag { post_id, tag_id })?;
    }

    let question = tx.insert(comments::NewComment {
        post_id: notes,
        parent_id: None,
        author_id: grace,
        body: "Could it compose music?".into(),
    })?;
    tx.insert(comments::NewComment {
        post_id: notes,
        parent_id: Some(question),
        author_id: ada,
        body: "Given the right notation, yes.".into(),
    })?;
    tx.commit()
}
