use serde_json::{json, Value};

use super::compact::{decode, encode, encode_table, parse_path, path_name};
use super::lean::{self, LEAN_VIEWS};
use super::{text, ResultFormat};

fn round_trip(v: &Value) {
    let table = encode_table(v).expect("a list of records has a table");
    assert_eq!(&decode(&table).expect("the table decodes"), v, "{table}");
    if let Some(compact) = encode(v) {
        assert_eq!(&decode(&compact).expect("decodes"), v, "{compact}");
    }
}

#[test]
fn a_list_of_records_becomes_columns_shared_fields_and_rows() {
    let v = json!([
        {"id": 1, "name": "a", "hw": {"mfg": "Dell", "mem": 16}, "tags": [], "on": true},
        {"id": 2, "name": "b", "hw": {"mfg": "HP"}, "tags": [], "on": true, "note": null},
    ]);
    let expected = "Table of 2 records. Line 2 lists the \"columns\"; each further line is one \
record: a JSON array in column order. a.b = field b of object a; \"all_rows\" = fields with \
that value in every record; null = field absent; {\"=\":null} = null.\n\
{\"columns\":[\"id\",\"name\",\"hw.mfg\",\"hw.mem\",\"note\"],\"all_rows\":{\"tags\":[],\"on\":true}}\n\
[1,\"a\",\"Dell\",16,null]\n\
[2,\"b\",\"HP\",null,{\"=\":null}]";
    assert_eq!(encode_table(&v).as_deref(), Some(expected));
    round_trip(&v);
}

#[test]
fn a_one_record_list_names_its_empty_fields_once_and_keeps_the_rest_in_the_row() {
    let v = json!([{"id": 7, "name": "x", "urls": [], "description": "", "enabled": true}]);
    let expected = "Table of 1 record. Line 2 lists the \"columns\"; each further line is one \
record: a JSON array in column order. a.b = field b of object a; \"all_rows\" = fields with \
that value in every record.\n\
{\"columns\":[\"id\",\"name\",\"enabled\"],\"all_rows\":{\"urls\":[],\"description\":\"\"}}\n\
[7,\"x\",true]";
    assert_eq!(encode_table(&v).as_deref(), Some(expected));
    round_trip(&v);
}

#[test]
fn a_list_of_records_in_a_cell_becomes_a_nested_table_when_shorter() {
    let apps: Vec<Value> = (1..=4)
        .map(|i| json!({"id": i, "name": format!("app{i}"), "enabled": true, "port": "443"}))
        .collect();
    let v = json!([
        {"id": "g1", "applications": apps},
        {"id": "g2", "applications": [{"id": 9, "name": "solo"}]},
    ]);
    let expected = "Table of 2 records. Line 2 lists the \"columns\"; each further line is one \
record: a JSON array in column order. a.b = field b of object a; \"all_rows\" = fields with \
that value in every record; a {\"columns\",\"rows\"} cell = a nested table.\n\
{\"columns\":[\"id\",\"applications\"]}\n\
[\"g1\",{\"columns\":[\"id\",\"name\"],\"all_rows\":{\"enabled\":true,\"port\":\"443\"},\"rows\":\
[[1,\"app1\"],[2,\"app2\"],[3,\"app3\"],[4,\"app4\"]]}]\n\
[\"g2\",[{\"id\":9,\"name\":\"solo\"}]]";
    assert_eq!(encode_table(&v).as_deref(), Some(expected));
    round_trip(&v);
}

#[test]
fn keys_that_are_not_identifiers_are_quoted_as_jmespath_does() {
    let v = json!([
        {"a.b": 1, "x": {"hw-model": "T14", "": 0, "say \"hi\"": 2, "ünï": 3, "_ok9": 4}},
        {"a.b": 5, "x": {"hw-model": "X1", "": 1, "say \"hi\"": 6, "ünï": 7, "_ok9": 8}},
    ]);
    let table = encode_table(&v).unwrap();
    let head: Value = serde_json::from_str(table.lines().nth(1).unwrap()).unwrap();
    assert_eq!(
        head["columns"],
        json!([
            "\"a.b\"",
            "x.\"hw-model\"",
            "x.\"\"",
            "x.\"say \\\"hi\\\"\"",
            "x.\"ünï\"",
            "x._ok9"
        ])
    );
    for name in head["columns"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        assert_eq!(path_name(&parse_path(name).unwrap()), name);
    }
    assert_eq!(parse_path("x.\"a.b\".c").unwrap(), ["x", "a.b", "c"]);
    assert!(parse_path("x..y").is_err());
    assert!(parse_path("x.\"a\"b").is_err());
    assert!(parse_path("hw-model").is_err());
    round_trip(&v);
}

