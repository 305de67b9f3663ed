//! The compact text of a list of records (`ZSCALER_MCP_RESULT_FORMAT=compact`).
//!
//! JSON repeats every key in every record; most of a list answer's tokens are those keys and
//! fields that are the same (often empty) in every record. This encoding states each column
//! once and lifts out the fields every record shares, while keeping every value's JSON type,
//! so [`decode`] gives back the exact records:
//!
//! ```text
//! Table of 2 records. Line 2 lists the "columns"; each further line is one record: a JSON array in column order. a.b = field b of object a; "all_rows" = fields with that value in every record; null = field absent.
//! {"columns":["id","name","software.user"],"all_rows":{"enabled":true,"tags":[]}}
//! [1,"a","ann@example.com"]
//! [2,"b",null]
//! ```
//!
//! * A nested object becomes dotted columns (`software.user`); an empty object is a value.
//! * A column name is a JMESPath path, so the agent can pass it to `query` as is: a key that is
//!   not a plain identifier (`[A-Za-z_][A-Za-z0-9_]*`: a dot, a dash, a quote, empty...) is
//!   written as a JSON string, as JMESPath quotes identifiers (`hardware."hw.model"`).
//! * A field missing from a record is `null` (the common case: ZIA leaves out empty fields);
//!   a JSON `null` is `{"=":null}` (no other cell is a non-empty object, since non-empty
//!   objects are always flattened).
//! * A cell holding a list of records may itself be a table (`{"columns",["all_rows",]"rows"}`),
//!   when that is shorter than its JSON.
//!
//! Anything else (a scalar, an object, a list that is not all records, an empty list) and any
//! list whose table would not be shorter than its JSON stays plain JSON: [`encode`] gives
//! `None`. Strings are sanitized before this runs; column names are built from sanitized keys
//! joined by `.` and quoted with JSON escapes, which adds no text a sanitizer would act on.

use serde_json::{Map, Value};

/// The first words of a compact answer, which [`decode`] checks for.
pub const HEADER_PREFIX: &str = "Table of ";

/// Key of a cell that holds a JSON `null` (a bare `null` means the field is missing).
const LITERAL: &str = "=";

/// Which conventions a table uses, so the header explains only those.
#[derive(Clone, Copy, Default)]
struct Used {
    absent: bool,
    null: bool,
    nested: bool,
    all_rows: bool,
}

impl Used {
    fn merge(&mut self, other: Used) {
        self.absent |= other.absent;
        self.null |= other.null;
        self.nested |= other.nested;
        self.all_rows |= other.all_rows;
    }
}

/// A list of records as columns, shared fields and rows of cells.
struct Table {
    columns: Vec<String>,
    all_rows: Map<String, Value>,
    rows: Vec<Vec<Value>>,
    used: Used,
}

/// The compact text of `value`, or `None` when it should stay JSON (see the module doc).
pub fn encode(value: &Value) -> Option<String> {
    encode_table(value).filter(|text| text.len() < json_len(value))
}

/// The table text of a non-empty list of records, whether or not it is shorter than JSON.
pub fn encode_table(value: &Value) -> Option<String> {
    let records = records_of(value)?;
    let Table {
        columns,
        all_rows,
        rows,
        used,
    } = table(&records);
    let mut text = header_sentence(records.len(), used);
    text.push('\n');
    text.push_str(&Value::Object(head_of(columns, all_rows)).to_string());
    for row in &rows {
        text.push('\n');
        text.push_str(&json_text(row));
    }
    Some(text)
}

/// The records of a non-empty list whose items are all objects.
fn records_of(value: &Value) -> Option<Vec<&Map<String, Value>>> {
    let items = value.as_array().filter(|items| !items.is_empty())?;
    items.iter().map(Value::as_object).collect()
}

