//! Checks on the dossier, sources, entries and claims that need no anchoring: each problem located.

use chrono::NaiveDate;

use super::dates::parse_date;
use super::{EntryKind, Line, SiteMeta, Source};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Content, EvidenceFile, LoadedSource, YamlDoc};
use crate::typography::smart;

pub(super) fn site_meta(content: &Content, diags: &mut Diagnostics) -> SiteMeta {
    let d = &content.dossier.value;
    let doc = &content.dossier.doc;
    let base_url = d.base_url.as_ref().and_then(|u| {
        let u = u.trim();
        if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
            // It is written into robots.txt and sitemap.xml: a line break would add directives.
            diags.push(
                Diagnostic::error(&doc.path, format!("base_url {u:?} holds a space, line break or control character"))
                    .at(doc.loc("base_url"))
                    .with_hint("percent-encode it (a space is %20) or remove it"),
            );
            None
        } else if u.starts_with("https://") || u.starts_with("http://") {
            Some(if u.ends_with('/') { u.to_owned() } else { format!("{u}/") })
        } else {
            diags.push(
                Diagnostic::error(&doc.path, format!("base_url `{u}` is not an absolute http(s) URL"))
                    .at(doc.loc("base_url"))
                    .with_hint("write e.g. https://example.org/dossier/ or remove base_url: links in the site are relative anyway"),
            );
            None
        }
    });
    if d.language
        .parse::<unic_langid::LanguageIdentifier>()
        .is_err()
    {
        diags.push(
            Diagnostic::error(
                &doc.path,
                format!("`{}` is not a BCP 47 language tag", d.language),
            )
            .at(doc.loc("language"))
            .with_hint(language_hint(&d.language)),
        );
    }
    if d.title.trim().is_empty() {
        diags.push(
            Diagnostic::error(&doc.path, "the dossier's title is empty").at(doc.loc("title")),
        );
    }
    for (i, s) in content.sections.iter().enumerate() {
        if !d.sections.contains(&s.id) {
            diags.push(
                Diagnostic::warning(
                    &s.file.doc.path,
                    format!("section `{}` is not listed in dossier.yaml", s.id),
                )
                .with_hint(format!(
                    "add `{}` to `sections` in content/dossier.yaml to place it (now {})",
                    s.id,
                    i + 1
                )),
            );
        }
    }
    let publication = super::publication::publication(d, doc, diags);
    SiteMeta {
        authors: publication.authors,
        published: publication.published,
        updated: publication.updated,
        corrections: publication.corrections,
        title: smart(&d.title).into_owned(),
        subtitle: d.subtitle.as_deref().map(|s| smart(s).into_owned()),
        description: d.description.as_deref().map(|s| smart(s).into_owned()),
        language: d.language.clone(),
        language_at: doc.loc("language"),
        theme: d.theme.clone(),
        base_url,
        intro: d.intro.clone().unwrap_or_default(),
    }
}

/// A hint for a `language:` that is not a tag: the tag of a language named in it, when it is a common one.
fn language_hint(text: &str) -> String {
    const NAMES: [(&str, &str); 16] = [
        ("english", "en"),
        ("french", "fr"),
        ("français", "fr"),
        ("korean", "ko"),
        ("한국어", "ko"),
        ("arabic", "ar"),
        ("العربية", "ar"),
        ("german", "de"),
        ("deutsch", "de"),
        ("spanish", "es"),
        ("español", "es"),
        ("italian", "it"),
        ("portuguese", "pt"),
        ("japanese", "ja"),
        ("chinese", "zh"),
        ("russian", "ru"),
    ];
    let lower = text.to_lowercase();
    let example = NAMES
        .iter()
        .find(|(name, _)| lower.contains(name))
        .map_or("en", |(_, tag)| tag);
    format!("use a language tag such as `{example}` (or with a region, e.g. `fr-CA`), not a language's name")
}

