//! Argument validation: every problem names the field, and nothing reaches the API until
//! the whole call is valid.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::{Kind, PagingArg, Param, Place, Spec};

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

/// The integer a numeric string spells, when it spells one exactly. The official Python
/// server takes ids as strings (`"rule_id": "12345"`), so an agent written for it sends
/// them that way. Only the canonical decimal form is taken: digits, an optional leading
/// `-`, no leading zeros, no sign on zero, no blanks, no fraction or exponent, and in
/// range of i64/u64. Anything else (`"007"`, `"+1"`, `" 1"`, `"1.0"`, `"-0"`) could name
/// a different id once parsed, so it stays a string and is refused as before.
pub fn int_from_text(text: &str) -> Option<Value> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && !(digits == "0" && text.starts_with('-'));
    if !canonical {
        return None;
    }
    if text.starts_with('-') {
        text.parse::<i64>().ok().map(Value::from)
    } else {
        text.parse::<u64>().ok().map(Value::from)
    }
}

/// The finite number a decimal string spells (`"37.3382"`, `"-121.8863"`), for number
/// parameters the Python server documents as strings in places and numbers in others.
fn number_from_text(text: &str) -> Option<Value> {
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'.'));
    if !plain {
        return None;
    }
    let n: f64 = text.parse().ok()?;
    serde_json::Number::from_f64(n).map(Value::Number)
}

