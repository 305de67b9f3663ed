//! The CRUD core every registry-driven collection goes through (ZIA, ZPA,
//! Cloud & Branch Connector and ZCell): the one path matcher, the one
//! table of which verb on which path shape is which operation, id lookup
//! in the id style of the product, and `/lite` projection.
//!
//! A collection is declared as data in its product's `specs` table (base
//! path, id style, which operations exist); what each operation writes on
//! the wire (envelopes, paging, error bodies, merge or replace on update)
//! is the product's dialect and stays in its module.

use axum::http::Method;
use serde_json::{json, Map, Value};

/// A request path matched against a table of collection bases.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Hit<'a, 'b> {
    /// Index of the matching base in the table.
    pub idx: usize,
    /// The value of the base's `{...}` path parameter, if it has one.
    pub part: Option<&'b str>,
    /// The segments after the base (at most one: an id or `lite`).
    pub tail: &'a [&'b str],
}

/// The base (segments; `{...}` is a path parameter) that matches the start
/// of `rest` with at most one segment left over; the longest base wins,
/// and of equally long ones the first.
pub(crate) fn match_base<'a, 'b, I>(bases: I, rest: &'a [&'b str]) -> Option<Hit<'a, 'b>>
where
    I: IntoIterator<Item = &'static [&'static str]>,
{
    let mut best: Option<(usize, Option<&'b str>, usize)> = None;
    for (i, base) in bases.into_iter().enumerate() {
        let n = base.len();
        if rest.len() < n || rest.len() > n + 1 {
            continue;
        }
        let mut part = None;
        let mut ok = true;
        for (p, s) in base.iter().zip(rest.iter()) {
            if p.starts_with('{') {
                part = Some(*s);
            } else if p != s {
                ok = false;
                break;
            }
        }
        if ok && best.is_none_or(|(_, _, len)| n > len) {
            best = Some((i, part, n));
        }
    }
    best.map(|(idx, part, n)| Hit {
        idx,
        part,
        tail: rest.get(n..).unwrap_or(&[]),
    })
}

/// Which operations a collection serves.
#[derive(Clone, Debug)]
pub(crate) struct Verbs {
    /// `GET {base}`.
    pub list: bool,
    /// `POST {base}`.
    pub create: bool,
    /// `GET {base}/{id}`.
    pub get: bool,
    /// The verb of an update of `{base}/{id}` (PUT, or PATCH on ZCell).
    pub update: Option<Method>,
    /// `DELETE {base}/{id}`.
    pub delete: bool,
    /// `GET {base}/lite` (otherwise `lite` is taken as an id).
    pub lite: bool,
}

/// One operation on a collection, from the verb and the path shape.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Op<'b> {
    List,
    Lite,
    Create,
    Get(&'b str),
    Update(&'b str),
    Delete(&'b str),
    /// The path is the collection's, the verb is not served (405 in the
    /// product's dialect).
    NotAllowed,
}

/// The operation `method` on `{base}` + `tail` asks for; None when the
/// collection has nothing at that path shape (the product's 404).
pub(crate) fn op<'b>(method: &Method, tail: &[&'b str], v: &Verbs) -> Option<Op<'b>> {
    let op = match tail {
        [] if v.list || v.create => match *method {
            Method::GET if v.list => Op::List,
            Method::POST if v.create => Op::Create,
            _ => Op::NotAllowed,
        },
        ["lite"] if v.lite => match *method {
            Method::GET => Op::Lite,
            _ => Op::NotAllowed,
        },
        [id] if v.get || v.update.is_some() || v.delete => match method {
            &Method::GET if v.get => Op::Get(id),
            &Method::DELETE if v.delete => Op::Delete(id),
            m if v.update.as_ref() == Some(m) => Op::Update(id),
            _ => Op::NotAllowed,
        },
        _ => return None,
    };
    Some(op)
}

/// How a product spells ids on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdStyle {
    /// A JSON integer; the path id is parsed (surrounding blanks allowed).
    Int,
    /// A JSON string compared as is.
    Str,
}

/// Whether `v` has the id written in the path as `id`.
pub(crate) fn id_matches(style: IdStyle, v: &Value, id: &str) -> bool {
    match style {
        IdStyle::Str => v.get("id").and_then(Value::as_str) == Some(id),
        IdStyle::Int => id
            .trim()
            .parse::<i64>()
            .ok()
            .is_some_and(|n| v.get("id").and_then(Value::as_i64) == Some(n)),
    }
}

/// Position of the item with this path id.
pub(crate) fn find(style: IdStyle, items: &[Value], id: &str) -> Option<usize> {
    items.iter().position(|v| id_matches(style, v, id))
}

/// How a numeric string in a write body is read where the template has a
/// number (the ZIA family accepts `"idleTimeInMinutes":"720"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumericStrings {
    /// Integers only (Cloud & Branch Connector).
    Int,
    /// Integers, else finite decimals (ZIA).
    IntOrFloat,
}

