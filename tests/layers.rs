//! The model's layering, checked from its source: data (scenario, configs, `Database`) at the
//! bottom, models above, the engine above them, nothing pointing back up (issue 17).
//!
//! How: every `.rs` file under `src/model` is a node. Every `crate::model::…`, `super::…` and
//! `self::…` path outside the file's `#[cfg(test)]` part is an edge to the file that defines the
//! longest module prefix of that path (so `crate::model::dynamodb::config::DynamoConfig` points
//! at `dynamodb/config.rs`, while `crate::model::dynamodb::DynamoConfig`, through the re-export,
//! points at `dynamodb/mod.rs`, the model). The graph must have no cycle. A folder and its own
//! files are one unit to Rust (a parent declares its children and re-exports them), so a parent
//! naming its children is structure, not an edge; a child naming its parent is an edge, and
//! siblings naming each other are edges like any other.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MODEL_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/model");

/// A module path under `crate::model` (e.g. `["dynamodb", "config"]`) and its file.
fn module_files() -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<Vec<String>, PathBuf>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                let mut child = prefix.to_vec();
                child.push(stem);
                walk(&path, &child, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut module = prefix.to_vec();
                if stem != "mod" {
                    module.push(stem);
                }
                out.insert(module, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(Path::new(MODEL_DIR), &[], &mut out);
    out
}

/// The file's code before its tests.
fn code_of(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Paths named in `code`, each as segments relative to `crate::model` (resolving `super`/`self`
/// against `module`, the file's own module path; `is_mod_file` for `mod.rs`-style parents).
fn named_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident(bytes[i]) || (i > 0 && (is_ident(bytes[i - 1]) || bytes[i - 1] == ':')) {
            i += 1;
            continue;
        }
        // Read a `a::b::c` path starting at i.
        let mut segments = Vec::new();
        let mut j = i;
        loop {
            let start = j;
            while j < bytes.len() && is_ident(bytes[j]) {
                j += 1;
            }
            segments.push(bytes[start..j].iter().collect::<String>());
            if j + 2 < bytes.len() && bytes[j] == ':' && bytes[j + 1] == ':' && is_ident(bytes[j + 2]) {
                j += 2;
            } else {
                // A grouped use (`x::{a, b::c}`): each member continues the prefix.
                if j + 2 < bytes.len() && bytes[j] == ':' && bytes[j + 1] == ':' && bytes[j + 2] == '{' {
                    let close = (j..bytes.len()).find(|&k| bytes[k] == '}').unwrap_or(bytes.len());
                    let inner: String = bytes[j + 3..close].iter().collect();
                    for member in inner.split(',') {
                        let member = member.trim();
                        if member.is_empty() || member == "self" {
                            continue;
                        }
                        let mut path = segments.clone();
                        path.extend(member.split("::").map(|s| s.trim().to_string()));
                        found.extend(resolve(&path, module));
                    }
                    found.extend(resolve(&segments, module));
                    j = close;
                }
                break;
            }
        }
        if segments.len() > 1 {
            found.extend(resolve(&segments, module));
        }
        i = j.max(i + 1);
    }
    found
}

/// `segments` as a path relative to `crate::model`, if it points into the model.
fn resolve(segments: &[String], module: &[String]) -> Option<Vec<String>> {
    match segments.first().map(String::as_str) {
        Some("crate") if segments.get(1).map(String::as_str) == Some("model") => {
            Some(segments[2..].to_vec())
        }
        Some("super") => {
            let mut base = module.to_vec();
            let mut rest = segments;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            Some(base)
        }
        Some("self") => {
            let mut base = module.to_vec();
            base.extend(segments[1..].iter().cloned());
            Some(base)
        }
        _ => None,
    }
}

/// The import graph: file module → the file modules it names.
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = module_files();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, path) in &files {
        // Inside `x/mod.rs` or `x.rs`, `self::` and child paths are relative to `x` itself.
        let targets = edges.entry(module.clone()).or_default();
        for named in named_paths(&code_of(path), module) {
            let target = (0..=named.len())
                .rev()
                .map(|n| named[..n].to_vec())
                .find(|prefix| files.contains_key(prefix));
            if let Some(target) = target {
                // A module naming its own children (`mod x; pub use x::Y`) is structure, not a
                // dependency upward; the children's own edges are checked separately.
                if target != *module && !target.starts_with(module) {
                    targets.insert(target);
                }
            }
        }
    }
    edges
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "model".to_string()
    } else {
        module.join("::")
    }
}

/// A cycle in the graph, if there is one.
fn find_cycle(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        node: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        marks: &mut BTreeMap<Vec<String>, Mark>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<String>> {
        marks.insert(node.clone(), Mark::Open);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            match marks.get(next).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let from = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle: Vec<String> = stack[from..].iter().map(|n| name(n)).collect();
                    cycle.push(name(next));
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(cycle) = visit(next, edges, marks, stack) {
                        return Some(cycle);
                    }
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in edges.keys() {
        if marks.get(node).copied().unwrap_or(Mark::New) == Mark::New {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(node, edges, &mut marks, &mut stack) {
                return Some(cycle);
            }
        }
    }
    None
}

/// Every edge between files that reach each other: the whole tangle to cut, not one cycle.
fn tangle(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> String {
    let reach = |from: &Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(node) = todo.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<_, _> = edges.keys().map(|n| (n.clone(), reach(n))).collect();
    let mut lines = Vec::new();
    for (from, targets) in edges {
        for to in targets {
            if reaches[to].contains(from) {
                lines.push(format!("  {} → {}", name(from), name(to)));
            }
        }
    }
    lines.join("\n")
}

#[test]
fn the_model_has_no_import_cycle() {
    let edges = graph();
    assert!(edges.len() > 40, "the walk found too few files: {}", edges.len());
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle: {}\n{}", cycle.join(" → "), tangle(&edges));
    }
}

#[test]
fn the_checker_sees_a_cycle_when_there_is_one() {
    // The checker itself: a two-file cycle and a path through a re-export are found.
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    let a = vec!["a".to_string()];
    let b = vec!["b".to_string(), "c".to_string()];
    edges.entry(a.clone()).or_default().insert(b.clone());
    edges.entry(b.clone()).or_default().insert(a.clone());
    assert_eq!(find_cycle(&edges).unwrap(), vec!["a", "b::c", "a"]);
    let module = vec!["dynamodb".to_string(), "latency".to_string()];
    let paths = named_paths("use super::units::Rcu;\nuse crate::model::{facts, sim::Ledger};", &module);
    assert!(paths.contains(&vec!["dynamodb".to_string(), "units".to_string(), "Rcu".to_string()]));
    assert!(paths.contains(&vec!["facts".to_string()]));
    assert!(paths.contains(&vec!["sim".to_string(), "Ledger".to_string()]));
}

#[test]
fn the_databases_do_not_read_the_scenario() {
    // The check the issue names, on every database's folder.
    for database in ["dynamodb", "aurora", "dsql"] {
        let dir = Path::new(MODEL_DIR).join(database);
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains("use crate::model::scenario"),
                "{} reads the scenario; a database's model takes its own config",
                path.display()
            );
        }
    }
}
