//! Tests of the bounded JMESPath shaping: every limit at and past its value, on a small stack.

use super::*;
use serde_json::json;

/// Stack of the thread the limit tests run on: far less than any thread the server runs
/// queries on (tokio workers: 2 MiB; the Lambda main thread: 8 MiB).
const SMALL_STACK: usize = 256 * 1024;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic")
}

/// A moderately sized result: `n` items like those the tools return.
fn doc(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| {
                json!({
                    "id": i,
                    "name": format!("location-{i:05}"),
                    "state": if i % 3 == 0 { "DISABLED" } else { "ENABLED" },
                    "description": "x".repeat(40),
                    "tags": ["a", "b", format!("t{}", i % 7)],
                    "nested": {"level": {"deeper": [1, 2, {"k": i}]}},
                    "score": i as f64 * 1.5,
                    "flag": i % 2 == 0,
                    "none": null
                })
            })
            .collect(),
    )
}

/// Compiles and applies `q` to `data` on a small stack: whatever the outcome, it must not
/// overflow.
fn run(q: String, data: Value) -> Result<Value, String> {
    on_small_stack(move || Shape::compile(&q)?.apply(&data))
}

fn compile_error(q: &str) -> String {
    let q = q.to_string();
    on_small_stack(move || Shape::compile(&q).map(|_| ())).expect_err("the query is refused")
}

fn nested(n: usize) -> String {
    format!("the query is nested {n} deep; the limit is {MAX_QUERY_NESTING}")
}

#[test]
fn projects_and_filters() {
    let data = json!([{"id": 1, "name": "a", "state": "ENABLED"},
                      {"id": 2, "name": "b", "state": "DISABLED"}]);
    let s = Shape::compile("[?state=='ENABLED'].{id: id, name: name}").unwrap();
    assert_eq!(s.apply(&data).unwrap(), json!([{"id": 1, "name": "a"}]));
    assert_eq!(
        Shape::compile("length(@)").unwrap().apply(&data).unwrap(),
        json!(2)
    );
}

#[test]
fn invalid_expression_is_explained() {
    let e = Shape::compile("[?state==").unwrap_err();
    assert!(e.starts_with("not a valid JMESPath expression"), "{e}");
}

