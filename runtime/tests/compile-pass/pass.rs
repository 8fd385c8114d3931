// What must compile: the positive counterparts of the compile-fail cases.
use retort::__doc_tables::{Posts, Users, posts, users};
use retort::{Expr, Table, and_, not_, or_, select};

fn main() {
    // An integer literal infers the column's i64.
    let _: Expr<bool> = posts::ID.eq(42);
    let _: Expr<bool> = posts::USER_ID.between(1, 10);
    let _: Expr<bool> = posts::ID.is_in([1, 2, 3]);
    // Text columns take &str, &String and String.
    let _: Expr<bool> = users::NAME.eq("Ada");
    let name = String::from("Ada");
    let _: Expr<bool> = users::NAME.eq(&name);
    let _: Expr<bool> = users::NAME.eq(name);
    // A nullable column compares with the plain value.
    let _: Expr<bool> = users::EMAIL.eq("a@b");
    let _: Expr<bool> = users::EMAIL.like("%@b");
    let _: Expr<bool> = users::EMAIL.is_null();
    // Columns of the same SQL type, in different tables or nullability.
    let _: Expr<bool> = users::ID.eq(posts::USER_ID);
    let _: Expr<bool> = users::NAME.eq(users::EMAIL);
    let _: Expr<bool> = posts::TITLE.like("Rust%");
    // Boolean combinations.
    let both = posts::ID.gt(1).and(posts::TITLE.ne("x"));
    let either = or_([posts::ID.lt(0), !both.clone()]);
    let _: Expr<bool> = and_([either, not_(both)]);
    // Updates of the table's own columns, with values of the column's type.
    let _ = Users.update().set(users::NAME, "x").set(users::EMAIL, None);
    let _ = Users.update().set(users::EMAIL, Some("a@b".to_owned()));
    let _ = Posts
        .update()
        .set(posts::TITLE, "x")
        .set_expr(posts::USER_ID, posts::ID);
    // Selections decode into the columns' types.
    let _: retort::Select<(i64, String, Option<String>), _> =
        select((users::ID, users::NAME, users::EMAIL)).from(Users);
    // An operation is NULL where an operand is: nullable when either operand is.
    let _: retort::Expr<i64> = users::ID + 1;
    let _: retort::Expr<Option<i64>> = users::ID + users::ID.nullable();
    let _: retort::Expr<Option<i64>> = users::ID.nullable() * users::ID;
    let _: retort::Expr<Option<i64>> = users::ID / users::ID.nullable();
    let _: retort::Expr<Option<i64>> = users::ID % users::ID.nullable();
    let _: retort::Expr<String> = retort::functions::coalesce(users::EMAIL, users::NAME);
    let _: retort::Expr<Option<String>> = retort::functions::coalesce(users::EMAIL, users::EMAIL);
    let _: retort::Expr<Option<String>> =
        retort::functions::replace(users::NAME, users::EMAIL, "x");
    let _: retort::Expr<String> = retort::functions::replace(users::NAME, "a", "b");
}