pub(super) fn resolve_source(loaded: &LoadedSource, diags: &mut Diagnostics) -> Source {
    let front = &loaded.front.value;
    let doc = &loaded.front.doc;
    // A bad date is reported, but the source stays so its quotes are still checked.
    let published = parse_date(&front.published).unwrap_or_else(|| {
        diags.push(
            Diagnostic::error(&doc.path, format!("`{}` is not a date", front.published))
                .at(doc.loc("published"))
                .with_hint("write the date as YYYY-MM-DD; if it is not printed in the text, also set `published_inferred: true`"),
        );
        NaiveDate::MIN
    });
    super::dates::check_source(loaded, published, diags);
    if let Some(url) = &front.url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            diags.push(
                Diagnostic::error(&doc.path, format!("url `{url}` is not an http(s) URL"))
                    .at(doc.loc("url"))
                    .with_hint("give the original's full address, or remove `url`"),
            );
        }
    }
    if loaded.text.trim().is_empty() {
        diags.push(
            Diagnostic::error(&doc.path, "the article has no text after its front matter")
                .at(Some(crate::diagnostic::Location {
                    line: loaded.text_line,
                    column: 1,
                    start: 0,
                    end: 0,
                }))
                .with_hint("paste the article's text, verbatim, after the closing `---` line"),
        );
    }
    let furniture: Vec<&str> = front.furniture.iter().map(|f| f.trim()).collect();
    let mut used = vec![false; furniture.len()];
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in loaded.text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            let hit = furniture.iter().position(|f| *f == trimmed);
            if let Some(i) = hit {
                used[i] = true;
            }
            lines.push(Line {
                range: offset..offset + content.len(),
                furniture: hit.is_some(),
            });
        }
        offset += raw.len();
    }
    for (i, was_used) in used.iter().enumerate() {
        if !was_used {
            let near = crate::suggest::closest(
                furniture[i],
                lines.iter().map(|l| loaded.text[l.range.clone()].trim()),
            );
            let mut d = Diagnostic::error(
                &doc.path,
                format!(
                    "furniture line `{}` is not a line of the text",
                    furniture[i]
                ),
            )
            .at(doc.loc(&format!("furniture/{i}")));
            d = match near {
                Some(n) => d.with_hint(format!("did you mean `{n}`?")),
                None => d.with_hint("each furniture item must be the exact text of one whole line"),
            };
            diags.push(d);
        }
    }
    Source {
        id: loaded.id.clone(),
        front: front.clone(),
        published,
        text: loaded.text.clone(),
        lines,
        passages: Vec::new(),
        file: doc.path.clone(),
    }
}

pub(super) fn check_claim_fields(
    e: &crate::load::EntryFile,
    doc: &YamlDoc,
    ei: usize,
    diags: &mut Diagnostics,
) {
    let at = |field: &str| doc.loc(&format!("entries/{ei}/{field}"));
    if e.kind == EntryKind::Claim {
        if e.status.is_none() {
            diags.push(
                Diagnostic::error(&doc.path, format!("claim `{}` has no status", e.id))
                    .at(at("kind"))
                    .with_hint("add `status:` confirmed | unconfirmed | disputed | denied, as the sources establish it"),
            );
        }
        if e.claimant.as_deref().is_none_or(|c| c.trim().is_empty()) {
            diags.push(
                Diagnostic::error(&doc.path, format!("claim `{}` has no claimant", e.id))
                    .at(at("kind"))
                    .with_hint("add `claimant:` who makes the claim, e.g. \"US officials\""),
            );
        }
        if e.evidence.is_empty() {
            diags.push(
                Diagnostic::error(&doc.path, format!("claim `{}` has no evidence", e.id))
                    .at(at("kind"))
                    .with_hint("add at least one `evidence:` item quoting where the claim is made"),
            );
        }
    } else {
        for field in ["status", "claimant"] {
            let present = if field == "status" {
                e.status.is_some()
            } else {
                e.claimant.is_some()
            };
            if present {
                diags.push(
                    Diagnostic::error(&doc.path, format!("only claims carry a `{field}`"))
                        .at(at(field))
                        .with_hint("set `kind: claim`, or remove the field"),
                );
            }
        }
    }
}

