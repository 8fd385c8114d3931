//! Counting the statements a test sends, through `Engine::on_statement`.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use retort::Engine;

/// The statements sent through the engine, as SQL text, from now on.
#[derive(Clone, Default)]
pub struct Statements(Arc<Mutex<Vec<String>>>);

impl Statements {
    pub fn record(engine: &Engine) -> Statements {
        let statements = Statements::default();
        let sink = statements.clone();
        engine.on_statement(move |event| sink.0.lock().unwrap().push(event.sql.to_owned()));
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
