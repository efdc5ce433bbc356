//! The default theme's locale files: complete (every message of en.ftl in every language), and every message
//! id the templates, the Rust code and the page script use exists.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

fn locales_dir() -> PathBuf {
    common::repo().join("themes/default/locales")
}

/// The shipped locale files: (tag, path).
fn locale_files() -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = fs::read_dir(locales_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    files.sort();
    files
}

fn parse(path: &Path) -> FluentResource {
    let text = fs::read_to_string(path).unwrap();
    match FluentResource::try_new(text) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{}: syntax errors {errors:?}", path.display()),
    }
}

fn ids(resource: &FluentResource) -> BTreeSet<String> {
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_four_languages_are_shipped() {
    let tags: Vec<String> = locale_files().into_iter().map(|(t, _)| t).collect();
    for tag in ["en", "fr", "ko", "ar"] {
        assert!(
            tags.iter().any(|t| t == tag),
            "no locales/{tag}.ftl: {tags:?}"
        );
    }
}

#[test]
fn every_locale_has_exactly_the_messages_of_english() {
    let english = ids(&parse(&locales_dir().join("en.ftl")));
    assert!(english.len() > 100, "en.ftl looks truncated");
    let mut problems = Vec::new();
    for (tag, path) in locale_files() {
        let these = ids(&parse(&path));
        let shown = format!("themes/default/locales/{tag}.ftl");
        for missing in english.difference(&these) {
            problems.push(format!("{shown}: missing message `{missing}`"));
        }
        for extra in these.difference(&english) {
            problems.push(format!("{shown}: message `{extra}` is not in en.ftl"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The quoted word after each `needle` in `text` (up to the closing quote).
fn quoted_after(text: &str, needle: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices(needle) {
        let rest = &text[i + needle.len()..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            out.push(rest[1..1 + end].to_owned());
        }
    }
    out
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect()
}

#[test]
fn every_message_used_by_templates_code_and_script_is_in_english() {
    let english = ids(&parse(&locales_dir().join("en.ftl")));
    let repo = common::repo();
    let mut used: Vec<(String, String)> = Vec::new();
    for path in files_under(&repo.join("themes/default/templates"), "html") {
        let text = fs::read_to_string(&path).unwrap();
        for needle in ["t(key=", "t_html(key="] {
            for key in quoted_after(&text, needle) {
                used.push((path.display().to_string(), key));
            }
        }
    }
    let mut rust_keys = 0;
    for path in files_under(&repo.join("src"), "rs") {
        let text = fs::read_to_string(&path).unwrap();
        // Keys are passed as literals: `ui.t("…")`, `t_with("…"`, and in the tables that map kinds,
        // statuses and stances to their message.
        for needle in [".t(", "t_with("] {
            for key in quoted_after(&text, needle) {
                used.push((path.display().to_string(), key));
                rust_keys += 1;
            }
        }
        for literal in text.split('"').skip(1).step_by(2) {
            let prefixed = [
                "kind-",
                "status-",
                "claims-",
                "stance-",
                "evidence-",
                "entity-",
                "entities-",
            ]
            .iter()
            .any(|p| literal.starts_with(p));
            if prefixed && literal.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                used.push((path.display().to_string(), literal.to_owned()));
                rust_keys += 1;
            }
        }
    }
    assert!(
        rust_keys > 20,
        "the scan of src/ found only {rust_keys} keys"
    );
    for name in ["dossier.js", "search.js", "source.js"] {
        let script = fs::read_to_string(repo.join("themes/default/static").join(name)).unwrap();
        for key in quoted_after(&script, "msg(")
            .into_iter()
            .filter(|k| !k.ends_with('-'))
        {
            used.push((name.to_owned(), format!("js-{key}")));
        }
    }
    // The one key the script builds: the type of each search hit.
    for y in ["e", "n", "m", "p"] {
        used.push(("dossier.js".to_owned(), format!("js-type-{y}")));
    }
    assert!(used.len() > 150, "only {} uses found", used.len());
    let missing: Vec<String> = used
        .iter()
        .filter(|(_, key)| !english.contains(key))
        .map(|(file, key)| {
            format!("{file}: message `{key}` is not in themes/default/locales/en.ftl")
        })
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Formats `key` in `bundle` with `args`, failing on any Fluent error (a missing variable, a bad reference).
fn format(bundle: &FluentBundle<FluentResource>, key: &str, args: &FluentArgs) -> String {
    let message = bundle.get_message(key).unwrap();
    let mut errors = Vec::new();
    let text = bundle
        .format_pattern(message.value().unwrap(), Some(args), &mut errors)
        .into_owned();
    assert!(errors.is_empty(), "{key}: {errors:?}");
    text
}

fn bundle(tag: &str) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new(vec![tag.parse().unwrap()]);
    bundle.set_use_isolating(false);
    bundle
        .add_resource(parse(&locales_dir().join(format!("{tag}.ftl"))))
        .unwrap();
    bundle
}

#[test]
fn counts_take_the_plural_form_of_each_language() {
    let with = |pairs: &[(&'static str, f64)]| -> FluentArgs<'static> {
        let mut args = FluentArgs::new();
        for (k, v) in pairs {
            args.set(*k, FluentValue::from(*v));
        }
        args.set("href", "x.html");
        args.set("title", "T");
        args.set("query", "q");
        args
    };
    let en = bundle("en");
    assert_eq!(
        format(&en, "index-parts", &with(&[("count", 1.0)])),
        "The dossier in one part"
    );
    assert_eq!(
        format(&en, "index-parts", &with(&[("count", 4.0)])),
        "The dossier in 4 parts"
    );
    assert_eq!(
        format(&en, "index-all-points", &with(&[("count", 1.0)])),
        "The one point"
    );
    assert_eq!(
        format(
            &en,
            "source-cited",
            &with(&[("passages", 1.0), ("entries", 1.0)])
        ),
        "1 passage cited by 1 entry"
    );
    let fr = bundle("fr");
    // French: 0 and 1 are singular.
    assert_eq!(
        format(&fr, "js-results", &with(&[("count", 0.0)])),
        "0 résultat pour «\u{a0}q\u{a0}»."
    );
    assert_eq!(
        format(&fr, "index-parts", &with(&[("count", 3.0)])),
        "Le dossier en 3 parties"
    );
    let ar = bundle("ar");
    assert_eq!(
        format(&ar, "index-parts", &with(&[("count", 2.0)])),
        "الملف في جزأين"
    );
    assert_eq!(
        format(&ar, "index-parts", &with(&[("count", 3.0)])),
        "الملف في 3 أجزاء"
    );
    assert_eq!(
        format(&ar, "index-parts", &with(&[("count", 11.0)])),
        "الملف في 11 جزءًا"
    );
    // Every message of every language formats without error for counts 0 to 120 in all its arguments.
    for (tag, _) in locale_files() {
        let b = bundle(&tag);
        let english = ids(&parse(&locales_dir().join("en.ftl")));
        for key in &english {
            for n in [0.0, 1.0, 2.0, 3.0, 11.0, 21.0, 100.0, 120.0] {
                let mut args = with(&[]);
                for name in [
                    "count",
                    "number",
                    "total",
                    "quotations",
                    "sources",
                    "passages",
                    "entries",
                    "single",
                    "points",
                ] {
                    args.set(name, FluentValue::from(n));
                }
                for name in [
                    "origin",
                    "outlet",
                    "credit",
                    "claimant",
                    "when",
                    "name",
                    "stance",
                    "who",
                    "moments",
                    "names",
                    "titles",
                    "shown",
                    "here",
                    "start",
                    "suggestions",
                    "role",
                    "iso",
                    "date",
                    "updated",
                    "updated_iso",
                    "headline",
                    "dossier",
                ] {
                    args.set(name, "x");
                }
                let text = format(&b, key, &args);
                assert!(
                    !text.trim().is_empty() || key == "date-locale",
                    "{tag}: `{key}` is empty"
                );
            }
        }
    }
}

#[test]
fn a_template_asking_for_a_missing_message_fails_the_build_naming_it() {
    let site = common::real_dossier_copy();
    let template = site.path().join("themes/default/templates/404.html");
    let text = fs::read_to_string(&template)
        .unwrap()
        .replace("t(key=\"notfound-text\")", "t(key=\"notfound-txet\")");
    fs::write(&template, text).unwrap();
    let err =
        match dossier::build_in_memory(site.path(), &dossier::render::RenderOptions::default()) {
            Err(dossier::Error::Content(diags)) => {
                diags.iter().map(|d| d.to_string()).collect::<String>()
            }
            other => panic!(
                "expected a template error, got {:?}",
                other.map(|b| b.files.len())
            ),
        };
    assert!(err.contains("notfound-txet"), "{err}");
    assert!(err.contains("themes/default/templates/404.html"), "{err}");
}

#[test]
fn no_message_id_leaks_into_the_built_site() {
    let built = common::real_built();
    let english = ids(&parse(&locales_dir().join("en.ftl")));
    for f in built.files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = std::str::from_utf8(&f.bytes).unwrap();
        // Messages fall back to their id only when missing: no id may show up as text.
        for id in english
            .iter()
            .filter(|id| id.contains('-') && !id.starts_with("js-"))
        {
            assert!(
                !html.contains(&format!(">{id}<")),
                "{}: `{id}` shown as text",
                f.path
            );
        }
    }
}
