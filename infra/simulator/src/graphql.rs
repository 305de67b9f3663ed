//! The one GraphQL front end of the simulator (ZMS and Z-Insights): the
//! `graphql-parser` crate parses the executable document (operations,
//! variable definitions, fields with aliases and arguments, inline and
//! named fragments, directives) and this module lowers its AST to a small
//! owned tree the resolvers walk. Argument values stay unresolved
//! ([`Arg`]) until a resolver asks for them with the request variables.
//!
//! Nesting is bounded by the crate's recursion limit (50 levels of braces,
//! brackets and parentheses together), so a hostile query is a syntax
//! error, not a stack overflow.

use graphql_parser::query as q;
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// An argument value as written: a variable or a literal (lists and
/// objects may hold variables).
#[derive(Clone, Debug)]
pub(crate) enum Arg {
    Var(String),
    Lit(Value),
    List(Vec<Arg>),
    Obj(Vec<(String, Arg)>),
}

#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub alias: Option<String>,
    pub name: String,
    pub args: Vec<(String, Arg)>,
    pub sel: Vec<Sel>,
}

impl Field {
    /// The response key (alias or name).
    pub(crate) fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Sel {
    Field(Field),
    /// `... on Type { }` (type condition optional).
    Inline(Option<String>, Vec<Sel>),
    /// `...Name`
    Spread(String),
}

/// A variable definition: `$name: Type = default`.
#[derive(Clone, Debug)]
pub(crate) struct VarDef {
    pub name: String,
    /// The type as written, e.g. "Long!" or "[ID!]".
    pub ty: String,
    pub has_default: bool,
}

pub(crate) struct Operation {
    /// "query", "mutation" or "subscription".
    pub kind: String,
    pub name: Option<String>,
    pub vars: Vec<VarDef>,
    pub sel: Vec<Sel>,
}

pub(crate) struct Document {
    pub ops: Vec<Operation>,
    /// Named fragments: name → (type condition, selection).
    pub fragments: HashMap<String, (String, Vec<Sel>)>,
}

/// Parse an executable document. The error is the parser's message on
/// one line.
pub(crate) fn parse(src: &str) -> Result<Document, String> {
    let doc = q::parse_query::<String>(src).map_err(|e| {
        e.to_string()
            .trim_start_matches("query parse error: ")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let mut out = Document {
        ops: Vec::new(),
        fragments: HashMap::new(),
    };
    for def in doc.definitions {
        match def {
            q::Definition::Operation(op) => out.ops.push(operation(op)),
            q::Definition::Fragment(f) => {
                let q::TypeCondition::On(ty) = f.type_condition;
                out.fragments
                    .insert(f.name, (ty, selection(f.selection_set)));
            }
        }
    }
    Ok(out)
}

fn operation(op: q::OperationDefinition<'_, String>) -> Operation {
    let (kind, name, defs, set) = match op {
        q::OperationDefinition::SelectionSet(s) => ("query", None, Vec::new(), s),
        q::OperationDefinition::Query(o) => {
            ("query", o.name, o.variable_definitions, o.selection_set)
        }
        q::OperationDefinition::Mutation(o) => {
            ("mutation", o.name, o.variable_definitions, o.selection_set)
        }
        q::OperationDefinition::Subscription(o) => (
            "subscription",
            o.name,
            o.variable_definitions,
            o.selection_set,
        ),
    };
    Operation {
        kind: kind.to_string(),
        name,
        vars: defs
            .into_iter()
            .map(|d| VarDef {
                name: d.name,
                ty: d.var_type.to_string(),
                has_default: d.default_value.is_some(),
            })
            .collect(),
        sel: selection(set),
    }
}

fn selection(set: q::SelectionSet<'_, String>) -> Vec<Sel> {
    set.items
        .into_iter()
        .map(|s| match s {
            q::Selection::Field(f) => Sel::Field(Field {
                alias: f.alias,
                name: f.name,
                args: f.arguments.into_iter().map(|(k, v)| (k, arg(v))).collect(),
                sel: selection(f.selection_set),
            }),
            q::Selection::InlineFragment(i) => Sel::Inline(
                i.type_condition.map(|q::TypeCondition::On(t)| t),
                selection(i.selection_set),
            ),
            q::Selection::FragmentSpread(s) => Sel::Spread(s.fragment_name),
        })
        .collect()
}

fn arg(v: q::Value<'_, String>) -> Arg {
    match v {
        q::Value::Variable(n) => Arg::Var(n),
        q::Value::Int(n) => Arg::Lit(n.as_i64().map_or(Value::Null, Value::from)),
        q::Value::Float(f) => Arg::Lit(Number::from_f64(f).map_or(Value::Null, Value::Number)),
        q::Value::String(s) | q::Value::Enum(s) => Arg::Lit(Value::String(s)),
        q::Value::Boolean(b) => Arg::Lit(Value::Bool(b)),
        q::Value::Null => Arg::Lit(Value::Null),
        q::Value::List(items) => Arg::List(items.into_iter().map(arg).collect()),
        q::Value::Object(m) => Arg::Obj(m.into_iter().map(|(k, v)| (k, arg(v))).collect()),
    }
}

/// Resolve an argument against the variables (an absent variable is null).
pub(crate) fn arg_value(a: &Arg, vars: &Map<String, Value>) -> Value {
    match a {
        Arg::Var(n) => vars.get(n).cloned().unwrap_or(Value::Null),
        Arg::Lit(v) => v.clone(),
        Arg::List(items) => Value::Array(items.iter().map(|i| arg_value(i, vars)).collect()),
        Arg::Obj(items) => Value::Object(
            items
                .iter()
                .map(|(k, v)| (k.clone(), arg_value(v, vars)))
                .collect(),
        ),
    }
}

/// Resolved arguments of a field, nulls dropped.
pub(crate) fn args_of(f: &Field, vars: &Map<String, Value>) -> Map<String, Value> {
    f.args
        .iter()
        .map(|(k, a)| (k.clone(), arg_value(a, vars)))
        .filter(|(_, v)| !v.is_null())
        .collect()
}

/// graphql-java's errors for non-null variables that were neither given
/// (non-null) nor defaulted.
pub(crate) fn missing_variables(op: &Operation, vars: &Map<String, Value>) -> Vec<String> {
    op.vars
        .iter()
        .filter(|d| d.ty.ends_with('!') && !d.has_default)
        .filter(|d| vars.get(&d.name).is_none_or(Value::is_null))
        .map(|d| {
            format!(
                "Variable '{0}' has an invalid value: Variable '{0}' has coerced Null value for NonNull type '{1}'",
                d.name, d.ty
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lowers_operations_fragments_and_arguments() {
        let doc = parse(
            "query Q($a: Long!, $b: [ID!] = [\"x\"]) { r: root(n: 1, f: 1.5, s: \"s\", e: ENUM, v: $a, l: [$a, null], o: {k: true}) { ...F ... on T { x } } } fragment F on T { y }",
        )
        .unwrap();
        assert_eq!(doc.ops.len(), 1);
        let op = &doc.ops[0];
        assert_eq!((op.kind.as_str(), op.name.as_deref()), ("query", Some("Q")));
        let defs: Vec<_> = op
            .vars
            .iter()
            .map(|d| (d.name.as_str(), d.ty.as_str(), d.has_default))
            .collect();
        assert_eq!(defs, vec![("a", "Long!", false), ("b", "[ID!]", true)]);
        let Sel::Field(f) = &op.sel[0] else {
            panic!("expected a field")
        };
        assert_eq!((f.key(), f.name.as_str()), ("r", "root"));
        let vars = json!({"a": 7}).as_object().cloned().unwrap();
        assert_eq!(
            Value::Object(args_of(f, &vars)),
            json!({"n": 1, "f": 1.5, "s": "s", "e": "ENUM", "v": 7, "l": [7, null], "o": {"k": true}})
        );
        assert!(matches!(&f.sel[0], Sel::Spread(n) if n == "F"));
        assert!(matches!(&f.sel[1], Sel::Inline(Some(t), _) if t == "T"));
        assert_eq!(doc.fragments["F"].0, "T");
        assert_eq!(missing_variables(op, &Map::new()).len(), 1);
        assert!(missing_variables(op, &vars).is_empty());
    }

    #[test]
    fn syntax_errors_and_deep_nesting_are_errors() {
        let e = parse("query { agents(").err().unwrap();
        assert!(!e.contains('\n'), "{e}");
        let deep = format!("{{ {} }}", "a { ".repeat(200) + &"} ".repeat(200));
        assert!(parse(&deep).is_err());
        assert!(parse("").is_err());
        assert_eq!(parse("mutation { x }").unwrap().ops[0].kind, "mutation");
    }
}
