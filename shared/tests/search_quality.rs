//! Search quality (issue 19, item 4): the natural-language tasks in
//! `tests/search/tasks.json`, each with the tools that answer it, searched over the full
//! catalogue with writes enabled. A right tool must rank in the top 3 for at least 95% of
//! them; every miss is printed with what ranked instead.

use serde_json::Value;
use zscaler_mcp::catalog::Catalog;
use zscaler_mcp::config::{Selection, Vars};
use zscaler_mcp::discovery::search::Index;

fn all_tools_with_writes() -> Catalog {
    let vars = Vars::from_pairs([
        ("ZSCALER_MCP_WRITE_ENABLED", "true"),
        ("ZSCALER_MCP_WRITE_TOOLS", "*"),
    ]);
    Catalog::new(&Selection::from_vars(&vars).expect("valid selection"))
}

fn tasks() -> Vec<(String, Vec<String>)> {
    let text = include_str!("../../tests/search/tasks.json");
    let parsed: Value = serde_json::from_str(text).expect("tasks.json is JSON");
    parsed["tasks"]
        .as_array()
        .expect("a `tasks` array")
        .iter()
        .map(|t| {
            let query = t["task"].as_str().expect("`task` text").to_string();
            let tools = t["tools"]
                .as_array()
                .expect("`tools` array")
                .iter()
                .map(|n| n.as_str().expect("tool name").to_string())
                .collect();
            (query, tools)
        })
        .collect()
}

#[test]
fn every_task_names_real_tools_and_the_set_is_large_enough() {
    let catalog = all_tools_with_writes();
    let tasks = tasks();
    assert!(tasks.len() >= 60, "{} tasks", tasks.len());
    for (query, tools) in &tasks {
        assert!(!tools.is_empty(), "{query}: no tool");
        for t in tools {
            assert!(catalog.get(t).is_some(), "{query}: {t} is not a tool");
        }
    }
}

#[test]
fn a_right_tool_ranks_in_the_top_three_for_95_percent_of_tasks() {
    let catalog = all_tools_with_writes();
    let started = std::time::Instant::now();
    let index = Index::shared();
    let built = started.elapsed();
    let tasks = tasks();
    let started = std::time::Instant::now();
    let mut misses = Vec::new();
    for (query, tools) in &tasks {
        let ranked: Vec<&str> = index
            .rank(query, |s| catalog.get(s.name).is_some())
            .iter()
            .take(3)
            .map(|(s, _)| s.name)
            .collect();
        if !ranked.iter().any(|n| tools.iter().any(|t| t == n)) {
            misses.push(format!("{query:?}: want {tools:?}, got {ranked:?}"));
        }
    }
    let searched = started.elapsed();
    let hits = tasks.len() - misses.len();
    println!(
        "index built in {built:?} (or already built by another test); {} searches in \
         {searched:?}",
        tasks.len()
    );
    println!(
        "search top-3: {hits}/{} = {:.1}%",
        tasks.len(),
        100.0 * hits as f64 / tasks.len() as f64
    );
    for m in &misses {
        println!("miss: {m}");
    }
    assert!(
        hits * 100 >= tasks.len() * 95,
        "top-3 hit rate {hits}/{} is under 95%:\n{}",
        tasks.len(),
        misses.join("\n")
    );
}

/// `SEARCH_DUMP=1`: print every tool's name and title (for writing tasks).
#[test]
fn dump_titles_on_request() {
    if std::env::var_os("SEARCH_DUMP").is_none() {
        return;
    }
    for spec in zscaler_mcp::catalog::all_tools() {
        println!("{}\t{}", spec.name, spec.title);
    }
}

/// `SEARCH_DEBUG="query"`: print the top 8 with scores.
#[test]
fn debug_query_on_request() {
    let Ok(q) = std::env::var("SEARCH_DEBUG") else {
        return;
    };
    let catalog = all_tools_with_writes();
    for (s, score) in Index::shared()
        .rank(&q, |s| catalog.get(s.name).is_some())
        .iter()
        .take(8)
    {
        println!("{score:8.2} {}", s.name);
    }
}