/// The wire value an enum spelling stands for: the exact value, else the one value equal
/// to it ignoring case and `_`/`-`/blank separators (the Python server documents
/// `"sanctioned"`, `"un_sanctioned"` where the API wants `SANCTIONED`, `UN_SANCTIONED`).
/// Ambiguous spellings match nothing.
fn enum_value(values: &[&'static str], given: &str) -> Option<&'static str> {
    if let Some(v) = values.iter().find(|v| **v == given) {
        return Some(v);
    }
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = fold(given);
    let mut hits = values.iter().filter(|v| fold(v) == wanted);
    match (hits.next(), hits.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}

/// The value as the API wants it: numeric strings for integers, enum spellings mapped to
/// the wire value. Anything that does not convert is returned unchanged, so the type
/// check reports it exactly as before.
fn coerce(kind: Kind, v: &Value) -> Cow<'_, Value> {
    match (kind, v) {
        (Kind::Int, Value::String(s)) => int_from_text(s).map_or(Cow::Borrowed(v), Cow::Owned),
        (Kind::IntList, Value::Array(items)) if items.iter().any(Value::is_string) => {
            let converted: Vec<Value> = items
                .iter()
                .map(|item| match item {
                    Value::String(s) => int_from_text(s).unwrap_or_else(|| item.clone()),
                    other => other.clone(),
                })
                .collect();
            Cow::Owned(Value::Array(converted))
        }
        (Kind::Number, Value::String(s)) => {
            number_from_text(s).map_or(Cow::Borrowed(v), Cow::Owned)
        }
        (Kind::Enum(values), Value::String(s)) => match enum_value(values, s) {
            Some(wire) if wire != s => Cow::Owned(Value::String(wire.to_string())),
            _ => Cow::Borrowed(v),
        },
        _ => Cow::Borrowed(v),
    }
}

fn check_kind(field: &str, kind: Kind, v: &Value) -> Result<(), ArgError> {
    let ok = match kind {
        Kind::Str => v.is_string(),
        Kind::Int => v.is_i64() || v.is_u64(),
        Kind::Bool => v.is_boolean(),
        Kind::Object => v.is_object(),
        Kind::Number => v.is_number(),
        Kind::List => v.is_array(),
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
            Kind::Number => "a number",
            Kind::List => "an array",
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

/// Check `args` against the spec and lay them out as an upstream request. Problems are
/// reported in a fixed order: unknown names, then wrong types (in parameter order), then
/// paging bounds, then the query, then the first missing required argument.
pub fn plan<H>(spec: &Spec<H>, args: &Map<String, Value>) -> Result<CallPlan, ArgError> {
    let paging_args = spec.paging.arguments();
    let takes_query = !spec.action.is_write();
    check_names(spec.params, &paging_args, takes_query, args)?;

    let mut out = CallPlan {
        path: spec.path.to_string(),
        query: Vec::new(),
        body: None,
        paging: Map::new(),
        shape: None,
    };
    // Wrong types are reported before missing arguments: they say more about the mistake.
    let mut missing: Option<&str> = None;
    for p in spec.params {
        match args.get(p.name) {
            None | Some(Value::Null) if p.required => {
                missing.get_or_insert(p.name);
            }
            None | Some(Value::Null) => {}
            // Merged last, as the official server does, so it can override.
            Some(_) if matches!(p.place, Place::Advanced(_)) => {}
            Some(value) => place(p, value, &mut out)?,
        }
    }
    for p in spec.params {
        if let (Place::Advanced(_), Some(value)) = (p.place, args.get(p.name)) {
            if !value.is_null() {
                place(p, value, &mut out)?;
            }
        }
    }
    out.paging = paging_values(&paging_args, args)?;
    out.shape = shape_of(args, takes_query)?;
    match missing {
        Some(name) => Err(bad(name, "is required")),
        None => Ok(out),
    }
}

/// Every argument name must be a parameter, a paging argument or (read tools) `query`.
fn check_names(
    params: &[Param],
    paging_args: &[PagingArg],
    takes_query: bool,
    args: &Map<String, Value>,
) -> Result<(), ArgError> {
    for key in args.keys() {
        let known = params.iter().any(|p| p.name == key)
            || paging_args.iter().any(|a| a.name == key)
            || (takes_query && key == QUERY_ARG);
        if !known {
            let mut names: Vec<&str> = params.iter().map(|p| p.name).collect();
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
    Ok(())
}

/// The body object, created on first use.
fn body_object(body: &mut Option<Value>) -> Option<&mut Map<String, Value>> {
    match body.get_or_insert_with(|| Value::Object(Map::new())) {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

/// Type-check one given argument and put it where its parameter goes on the wire.
fn place(p: &Param, value: &Value, out: &mut CallPlan) -> Result<(), ArgError> {
    let value = &*coerce(p.kind, value);
    check_kind(p.name, p.kind, value)?;
    match p.place {
        Place::Path => {
            let text = segment(p.name, &scalar_text(value))?;
            out.path = out.path.replace(&format!("{{{}}}", p.name), &text);
        }
        Place::Query(wire) => match value {
            Value::Array(items) => {
                for item in items {
                    out.query.push((wire.to_string(), scalar_text(item)));
                }
            }
            v => out.query.push((wire.to_string(), scalar_text(v))),
        },
        Place::ZpaSearch => {
            // ZPA takes one filter: the first parameter given wins (`name` before the
            // official server's `search`, as there).
            if !out.query.iter().any(|(k, _)| k == "search") {
                let filter = zpa_filter(&scalar_text(value));
                out.query.push(("search".to_string(), filter));
            }
        }
        Place::Body(wire) => {
            if let Some(m) = body_object(&mut out.body) {
                m.insert(wire.to_string(), value.clone());
            }
        }
        Place::WholeBody => out.body = Some(value.clone()),
        Place::SinceHours => since_window(p.name, value, &mut out.query)?,
        Place::BodyFlag(wire, [on, off]) => {
            let text = if value.as_bool() == Some(true) {
                on
            } else {
                off
            };
            if let Some(m) = body_object(&mut out.body) {
                // A `state` given by name as well is the more precise of the two.
                m.entry(wire.to_string())
                    .or_insert_with(|| Value::from(text));
            }
        }
        Place::BodyRefs(wire) => {
            let refs: Vec<Value> = value
                .as_array()
                .into_iter()
                .flatten()
                .map(|id| serde_json::json!({ "id": id }))
                .collect();
            if let Some(m) = body_object(&mut out.body) {
                m.insert(wire.to_string(), Value::Array(refs));
            }
        }
        Place::Advanced(sdk) => {
            if let (Some(m), Value::Object(advanced)) = (body_object(&mut out.body), value) {
                crate::tool::advanced::merge(sdk, m, advanced)?;
            }
        }
        Place::BodyExtra => {
            if let (Some(m), Value::Object(extra)) = (body_object(&mut out.body), value) {
                for (k, v) in extra {
                    // Named parameters win over the escape hatch.
                    m.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
    }
    Ok(())
}

/// `since` hours as the `from`/`to` window ending now (zscaler-sdk-python
/// `zscaler/utils.py` `zdx_params`: explicit `from`/`to` win over it).
fn since_window(
    field: &str,
    value: &Value,
    query: &mut Vec<(String, String)>,
) -> Result<(), ArgError> {
    // A year back is far beyond ZDX's retention; the bound keeps the arithmetic exact.
    let hours = value
        .as_u64()
        .filter(|h| (1..=24 * 366).contains(h))
        .ok_or_else(|| bad(field, format!("must be between 1 and {} hours", 24 * 366)))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for (key, at) in [("from", now.saturating_sub(hours * 3600)), ("to", now)] {
        if !query.iter().any(|(k, _)| k == key) {
            query.push((key.to_string(), at.to_string()));
        }
    }
    Ok(())
}

/// The paging arguments given, checked against their bounds.
fn paging_values(
    paging_args: &[PagingArg],
    args: &Map<String, Value>,
) -> Result<Map<String, Value>, ArgError> {
    let mut paging = Map::new();
    for arg in paging_args {
        let Some(value) = args.get(arg.name).filter(|v| !v.is_null()) else {
            continue;
        };
        let value = &*coerce(arg.kind, value);
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
    Ok(paging)
}

/// The compiled JMESPath `query` of a read tool, if one was given.
fn shape_of(
    args: &Map<String, Value>,
    takes_query: bool,
) -> Result<Option<crate::shape::Shape>, ArgError> {
    match args.get(QUERY_ARG) {
        Some(Value::String(expr)) if takes_query && !expr.trim().is_empty() => Ok(Some(
            crate::shape::Shape::compile(expr).map_err(|e| bad(QUERY_ARG, e))?,
        )),
        None | Some(Value::Null) | Some(Value::String(_)) => Ok(None),
        Some(other) => Err(bad(
            QUERY_ARG,
            format!(
                "expected a JMESPath expression string, got {}",
                type_name(other)
            ),
        )),
    }
}

/// The JMESPath argument every read tool takes.
pub const QUERY_ARG: &str = "query";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numeric_strings_are_exact_integers() {
        assert_eq!(int_from_text("12345"), Some(json!(12345)));
        assert_eq!(int_from_text("0"), Some(json!(0)));
        assert_eq!(int_from_text("-7"), Some(json!(-7)));
        // 2^53 + 1 is not representable as f64: parsed as an integer it stays exact.
        assert_eq!(
            int_from_text("9007199254740993"),
            Some(json!(9_007_199_254_740_993_u64))
        );
        assert_eq!(int_from_text("18446744073709551615"), Some(json!(u64::MAX)));
        assert_eq!(int_from_text("-9223372036854775808"), Some(json!(i64::MIN)));
    }

    #[test]
    fn non_canonical_numeric_strings_stay_strings() {
        for text in [
            "",
            "-",
            "12a",
            "007",
            "+1",
            " 1",
            "1 ",
            "-0",
            "1.0",
            "1e3",
            "18446744073709551616",
            "-9223372036854775809",
            "٣",
        ] {
            assert_eq!(int_from_text(text), None, "{text:?}");
        }
    }

    #[test]
    fn coerce_converts_ids_and_lists_but_nothing_else() {
        assert_eq!(*coerce(Kind::Int, &json!("42")), json!(42));
        assert_eq!(*coerce(Kind::Int, &json!("12a")), json!("12a"));
        assert_eq!(*coerce(Kind::Str, &json!("42")), json!("42"));
        assert_eq!(
            *coerce(Kind::IntList, &json!(["1", 2, "x"])),
            json!([1, 2, "x"])
        );
        assert_eq!(
            check_kind("rule_id", Kind::Int, &coerce(Kind::Int, &json!("12a"))),
            Err(bad("rule_id", "expected an integer, got a string"))
        );
        assert_eq!(
            check_kind(
                "ids",
                Kind::IntList,
                &coerce(Kind::IntList, &json!(["1", "x"]))
            ),
            Err(bad("ids", "item 1 must be an integer, got a string"))
        );
    }

    #[test]
    fn since_hours_fill_only_the_missing_bounds() {
        let mut query = vec![("to".to_string(), "100".to_string())];
        since_window("since", &json!(2), &mut query).unwrap();
        assert_eq!(query[0], ("to".to_string(), "100".to_string()));
        assert_eq!(query.len(), 2);
        assert_eq!(query[1].0, "from");
        let from: u64 = query[1].1.parse().unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(now - 2 * 3600 - from <= 5, "from {from}, now {now}");
        for bad_hours in [json!(0), json!(-1), json!(24 * 366 + 1)] {
            assert_eq!(
                since_window("since", &bad_hours, &mut Vec::new()),
                Err(bad("since", "must be between 1 and 8784 hours"))
            );
        }
    }

    #[test]
    fn enum_spellings_map_to_the_wire_value() {
        const STATES: &[&str] = &["SANCTIONED", "UN_SANCTIONED", "ANY"];
        let state = |s: &str| coerce(Kind::Enum(STATES), &json!(s)).into_owned();
        assert_eq!(state("SANCTIONED"), json!("SANCTIONED"));
        assert_eq!(state("sanctioned"), json!("SANCTIONED"));
        assert_eq!(state("unsanctioned"), json!("UN_SANCTIONED"));
        assert_eq!(state("Un-Sanctioned"), json!("UN_SANCTIONED"));
        assert_eq!(state("maybe"), json!("maybe"));
        // Two values that fold alike: neither is guessed.
        assert_eq!(enum_value(&["A_B", "AB"], "AB"), Some("AB"));
        assert_eq!(enum_value(&["A_B", "AB"], "ab"), None);
        assert_eq!(enum_value(&["A_B", "AB"], "a-b"), None);
    }

    fn catalog_plan(tool: &str, args: Value) -> Result<CallPlan, ArgError> {
        let spec = crate::catalog::all_tools()
            .find(|s| s.name == tool)
            .unwrap();
        plan(spec, args.as_object().unwrap())
    }

    #[test]
    fn official_spellings_reach_the_wire() {
        let p = catalog_plan("zia_get_cloud_firewall_rule", json!({"rule_id": "12345"})).unwrap();
        assert_eq!(p.path, "/zia/api/v1/firewallFilteringRules/12345");
        let e = catalog_plan("zia_get_cloud_firewall_rule", json!({"rule_id": "12a"})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Invalid argument 'rule_id': expected an integer, got a string"
        );
        let p = catalog_plan(
            "zia_update_cloud_firewall_rule",
            json!({"rule_id": 1, "enabled": false}),
        )
        .unwrap();
        assert_eq!(p.body, Some(json!({"state": "DISABLED"})));
        let p = catalog_plan(
            "zia_update_cloud_firewall_rule",
            json!({"rule_id": 1, "enabled": false, "state": "ENABLED"}),
        )
        .unwrap();
        assert_eq!(p.body, Some(json!({"state": "ENABLED"})));
        let p = catalog_plan(
            "get_zpa_enrollment_certificate",
            json!({"name": "Connector", "search": "other"}),
        )
        .unwrap();
        assert_eq!(
            p.query,
            [("search".to_string(), "name+EQ+Connector".to_string())]
        );
        let p = catalog_plan("zdx_list_devices", json!({"since": "2", "to": 7200})).unwrap();
        // An explicit `to` stays; `from` is 2 hours before now (as the SDK computes it).
        assert_eq!(p.query.len(), 2);
        assert_eq!(p.query[0], ("to".to_string(), "7200".to_string()));
        assert_eq!(p.query[1].0, "from");
    }
}