pub(super) fn lookup_source(
    ids: &rustc_hash::FxHashMap<&str, usize>,
    content: &Content,
    ev: &EvidenceFile,
    doc: &YamlDoc,
    // The evidence item's YAML path, made only when there is something to report.
    path: impl Fn() -> String,
    diags: &mut Diagnostics,
) -> Option<usize> {
    if let Some(&i) = ids.get(ev.source.as_str()) {
        return Some(i);
    }
    // Its file already has an error (a bad name such as `KBS.txt` included); one message is enough.
    let unreadable = |u: &String| *u == ev.source || crate::suggest::slugify(u) == ev.source;
    if content.unreadable_sources.iter().any(unreadable) {
        return None;
    }
    let mut d = Diagnostic::error(&doc.path, format!("unknown source `{}`", ev.source))
        .at(doc.loc(&format!("{}/source", path())));
    let ignored = content.ignored_articles.iter().find(|p| {
        p.file_stem()
            .is_some_and(|s| s.to_string_lossy() == ev.source)
    });
    if let Some(file) = ignored {
        let shown = crate::load::rel(&content.root, file);
        diags.push(d.with_hint(format!(
            "{} is ignored: article files end in `.txt`; rename it to content/articles/{}.txt",
            crate::diagnostic::display_path(&shown),
            ev.source
        )));
        return None;
    }
    d = match crate::suggest::closest(&ev.source, ids.keys().copied()) {
        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
        None => {
            let mut known: Vec<&str> = ids.keys().copied().collect();
            known.sort_unstable();
            d.with_hint(format!(
                "sources are the files in content/articles/: {}",
                known.join(", ")
            ))
        }
    };
    diags.push(d);
    None
}

/// Ids the theme writes on pages: fixed ones, and those it derives from an entry's id.
const THEME_IDS: &[&str] = &[
    "main",
    "top",
    "q",
    "site-q",
    "search-status",
    "search-results",
    "people",
    "places",
    "organisations",
];

/// Why `id` would clash with an element id the theme writes, if it would: the page would have two elements
/// with one id, and links to either would land on the wrong one.
pub(super) fn theme_id_clash(id: &str) -> Option<String> {
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let evidence = id
        .rsplit_once("-ev-")
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if THEME_IDS.contains(&id) {
        Some(format!(
            "`{id}` is the id of one of the theme's own elements"
        ))
    } else if let Some(owner) = id.strip_suffix("-t") {
        Some(format!(
            "`{id}` is the id the theme gives the heading of `{owner}`"
        ))
    } else if evidence {
        Some(format!(
            "`{id}` has the form of a quotation's id (`<entry>-ev-<n>`)"
        ))
    } else if id.starts_with("q-") || numbered("p-") || numbered("card-") {
        Some(format!(
            "`{id}` has the form of an id the theme writes (`q-...`, `p-<n>`, `card-<n>`)"
        ))
    } else {
        None
    }
}

/// Reports an entry's or entity's id that clashes with an id the theme writes.
pub(super) fn check_theme_id(
    id: &str,
    what: &str,
    doc: &YamlDoc,
    at: impl FnOnce() -> Option<crate::diagnostic::Location>,
    diags: &mut Diagnostics,
) {
    if let Some(why) = theme_id_clash(id) {
        diags.push(
            Diagnostic::error(&doc.path, format!("{what} `{id}` is reserved by the theme"))
                .at(at())
                .with_hint(why)
                .with_hint("choose another id: the theme uses `main`, `top`, `q`, `site-q`, `search-...`, and `<id>-t`, `<id>-ev-<n>`, `q-...`, `p-<n>`, `card-<n>`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_ids_are_reserved_and_ordinary_ids_are_not() {
        for id in [
            "main",
            "a-t",
            "departure-ev-2",
            "q-first-words",
            "p-12",
            "card-3",
            "people",
        ] {
            assert!(theme_id_clash(id).is_some(), "{id}");
        }
        for id in [
            "mainline",
            "a-tt",
            "t",
            "ev-2",
            "departure-ev-x",
            "quay",
            "p-x",
            "cards-3",
        ] {
            assert!(theme_id_clash(id).is_none(), "{id}");
        }
    }
}
