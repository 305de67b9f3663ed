//! Argument validation: every problem names the field, and nothing reaches the API until
//! the whole call is valid.

use serde_json::{Map, Value};

use super::spec::{Kind, Place, ToolSpec};

/// A validated call, ready for the executor.
#[derive(Debug, Clone, PartialEq)]
pub struct CallPlan {
    /// Path with argument placeholders filled; `{customerId}` and hook placeholders remain.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    /// The paging arguments given (`page`, `page_size`, `offset`, `limit`), validated.
    pub paging: Map<String, Value>,
    /// A compiled JMESPath `query` to shape the result (read tools only).
    pub shape: Option<crate::shape::Shape>,
}

impl CallPlan {
    pub fn paging_u32(&self, name: &str) -> Option<u32> {
        self.paging
            .get(name)
            .and_then(Value::as_u64)
            .map(|n| n as u32)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError {
    pub field: String,
    pub problem: String,
}

impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Invalid argument '{}': {}", self.field, self.problem)
    }
}

fn bad(field: &str, problem: impl Into<String>) -> ArgError {
    ArgError {
        field: field.to_string(),
        problem: problem.into(),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn check_kind(field: &str, kind: Kind, v: &Value) -> Result<(), ArgError> {
    let ok = match kind {
        Kind::Str => v.is_string(),
        Kind::Int => v.is_i64() || v.is_u64(),
        Kind::Bool => v.is_boolean(),
        Kind::Object => v.is_object(),
        Kind::StrList => {
            if let Some(items) = v.as_array() {
                if let Some((i, item)) = items.iter().enumerate().find(|(_, x)| !x.is_string()) {
                    return Err(bad(
                        field,
                        format!("item {i} must be a string, got {}", type_name(item)),
                    ));
                }
                true
            } else {
                false
            }
        }
        Kind::IntList => {
            if let Some(items) = v.as_array() {
                if let Some((i, item)) = items
                    .iter()
                    .enumerate()
                    .find(|(_, x)| !(x.is_i64() || x.is_u64()))
                {
                    return Err(bad(
                        field,
                        format!("item {i} must be an integer, got {}", type_name(item)),
                    ));
                }
                true
            } else {
                false
            }
        }
        Kind::Enum(values) => match v.as_str() {
            Some(s) if values.contains(&s) => true,
            Some(s) => {
                return Err(bad(
                    field,
                    format!("{s:?} is not one of {}", values.join(", ")),
                ))
            }
            None => false,
        },
    };
    if ok {
        Ok(())
    } else {
        let expected = match kind {
            Kind::Str | Kind::Enum(_) => "a string",
            Kind::Int => "an integer",
            Kind::Bool => "a boolean",
            Kind::Object => "an object",
            Kind::StrList => "an array of strings",
            Kind::IntList => "an array of integers",
        };
        Err(bad(
            field,
            format!("expected {expected}, got {}", type_name(v)),
        ))
    }
}

/// Query-string form of a scalar argument.
fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Check and encode a value that becomes one path segment. Ids that a URL normaliser
/// would collapse (`.`, `..`, empty) point the request at another resource:
/// `DELETE …/rule/..` deletes from the parent. They are refused, naming the field;
/// everything else is percent-encoded (`/` becomes `%2F`, `?` `%3F`, `%` `%25`).
pub fn segment(field: &str, raw: &str) -> Result<String, ArgError> {
    if raw.trim().is_empty() {
        return Err(bad(field, "must not be empty"));
    }
    // Also with blanks around it: a server that trims ids would see `..` again.
    if raw.trim().bytes().all(|b| b == b'.') {
        return Err(bad(
            field,
            "is not an id: dot segments would leave the resource path",
        ));
    }
    Ok(encode_segment(raw))
}

/// Percent-encode one path segment. Callers with untrusted input use `segment`, which
/// also refuses dot segments (which percent-encoding cannot neutralise: `%2e` is a dot to
/// a URL parser).
pub fn encode_segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn zpa_filter(value: &str) -> String {
    // A value that already carries an operator is passed through as a ZPA filter.
    const OPS: [&str; 9] = [
        "EQ",
        "NE",
        "GT",
        "LT",
        "GE",
        "LE",
        "CONTAINS",
        "STARTSWITH",
        "ENDSWITH",
    ];
    let parts: Vec<&str> = value.splitn(3, '+').collect();
    if parts.len() == 3 && OPS.contains(&parts[1]) {
        value.to_string()
    } else {
        format!("name+EQ+{value}")
    }
}

/// Check `args` against the spec and lay them out as an upstream request.
pub fn plan(spec: &ToolSpec, args: &Map<String, Value>) -> Result<CallPlan, ArgError> {
    let paging_args = spec.paging.arguments();
    let takes_query = !spec.action.is_write();
    for key in args.keys() {
        let known = spec.params.iter().any(|p| p.name == key)
            || paging_args.iter().any(|a| a.name == key)
            || (takes_query && key == QUERY_ARG);
        if !known {
            let mut names: Vec<&str> = spec.params.iter().map(|p| p.name).collect();
            names.extend(paging_args.iter().map(|a| a.name));
            if takes_query {
                names.push(QUERY_ARG);
            }
            return Err(bad(
                key,
                if names.is_empty() {
                    "this tool takes no arguments".to_string()
                } else {
                    format!("unknown argument (accepted: {})", names.join(", "))
                },
            ));
        }
    }

    let mut path = spec.path.to_string();
    let mut query = Vec::new();
    let mut body: Option<Value> = None;
    // Wrong types are reported before missing arguments: they say more about the mistake.
    let mut missing: Option<&str> = None;
    for p in spec.params {
        let value = match args.get(p.name) {
            None | Some(Value::Null) if p.required => {
                missing.get_or_insert(p.name);
                continue;
            }
            None | Some(Value::Null) => continue,
            Some(v) => v,
        };
        check_kind(p.name, p.kind, value)?;
        match p.place {
            Place::Path => {
                let text = segment(p.name, &scalar_text(value))?;
                path = path.replace(&format!("{{{}}}", p.name), &text);
            }
            Place::Query(wire) => match value {
                Value::Array(items) => {
                    for item in items {
                        query.push((wire.to_string(), scalar_text(item)));
                    }
                }
                v => query.push((wire.to_string(), scalar_text(v))),
            },
            Place::ZpaSearch => {
                query.push(("search".to_string(), zpa_filter(&scalar_text(value))));
            }
            Place::Body(wire) => {
                let obj = body.get_or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(m) = obj {
                    m.insert(wire.to_string(), value.clone());
                }
            }
            Place::WholeBody => body = Some(value.clone()),
            Place::BodyRefs(wire) => {
                let refs: Vec<Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|id| serde_json::json!({ "id": id }))
                    .collect();
                let obj = body.get_or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(m) = obj {
                    m.insert(wire.to_string(), Value::Array(refs));
                }
            }
            Place::BodyExtra => {
                let obj = body.get_or_insert_with(|| Value::Object(Map::new()));
                if let (Value::Object(m), Value::Object(extra)) = (obj, value) {
                    for (k, v) in extra {
                        // Named parameters win over the escape hatch.
                        m.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
            }
        }
    }

    let mut paging = Map::new();
    for arg in &paging_args {
        let Some(value) = args.get(arg.name).filter(|v| !v.is_null()) else {
            continue;
        };
        check_kind(arg.name, arg.kind, value)?;
        if let Some(n) = value.as_u64() {
            let max = arg.max.map_or(u64::from(u32::MAX), u64::from);
            if n < u64::from(arg.min) || n > max {
                return Err(bad(
                    arg.name,
                    format!("must be between {} and {max}", arg.min),
                ));
            }
        }
        paging.insert(arg.name.to_string(), value.clone());
    }
    let shape = match args.get(QUERY_ARG) {
        Some(Value::String(expr)) if takes_query && !expr.trim().is_empty() => {
            Some(crate::shape::Shape::compile(expr).map_err(|e| bad(QUERY_ARG, e))?)
        }
        None | Some(Value::Null) => None,
        Some(Value::String(_)) => None,
        Some(other) => {
            return Err(bad(
                QUERY_ARG,
                format!(
                    "expected a JMESPath expression string, got {}",
                    type_name(other)
                ),
            ))
        }
    };
    if let Some(name) = missing {
        return Err(bad(name, "is required"));
    }
    Ok(CallPlan {
        path,
        query,
        body,
        paging,
        shape,
    })
}

/// The JMESPath argument every read tool takes.
pub const QUERY_ARG: &str = "query";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::all_tools;
    use serde_json::json;

    fn spec(name: &str) -> &'static ToolSpec {
        all_tools().find(|s| s.name == name).unwrap()
    }

    fn args(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn integer_id_fills_path() {
        let p = plan(spec("zia_get_location"), &args(json!({"location_id": 42}))).unwrap();
        assert_eq!(p.path, "/zia/api/v1/locations/42");
    }

    #[test]
    fn wrong_types_name_the_field() {
        let e = plan(
            spec("zia_get_location"),
            &args(json!({"location_id": "42"})),
        )
        .unwrap_err();
        assert_eq!(e.field, "location_id");
        assert!(e.to_string().contains("expected an integer, got a string"));
        let e = plan(spec("zia_url_lookup"), &args(json!({"urls": ["a.com", 3]}))).unwrap_err();
        assert_eq!(e.field, "urls");
        assert!(e.problem.contains("item 1"));
        let e = plan(
            spec("zia_list_url_categories"),
            &args(json!({"custom_only": "yes"})),
        )
        .unwrap_err();
        assert_eq!(e.field, "custom_only");
        let e = plan(
            spec("zia_list_cloud_firewall_rules"),
            &args(json!({"rule_action": "PERMIT"})),
        )
        .unwrap_err();
        assert!(e.problem.contains("ALLOW"));
    }

    #[test]
    fn missing_and_unknown_arguments() {
        let e = plan(spec("zia_get_location"), &Map::new()).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.problem.as_str()),
            ("location_id", "is required")
        );
        let e = plan(
            spec("zia_get_location"),
            &args(json!({"location_id": 1, "x": 2})),
        )
        .unwrap_err();
        assert_eq!(e.field, "x");
        let e = plan(spec("zia_get_activation_status"), &args(json!({"page": 1}))).unwrap_err();
        assert_eq!(e.field, "page");
    }

    #[test]
    fn ids_cannot_escape_the_path() {
        let p = plan(
            spec("zpa_get_server_group"),
            &args(json!({"group_id": "../../x?y=1"})),
        )
        .unwrap();
        assert!(p.path.ends_with("/serverGroup/..%2F..%2Fx%3Fy%3D1"));
    }

    #[test]
    fn zpa_search_and_paging() {
        let p = plan(
            spec("zpa_list_application_segments"),
            &args(json!({"search": "crm", "page": 2, "page_size": 10})),
        )
        .unwrap();
        assert_eq!(
            p.query,
            vec![("search".to_string(), "name+EQ+crm".to_string())]
        );
        assert_eq!(
            (p.paging_u32("page"), p.paging_u32("page_size")),
            (Some(2), Some(10))
        );
        let p = plan(
            spec("zpa_list_application_segments"),
            &args(json!({"search": "name+CONTAINS+crm"})),
        )
        .unwrap();
        assert_eq!(p.query[0].1, "name+CONTAINS+crm");
        let e = plan(
            spec("zpa_list_application_segments"),
            &args(json!({"page_size": 501})),
        )
        .unwrap_err();
        assert_eq!(e.field, "page_size");
    }

    #[test]
    fn whole_body_argument() {
        let p = plan(spec("zia_url_lookup"), &args(json!({"urls": ["a.com"]}))).unwrap();
        assert_eq!(p.body, Some(json!(["a.com"])));
    }
}
