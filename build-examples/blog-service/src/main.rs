//! The blog service (see the library's documentation for its routes).
//!
//! Usage: `cargo run -p blog-service [DATABASE_URL]` (default
//! `sqlite://blog-service.db?pool_size=5`); it creates the tables that are missing and
//! listens on `BLOG_SERVICE_ADDR` (default `127.0.0.1:3000`).

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "sqlite://blog-service.db?pool_size=5".to_owned());
    let address = std::env::var("BLOG_SERVICE_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    match serve(&url, &address).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("blog-service: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(url: &str, address: &str) -> Result<(), Box<dyn std::error::Error>> {
    let engine = retort::AsyncEngine::connect(url).await?;
    blog_models::metadata().create_all(&engine).await?;
    let listener = tokio::net::TcpListener::bind(address).await?;
    println!(
        "blog-service: {} on http://{}",
        engine.url(),
        listener.local_addr()?
    );
    axum::serve(listener, blog_service::app(engine)).await?;
    Ok(())
}