/// The budgeted interpreter gives exactly what the crate's interpreter gives, values and
/// errors, over every kind of node and every function.
#[test]
fn evaluates_like_the_jmespath_crate() {
    let data = doc(12);
    let queries = [
        "@",
        "[0]",
        "[-1].name",
        "[-100]",
        "[100]",
        "[0].name",
        "[0].nested.level.deeper[2].k",
        "[0].missing.deeper",
        "[*].id",
        "[*].nested.level.deeper[-1].k",
        "[?state=='ENABLED'].{id: id, name: name}",
        "[?state!='ENABLED' && flag].id",
        "[?flag || id > `5`].id",
        "[?!flag].id",
        "[?id >= `3` && id < `6`].name",
        "[?id == `2.0`].id",
        "[?tags == ['a', 'b', 't1']].id",
        "[?nested == `{}`]",
        "[?none == null].id | length(@)",
        "[?'a' < 'b']",
        "[1:4].id",
        "[::-3].id",
        "[-2:].id",
        "[:2:1].name",
        "[10:2:-4].id",
        "[0:1:0]",
        "[*].tags[]",
        "[*].tags[] | [0:5]",
        "[].tags[][]",
        "[*].nested.*",
        "[0].*",
        "[0].nested.level.*[]",
        "[*][id, name][0]",
        "[*].{a: [id, id], b: {c: name}}[:2]",
        "length(@)",
        "[0] | keys(@)",
        "[0] | values(@) | length(@)",
        "sort_by(@, &name)[*].id",
        "sort_by(@, &score)[-1].id",
        "sort_by(@, &tags)",
        "sort_by(@, &name) | [*].name | sort(@) | reverse(@)",
        "max_by(@, &score).id",
        "min_by(@, &name).name",
        "max_by(@, &tags)",
        "max_by(`[]`, &a)",
        "map(&id, @)",
        "map(&[id, flag], @)[:3]",
        "map(&id, `3`)",
        "sort([*].id)",
        "sort([*].name)",
        "sort(@)",
        "max([*].score)",
        "min([*].name)",
        "sum([*].score)",
        "avg([*].score)",
        "avg(`[]`)",
        "abs(`-3`)",
        "ceil(`1.5`)",
        "floor(`1.5`)",
        "contains([*].name, 'location-00003')",
        "contains('abcdef', 'cd')",
        "contains([*].tags, ['a', 'b', 't3'])",
        "[?contains(tags, 't3')].id",
        "[?starts_with(name, 'location-0001')].id",
        "[?ends_with(name, '5')].id",
        "join(', ', [*].name)",
        "join(', ', [*].id)",
        "[0] | merge(@, {extra: `1`}, nested)",
        "not_null(missing, [0].none, [1].id)",
        "not_null(missing)",
        "to_array([0].id)",
        "to_array([*].id)",
        "to_string([0])",
        "[*].to_string(id)",
        "to_number('12')",
        "to_number('[1, {\"a\": 2}]')",
        "to_number('x')",
        "type(@)",
        "[0].[type(id), type(name), type(none), type(tags), type(flag), type(nested)]",
        "length([0].name)",
        "[*].length(tags)",
        "unknown_function(@)",
        "length(`1`)",
        "length(@, @)",
        "length()",
        "sort_by(@, name)",
        "sort_by(@, &nested)",
        "min_by(@, &flag)",
        "map(id, @)",
        "[*].sort_by(tags, &@)",
        "not_null(&id)",
        "[&id, &tags[0]]",
        "`{\"a\": [1, 2, {\"b\": null}]}`.a[2]",
        "'raw string'",
        "\"quoted identifier\"",
        "{a: `1`, b: 'x'} | values(@)",
        "@ | @ | [0] | name",
        "([0].id || [1].id) && [2].name",
        "[0].none || [0].flag || 'default'",
        "[?(flag && id > `3`) || name == 'location-00001'].id",
        "[*].[flag, !flag, !!flag][0]",
        "[0] == [0]",
        "[0] != [1]",
        "[0].tags < [0].tags",
        "[0].[id < `1`, id <= `0`, id > `0`, id >= `0`]",
        "`null`.a",
        "[*].none",
        "[*].[none]",
        "[*].{n: none}",
    ];
    let var = jmespath::Variable::from_serializable(&data).unwrap();
    let var = Rcvar::new(var);
    for q in queries {
        let expected = jmespath::compile(q)
            .unwrap_or_else(|e| panic!("{q}: {e}"))
            .search(var.clone())
            .map(|v| serde_json::to_value(&*v).unwrap())
            .map_err(|e| format!("the query failed: {}", e.reason));
        let got = Shape::compile(q).unwrap().apply(&data);
        assert_eq!(got, expected, "{q}");
    }
}

#[test]
fn shapes_compare_and_print_by_their_text() {
    let a = Shape::compile("[*].id").unwrap();
    assert_eq!(a, Shape::compile("[*].id").unwrap());
    assert_ne!(a, Shape::compile("[*].name").unwrap());
    assert_eq!(format!("{a:?}"), "Shape([*].id)");
    assert_eq!(a.as_str(), "[*].id");
    assert_eq!(a.clone(), a);
}

#[test]
fn length_limit() {
    // A string literal fills the query: exactly at the limit it is accepted.
    let at = format!("'{}'", "(".repeat(MAX_QUERY_BYTES - 2));
    assert_eq!(at.len(), MAX_QUERY_BYTES);
    let out = run(at, json!(null)).unwrap();
    assert_eq!(out.as_str().map(str::len), Some(MAX_QUERY_BYTES - 2));
    let past = format!("'{}'", "x".repeat(MAX_QUERY_BYTES - 1));
    assert_eq!(
        compile_error(&past),
        format!(
            "the query is {} bytes long; the limit is {MAX_QUERY_BYTES}",
            MAX_QUERY_BYTES + 1
        )
    );
    // A huge hostile query is refused by length before anything else looks at it.
    let e = compile_error(&"(".repeat(100_000));
    assert!(e.contains("100000 bytes long"), "{e}");
}