#[test]
fn a_column_name_is_the_jmespath_path_of_its_field() {
    let v = json!([{"x": {"hw.model": "T14", "id": 1}}, {"x": {"hw.model": "X1", "id": 2}}]);
    let head: Value =
        serde_json::from_str(encode_table(&v).unwrap().lines().nth(1).unwrap()).unwrap();
    for name in head["columns"].as_array().unwrap() {
        let shape = crate::shape::Shape::compile(&format!("[*].{}", name.as_str().unwrap()))
            .expect("a column name is a JMESPath path");
        let got = shape.apply(&v).unwrap();
        assert_eq!(got.as_array().unwrap().len(), 2, "{name}: {got}");
    }
}

#[test]
fn anything_but_a_list_of_records_stays_json() {
    for v in [
        json!(null),
        json!(3),
        json!("text"),
        json!({"id": 1, "list": [{"a": 1}, {"a": 2}]}),
        json!([]),
        json!([1, 2, 3]),
        json!([{"a": 1}, 2]),
        json!([{"a": 1}, [1]]),
    ] {
        assert_eq!(encode(&v), None, "{v}");
        assert_eq!(text(&v, ResultFormat::Compact), v.to_string());
    }
    // A table that is not shorter than the JSON stays JSON too.
    let v = json!([{"a": 1}]);
    assert!(encode_table(&v).is_some());
    assert_eq!(text(&v, ResultFormat::Compact), "[{\"a\":1}]");
    // The header's cost is paid back from a few records of a few fields on.
    let many: Value = (0..8)
        .map(|i| json!({"id": i, "enabled": true, "description": ""}))
        .collect();
    assert_eq!(text(&many, ResultFormat::Json), many.to_string());
    let compact = text(&many, ResultFormat::Compact);
    assert!(compact.starts_with("Table of 8 records."), "{compact}");
    assert_eq!(decode(&compact).unwrap(), many);
}

#[test]
fn decode_refuses_what_encode_never_writes() {
    let head = "Table of 1 record. x";
    for bad in [
        "[1]".to_string(),
        head.to_string(),
        format!("{head}\n{{\"columns\":[\"a\"]}}\n[1,2]"),
        format!("{head}\n{{\"columns\":[\"a\"]}}\n[{{\"b\":1}}]"),
        format!("{head}\n{{\"columns\":[\"a\",\"a.b\"]}}\n[1,2]"),
        format!("{head}\n{{\"columns\":[\"a b\"]}}\n[1]"),
        format!("{head}\n{{\"columns\":[\"a\"],\"all_rows\":{{\"a\":1}}}}\n[2]"),
    ] {
        assert!(decode(&bad).is_err(), "{bad}");
    }
}

// ------------------------------------------------------------------------- round trips

/// Keys chosen so rows overlap, clash (an object in one row, a value in another) and need
/// quoting.
const KEYS: &[&str] = &[
    "id", "name", "a", "b", "a.b", "", "x\"y", "ünï", "hw-model", "1st", "_k", "a b", "\\", ".",
    "=", "rows", "columns", "all_rows",
];

const STRINGS: &[&str] = &[
    "",
    "null",
    "{\"=\":null}",
    "a,b",
    "line\nbreak",
    "é漢字🙂",
    "Table of 2 records.",
    "\u{0}",
];

fn key(rng: &mut fastrand::Rng) -> String {
    if rng.u8(0..8) == 0 {
        (0..rng.usize(1..4)).map(|_| rng.alphanumeric()).collect()
    } else {
        KEYS[rng.usize(0..KEYS.len())].to_string()
    }
}

fn value(rng: &mut fastrand::Rng, depth: u32) -> Value {
    let top = if depth == 0 { 6 } else { 10 };
    match rng.u8(0..top) {
        0 => Value::Null,
        1 => Value::Bool(rng.bool()),
        2 => json!(rng.i64(..)),
        3 => json!(f64::from(rng.i32(-4000..4000)) / 8.0),
        4 => json!(rng.u64(..)),
        5 => Value::String(STRINGS[rng.usize(0..STRINGS.len())].to_string()),
        6 | 7 => Value::Array(
            (0..rng.usize(0..4))
                .map(|_| value(rng, depth - 1))
                .collect(),
        ),
        8 => records(rng, depth - 1),
        _ => object(rng, depth - 1),
    }
}

fn object(rng: &mut fastrand::Rng, depth: u32) -> Value {
    let mut m = serde_json::Map::new();
    for _ in 0..rng.usize(0..5) {
        m.insert(key(rng), value(rng, depth));
    }
    Value::Object(m)
}

fn records(rng: &mut fastrand::Rng, depth: u32) -> Value {
    Value::Array((0..rng.usize(1..6)).map(|_| object(rng, depth)).collect())
}

#[test]
fn every_value_survives_encode_then_decode() {
    let mut rng = fastrand::Rng::with_seed(19);
    let mut nested = 0;
    for _ in 0..3000 {
        let v = records(&mut rng, 3);
        round_trip(&v);
        nested += usize::from(encode_table(&v).unwrap().contains("\"rows\":["));
    }
    // The generator reaches every convention, nested tables included.
    assert!(nested > 100, "nested tables in {nested} cases");
}

