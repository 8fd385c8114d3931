use retort::__doc_tables::{posts, users, Posts, Users};
use retort::{select, Table};

fn main() {
    // `posts::rel::AUTHOR` goes from posts to users; this query does not read posts.
    let _ = select(users::NAME).from(Users).inner_join(posts::rel::AUTHOR);
    // The same through an alias: the relationship still has to start from a table in the
    // query.
    let author = Users.alias("author");
    let _ = select(users::NAME).from(Users).left_join_as(posts::rel::AUTHOR, &author);
    // Two tables in the query, neither of them posts.
    let _ = select(users::NAME).from(Users).from(Users).inner_join(posts::rel::AUTHOR);
    let _ = Posts;
}