/// Families of queries that make the parser recurse deeper with each repetition.
type Family = (&'static str, fn(usize) -> String);

fn families() -> Vec<Family> {
    vec![
        ("parentheses", |k| {
            format!("{}@{}", "(".repeat(k), ")".repeat(k))
        }),
        ("lists", |k| format!("{}@{}", "[".repeat(k), "]".repeat(k))),
        ("objects", |k| {
            format!("{}@{}", "{a:".repeat(k), "}".repeat(k))
        }),
        ("nested filters", |k| {
            format!("{}@{}", "[?".repeat(k), "]".repeat(k))
        }),
        ("filter chain", |k| format!("@{}", "[?@]".repeat(k))),
        ("functions", |k| {
            format!("{}@{}", "length(".repeat(k), ")".repeat(k))
        }),
        ("not_null", |k| {
            format!("{}@{}", "not_null(".repeat(k), ")".repeat(k))
        }),
        ("negations", |k| format!("{}@", "!".repeat(k))),
        ("expression references", |k| format!("{}@", "& ".repeat(k))),
        ("projections", |k| format!("@{}", "[*]".repeat(k))),
        ("projected fields", |k| format!("@{}", "[*].a".repeat(k))),
        ("slices", |k| format!("@{}", "[1:]".repeat(k))),
        ("filtered projections", |k| {
            format!("@{}", "[*][?@]".repeat(k))
        }),
        ("object projections", |k| format!("*{}", ".*".repeat(k))),
        ("operators in parentheses", |k| {
            format!("{}x{}", "(a | b || c && d == ".repeat(k), ")".repeat(k))
        }),
        ("operators in functions", |k| {
            format!("{}x{}", "f(a | b || c && d == !".repeat(k), ")".repeat(k))
        }),
        ("operators in filters", |k| {
            format!("{}x{}", "[?a || b && !".repeat(k), "]".repeat(k))
        }),
        ("operators in objects", |k| {
            format!("{}x{}", "{a: &a | !".repeat(k), "}".repeat(k))
        }),
        ("json literal", |k| {
            format!("`{}1{}`", "[".repeat(k), "]".repeat(k))
        }),
        ("json objects", |k| {
            format!("`{}1{}`", "{\"a\":".repeat(k), "}".repeat(k))
        }),
        ("mixed", |k| {
            format!("{}@{}", "[?!(length({a: ".repeat(k), "}))]".repeat(k))
        }),
    ]
}

#[test]
fn prescan_follows_the_parsers_recursion() {
    for (query, nesting) in [
        ("@", 0),
        ("((@))", 2),
        ("[?state=='ENABLED'].{id: id, name: name}", 3),
        // Each operator waits for its right operand: | then || then && then ==.
        ("a.b.c | d[0][1] || e && f == `1`", 4),
        ("a.b.c.d.e.f", 1),
        ("a | b | c | d", 1),
        ("[][][][][]", 1),
        // `[]` ends the projections before it.
        ("@[][*][][*][][*]", 3),
        ("{a: f(x), b: g(y), c: h(z)}", 2),
        ("!!!a", 3),
        // `!a.b` is `(!a).b`.
        ("!a.b.c", 1),
        // Brackets inside string literals are text.
        ("'(((([[[[{{{{'", 0),
        ("'\\'(((('", 0),
        ("\"(((\\\"(((\"", 0),
        ("`\"[[[[{{{{\"`", 0),
        ("`\"\\\"[[[\"`", 0),
        ("`\\``", 0),
        // JSON literals nest.
        ("`[\"]]]]\", [1]]`", 2),
        ("[`[[1]]`]", 3),
        // Closing brackets without an opening one do not go negative.
        ("))))]]]]}}}}(a)", 1),
    ] {
        assert_eq!(parser_nesting(query), nesting, "{query}");
    }
    for (what, family) in families() {
        let counts: Vec<usize> = (1..6).map(|k| parser_nesting(&family(k))).collect();
        assert!(counts.windows(2).all(|w| w[0] < w[1]), "{what}: {counts:?}");
    }
}

/// The most repetitions of `family` under the nesting limit.
fn at_limit(family: fn(usize) -> String) -> usize {
    let mut k = 1;
    while parser_nesting(&family(k + 1)) <= MAX_QUERY_NESTING && k < MAX_QUERY_BYTES {
        k += 1;
    }
    k
}

#[test]
fn nesting_limit_at_and_past_the_limit() {
    let data = doc(3);
    for (what, family) in families() {
        let k = at_limit(family);
        let (at, past) = (family(k), family(k + 1));
        assert!(past.len() <= MAX_QUERY_BYTES, "{what}");
        // At the limit: parsed (or refused as invalid) and evaluated, on a small stack.
        if let Err(e) = run(at, data.clone()) {
            assert!(!e.contains("nested"), "{what}: {e}");
        }
        // Past it: refused before the parser runs.
        let n = parser_nesting(&past);
        assert!(n > MAX_QUERY_NESTING, "{what}");
        assert_eq!(compile_error(&past), nested(n), "{what}");
    }
    // The reported example (3,000 nested parentheses) and the longest such query.
    let q = format!("{}@{}", "(".repeat(1000), ")".repeat(1000));
    assert_eq!(compile_error(&q), nested(1000));
    let q = "(".repeat(MAX_QUERY_BYTES);
    assert_eq!(compile_error(&q), nested(MAX_QUERY_BYTES));
}

#[test]
fn string_literals_full_of_brackets_are_not_nesting() {
    let data = json!([{"a": 1}]);
    for q in [
        format!("'{}'", "(".repeat(2000)),
        format!("\"{}\"", "[".repeat(2000)),
        format!("`\"{}\"`", "{".repeat(2000)),
        format!("[?a == '{}'] | length(@)", ")".repeat(2000)),
        format!("'{}'", "\\'((".repeat(400)),
    ] {
        assert!(run(q.clone(), data.clone()).is_ok(), "{q}");
    }
}

/// Chains that nest the syntax tree without nesting brackets.
fn chains(links: usize) -> Vec<(&'static str, String)> {
    vec![
        ("dots", format!("a{}", ".a".repeat(links))),
        ("pipes", format!("a{}", "|a".repeat(links))),
        ("ors", format!("a{}", "||a".repeat(links))),
        ("ands", format!("a{}", "&&a".repeat(links))),
        ("indexes", format!("a{}", "[0]".repeat(links))),
        ("comparisons", format!("a{}", "==a".repeat(links))),
        ("flattens", format!("@{}", "[]".repeat(links))),
        ("flattened fields", format!("@{}", "[].a".repeat(links))),
    ]
}

#[test]
fn syntax_tree_depth_limit() {
    let data = json!([{"a": [[1, 2], [3]]}, {"a": {"a": {"a": 1}}}]);
    for (what, q) in chains(MAX_QUERY_BYTES) {
        let q = q[..MAX_QUERY_BYTES].to_string();
        let e = compile_error(&q);
        assert!(
            e.starts_with("the query's syntax tree is ")
                && e.ends_with(&format!("levels deep; the limit is {MAX_QUERY_DEPTH}"))
                || e.starts_with("not a valid JMESPath expression"),
            "{what}: {e}"
        );
        // Cut in the middle of a link: the parser fails on a deep partial tree.
        let e = compile_error(&q[..q.len() - 1]);
        assert!(!e.is_empty(), "{what}");
    }
    for (i, (what, _)) in chains(1).into_iter().enumerate() {
        // The longest chain under the limit compiles and evaluates on a small stack.
        let chain = |links: usize| chains(links).swap_remove(i).1;
        let mut links = 1;
        while Shape::compile(&chain(links + 1)).is_ok() {
            links += 1;
        }
        let depth = |q: &str| tree_stats(&jmespath::parse(q).unwrap()).depth;
        let at = depth(&chain(links));
        assert!(
            at == MAX_QUERY_DEPTH || at == MAX_QUERY_DEPTH - 1,
            "{what}: {at}"
        );
        run(chain(links), data.clone()).unwrap_or_else(|e| panic!("{what}: {e}"));
        let past = chain(links + 1);
        assert_eq!(
            compile_error(&past),
            format!(
                "the query's syntax tree is {} levels deep; the limit is {MAX_QUERY_DEPTH}",
                depth(&past)
            ),
            "{what}"
        );
    }
}

#[test]
fn syntax_tree_size_limit() {
    // `[]` alone is four nodes (a projection of a flatten), `@` one, the list one more.
    let list = |nodes: usize| {
        let flattens = (nodes - 2) / 4;
        let mut items = vec!["[]"; flattens];
        items.extend(vec!["@"; nodes - 1 - 4 * flattens]);
        format!("[{}]", items.join(","))
    };
    let at = list(MAX_QUERY_NODES);
    assert_eq!(
        tree_stats(&jmespath::parse(&at).unwrap()).nodes,
        MAX_QUERY_NODES
    );
    let out = run(at, json!([[1], 2])).unwrap();
    let flattens = (MAX_QUERY_NODES - 2) / 4;
    let items = flattens + MAX_QUERY_NODES - 1 - 4 * flattens;
    assert_eq!(out.as_array().map(Vec::len), Some(items));
    assert_eq!(
        compile_error(&list(MAX_QUERY_NODES + 1)),
        format!(
            "the query has {} syntax nodes; the limit is {MAX_QUERY_NODES}",
            MAX_QUERY_NODES + 1
        )
    );
    // The longest list of `@` that fits in the length limit is just under the node limit.
    let ats = format!("[{}]", vec!["@"; MAX_QUERY_NODES - 1].join(","));
    assert!(ats.len() <= MAX_QUERY_BYTES);
    assert!(run(ats, json!(1)).is_ok());
}

fn pipeline(stage: &str, n: usize) -> String {
    vec![stage; n].join(" | ")
}

fn result_too_large(limit: u64) -> String {
    too_large(limit)
}

fn out_of_steps(e: &str) -> bool {
    e.starts_with("the query needs more than ")
        && e.contains(&format!(
            "steps ({MAX_EVAL_STEPS}, plus one per byte of the unshaped result)"
        ))
}

#[test]
fn doubling_results_are_refused_by_size() {
    let data = doc(2);
    let size = serde_json::to_string(&data).unwrap().len();
    for stage in ["[@,@]", "{a:@,b:@}", "[@,@][]", "to_array(@) | [@,@]"] {
        // 8 doublings: 256 copies, well under the limit.
        let out = run(pipeline(stage, 8), data.clone()).unwrap();
        assert!(serde_json::to_string(&out).unwrap().len() >= 255 * size);
        // The reported query: 2^14 copies of a ~400-byte document, then 2^18, then 2^60.
        for n in [15, 18, 60] {
            let e = run(pipeline(stage, n), data.clone()).unwrap_err();
            assert!(
                e == result_too_large(MAX_RESULT_BYTES) || out_of_steps(&e),
                "{stage} x{n}: {e}"
            );
        }
    }
    // Counting what is small stays cheap even when the value is astronomically large.
    let q = format!("length({})", pipeline("[@,@]", 60));
    assert_eq!(run(q, data.clone()).unwrap(), json!(2));
}

#[test]
fn doubled_values_cannot_be_serialized_compared_or_walked() {
    let data = doc(1);
    let big = format!("({})", pipeline("[@,@]", 40));
    let e = run(format!("length(to_string({big}))"), data.clone()).unwrap_err();
    assert!(
        e.starts_with("the query builds a string of more than"),
        "{e}"
    );
    let q = format!("join('', [*].name | {})", pipeline("[@,@][]", 30));
    let e = run(q, data.clone()).unwrap_err();
    assert!(out_of_steps(&e), "{e}");
    for q in [
        format!("{big} == {big}"),
        format!("{big} != {big}"),
        format!("contains([{big}], {big})"),
        format!("length({big}[][][][][][][][][][][][][][][][][][][][][][][][][])"),
        format!("length(sort_by({big}[][][][][][][][][][][][][][][][][][][][][][], &name))"),
        format!("length(map(&[@, @], {big}[][][][][][][][][][][][][][][][][][][][][][][][]))"),
    ] {
        let e = run(q.clone(), data.clone()).unwrap_err();
        assert!(out_of_steps(&e), "{q}: {e}");
    }
}

/// `[[…[@]…]]` piped in stages under the nesting limit: a value `total` deeper than the
/// input.
fn deep(total: usize) -> String {
    let step = MAX_QUERY_NESTING - 4;
    let wrap = |n: usize| format!("{}@{}", "[".repeat(n), "]".repeat(n));
    let mut stages = vec![wrap(step); total / step];
    if !total.is_multiple_of(step) {
        stages.push(wrap(total % step));
    }
    stages.join(" | ")
}

#[test]
fn value_depth_limit() {
    let limit = MAX_VALUE_DEPTH as usize;
    // A scalar input: the result is exactly as deep as the query nests it.
    let out = run(deep(limit), json!(1)).unwrap();
    let mut depth = 0;
    let mut v = &out;
    while let Some(inner) = v.as_array() {
        depth += 1;
        v = &inner[0];
    }
    assert_eq!(depth, limit);
    assert_eq!(
        run(deep(limit + 1), json!(1)).unwrap_err(),
        too_deep(MAX_VALUE_DEPTH + 1, MAX_VALUE_DEPTH)
    );
    // A JSON string holding a deep value is at most as deep as serde_json allows.
    let q = format!("to_number('{}1{}')", "[".repeat(127), "]".repeat(127));
    assert!(run(q, json!(1)).is_ok());
    let q = format!("to_number('{}1{}')", "[".repeat(1000), "]".repeat(1000));
    assert_eq!(run(q, json!(1)).unwrap(), json!(null));
}

/// Everything at its limit at once: the deepest values the query may build, compared,
/// searched and serialized at the bottom of the deepest syntax tree it may have.
#[test]
fn all_limits_at_once_on_a_small_stack() {
    let d = format!("({})", deep(MAX_VALUE_DEPTH as usize - 2));
    let q = format!(
        "[{d}, {d}] | [@[0] == @[1], @[0] != @[1], contains(@, @[1]), \
         length(to_string(@))] | [@]{}",
        "[]".repeat(60)
    );
    assert!(q.len() <= MAX_QUERY_BYTES, "{}", q.len());
    let depth = tree_stats(&jmespath::parse(&q).unwrap()).depth;
    assert!(
        (MAX_QUERY_DEPTH - 10..=MAX_QUERY_DEPTH).contains(&depth),
        "{depth}"
    );
    let out = run(q, json!({"a": 1})).unwrap();
    assert_eq!(out[0], json!(true));
    assert_eq!(out[2], json!(true));
    // And the deepest result, serialized and dropped.
    let out = run(deep(MAX_VALUE_DEPTH as usize - 1), json!({"a": 1})).unwrap();
    assert!(out.is_array());
}

#[test]
fn ordinary_queries_on_large_results_keep_working() {
    let data = Arc::new(doc(10_000));
    let size = serde_json::to_string(&*data).unwrap().len();
    assert!(size > 2_000_000, "{size}");
    let queries = [
        "@",
        "[*].{id: id, name: name, state: state, description: description, tags: tags, \
         nested: nested, score: score, flag: flag, none: none, again: id}",
        "[?state=='ENABLED' && !flag].{id: id, k: nested.level.deeper[2].k}",
        "reverse(sort_by(@, &name))[:10].id",
        "[?contains(to_string(@), 'location-0000')].id",
        "map(&{n: name, t: tags[-1]}, @)[*].t | sort(@) | length(@)",
        "join(',', [*].name)",
    ];
    for q in queries {
        let data = data.clone();
        let r = on_small_stack(move || Shape::compile(q)?.apply(&data).map(|_| ()));
        r.unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    // A result larger than the size limit may still be returned whole (but not grown).
    let big: Value = (0..200)
        .map(|i| json!({"name": format!("n{i}"), "blob": "x".repeat(25_000)}))
        .collect();
    let bytes = json_stats(&big).bytes;
    assert!(bytes > MAX_RESULT_BYTES, "{bytes}");
    assert_eq!(run("@".to_string(), big.clone()).unwrap(), big);
    assert!(run("sort_by(@, &name)".to_string(), big.clone()).is_ok());
    assert_eq!(
        run("{a: @, b: @}".to_string(), big).unwrap_err(),
        result_too_large(bytes)
    );
}

/// What ordinary queries cost (the figures in the documentation of `MAX_EVAL_STEPS`).
#[test]
fn ordinary_query_costs() {
    let data = doc(10_000);
    let cost = |q: &str| {
        let (out, steps) = Shape::compile(q).unwrap().evaluate(&data);
        out.unwrap();
        steps
    };
    let filter_and_project = cost(
        "[?state=='ENABLED' && contains(tags, 't3')].{id: id, name: name, state: state, \
         description: description, tags: tags, nested: nested, score: score, flag: flag, \
         none: none, again: id}",
    );
    let project_all = cost(
        "[*].{id: id, name: name, state: state, description: description, tags: tags, \
         nested: nested, score: score, flag: flag, none: none, again: id}",
    );
    let sort = cost("sort_by(@, &name)[*].id");
    eprintln!("filter+project {filter_and_project}, project {project_all}, sort {sort}");
    assert!(project_all < 1_500_000, "{project_all}");
    assert!(filter_and_project < project_all);
    assert!(sort < 1_000_000, "{sort}");
}

#[test]
fn work_limit_on_large_inputs() {
    let data = doc(2_000);
    // Sorting 2,000 items 2^11 times over.
    let q = format!(
        "{} | sort_by(@, &name) | length(@)",
        pipeline("[@,@][]", 11)
    );
    assert!(out_of_steps(&run(q, data.clone()).unwrap_err()));
    // Nested projections over a cross product.
    let q = format!("{} | [*].tags[*].length(@)", pipeline("[@,@][]", 12));
    assert!(out_of_steps(&run(q, data.clone()).unwrap_err()));
    // Equality tests of large values in a filter.
    let q = "[?@ == `{}` || tags == `[]`] | length(@)".to_string();
    assert_eq!(run(q, data.clone()).unwrap(), json!(0));
    let q = format!("[*].[{}] | length(@)", vec!["@ == @"; 40].join(", "));
    assert!(run(q, data.clone()).is_ok());
    let q = format!("[*].[{}] | length(@)", ["@ == {a: @}.a"; 4].join(", "));
    assert!(run(q, data).is_ok());
}

#[test]
fn refusals_name_their_limit() {
    assert_eq!(
        nested(40),
        "the query is nested 40 deep; the limit is 24".to_string()
    );
    let e = compile_error(&format!("a{}", ".a".repeat(200)));
    assert_eq!(
        e,
        "the query's syntax tree is 201 levels deep; the limit is 128"
    );
    let e = run(pipeline("[@,@]", 30), json!({"a": 1})).unwrap_err();
    assert!(e.contains("; the limit is 4194304 bytes"), "{e}");
    let e = run(
        format!("length({})", pipeline("[@,@][]", 30)),
        json!({"a": 1}),
    )
    .unwrap_err();
    assert!(e.contains("; the limit is 4000007 steps"), "{e}");
}
