//! A small blog service on Retort's async API: axum handlers, one
//! [`AsyncSession`](retort::AsyncSession) per request, over an
//! [`AsyncEngine`](retort::AsyncEngine)'s pool. The generated models are the same
//! `blog-models` crate the sync examples use.
//!
//! - `POST /users` `{"name": …}` → `201 {"id": …}`
//! - `POST /posts` `{"user_id": …, "title": …}` → `201 {"id": …}`
//! - `POST /posts/{id}/comments` `{"author_id": …, "body": …}` → `201 {"id": …}`
//! - `GET /posts/{id}` → `{"id", "title", "author", "comments": [{"id", "author_id", "body"}]}`
//!
//! Relationships are loaded explicitly, as the async session requires: eagerly with a
//! query's `selectin` option, or with an awaited `load`; nothing runs a statement behind a
//! field access. Writes that lose a race for a lock (SQLite's single writer, a deadlock, a
//! serialization failure) are retried, since [`retort::Error::is_retryable`] says so.

use std::future::Future;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use blog_models::{comments, posts, users};
use retort::{AsyncEngine, selectin};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The service's routes over `engine`.
pub fn app(engine: AsyncEngine) -> Router {
    Router::new()
        .route("/users", post(create_user))
        .route("/posts", post(create_post))
        .route("/posts/{id}", get(show_post))
        .route("/posts/{id}/comments", post(add_comment))
        .with_state(engine)
}

/// A failed request: a missing row, or what the database said.
#[derive(Debug)]
pub enum ApiError {
    /// No such row.
    NotFound(&'static str),
    /// The database refused or failed.
    Database(retort::Error),
}

impl From<retort::Error> for ApiError {
    fn from(error: retort::Error) -> Self {
        ApiError::Database(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            ApiError::NotFound(what) => (StatusCode::NOT_FOUND, format!("no such {what}")),
            ApiError::Database(error) if error.constraint_kind().is_some() => {
                (StatusCode::CONFLICT, error.to_string())
            }
            ApiError::Database(error) if error.is_retryable() => {
                (StatusCode::SERVICE_UNAVAILABLE, error.to_string())
            }
            ApiError::Database(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

/// Runs `attempt` again (up to ten times, backing off) while it fails with an error the
/// database says a retry may fix.
async fn retrying<T, F, Fut>(mut attempt: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut tries = 0;
    loop {
        match attempt().await {
            Err(ApiError::Database(error)) if error.is_retryable() && tries < 10 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(5 * tries)).await;
            }
            outcome => return outcome,
        }
    }
}

/// The body of `POST /users`.
#[derive(Debug, Deserialize)]
pub struct NewUserBody {
    /// The user's name.
    pub name: String,
}

async fn create_user(
    State(engine): State<AsyncEngine>,
    Json(body): Json<NewUserBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let id = retrying(|| async {
        let mut session = engine.session().await?;
        let user = session.add(users::NewUser {
            name: body.name.clone(),
            email: None,
            created_at: None,
        });
        session.commit().await?;
        Ok(user.object().map(|user| user.read().id))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

/// The body of `POST /posts`.
#[derive(Debug, Deserialize)]
pub struct NewPostBody {
    /// The author.
    pub user_id: i64,
    /// The title.
    pub title: String,
}

async fn create_post(
    State(engine): State<AsyncEngine>,
    Json(body): Json<NewPostBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let id = retrying(|| async {
        let mut session = engine.session().await?;
        let Some(author) = session.get::<users::Users>(body.user_id).await? else {
            return Err(ApiError::NotFound("user"));
        };
        let post = session.add(posts::NewPost {
            user_id: author.read().id,
            reviewer_id: None,
            status: None,
            title: body.title.clone(),
            body: None,
        });
        session.commit().await?;
        Ok(post.object().map(|post| post.read().id))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

/// The body of `POST /posts/{id}/comments`.
#[derive(Debug, Deserialize)]
pub struct NewCommentBody {
    /// Who writes it.
    pub author_id: i64,
    /// What it says.
    pub body: String,
}

async fn add_comment(
    State(engine): State<AsyncEngine>,
    Path(post_id): Path<i64>,
    Json(body): Json<NewCommentBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let id = retrying(|| async {
        let mut session = engine.session().await?;
        if session.get::<posts::Posts>(post_id).await?.is_none() {
            return Err(ApiError::NotFound("post"));
        }
        let comment = session.add(comments::NewComment {
            post_id,
            parent_id: None,
            author_id: body.author_id,
            body: body.body.clone(),
        });
        session.commit().await?;
        Ok(comment.object().map(|comment| comment.read().id))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

/// A post as `GET /posts/{id}` shows it.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PostView {
    /// The post's key.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its author's name.
    pub author: Option<String>,
    /// Its comments, oldest first.
    pub comments: Vec<CommentView>,
}

/// A comment of a [`PostView`].
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CommentView {
    /// The comment's key.
    pub id: i64,
    /// Who wrote it.
    pub author_id: i64,
    /// What it says.
    pub body: String,
}

async fn show_post(
    State(engine): State<AsyncEngine>,
    Path(id): Path<i64>,
) -> Result<Json<PostView>, ApiError> {
    let mut session = engine.session().await?;
    // The comments are loaded with the post (one more SELECT for them)...
    let found = session
        .query(posts::Posts)
        .filter(posts::ID.eq(id))
        .options(selectin(posts::rel::COMMENTS))
        .all()
        .await?;
    let Some(post) = found.into_iter().next() else {
        return Err(ApiError::NotFound("post"));
    };
    // ... so reading them runs nothing; the author was not loaded, so it is an awaited load.
    let comments = session.loaded(&post, posts::rel::COMMENTS)?;
    let author = session.load(&post, posts::rel::AUTHOR).await?;
    let post = post.read();
    Ok(Json(PostView {
        id: post.id,
        title: post.title.clone(),
        author: author.map(|author| author.read().name.clone()),
        comments: comments
            .iter()
            .map(|comment| {
                let comment = comment.read();
                CommentView {
                    id: comment.id,
                    author_id: comment.author_id,
                    body: comment.body.clone(),
                }
            })
            .collect(),
    }))
}
