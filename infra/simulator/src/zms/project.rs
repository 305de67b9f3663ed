//! Projection of ZMS resolver results onto a query's selection sets:
//! objects carry their GraphQL type in `__typename`, fragments apply by
//! type condition, and a selected field an object does not have is a
//! graphql-java `FieldUndefined` validation error.

use crate::graphql::{Document, Sel};
use serde_json::{json, Map, Value};

/// Deepest fragment nesting followed (spreads that form a cycle stop here).
const MAX_DEPTH: usize = 64;

/// Project `v` onto `sel`. Objects carry their type in `__typename`; a
/// selected field the object does not have is a `FieldUndefined`
/// validation error (recorded in `errs`).
pub(crate) fn project(
    v: &Value,
    sel: &[Sel],
    doc: &Document,
    path: &str,
    errs: &mut Vec<String>,
) -> Value {
    match v {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| project(i, sel, doc, path, errs))
                .collect(),
        ),
        Value::Object(o) if !sel.is_empty() => {
            let ty = o
                .get("__typename")
                .and_then(Value::as_str)
                .unwrap_or("Object");
            let mut out = Map::new();
            project_into(o, ty, sel, doc, path, errs, &mut out, 0);
            Value::Object(out)
        }
        Value::Object(_) => {
            errs.push(format!(
                "Validation error (SubselectionRequired@[{path}]) : Subselection required"
            ));
            Value::Null
        }
        other => {
            if !sel.is_empty() {
                errs.push(format!(
                    "Validation error (SubselectionNotAllowed@[{path}]) : Subselection not allowed"
                ));
            }
            other.clone()
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn project_into(
    o: &Map<String, Value>,
    ty: &str,
    sel: &[Sel],
    doc: &Document,
    path: &str,
    errs: &mut Vec<String>,
    out: &mut Map<String, Value>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        errs.push("Fragment spreads form a cycle".into());
        return;
    }
    for s in sel {
        match s {
            Sel::Field(f) => {
                let here = if path.is_empty() {
                    f.key().to_string()
                } else {
                    format!("{path}/{}", f.key())
                };
                if f.name == "__typename" {
                    out.insert(f.key().to_string(), json!(ty));
                    continue;
                }
                match o.get(&f.name) {
                    Some(v) => {
                        let pv = project(v, &f.sel, doc, &here, errs);
                        out.insert(f.key().to_string(), pv);
                    }
                    None => errs.push(format!(
                        "Validation error (FieldUndefined@[{here}]) : Field '{}' in type '{ty}' is undefined",
                        f.name
                    )),
                }
            }
            Sel::Inline(cond, inner) => {
                if cond.as_deref().is_none_or(|c| c == ty) {
                    project_into(o, ty, inner, doc, path, errs, out, depth + 1);
                }
            }
            Sel::Spread(name) => match doc.fragments.get(name) {
                Some((cond, inner)) => {
                    if cond == ty {
                        project_into(o, ty, inner, doc, path, errs, out, depth + 1);
                    }
                }
                None => errs.push(format!(
                    "Validation error (UndefinedFragment) : Undefined fragment {name}"
                )),
            },
        }
    }
}
