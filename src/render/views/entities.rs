//! People, places and organisations, with their mentions.

use serde::Serialize;

use super::*;

#[derive(Serialize)]
pub(super) struct EntityGroup<'a> {
    id: &'static str,
    title: String,
    entities: Vec<EntityView<'a>>,
}

#[derive(Serialize)]
pub(super) struct EntityView<'a> {
    id: String,
    name: String,
    native: Option<String>,
    /// BCP 47 tag of the native spelling's script, so it is read and rendered in its language.
    native_lang: Option<&'static str>,
    aliases: Vec<String>,
    description: Option<String>,
    mention_count: usize,
    sources: Vec<EntitySource>,
    entries: Vec<NavItem<'a>>,
}

#[derive(Serialize)]
pub(super) struct EntitySource {
    credit: String,
    href: String,
    count: usize,
    /// The first mention in context.
    before: String,
    name: String,
    after: String,
    first_href: String,
    /// Further paragraphs that mention it: (paragraph number, href).
    more: Vec<(usize, String)>,
}

/// Up to `chars` characters of `text` next to a mention, cut at a word boundary.
pub(super) fn context_before(text: &str, chars: usize) -> String {
    let n = text.chars().count();
    if n <= chars {
        return text.trim_start().to_owned();
    }
    let tail: String = text.chars().skip(n - chars).collect();
    match tail.split_once(' ') {
        Some((_, rest)) => format!("…{rest}"),
        None => format!("…{tail}"),
    }
}

pub(super) fn context_after(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.trim_end().to_owned();
    }
    let head: String = text.chars().take(chars).collect();
    match head.rsplit_once(' ') {
        Some((keep, _)) => format!("{keep}…"),
        None => format!("{head}…"),
    }
}

pub(super) fn entities(site: &Site, labels: &Labels, c: &mut PageContext) {
    use crate::resolve::EntityKind;
    let mut groups = Vec::new();
    for (kind, id, title) in [
        (EntityKind::Person, "people", "entities-people"),
        (EntityKind::Place, "places", "entities-places"),
        (
            EntityKind::Organisation,
            "organisations",
            "entities-organisations",
        ),
    ] {
        let list: Vec<EntityView> = site
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| {
                let mut sources: Vec<EntitySource> = Vec::new();
                for m in &e.mentions {
                    let source = &site.sources[m.source];
                    let href = format!("sources/{}.html", source.id);
                    let para = format!("{href}#p-{}", m.line + 1);
                    match sources.last_mut() {
                        Some(s) if s.href == href => {
                            s.count += 1;
                            let n = m.line + 1;
                            if s.first_href != para && s.more.last().is_none_or(|(l, _)| *l != n) {
                                s.more.push((n, para));
                            }
                        }
                        _ => {
                            let line = source.lines[m.line].range.clone();
                            sources.push(EntitySource {
                                credit: labels.credit[m.source].clone(),
                                href,
                                count: 1,
                                before: context_before(&source.text[line.start..m.range.start], 60),
                                name: source.text[m.range.clone()].to_owned(),
                                after: context_after(&source.text[m.range.end..line.end], 60),
                                first_href: para,
                                more: Vec::new(),
                            });
                        }
                    }
                }
                EntityView {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    native: e.native.clone(),
                    native_lang: e.native.as_deref().and_then(script_language),
                    aliases: e.aliases.clone(),
                    description: e.description.clone(),
                    mention_count: e.mentions.len(),
                    sources,
                    entries: e
                        .entries
                        .iter()
                        .map(|&k| NavItem {
                            title: &site.entry(k).title,
                            href: site.entry_href(k),
                            id: &site.entry(k).id,
                        })
                        .collect(),
                }
            })
            .collect();
        if !list.is_empty() {
            groups.push(EntityGroup {
                id,
                title: labels.ui.t(title),
                entities: list,
            });
        }
    }
    c.insert("groups", &groups);
}

/// The language a name's script most likely belongs to: Hangul is Korean, Cyrillic Russian, kana Japanese,
/// Han characters (without kana or Hangul) Chinese.
pub(super) fn script_language(name: &str) -> Option<&'static str> {
    let has = |ranges: &[(char, char)]| {
        name.chars()
            .any(|c| ranges.iter().any(|&(a, b)| (a..=b).contains(&c)))
    };
    if has(&[
        ('\u{ac00}', '\u{d7af}'),
        ('\u{1100}', '\u{11ff}'),
        ('\u{3130}', '\u{318f}'),
    ]) {
        Some("ko")
    } else if has(&[('\u{3040}', '\u{30ff}')]) {
        Some("ja")
    } else if has(&[('\u{4e00}', '\u{9fff}')]) {
        Some("zh")
    } else if has(&[('\u{0400}', '\u{04ff}')]) {
        Some("ru")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_names_get_the_language_of_their_script() {
        assert_eq!(script_language("홍길동"), Some("ko"));
        assert_eq!(script_language("Анна Иванова"), Some("ru"));
        assert_eq!(script_language("张伟"), Some("zh"));
        assert_eq!(script_language("Ana Ruiz"), None);
    }
}
