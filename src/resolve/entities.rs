//! People, places and organisations from `content/entities.yaml`, with their mentions found in the sources
//! and entries (Aho-Corasick over every name, alias and transliteration, whole words, ASCII case-insensitive).

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::model::{Entity, Mention, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Content;

/// Resolves the entities file (if any) into entities with their mentions.
pub fn resolve(content: &Content, site: &Site, diags: &mut Diagnostics) -> Vec<Entity> {
    let Some(file) = &content.entities else {
        return Vec::new();
    };
    let doc = &file.doc;
    let mut entities: Vec<Entity> = Vec::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    // Folded spelling -> entity index, to refuse one spelling naming two entities.
    let mut spellings: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<(String, usize)> = Vec::new();
    for (i, e) in file.value.entities.iter().enumerate() {
        let at = |field: &str| doc.loc(&format!("entities/{i}/{field}"));
        if let Err(d) = crate::load::check_slug(&e.id, "entity id", &doc.path) {
            diags.push(d.at(at("id")));
        } else {
            super::validate::check_theme_id(&e.id, "entity id", doc, || at("id"), diags);
        }
        if ids.insert(e.id.as_str(), i).is_some() {
            diags.push(
                Diagnostic::error(&doc.path, format!("duplicate entity id `{}`", e.id))
                    .at(at("id"))
                    .with_hint("each entity needs its own id"),
            );
        }
        if e.name.trim().is_empty() {
            diags.push(Diagnostic::error(&doc.path, "the entity's name is empty").at(at("name")));
        }
        let names = std::iter::once(e.name.as_str())
            .chain(e.aliases.iter().map(String::as_str))
            .chain(e.native.as_deref());
        for (n, name) in names.enumerate() {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            for variant in variants(name) {
                let key = variant.to_lowercase();
                match spellings.get(&key) {
                    Some(&other) if other != i => {
                        let field = if n == 0 {
                            "name".to_owned()
                        } else {
                            format!("aliases/{}", n - 1)
                        };
                        diags.push(
                            Diagnostic::error(
                                &doc.path,
                                format!(
                                    "`{name}` names two entities: `{}` and `{}`",
                                    file.value.entities[other].id, e.id
                                ),
                            )
                            .at(at(&field).or_else(|| at("name")))
                            .with_hint(
                                "a spelling must point to one entity; remove it from one of them",
                            ),
                        );
                    }
                    Some(_) => {}
                    None => {
                        spellings.insert(key, i);
                        patterns.push((variant, i));
                    }
                }
            }
        }
        entities.push(Entity {
            id: e.id.clone(),
            kind: e.kind,
            name: e.name.trim().to_owned(),
            aliases: e.aliases.iter().map(|a| a.trim().to_owned()).collect(),
            native: e.native.as_ref().map(|n| n.trim().to_owned()),
            description: e
                .description
                .as_deref()
                .map(|d| crate::typography::smart(d).into_owned()),
            mentions: Vec::new(),
            entries: Vec::new(),
        });
    }
    if patterns.is_empty() {
        return entities;
    }
    let Ok(matcher) = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns.iter().map(|(p, _)| p))
    else {
        return entities;
    };
    for (si, source) in site.sources.iter().enumerate() {
        for (range, pattern) in find(&matcher, &source.text) {
            let entity = patterns[pattern].1;
            let line = source.lines.partition_point(|l| l.range.end <= range.start);
            if line < source.lines.len() && !source.lines[line].furniture {
                entities[entity].mentions.push(Mention {
                    source: si,
                    range,
                    line,
                });
            }
        }
    }
    // Entry titles are typeset (curly quotes, dashes): names are matched in them with those made plain.
    let Ok(folded) = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns.iter().map(|(p, _)| straight_quotes(p)))
    else {
        return entities;
    };
    for (si, section) in site.sections.iter().enumerate() {
        for (ei, entry) in section.entries.iter().enumerate() {
            let text = straight_quotes(&format!("{}\n{}", entry.title, entry.body));
            let mut seen: Vec<usize> = find(&folded, &text)
                .into_iter()
                .map(|(_, p)| patterns[p].1)
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for e in seen {
                entities[e].entries.push((si, ei));
            }
        }
    }
    for (i, e) in entities.iter().enumerate() {
        // A source that failed to load may be the one that mentions it.
        if e.mentions.is_empty() && content.unreadable_sources.is_empty() {
            diags.push(
                Diagnostic::warning(
                    &doc.path,
                    format!("entity `{}` is not mentioned in any source", e.id),
                )
                .at(doc.loc(&format!("entities/{i}/name")))
                .with_hint("add the spelling the sources use to `aliases`, or remove the entity"),
            );
        }
    }
    entities
}

/// The spellings matched for a name: as written, and for hyphenated names also with a space and joined
/// ("Jean-Luc" also matches "Jean Luc" and "Jeanluc").
pub fn variants(name: &str) -> Vec<String> {
    let mut out = vec![name.to_owned()];
    if name.contains('-') {
        out.push(name.replace('-', " "));
        out.push(name.replace('-', ""));
    }
    out
}

/// `text` with what smart punctuation makes typographic (quotes, apostrophes, dashes, ellipses) made plain
/// again, so that a name is found in a typeset title as it is in the raw text.
fn straight_quotes(text: &str) -> String {
    text.replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .replace('–', "--")
        .replace('—', "---")
        .replace('…', "...")
}

/// Whole-word matches of the patterns in `text`: (byte range, pattern index).
fn find(matcher: &AhoCorasick, text: &str) -> Vec<(Range<usize>, usize)> {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    matcher
        .find_iter(text)
        .filter(|m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let first = text[m.start()..].chars().next();
            let last = text[..m.end()].chars().next_back();
            // Word boundaries only matter where the name itself starts or ends with a letter or digit.
            let glued_before = word(first) && word(before);
            let glued_after = word(last) && word(after);
            !(glued_before || glued_after)
        })
        .map(|m| (m.start()..m.end(), m.pattern().as_usize()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_names_have_spaced_and_joined_variants() {
        assert_eq!(
            variants("Jeon Ha-kyu"),
            ["Jeon Ha-kyu", "Jeon Ha kyu", "Jeon Hakyu"]
        );
        assert_eq!(variants("Rossi"), ["Rossi"]);
    }

    #[test]
    fn matches_whole_words_case_insensitively_longest_first() {
        let m = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(["Ana", "Ana Maria Sousa", "Lim"])
            .unwrap();
        let text = "Ana met Ana Maria Sousa; limited talks. LIM said";
        let found: Vec<&str> = find(&m, text).into_iter().map(|(r, _)| &text[r]).collect();
        assert_eq!(found, ["Ana", "Ana Maria Sousa", "LIM"]);
    }
}
