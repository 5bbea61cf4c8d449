//! The code map's rules that a reader cannot check at a glance, checked on the source itself:
//! only `eventlog/` writes SQL that names `events`, and no two modules import each other.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;

/// The workspace's library crates, in the order of the arrows in ARCHITECTURE.md.
const CRATES: [&str; 8] = [
    "domain",
    "eventlog",
    "projections",
    "register",
    "api",
    "web",
    "bench",
    "samverkan",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(directory: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

fn sources_of(krate: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&workspace().join(krate).join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect()
}

#[test]
fn only_the_event_log_writes_sql_that_names_the_events_table() {
    let naming_events =
        Regex::new(r"(?i)\b(from|into|join|update|table|like|copy|analyze)\s+events\b").unwrap();
    let mut offenders = Vec::new();
    for krate in CRATES.into_iter().filter(|krate| *krate != "eventlog") {
        for (path, text) in sources_of(krate) {
            for (number, line) in text.lines().enumerate() {
                if naming_events.is_match(line) && !line.trim_start().starts_with("//") {
                    offenders.push(format!(
                        "{}:{}: {}",
                        path.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert_eq!(offenders, Vec::<String>::new());
}

/// A module's path inside its crate: `register/src/database/locate.rs` is `database::locate`.
fn module_path(krate: &str, path: &Path) -> Vec<String> {
    let relative = path
        .strip_prefix(workspace().join(krate).join("src"))
        .unwrap()
        .with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("lib" | "main" | "mod")
    ) {
        parts.pop();
    }
    parts
}

/// The paths a module's `use crate::…` and `use super::…` lines name, resolved to absolute
/// module paths, one per item of a braced list.
fn imported_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let statement = Regex::new(r"(?s)\buse\s+((?:crate|super)\b[^;]*);").unwrap();
    let item = Regex::new(r"^(\w+(?:::\w+)*)").unwrap();
    // Unit tests may import their parent freely; only the module's own code counts.
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut paths = Vec::new();
    for captures in statement.captures_iter(code) {
        let used: String = captures[1].split_whitespace().collect();
        let (prefix, items) = match used.split_once("::{") {
            Some((prefix, rest)) => (
                prefix.to_owned(),
                rest.trim_end_matches('}')
                    .split(',')
                    .filter_map(|entry| item.captures(entry).map(|found| found[1].to_owned()))
                    .collect::<Vec<_>>(),
            ),
            None => (used.clone(), vec![String::new()]),
        };
        for entry in items {
            let mut segments: Vec<&str> = prefix.split("::").collect();
            segments.extend(entry.split("::").filter(|segment| !segment.is_empty()));
            let mut resolved: Vec<String> = Vec::new();
            let mut rest = segments.as_slice();
            if rest.first() == Some(&"crate") {
                rest = &rest[1..];
            } else {
                resolved = module.to_vec();
                while rest.first() == Some(&"super") {
                    resolved.pop();
                    rest = &rest[1..];
                }
            }
            resolved.extend(rest.iter().map(|segment| (*segment).to_owned()));
            paths.push(resolved);
        }
    }
    paths
}

/// Names a `mod.rs` or `lib.rs` re-exports from one of its submodules, so that `crate::Name`
/// is traced to the module that defines it.
fn reexports(module: &[String], text: &str) -> BTreeMap<Vec<String>, Vec<String>> {
    let statement = Regex::new(r"(?s)\bpub(?:\(crate\))?\s+use\s+([^;]*);").unwrap();
    let mut found = BTreeMap::new();
    for captures in statement.captures_iter(text) {
        let used: String = captures[1].split_whitespace().collect();
        let used = used.trim_start_matches("self::");
        if used.starts_with("crate") || used.starts_with("super") {
            continue;
        }
        let (source, names): (&str, Vec<&str>) = match used.split_once("::{") {
            Some((source, rest)) => (source, rest.trim_end_matches('}').split(',').collect()),
            None => match used.rsplit_once("::") {
                Some((source, name)) => (source, vec![name]),
                None => continue,
            },
        };
        for name in names.into_iter().filter(|name| !name.is_empty()) {
            let name = name.split(" as ").next().unwrap_or(name);
            let mut exported = module.to_vec();
            exported.push(name.to_owned());
            let mut defined = module.to_vec();
            defined.extend(source.split("::").map(str::to_owned));
            found.insert(exported, defined);
        }
    }
    found
}

fn is_within(path: &[String], module: &[String]) -> bool {
    path.len() >= module.len() && path[..module.len()] == *module
}

#[test]
fn no_two_modules_import_each_other() {
    let mut cycles = BTreeSet::new();
    for krate in CRATES {
        let sources = sources_of(krate);
        let mut exported = BTreeMap::new();
        let mut imports: BTreeMap<Vec<String>, Vec<Vec<String>>> = BTreeMap::new();
        for (path, text) in &sources {
            let module = module_path(krate, path);
            if module.iter().any(|part| part == "tests") {
                continue;
            }
            exported.extend(reexports(&module, text));
            imports.insert(module.clone(), imported_paths(&module, text));
        }
        let resolved: BTreeMap<&Vec<String>, Vec<Vec<String>>> = imports
            .iter()
            .map(|(module, paths)| {
                let paths = paths
                    .iter()
                    .map(|path| exported.get(path).cloned().unwrap_or_else(|| path.clone()))
                    .collect();
                (module, paths)
            })
            .collect();
        for (first, first_imports) in &resolved {
            for (second, second_imports) in &resolved {
                let related = first.is_empty()
                    || second.is_empty()
                    || is_within(first, second)
                    || is_within(second, first);
                if first >= second || related {
                    continue;
                }
                let first_uses_second = first_imports.iter().any(|path| is_within(path, second));
                let second_uses_first = second_imports.iter().any(|path| is_within(path, first));
                if first_uses_second && second_uses_first {
                    cycles.insert(format!(
                        "{krate}: {} <-> {}",
                        first.join("::"),
                        second.join("::")
                    ));
                }
            }
        }
    }
    assert_eq!(cycles, BTreeSet::new());
}