/// The length of a value's compact JSON, counted without building the text.
fn json_len(value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing to a counter cannot fail, and a `Value` always serializes.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

fn json_text(row: &[Value]) -> String {
    serde_json::to_string(row).unwrap_or_else(|_| "[]".into())
}

/// How to read the table, in one line; it names only the conventions the table uses.
fn header_sentence(count: usize, used: Used) -> String {
    let noun = if count == 1 { "record" } else { "records" };
    let mut s = format!(
        "{HEADER_PREFIX}{count} {noun}. Line 2 lists the \"columns\"; each further line is one \
         record: a JSON array in column order. a.b = field b of object a"
    );
    for (on, meaning) in [
        (
            used.all_rows,
            "; \"all_rows\" = fields with that value in every record",
        ),
        (used.absent, "; null = field absent"),
        (used.null, "; {\"=\":null} = null"),
        (
            used.nested,
            "; a {\"columns\",\"rows\"} cell = a nested table",
        ),
    ] {
        if on {
            s.push_str(meaning);
        }
    }
    s.push('.');
    s
}

/// Build the table of `records`: flatten, lift shared fields, encode cells.
fn table(records: &[&Map<String, Value>]) -> Table {
    let mut columns: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut grid: Vec<Vec<Option<&Value>>> = Vec::with_capacity(records.len());
    for record in records {
        let mut row = vec![None; columns.len()];
        for (path, leaf) in flatten(record) {
            let at = *index.entry(path).or_insert_with_key(|path| {
                columns.push(path.clone());
                columns.len() - 1
            });
            if at >= row.len() {
                row.resize(at + 1, None);
            }
            row[at] = Some(leaf);
        }
        grid.push(row);
    }
    let mut used = Used::default();
    let mut all_rows = Map::new();
    let mut kept = Vec::new();
    for (at, name) in columns.into_iter().enumerate() {
        match shared_value(&grid, at, records.len()) {
            Some(v) => {
                all_rows.insert(name, v.clone());
            }
            None => kept.push((at, name)),
        }
    }
    used.all_rows = !all_rows.is_empty();
    let rows = grid
        .iter()
        .map(|row| {
            kept.iter()
                .map(|(at, _)| cell(row.get(*at).copied().flatten(), &mut used))
                .collect()
        })
        .collect();
    Table {
        columns: kept.into_iter().map(|(_, name)| name).collect(),
        all_rows,
        rows,
        used,
    }
}

/// The value every row has in column `at`, when it may be stated once: every row has it,
/// and there are two rows or more, or it is empty (a one-record table still names its empty
/// fields once instead of in the row).
fn shared_value<'a>(grid: &[Vec<Option<&'a Value>>], at: usize, count: usize) -> Option<&'a Value> {
    let first = grid.first()?.get(at).copied().flatten()?;
    let same = grid
        .iter()
        .all(|row| row.get(at).copied().flatten() == Some(first));
    (same && (count > 1 || is_empty(first))).then_some(first)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

/// One cell: `null` for a missing field, `{"=":null}` for a JSON null, a nested table for a
/// list of records when that is shorter, else the value itself.
fn cell(leaf: Option<&Value>, used: &mut Used) -> Value {
    match leaf {
        None => {
            used.absent = true;
            Value::Null
        }
        Some(Value::Null) => {
            used.null = true;
            serde_json::json!({ LITERAL: null })
        }
        Some(v) => match nested_table(v) {
            Some((t, inner)) => {
                used.nested = true;
                used.merge(inner);
                t
            }
            None => v.clone(),
        },
    }
}

/// A list of records as a nested table, when its JSON text is shorter than the plain list's.
fn nested_table(v: &Value) -> Option<(Value, Used)> {
    let records = records_of(v)?;
    // One record's table is never shorter: its keys are written once either way.
    if records.len() < 2 {
        return None;
    }
    let t = table(&records);
    let mut m = head_of(t.columns, t.all_rows);
    m.insert(
        "rows".into(),
        t.rows.into_iter().map(Value::Array).collect(),
    );
    let nested = Value::Object(m);
    (json_len(&nested) < json_len(v)).then_some((nested, t.used))
}

/// A table's column line: `columns`, and `all_rows` when some field is in every record.
fn head_of(columns: Vec<String>, all_rows: Map<String, Value>) -> Map<String, Value> {
    let mut head = Map::new();
    head.insert("columns".into(), columns.into_iter().collect());
    if !all_rows.is_empty() {
        head.insert("all_rows".into(), Value::Object(all_rows));
    }
    head
}

/// Every leaf of a record with its column name, in document order. A non-empty object is
/// walked into; anything else (an empty object too) is a leaf.
pub fn flatten(record: &Map<String, Value>) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    flatten_into(record, &mut String::new(), &mut out);
    out
}

fn flatten_into<'a>(
    map: &'a Map<String, Value>,
    prefix: &mut String,
    out: &mut Vec<(String, &'a Value)>,
) {
    for (key, value) in map {
        let len = prefix.len();
        if len > 0 {
            prefix.push('.');
        }
        push_segment(prefix, key);
        match value {
            Value::Object(inner) if !inner.is_empty() => flatten_into(inner, prefix, out),
            _ => out.push((prefix.clone(), value)),
        }
        prefix.truncate(len);
    }
}