/// Check `body` against the types of the template's fields: nulls are
/// dropped, numeric strings become numbers where a number is expected,
/// fields the template does not type pass as they are. Err is a type
/// mismatch (each product answers it in its own dialect).
pub(crate) fn conform(
    body: Map<String, Value>,
    template: &Map<String, Value>,
    numbers: NumericStrings,
) -> Result<Map<String, Value>, ()> {
    let mut out = Map::new();
    for (k, v) in body {
        let fixed = match (template.get(&k), v) {
            (_, Value::Null) => continue,
            (None | Some(Value::Null), v) => v,
            (Some(Value::Bool(_)), v @ Value::Bool(_))
            | (Some(Value::String(_)), v @ Value::String(_))
            | (Some(Value::Array(_)), v @ Value::Array(_))
            | (Some(Value::Object(_)), v @ Value::Object(_))
            | (Some(Value::Number(_)), v @ Value::Number(_)) => v,
            (Some(Value::Number(_)), Value::String(s)) => number(&s, numbers)?,
            _ => return Err(()),
        };
        out.insert(k, fixed);
    }
    Ok(out)
}

fn number(s: &str, numbers: NumericStrings) -> Result<Value, ()> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return Ok(json!(n));
    }
    match (numbers, s.parse::<f64>()) {
        (NumericStrings::IntOrFloat, Ok(f)) if f.is_finite() => Ok(json!(f)),
        _ => Err(()),
    }
}

/// Whether a field is missing, null or a blank string (what "required"
/// means on every product's writes).
pub(crate) fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    }
}

/// The `/lite` form of each item: only `keys`, in that order.
pub(crate) fn lite(items: Vec<Value>, keys: &[&str]) -> Vec<Value> {
    items
        .into_iter()
        .map(|v| {
            let mut o = Map::new();
            for k in keys {
                if let Some(x) = v.get(*k) {
                    o.insert((*k).to_string(), x.clone());
                }
            }
            Value::Object(o)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BASES: [&[&str]; 3] = [&["a"], &["a", "{t}"], &["a", "b"]];

    #[test]
    fn longest_base_wins_and_binds_the_parameter() {
        let hit = match_base(BASES, &["a", "x", "7"]).unwrap();
        assert_eq!((hit.idx, hit.part, hit.tail), (1, Some("x"), &["7"][..]));
        // Equal lengths: the earlier entry wins (tables list the literal
        // base first where both could match).
        let hit = match_base(BASES, &["a", "b"]).unwrap();
        assert_eq!((hit.idx, hit.part, hit.tail), (1, Some("b"), &[][..]));
        let hit = match_base(BASES, &["a"]).unwrap();
        assert_eq!((hit.idx, hit.part, hit.tail), (0, None, &[][..]));
        assert_eq!(match_base(BASES, &["a", "b", "c", "d"]), None);
        assert_eq!(match_base(BASES, &["z"]), None);
    }

    #[test]
    fn verbs_map_to_operations() {
        let all = Verbs {
            list: true,
            create: true,
            get: true,
            update: Some(Method::PATCH),
            delete: true,
            lite: true,
        };
        assert_eq!(op(&Method::GET, &[], &all), Some(Op::List));
        assert_eq!(op(&Method::POST, &[], &all), Some(Op::Create));
        assert_eq!(op(&Method::GET, &["lite"], &all), Some(Op::Lite));
        assert_eq!(op(&Method::POST, &["lite"], &all), Some(Op::NotAllowed));
        assert_eq!(op(&Method::PATCH, &["3"], &all), Some(Op::Update("3")));
        assert_eq!(op(&Method::PUT, &["3"], &all), Some(Op::NotAllowed));
        assert_eq!(op(&Method::DELETE, &["3"], &all), Some(Op::Delete("3")));
        let read_only = Verbs {
            list: false,
            create: false,
            get: true,
            update: None,
            delete: false,
            lite: false,
        };
        assert_eq!(op(&Method::GET, &[], &read_only), None);
        assert_eq!(
            op(&Method::GET, &["lite"], &read_only),
            Some(Op::Get("lite"))
        );
        assert_eq!(op(&Method::PUT, &["1"], &read_only), Some(Op::NotAllowed));
    }

    #[test]
    fn ids_in_both_styles() {
        let items = vec![json!({"id": 5}), json!({"id": "x5"})];
        assert_eq!(find(IdStyle::Int, &items, " 5 "), Some(0));
        assert_eq!(find(IdStyle::Str, &items, "x5"), Some(1));
        assert_eq!(find(IdStyle::Int, &items, "x5"), None);
        let l = lite(vec![json!({"id": 1, "name": "n", "x": 2})], &["name", "id"]);
        let t = json!({"n": 0, "s": ""}).as_object().cloned().unwrap();
        let body = |v: Value| v.as_object().cloned().unwrap();
        assert_eq!(
            conform(
                body(json!({"n": " 7 ", "s": "x", "z": null, "o": 1})),
                &t,
                NumericStrings::Int
            ),
            Ok(body(json!({"n": 7, "s": "x", "o": 1})))
        );
        assert_eq!(
            conform(body(json!({"n": "1.5"})), &t, NumericStrings::IntOrFloat),
            Ok(body(json!({"n": 1.5})))
        );
        assert_eq!(
            conform(body(json!({"n": "1.5"})), &t, NumericStrings::Int),
            Err(())
        );
        assert_eq!(
            conform(body(json!({"s": 3})), &t, NumericStrings::Int),
            Err(())
        );
        assert_eq!(l, vec![json!({"name": "n", "id": 1})]);
    }
}
