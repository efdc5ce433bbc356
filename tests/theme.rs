//! The built-in theme: ejected and overridden file by file, listed by `build --verbose`, and theme errors
//! located at the `theme:` line.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn dossier(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// A new dossier (no themes/ folder) in a temp dir.
fn new_dossier() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .current_dir(tmp.path())
        .args(["new", "d"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    tmp
}

#[test]
fn eject_writes_the_built_in_theme_and_an_edited_template_wins() {
    let tmp = new_dossier();
    let root = tmp.path().join("d");
    let out = dossier(&root, &["theme", "eject"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for file in [
        "templates/base.html",
        "templates/partials/entry.html",
        "static/style.css",
    ] {
        assert_eq!(
            fs::read(root.join("themes/default").join(file)).unwrap(),
            fs::read(repo.join(file)).unwrap(),
            "{file}"
        );
    }
    let index = root.join("themes/default/templates/index.html");
    let original = fs::read_to_string(&index).unwrap();
    let marked = original.replacen(
        "{% block content %}",
        "{% block content %}<p>OUR-OWN-FRONT-PAGE</p>",
        1,
    );
    assert_ne!(marked, original, "index.html has a content block");
    fs::write(&index, marked).unwrap();
    // File by file: the other templates may go, the built-in ones fill in.
    fs::remove_file(root.join("themes/default/templates/section.html")).unwrap();
    fs::remove_dir_all(root.join("themes/default/static")).unwrap();

    let built = dossier(&root, &["build", "--verbose"]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    let page = fs::read_to_string(root.join("dist/index.html")).unwrap();
    assert!(page.contains("OUR-OWN-FRONT-PAGE"));
    assert!(root.join("dist/sections/overview.html").is_file());
    assert!(root.join("dist/assets/style.css").is_file());
    let listing = text(&built.stdout);
    let line = |name: &str| {
        listing
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("{name} listed: {listing}"))
            .to_owned()
    };
    assert!(line("templates/index.html ").ends_with("themes/default/templates/index.html"));
    assert!(line("templates/section.html ").ends_with("built-in"));
    assert!(line("static/style.css ").ends_with("built-in"));
}

#[test]
fn eject_refuses_to_overwrite() {
    let tmp = new_dossier();
    let root = tmp.path().join("d");
    let mine = root.join("themes/default/templates/base.html");
    fs::create_dir_all(mine.parent().unwrap()).unwrap();
    fs::write(&mine, "{# mine #}").unwrap();
    let out = dossier(&root, &["theme", "eject"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("already exists") && stderr.contains("hint:"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&mine).unwrap(), "{# mine #}");
    assert!(
        !root.join("themes/default/static").exists(),
        "nothing written"
    );
    // Under another name it goes through.
    assert!(dossier(&root, &["theme", "eject", "mine"]).status.success());
    assert!(root.join("themes/mine/templates/base.html").is_file());
}

#[test]
fn a_theme_that_does_not_exist_is_reported_at_its_line() {
    let tmp = new_dossier();
    let root = tmp.path().join("d");
    fs::create_dir_all(root.join("themes/house-style")).unwrap();
    let settings = root.join("content/dossier.yaml");
    let original = fs::read_to_string(&settings).unwrap();
    let line = original
        .lines()
        .position(|l| l.starts_with("language:"))
        .unwrap()
        + 2;
    for (name, expect) in [
        ("fancy", "theme `fancy` not found"),
        ("/etc", "theme `/etc` is not a plain folder name"),
    ] {
        let edited = original.replacen(
            "# theme: default",
            &format!("theme: {name}\n# theme: default"),
            1,
        );
        assert_ne!(edited, original);
        fs::write(&settings, &edited).unwrap();
        assert_eq!(
            edited.lines().nth(line - 1).unwrap(),
            format!("theme: {name}")
        );
        for command in ["build", "check"] {
            let out = dossier(&root, &[command]);
            assert_eq!(out.status.code(), Some(1));
            let stderr = text(&out.stderr);
            assert!(stderr.contains(expect), "{stderr}");
            assert!(
                stderr.contains(&format!("content/dossier.yaml:{line}:8")),
                "{command}: at the theme: line {line}: {stderr}"
            );
            assert!(
                stderr.contains("available: `default`, `house-style`"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn template_errors_are_located_one_by_one_and_name_their_template() {
    let tmp = new_dossier();
    let root = tmp.path().join("d");
    let template = root.join("themes/default/templates/section.html");
    fs::create_dir_all(template.parent().unwrap()).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/section.html");
    let original = fs::read_to_string(repo).unwrap();
    let line = original
        .lines()
        .position(|l| l.contains("{% block content %}"))
        .unwrap()
        + 2;
    fs::write(
        &template,
        original.replacen(
            "{% block content %}",
            "{% block content %}\n{{ 1 | no_such_filter }} {% include \"partials/nope.html\" %}",
            1,
        ),
    )
    .unwrap();
    let out = dossier(&root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let shown = "themes/default/templates/section.html";
    assert!(
        stderr.contains(&format!("{shown}:{line}:8")),
        "the filter, located: {stderr}"
    );
    assert!(
        stderr.contains(&format!("{shown}:{line}:37")),
        "the include, located: {stderr}"
    );
    assert!(
        stderr.contains("Unknown filter `no_such_filter`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Unknown template `partials/nope.html`"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("in theme template `section.html`").count(),
        2,
        "{stderr}"
    );
    // Multi-line, as every diagnostic: the offending line is shown under the message.
    assert!(
        stderr.contains("{{ 1 | no_such_filter }}"),
        "snippet shown: {stderr}"
    );
    assert!(
        stderr.contains(&format!(" {}\n", "^".repeat("no_such_filter".len()))),
        "the filter's name underlined: {stderr}"
    );
    assert!(stderr.contains("2 error(s)"), "{stderr}");
}

#[test]
fn a_missing_theme_is_reported_in_the_same_run_as_content_errors() {
    let tmp = new_dossier();
    let root = tmp.path().join("d");
    let settings = root.join("content/dossier.yaml");
    let yaml = fs::read_to_string(&settings).unwrap();
    fs::write(
        &settings,
        yaml.replacen("# theme: default", "theme: fancy", 1),
    )
    .unwrap();
    let section = root.join("content/annotations/overview.yaml");
    let yaml = fs::read_to_string(&section).unwrap();
    fs::write(
        &section,
        yaml.replacen(
            "open on Sundays from 10:00",
            "open on Mondays from 10:00",
            1,
        ),
    )
    .unwrap();
    let out = dossier(&root, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("quote not found"), "{stderr}");
    assert!(stderr.contains("theme `fancy` not found"), "{stderr}");
}