/// A key as one segment of a column name: bare when a JMESPath identifier, else quoted.
fn push_segment(out: &mut String, key: &str) {
    let mut chars = key.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        out.push_str(key);
    } else {
        out.push_str(&Value::String(key.to_string()).to_string());
    }
}

/// The column name of a path of keys (the inverse of [`parse_path`]).
pub fn path_name<S: AsRef<str>>(keys: &[S]) -> String {
    let mut out = String::new();
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_segment(&mut out, key.as_ref());
    }
    out
}

/// The keys of a column name: `a."b.c".d` is `["a", "b.c", "d"]`.
pub fn parse_path(name: &str) -> Result<Vec<String>, String> {
    let bad = || format!("{name:?} is not a column name");
    let mut keys = Vec::new();
    let mut rest = name;
    loop {
        if rest.starts_with('"') {
            let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<String>();
            let key = stream.next().and_then(Result::ok).ok_or_else(bad)?;
            rest = &rest[stream.byte_offset()..];
            keys.push(key);
        } else {
            let end = rest.find('.').unwrap_or(rest.len());
            let key = &rest[..end];
            let mut probe = String::new();
            push_segment(&mut probe, key);
            if probe != key {
                return Err(bad());
            }
            keys.push(key.to_string());
            rest = &rest[end..];
        }
        match rest.strip_prefix('.') {
            Some(next) => rest = next,
            None if rest.is_empty() => return Ok(keys),
            None => return Err(bad()),
        }
    }
}

/// The records a compact text was made from (the inverse of [`encode`]).
pub fn decode(text: &str) -> Result<Value, String> {
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default();
    if !first.starts_with(HEADER_PREFIX) {
        return Err("not a compact table: the first line is not its header".into());
    }
    let head: Value = serde_json::from_str(lines.next().ok_or("no column line")?)
        .map_err(|e| format!("column line: {e}"))?;
    let rows = lines
        .map(|line| serde_json::from_str(line).map_err(|e| format!("row: {e}")))
        .collect::<Result<Vec<Value>, String>>()?;
    decode_table(&head, &rows)
}

/// The records of a table: its column line (`columns`, `all_rows`) and its rows.
fn decode_table(head: &Value, rows: &[Value]) -> Result<Value, String> {
    let columns = head["columns"]
        .as_array()
        .ok_or("\"columns\" is not a list")?
        .iter()
        .map(|c| {
            c.as_str()
                .ok_or_else(|| "a column name is not a string".to_string())
                .and_then(parse_path)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let shared = match head.get("all_rows") {
        None => Vec::new(),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| Ok((parse_path(k)?, v)))
            .collect::<Result<Vec<_>, String>>()?,
        Some(_) => return Err("\"all_rows\" is not an object".into()),
    };
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        let cells = row.as_array().ok_or("a row is not a list")?;
        if cells.len() != columns.len() {
            return Err(format!(
                "a row has {} cells for {} columns",
                cells.len(),
                columns.len()
            ));
        }
        let mut record = Map::new();
        for (keys, cell) in columns.iter().zip(cells) {
            if let Some(v) = decode_cell(cell)? {
                insert_at(&mut record, keys, v)?;
            }
        }
        for (keys, v) in &shared {
            insert_at(&mut record, keys, (*v).clone())?;
        }
        records.push(Value::Object(record));
    }
    Ok(Value::Array(records))
}

/// A cell's value; `None` when the field is absent from the record.
fn decode_cell(cell: &Value) -> Result<Option<Value>, String> {
    let Value::Object(m) = cell else {
        return Ok((!cell.is_null()).then(|| cell.clone()));
    };
    if m.is_empty() {
        return Ok(Some(cell.clone()));
    }
    if let (1, Some(v)) = (m.len(), m.get(LITERAL)) {
        return Ok(Some(v.clone()));
    }
    match m.get("rows") {
        Some(Value::Array(rows)) => decode_table(cell, rows).map(Some),
        _ => Err(format!(
            "a cell is an object that is neither {{}}, a literal nor a table: {cell}"
        )),
    }
}

/// Put `value` at the path `keys` of `record`, making the objects on the way.
pub(crate) fn insert_at(
    record: &mut Map<String, Value>,
    keys: &[String],
    value: Value,
) -> Result<(), String> {
    let (last, parents) = keys.split_last().ok_or("an empty column name")?;
    let mut at = record;
    for key in parents {
        let slot = at
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        at = slot
            .as_object_mut()
            .ok_or_else(|| format!("{key:?} is both a value and an object"))?;
    }
    if at.insert(last.clone(), value).is_some() {
        return Err(format!("the field {last:?} is given twice"));
    }
    Ok(())
}