#[test]
fn uniform_rows_round_trip_too() {
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..300 {
        let template = object(&mut rng, 2);
        let v = Value::Array(
            (0..rng.usize(2..30))
                .map(|i| {
                    let mut r = template.clone();
                    if let Value::Object(m) = &mut r {
                        m.insert("id".into(), json!(i));
                    }
                    r
                })
                .collect(),
        );
        round_trip(&v);
    }
}

// ------------------------------------------------------------------------- lean views

fn device(id: u64, user: &str) -> Value {
    json!({
        "id": id,
        "name": format!("LAP-{id} (HP EliteBook)"),
        "hardware": {"hw_model": "EliteBook", "tot_mem": 16384},
        "network": [{"net_type": "Wi-Fi", "ipv4": "10.0.0.1"}],
        "software": {"os_name": "Windows 11", "user": user, "zdx_ver": "4.5"}
    })
}

#[test]
fn the_zdx_device_list_keeps_the_decision_fields_and_names_the_rest() {
    let full = json!([device(1, "ann@example.com"), device(2, "bob@example.com")]);
    let mut v = full.clone();
    let view = lean::view_of("zdx_list_devices").unwrap();
    let note = lean::apply(view, &mut v).expect("fields were left out");
    assert_eq!(
        v,
        json!([
            {"id": 1, "name": "LAP-1 (HP EliteBook)", "software": {"user": "ann@example.com"}},
            {"id": 2, "name": "LAP-2 (HP EliteBook)", "software": {"user": "bob@example.com"}},
        ])
    );
    assert_eq!(
        note,
        "Lean list: each record keeps only id, name, software.user. Left out: \
         hardware.{hw_model,tot_mem}, network, software.{os_name,zdx_ver}. To get them: \
         zdx_get_device (device_id = a record's id) for one record, or call zdx_list_devices \
         again with `query` (JMESPath over the full records), e.g. \
         query=\"[*].[id, hardware.hw_model]\"."
    );
    // Every field named as left out is reachable with `query` on the full records.
    for name in [
        "hardware.hw_model",
        "hardware.tot_mem",
        "network",
        "software.os_name",
        "software.zdx_ver",
    ] {
        let got = crate::shape::Shape::compile(&format!("[*].{name}"))
            .unwrap()
            .apply(&full)
            .unwrap();
        assert_eq!(got.as_array().map(Vec::len), Some(2), "{name}: {got}");
    }
}

#[test]
fn a_lean_view_says_nothing_when_nothing_was_left_out() {
    let view = lean::view_of("zdx_list_devices").unwrap();
    let mut v = json!([{"id": 1, "name": "a", "userid": "u1"}]);
    assert_eq!(lean::apply(view, &mut v), None);
    assert_eq!(v, json!([{"id": 1, "name": "a", "userid": "u1"}]));
    let mut not_a_list = json!({"id": 1, "hardware": {}});
    assert_eq!(lean::apply(view, &mut not_a_list), None);
    assert_eq!(not_a_list, json!({"id": 1, "hardware": {}}));
}

#[test]
fn every_lean_view_names_real_tools_and_fields_that_parse() {
    for view in LEAN_VIEWS {
        let list = crate::catalog::find_tool(view.tool).expect("the list tool exists");
        assert!(!list.action.is_write(), "{}", view.tool);
        let get = crate::catalog::find_tool(view.get_tool).expect("the get tool exists");
        assert!(
            get.params.iter().any(|p| p.name == view.get_arg),
            "{} takes {}",
            view.get_tool,
            view.get_arg
        );
        for field in view.keep {
            assert_eq!(path_name(&parse_path(field).unwrap()), *field);
        }
    }
}

#[test]
fn the_setting_takes_json_or_compact() {
    assert_eq!(ResultFormat::parse("json"), Ok(ResultFormat::Json));
    assert_eq!(ResultFormat::parse("COMPACT"), Ok(ResultFormat::Compact));
    assert_eq!(
        ResultFormat::parse("csv"),
        Err("unknown result format \"csv\" (use json or compact)".to_string())
    );
}

#[test]
fn a_field_that_is_a_value_in_one_record_and_an_object_in_another_is_named_both_ways() {
    let view = lean::view_of("zdx_list_devices").unwrap();
    let mut v = json!([
        {"id": 1, "name": "a", "hardware": "unknown"},
        {"id": 2, "name": "b", "hardware": {"gpu": "x", "tot_mem": 8}, "network": []},
    ]);
    let note = lean::apply(view, &mut v).unwrap();
    assert_eq!(v, json!([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]));
    assert!(
        note.starts_with(
            "Lean list: each record keeps only id, name. Left out: hardware, \
             hardware.{gpu,tot_mem}, network. "
        ),
        "{note}"
    );
}
