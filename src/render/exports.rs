//! Machine-readable exports: W3C Web Annotations of every evidence link, the whole resolved model as JSON,
//! the sources' verbatim texts, and `sitemap.xml`.

use serde_json::{json, Value};

use super::markdown::escape;
use super::source_text::stance_class;
use crate::resolve::{Citer, Evidence, Site};

/// Code points kept either side of a quote in a `TextQuoteSelector`.
const CONTEXT_CHARS: usize = 32;

/// The Web Annotation context.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// A byte offset of `text` as a count of Unicode code points.
pub fn code_points(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// `base_url` (absolute, with a trailing slash) or "" for root-relative references.
fn base(site: &Site) -> &str {
    site.meta.base_url.as_deref().unwrap_or("")
}

/// Path of the plain-text copy of a source, published beside its page.
pub fn text_path(site: &Site, source: usize) -> String {
    format!("sources/{}.txt", site.sources[source].id)
}

/// `annotations.jsonld`: an `AnnotationCollection` whose page holds one `Annotation` per evidence item (entries
/// and timeline moments), targeting the source's verbatim text with a quote and a code-point position.
pub fn annotations(site: &Site) -> String {
    let base = base(site);
    let mut items: Vec<Value> = Vec::new();
    for (si, section) in site.sections.iter().enumerate() {
        for (ei, entry) in section.entries.iter().enumerate() {
            for (i, ev) in entry.evidence.iter().enumerate() {
                items.push(annotation(
                    site,
                    ev,
                    &format!("{}-ev-{}", entry.id, i + 1),
                    &entry.title,
                    &site.entry_href((si, ei)),
                ));
            }
        }
    }
    for m in &site.timeline {
        for (i, ev) in m.evidence.iter().enumerate() {
            items.push(annotation(
                site,
                ev,
                &format!("{}-ev-{}", m.id, i + 1),
                &m.title,
                &format!("timeline.html#{}", m.id),
            ));
        }
    }
    let collection = json!({
        "@context": ANNO_CONTEXT,
        "id": format!("{base}annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": format!("{}: evidence links", site.meta.title),
        "total": items.len(),
        "first": {
            "id": format!("{base}annotations.jsonld#page-1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let mut out = serde_json::to_string_pretty(&collection).unwrap_or_default();
    out.push('\n');
    out
}

fn annotation(site: &Site, ev: &Evidence, id: &str, title: &str, href: &str) -> Value {
    let base = base(site);
    let passage = site.passage(ev.passage);
    let source = &site.sources[ev.source];
    let text = &source.text;
    let (start, end) = (passage.range.start, passage.range.end);
    let exact = &text[start..end];
    let prefix: String = {
        let before: Vec<char> = text[..start].chars().rev().take(CONTEXT_CHARS).collect();
        before.into_iter().rev().collect()
    };
    let suffix: String = text[end..].chars().take(CONTEXT_CHARS).collect();
    let mut body = vec![
        json!({
            "type": "SpecificResource",
            "source": format!("{base}{href}"),
            "purpose": "linking",
        }),
        json!({
            "type": "TextualBody",
            "value": title,
            "format": "text/plain",
            "purpose": "describing",
        }),
        json!({
            "type": "TextualBody",
            "value": stance_class(ev.stance),
            "purpose": "tagging",
        }),
    ];
    if let Some(note) = &ev.note {
        body.push(json!({
            "type": "TextualBody",
            "value": note,
            "format": "text/plain",
            "purpose": "commenting",
        }));
    }
    json!({
        "@context": ANNO_CONTEXT,
        "id": format!("{base}annotations.jsonld#{id}"),
        "type": "Annotation",
        "motivation": "linking",
        "creator": {"type": "Organization", "name": site.meta.title},
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": format!("{base}{}", text_path(site, ev.source)),
            "scope": format!("{base}{}", site.passage_href(ev.passage)),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": exact,
                    "prefix": prefix,
                    "suffix": suffix,
                },
                {
                    "type": "TextPositionSelector",
                    "start": code_points(text, start),
                    "end": code_points(text, end),
                },
            ],
        },
    })
}

/// `dossier.json`: the whole resolved model for reuse. Offsets `start`/`end` count Unicode code points of the
/// source's text (as in `sources/<id>.txt`); `utf8_start`/`utf8_end` count its UTF-8 bytes.
pub fn dossier_json(site: &Site) -> String {
    let base = site.meta.base_url.clone();
    let sources: Vec<Value> = site
        .sources
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let f = &s.front;
            json!({
                "id": s.id,
                "title": f.title,
                "outlet": f.outlet,
                "outlet_inferred": f.outlet_inferred,
                "origin": f.origin,
                "origin_inferred": f.origin_inferred,
                "byline": f.byline,
                "published": s.published.format("%Y-%m-%d").to_string(),
                "published_inferred": f.published_inferred,
                "url": f.url,
                "language": f.language,
                "provenance": f.provenance,
                "page": format!("sources/{}.html", s.id),
                "text_file": text_path(site, si),
                "text": s.text,
                "length": s.text.chars().count(),
                "paragraphs": s.lines.iter().enumerate().map(|(li, l)| json!({
                    "id": format!("p-{}", li + 1),
                    "start": code_points(&s.text, l.range.start),
                    "end": code_points(&s.text, l.range.end),
                    "furniture": l.furniture,
                })).collect::<Vec<_>>(),
                "passages": s.passages.iter().map(|&p| site.passage(p).id.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let passages: Vec<Value> = site
        .passages
        .iter()
        .enumerate()
        .map(|(pi, p)| {
            let text = &site.sources[p.source].text;
            json!({
                "id": p.id,
                "source": site.sources[p.source].id,
                "start": code_points(text, p.range.start),
                "end": code_points(text, p.range.end),
                "utf8_start": p.range.start,
                "utf8_end": p.range.end,
                "text": site.passage_text(pi),
                "href": site.passage_href(pi),
                "original": site.sources[p.source].front.url.as_ref().map(|u| super::textfrag::link(u, text, p.range.clone())),
                "cited_by": p.citations.iter().map(|c| {
                    let mut v = match c.citer {
                        Citer::Entry(s, e) => json!({"entry": site.sections[s].entries[e].id}),
                        Citer::Moment(m) => json!({"moment": site.timeline[m].id}),
                    };
                    v["stance"] = json!(stance_class(c.stance));
                    v
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let evidence = |ev: &Evidence| {
        let p = site.passage(ev.passage);
        let text = &site.sources[ev.source].text;
        json!({
            "source": site.sources[ev.source].id,
            "passage": p.id,
            "stance": stance_class(ev.stance),
            "note": ev.note,
            "start": code_points(text, p.range.start),
            "end": code_points(text, p.range.end),
            "quote": site.passage_text(ev.passage),
        })
    };
    let sections: Vec<Value> = site
        .sections
        .iter()
        .enumerate()
        .map(|(si, s)| {
            json!({
                "id": s.id,
                "title": s.title,
                "summary": s.summary,
                "href": site.section_href(si),
                "entries": s.entries.iter().enumerate().map(|(ei, e)| json!({
                    "id": e.id,
                    "kind": e.kind,
                    "title": e.title,
                    "body": e.body,
                    "claimant": e.claimant,
                    "status": e.status,
                    "href": site.entry_href((si, ei)),
                    "evidence": e.evidence.iter().map(evidence).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let timeline: Vec<Value> = site
        .timeline
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "date": m.date.format("%Y-%m-%d").to_string(),
                "time": m.time,
                "timezone": m.timezone,
                "when": m.when,
                "title": m.title,
                "body": m.body,
                "key": m.key,
                "entry": m.entry.map(|k| site.entry(k).id.clone()),
                "href": format!("timeline.html#{}", m.id),
                "evidence": m.evidence.iter().map(evidence).collect::<Vec<_>>(),
            })
        })
        .collect();
    let entities: Vec<Value> = site
        .entities
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "kind": e.kind,
                "name": e.name,
                "aliases": e.aliases,
                "native": e.native,
                "description": e.description,
                "href": format!("entities.html#{}", e.id),
                "mentions": e.mentions.iter().map(|m| {
                    let text = &site.sources[m.source].text;
                    json!({
                        "source": site.sources[m.source].id,
                        "start": code_points(text, m.range.start),
                        "end": code_points(text, m.range.end),
                        "text": &text[m.range.clone()],
                        "paragraph": format!("p-{}", m.line + 1),
                    })
                }).collect::<Vec<_>>(),
                "entries": e.entries.iter().map(|&k| site.entry(k).id.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "format": "dossier",
        "version": 1,
        "offsets": "start/end count Unicode code points of the source text (sources/<id>.txt); utf8_start/utf8_end count its UTF-8 bytes",
        "title": site.meta.title,
        "subtitle": site.meta.subtitle,
        "description": site.meta.description,
        "language": site.meta.language,
        "base_url": base,
        "intro": site.meta.intro,
        "sources": sources,
        "passages": passages,
        "sections": sections,
        "timeline": timeline,
        "entities": entities,
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// Bytes a URL cannot hold as they are (controls, space, `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`; non-ASCII
/// is always encoded): the sitemap protocol wants every `<loc>` a valid URL.
const NOT_IN_URLS: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `sitemap.xml` for `pages` (root-relative HTML paths), or `None` without a `base_url`. Each address is
/// percent-encoded where a URL needs it, then entity-escaped for XML.
pub fn sitemap(site: &Site, pages: &[&str]) -> Option<String> {
    let base = site.meta.base_url.as_deref()?;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        let path = page.strip_suffix("index.html").unwrap_or(page);
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(
                &percent_encoding::utf8_percent_encode(&format!("{base}{path}"), NOT_IN_URLS)
                    .to_string()
            )
        ));
    }
    out.push_str("</urlset>\n");
    Some(out)
}
