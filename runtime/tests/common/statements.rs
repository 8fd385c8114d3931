//! Counting the statements a test sends, through `Engine::on_statement`.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use retort::{Engine, ListenerId, StatementEvent};

/// An engine, sync or async, whose statements can be listened to.
pub trait Listened {
    fn listen(&self, listener: impl Fn(&StatementEvent<'_>) + Send + Sync + 'static) -> ListenerId;
}

impl Listened for Engine {
    fn listen(&self, listener: impl Fn(&StatementEvent<'_>) + Send + Sync + 'static) -> ListenerId {
        self.on_statement(listener)
    }
}

impl Listened for retort::AsyncEngine {
    fn listen(&self, listener: impl Fn(&StatementEvent<'_>) + Send + Sync + 'static) -> ListenerId {
        self.on_statement(listener)
    }
}

/// The statements sent through the engine, as SQL text, from now on.
#[derive(Clone, Default)]
pub struct Statements(Arc<Mutex<Vec<String>>>);

impl Statements {
    pub fn record(engine: &impl Listened) -> Statements {
        let statements = Statements::default();
        let sink = statements.clone();
        engine.listen(move |event| sink.0.lock().unwrap().push(event.sql.to_owned()));
        statements
    }

    /// The statements sent since the last call, transaction control included.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }

    /// How many of the statements sent since the last call are not transaction control.
    pub fn count(&self) -> usize {
        self.take()
            .iter()
            .filter(|sql| !is_transaction_control(sql))
            .count()
    }
}

/// True for BEGIN, COMMIT, ROLLBACK and the like.
pub fn is_transaction_control(sql: &str) -> bool {
    let upper = sql.trim_start().to_ascii_uppercase();
    [
        "BEGIN",
        "START TRANSACTION",
        "COMMIT",
        "ROLLBACK",
        "SET TRANSACTION",
    ]
    .iter()
    .any(|word| upper.starts_with(word))
}
