//! The layers of the server and the one direction their arrows may point, checked by a test that reads every
//! `crate::…` path and every external crate a file of `api/src` names (in the manner of rust-analyzer's tidy
//! tests). A module may use modules of the layers below its own, never one above nor a sibling of its own layer;
//! and the lower layers may not reach for the crates of the layers above them (`domain` for no database, GraphQL or
//! HTTP; `service` for no GraphQL or HTTP).
//!
//! Why a test and not a crate per layer: the layers share one `Error`, one `Actor` and the entity crate, and
//! several are small; crates would add a build unit per layer on a 2-core machine for the same guarantee, which
//! this test gives with the file and the arrow named.

/// The layers, top first. Each is a list of the top-level modules of `api/src` in it.
pub const LAYERS: &[(&str, &[&str])] = &[
    ("the binary", &["main", "lib", "cli"]),
    ("the application", &["app", "telemetry"]),
    ("settings", &["config"]),
    ("edge", &["http"]),
    ("readers", &["site", "workbench", "opendata", "ratelimit"]),
    ("the import", &["import"]),
    ("schema", &["graphql", "demo"]),
    ("writes", &["service", "db"]),
    ("who and what went wrong", &["auth", "error", "metrics"]),
    ("what a task touched", &["touched"]),
    ("rules", &["domain"]),
];

/// Crates a layer may not name, with why.
pub const FORBIDDEN_CRATES: &[(&str, &[&str], &str)] = &[
    ("domain", &["sea_orm", "async_graphql", "poem", "sqlx", "tokio"], "rules are plain functions over plain values"),
    ("service", &["async_graphql", "poem"], "writes know nothing of GraphQL or HTTP"),
    ("graphql", &["poem"], "the schema knows nothing of HTTP"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// The layer of a top-level module, as its index in [`LAYERS`].
    fn layer_of(module: &str) -> Option<usize> {
        LAYERS.iter().position(|(_, modules)| modules.contains(&module))
    }

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Every `.rs` file of `api/src` but this one (whose tests hold arrows on purpose) with its top-level module and
    /// its code (comment lines dropped).
    fn files() -> Vec<(String, String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut paths = Vec::new();
        sources(&root, &mut paths);
        paths
            .into_iter()
            .filter(|path| !path.ends_with("layers.rs"))
            .map(|path| {
                let relative = path.strip_prefix(&root).expect("under src").to_string_lossy().into_owned();
                let module = relative.split(['/', '.']).next().expect("a name").to_owned();
                let text = std::fs::read_to_string(&path).expect("a readable file");
                let code: String = text
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("//"))
                    .map(|line| format!("{line}\n"))
                    .collect();
                (relative, module, code)
            })
            .collect()
    }

    fn identifier(text: &str) -> String {
        text.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
    }

    /// The top-level modules `code` names as `crate::<module>`, or in a group `crate::{<module>, …}`.
    fn crate_paths(code: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let boundary = rest[..at].chars().last().is_none_or(|c| !(c.is_alphanumeric() || "_$:".contains(c)));
            rest = &rest[at + 7..];
            if !boundary {
                continue;
            }
            match rest.strip_prefix('{') {
                Some(group) => {
                    // The items at the group's own depth: `{a::x, b::{y, z}, c}` names a, b and c.
                    let (mut depth, mut item_start) = (0, 0);
                    for (i, c) in group.char_indices() {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => {
                                found.push(identifier(&group[item_start..i]));
                                break;
                            }
                            '}' => depth -= 1,
                            ',' if depth == 0 => {
                                found.push(identifier(&group[item_start..i]));
                                item_start = i + 1;
                            }
                            _ => {}
                        }
                    }
                }
                None => found.push(identifier(rest)),
            }
        }
        found.retain(|name| !name.is_empty());
        found
    }

    /// The arrows that break the layering: `file: from → to`.
    fn broken_arrows(files: &[(String, String, String)]) -> Vec<String> {
        let mut broken = Vec::new();
        for (file, module, code) in files {
            let Some(from) = layer_of(module) else {
                broken.push(format!("{file}: the module {module} is in no layer of api/src/layers.rs"));
                continue;
            };
            for target in crate_paths(code) {
                if &target == module {
                    continue;
                }
                match layer_of(&target) {
                    Some(to) if to > from => {}
                    Some(to) => broken.push(format!(
                        "{file}: {module} ({}) → {target} ({}): a layer may only use the layers below it",
                        LAYERS[from].0, LAYERS[to].0
                    )),
                    None => broken.push(format!("{file}: {module} → {target}, a module in no layer")),
                }
            }
        }
        broken
    }

    /// The external crates a layer names that it may not.
    fn forbidden_crates(files: &[(String, String, String)]) -> Vec<String> {
        let mut broken = Vec::new();
        for (file, module, code) in files {
            for (layer, crates, why) in FORBIDDEN_CRATES {
                if module != layer {
                    continue;
                }
                for name in *crates {
                    let named = code.match_indices(&format!("{name}::")).any(|(at, _)| {
                        code[..at].chars().last().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    });
                    if named {
                        broken.push(format!("{file}: {module} uses the crate {name}, but {why}"));
                    }
                }
            }
        }
        broken
    }

    #[test]
    fn arrows_point_down_the_layers_only() {
        let broken = broken_arrows(&files());
        assert!(broken.is_empty(), "arrows against the layers:\n{}", broken.join("\n"));
    }

    #[test]
    fn lower_layers_do_not_reach_for_the_crates_above_them() {
        let broken = forbidden_crates(&files());
        assert!(broken.is_empty(), "crates out of their layer:\n{}", broken.join("\n"));
    }

    /// The checks see what they are for: an upward arrow and a forbidden crate are found, with the file named.
    #[test]
    fn an_upward_arrow_is_found_and_named() {
        let file = |path: &str, module: &str, code: &str| (path.to_owned(), module.to_owned(), code.to_owned());
        let broken = broken_arrows(&[
            file("graphql/estate.rs", "graphql", "use crate::http::AppState;\nuse crate::service::Service;"),
            file("service/fund.rs", "service", "fn f() { crate::domain::fund::check(); }"),
            file("domain/x.rs", "domain", "use crate::error::Error;"),
        ]);
        assert_eq!(
            broken,
            [
                "graphql/estate.rs: graphql (schema) → http (edge): a layer may only use the layers below it",
                "domain/x.rs: domain (rules) → error (who and what went wrong): a layer may only use the layers below it",
            ]
        );
        let forbidden = forbidden_crates(&[file("domain/x.rs", "domain", "fn f() -> sea_orm::DbErr { todo!() }")]);
        assert_eq!(forbidden.len(), 1, "{forbidden:?}");
        assert_eq!(
            crate_paths("use crate::{a::x, b::{y, z}, c}; x::crate::d; $crate::e; crate::f::g"),
            ["a", "b", "c", "f"]
        );
    }
}
