//! The row structs of the raw-driver contenders: what a hand-written program would declare.

/// A row of `users`.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// `id`.
    pub id: i32,
    /// `name`.
    pub name: String,
    /// `hair_color`.
    pub hair_color: Option<String>,
}

/// A row of `posts`.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// `id`.
    pub id: i32,
    /// `user_id`.
    pub user_id: i32,
    /// `title`.
    pub title: String,
    /// `body`.
    pub body: Option<String>,
}

/// A row of `comments`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// `id`.
    pub id: i32,
    /// `post_id`.
    pub post_id: i32,
    /// `text`.
    pub text: String,
}

/// Users with their posts with their comments: what the loading workload returns.
pub type Grouped<U, P, C> = Vec<(U, Vec<(P, Vec<C>)>)>;

/// Groups users, posts and comments as the loading workload returns them:
/// `Vec<(User, Vec<(Post, Vec<Comment>)>)>`, in the order given. `user_key` and `post_key`
/// read a user's and a post's own key, `post_user` a post's user and `comment_post` a
/// comment's post.
pub fn group<U, P, C>(
    users: Vec<U>,
    posts: Vec<P>,
    comments: Vec<C>,
    user_key: impl Fn(&U) -> i32,
    post_key: impl Fn(&P) -> i32,
    post_user: impl Fn(&P) -> i32,
    comment_post: impl Fn(&C) -> i32,
) -> Grouped<U, P, C> {
    use std::collections::HashMap;
    let mut comments_of: HashMap<i32, Vec<C>> = HashMap::new();
    for comment in comments {
        comments_of
            .entry(comment_post(&comment))
            .or_default()
            .push(comment);
    }
    let mut posts_of: HashMap<i32, Vec<(P, Vec<C>)>> = HashMap::new();
    for post in posts {
        let its_comments = comments_of.remove(&post_key(&post)).unwrap_or_default();
        posts_of
            .entry(post_user(&post))
            .or_default()
            .push((post, its_comments));
    }
    users
        .into_iter()
        .map(|user| {
            let its_posts = posts_of.remove(&user_key(&user)).unwrap_or_default();
            (user, its_posts)
        })
        .collect()
}

/// Users + posts + comments in a grouped result: what the loading workload returns.
pub fn grouped_count<U, P, C>(grouped: &Grouped<U, P, C>) -> usize {
    grouped
        .iter()
        .map(|(_, posts)| 1 + posts.iter().map(|(_, c)| 1 + c.len()).sum::<usize>())
        .sum()
}
