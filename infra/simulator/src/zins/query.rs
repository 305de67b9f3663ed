//! The Z-Insights view of a query document: one query operation, parsed by
//! the simulator's GraphQL front end ([`crate::graphql`]) and lowered to
//! fields whose arguments are already resolved against the request's
//! `variables`. Fragments are refused (the Z-Insights SDK queries use
//! none), as is more than one operation.

use crate::graphql::{self, arg_value, Sel};
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub alias: Option<String>,
    pub name: String,
    /// Arguments resolved against the variables (an absent variable is
    /// null).
    pub args: Map<String, Value>,
    pub sel: Vec<Field>,
}

impl Field {
    /// The response key (alias or name).
    pub(crate) fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }
    pub(crate) fn child(&self, name: &str) -> Option<&Field> {
        self.sel.iter().find(|f| f.name == name)
    }
}

/// Why a document cannot be run.
pub(crate) enum ReadError {
    /// Not a document this endpoint serves (an `InvalidSyntax` error).
    Syntax(String),
    /// Required variables neither given nor defaulted (`ValidationError`).
    Missing(Vec<String>),
}

/// Read the root selection set of a single-query document.
pub(crate) fn read(text: &str, vars: &Map<String, Value>) -> Result<Vec<Field>, ReadError> {
    let doc =
        graphql::parse(text).map_err(|e| ReadError::Syntax(format!("Invalid syntax: {e}")))?;
    let [op] = doc.ops.as_slice() else {
        return Err(ReadError::Syntax(
            "Only one operation per document is supported (no fragments)".into(),
        ));
    };
    if !doc.fragments.is_empty() {
        return Err(ReadError::Syntax(
            "Only one operation per document is supported (no fragments)".into(),
        ));
    }
    if op.kind != "query" {
        return Err(ReadError::Syntax(format!(
            "Unsupported operation type '{}': this API only serves queries",
            op.kind
        )));
    }
    let missing = graphql::missing_variables(op, vars);
    if !missing.is_empty() {
        return Err(ReadError::Missing(missing));
    }
    lower(&op.sel, vars).map_err(ReadError::Syntax)
}

fn lower(sel: &[Sel], vars: &Map<String, Value>) -> Result<Vec<Field>, String> {
    sel.iter()
        .map(|s| match s {
            Sel::Field(f) => Ok(Field {
                alias: f.alias.clone(),
                name: f.name.clone(),
                args: f
                    .args
                    .iter()
                    .map(|(k, a)| (k.clone(), arg_value(a, vars)))
                    .collect(),
                sel: lower(&f.sel, vars)?,
            }),
            Sel::Inline(..) | Sel::Spread(_) => Err("Fragments are not supported".to_string()),
        })
        .collect()
}
