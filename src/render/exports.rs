//! Machine-readable exports: W3C Web Annotations of every evidence link, the whole resolved model as JSON,
//! the sources' verbatim texts, and `sitemap.xml`.

use std::io::{self, Write};

use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_128;

use super::json_chunks::JsonChunks;
use super::json_out::{json_into, JsonOut};
use super::markdown::escape;
use super::source_text::stance_class;
use super::views::evidence_id;
use crate::digest::KeyBytes;
use crate::load::{ClaimStatus, EntityKind, EntryKind};
use crate::resolve::{Citer, DateBasis, Evidence, Site};

/// Code points kept either side of a quote in a `TextQuoteSelector`.
const CONTEXT_CHARS: usize = 32;

/// The Web Annotation context.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// A byte offset of `text` as a count of Unicode code points.
pub fn code_points(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Byte offsets to code-point offsets in O(1) amortised: counts of code points before every block of bytes,
/// so a lookup scans at most one block instead of the whole prefix.
struct CharIndex<'a> {
    bytes: &'a [u8],
    before_block: Vec<usize>,
}

const BLOCK: usize = 64;

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> CharIndex<'a> {
        let bytes = text.as_bytes();
        let mut before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0;
        for chunk in bytes.chunks(BLOCK) {
            before_block.push(count);
            count += chunk.len() - continuation_bytes(chunk);
        }
        before_block.push(count);
        CharIndex {
            bytes,
            before_block,
        }
    }

    /// Code points of the text before byte offset `byte` (a char boundary).
    fn at(&self, byte: usize) -> usize {
        let block = byte / BLOCK;
        let part = &self.bytes[block * BLOCK..byte];
        self.before_block[block] + part.len() - continuation_bytes(part)
    }
}

/// How many bytes of `bytes` are UTF-8 continuation bytes (`10xxxxxx`), eight at a time.
fn continuation_bytes(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut n = 0;
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        // Bit 7 set and bit 6 clear: bit 6 shifted up to bit 7 stays within its byte under the mask.
        n += (w & !(w << 1) & HIGH).count_ones() as usize;
    }
    n + words
        .remainder()
        .iter()
        .filter(|&&b| is_continuation(b))
        .count()
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// `base_url` (absolute, with a trailing slash) or "" for root-relative references.
fn base(site: &Site) -> &str {
    site.meta.base_url.as_deref().unwrap_or("")
}

/// Path of the plain-text copy of a source, published beside its page.
pub fn text_path(site: &Site, source: usize) -> String {
    ["sources/", &site.sources[source].id, ".txt"].concat()
}

/// Code-point indexes of every source's text.
fn char_indexes(site: &Site) -> Vec<CharIndex<'_>> {
    site.sources
        .par_iter()
        .map(|s| CharIndex::new(&s.text))
        .collect()
}

/// One evidence item to annotate: the item, its annotation's id, and the URL of what it links to.
struct Annotated<'a> {
    ev: &'a Evidence,
    id: String,
    title: &'a str,
    href: String,
}

/// `annotations.jsonld`: an `AnnotationCollection` whose page holds one `Annotation` per evidence item (entries
/// and timeline moments), targeting the source's verbatim text with a quote and a code-point position.
pub fn write_annotations(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    let base = base(site);
    let anno_prefix = [base, "annotations.jsonld#"].concat();
    let mut items: Vec<Annotated> = Vec::new();
    for (si, section) in site.sections.iter().enumerate() {
        for (ei, entry) in section.entries.iter().enumerate() {
            for (i, ev) in entry.evidence.iter().enumerate() {
                items.push(Annotated {
                    ev,
                    id: evidence_id(&anno_prefix, &entry.id, i + 1),
                    title: &entry.title,
                    href: site.entry_link(base, (si, ei)),
                });
            }
        }
    }
    for m in &site.timeline {
        for (i, ev) in m.evidence.iter().enumerate() {
            items.push(Annotated {
                ev,
                id: evidence_id(&anno_prefix, &m.id, i + 1),
                title: &m.title,
                href: [base, "timeline.html#", &m.id].concat(),
            });
        }
    }
    let char_index = char_indexes(site);

    #[derive(Serialize)]
    struct Collection {
        #[serde(rename = "@context")]
        context: &'static str,
        id: String,
        #[serde(rename = "type")]
        kind: &'static str,
        label: String,
        total: usize,
    }
    #[derive(Serialize)]
    struct Page {
        id: String,
        #[serde(rename = "type")]
        kind: &'static str,
        #[serde(rename = "startIndex")]
        start_index: usize,
    }
    let collection = Collection {
        context: ANNO_CONTEXT,
        id: format!("{base}annotations.jsonld"),
        kind: "AnnotationCollection",
        label: format!("{}: evidence links", site.meta.title),
        total: items.len(),
    };
    let page = Page {
        id: format!("{base}annotations.jsonld#page-1"),
        kind: "AnnotationPage",
        start_index: 0,
    };
    let mut json = JsonOut::new(out);
    json.open_object(&collection);
    json.member("first");
    json.open_object(&page);
    json.member("items");
    let creator = {
        let mut creator = b"{\"type\":\"Organization\",\"name\":".to_vec();
        json_into(&mut creator, &site.meta.title);
        creator.push(b'}');
        creator
    };
    json.array(&items, |a, buf| {
        annotation(buf, site, &char_index, &creator, a)
    })?;
    json.raw(b"}}\n");
    json.finish()
}

/// Appends the annotation of `a` to `buf`. Its shape is fixed, so it is written as it reads, and only its strings
/// go through the JSON serialiser (for escaping):
/// `{"@context", "id", "type", "motivation", "creator", "body": [linking, describing, tagging, commenting if a
/// note], "target": {"type", "source", "scope", "selector": [TextQuoteSelector, TextPositionSelector]}}`.
fn annotation(buf: &mut Vec<u8>, site: &Site, chars: &[CharIndex], creator: &[u8], a: &Annotated) {
    let base = base(site);
    let ev = a.ev;
    let passage = site.passage(ev.passage);
    let text = &site.sources[ev.source].text;
    let (start, end) = (passage.range.start, passage.range.end);
    let before = &text[..start];
    let prefix_from = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[end..];
    let suffix_to = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(i, _)| i);
    string(buf, b"{\"@context\":", ANNO_CONTEXT);
    string(buf, b",\"id\":", &a.id);
    buf.extend_from_slice(b",\"type\":\"Annotation\",\"motivation\":\"linking\",\"creator\":");
    buf.extend_from_slice(creator);
    string(
        buf,
        b",\"body\":[{\"type\":\"SpecificResource\",\"source\":",
        &a.href,
    );
    string(
        buf,
        b",\"purpose\":\"linking\"},{\"type\":\"TextualBody\",\"value\":",
        a.title,
    );
    buf.extend_from_slice(b",\"format\":\"text/plain\",\"purpose\":\"describing\"}");
    string(
        buf,
        b",{\"type\":\"TextualBody\",\"value\":",
        stance_class(ev.stance),
    );
    buf.extend_from_slice(b",\"purpose\":\"tagging\"}");
    if let Some(note) = &ev.note {
        string(buf, b",{\"type\":\"TextualBody\",\"value\":", note);
        buf.extend_from_slice(b",\"format\":\"text/plain\",\"purpose\":\"commenting\"}");
    }
    string(
        buf,
        b"],\"target\":{\"type\":\"SpecificResource\",\"source\":",
        &[base, "sources/", &site.sources[ev.source].id, ".txt"].concat(),
    );
    string(buf, b",\"scope\":", &site.passage_link(base, ev.passage));
    string(
        buf,
        b",\"selector\":[{\"type\":\"TextQuoteSelector\",\"exact\":",
        &text[start..end],
    );
    string(buf, b",\"prefix\":", &before[prefix_from..]);
    string(buf, b",\"suffix\":", &after[..suffix_to]);
    let index = &chars[ev.source];
    let mut number = itoa::Buffer::new();
    buf.extend_from_slice(b"},{\"type\":\"TextPositionSelector\",\"start\":");
    buf.extend_from_slice(number.format(index.at(start)).as_bytes());
    buf.extend_from_slice(b",\"end\":");
    buf.extend_from_slice(number.format(index.at(end)).as_bytes());
    buf.extend_from_slice(b"}]}}");
}

/// Appends `raw` (JSON punctuation and keys, as is) and then `value` as a JSON string.
fn string(buf: &mut Vec<u8>, raw: &[u8], value: &str) {
    buf.extend_from_slice(raw);
    json_into(buf, &value);
}

#[derive(Serialize)]
struct SourceJson<'a> {
    id: &'a str,
    title: &'a str,
    outlet: &'a str,
    outlet_inferred: bool,
    origin: Option<&'a str>,
    origin_inferred: bool,
    /// The independent origin it is counted under (its `origin`, or else its outlet).
    independent_origin: &'a str,
    byline: Option<&'a str>,
    published: String,
    published_inferred: bool,
    url: Option<&'a str>,
    language: &'a str,
    provenance: Option<&'a str>,
    page: String,
    text_file: String,
    text: &'a str,
    length: usize,
    // Then `paragraphs` (see `paragraphs_json`), `passages` and `shared`, appended to the object.
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    source: &'a str,
    passage: &'a str,
    stance: &'static str,
    note: Option<&'a str>,
    start: usize,
    end: usize,
    quote: &'a str,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    href: String,
    entries: Vec<EntryJson<'a>>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    id: &'a str,
    kind: EntryKind,
    title: &'a str,
    body: &'a str,
    claimant: Option<&'a str>,
    status: Option<ClaimStatus>,
    href: String,
    evidence: Vec<EvidenceJson<'a>>,
    origins: OriginsJson<'a>,
}

/// The fields of each run in a source's `shared` list, in order; `dossier.json` names them once, in its head.
const SHARED_RUN_FIELDS: [&str; 9] = [
    "start",
    "end",
    "utf8_start",
    "utf8_end",
    "other_start",
    "other_end",
    "other_utf8_start",
    "other_utf8_end",
    "words",
];

/// Appends `,"shared":[...]` for source `si`: one `{"with", "runs"}` per other source, in source order, each
/// run an array of [`SHARED_RUN_FIELDS`] (offsets as for passages; `other_*` in the other source), in text
/// order. Positional, because a reprinted text has hundreds of runs and their names would be most of the file.
fn shared_json(buf: &mut Vec<u8>, site: &Site, chars: &[CharIndex], si: usize) {
    // Grouped by partner, in source order; each group's runs stay in text order (a stable sort).
    let mut runs: Vec<(usize, [usize; 9])> = site
        .shared_of(si)
        .into_iter()
        .map(|(here, there)| {
            let run = [
                chars[si].at(here.range.start),
                chars[si].at(here.range.end),
                here.range.start,
                here.range.end,
                chars[there.source].at(there.range.start),
                chars[there.source].at(there.range.end),
                there.range.start,
                there.range.end,
                here.words.len(),
            ];
            (there.source, run)
        })
        .collect();
    runs.sort_by_key(|(partner, _)| *partner);
    let groups = runs.chunk_by(|a, b| a.0 == b.0);
    let mut number = itoa::Buffer::new();
    buf.extend_from_slice(b",\"shared\":[");
    for (gi, group) in groups.enumerate() {
        if gi > 0 {
            buf.push(b',');
        }
        string(buf, b"{\"with\":", &site.sources[group[0].0].id);
        buf.extend_from_slice(b",\"runs\":[");
        for (ri, (_, run)) in group.iter().enumerate() {
            buf.extend_from_slice(if ri > 0 { b",[" } else { b"[" });
            for (fi, n) in run.iter().enumerate() {
                if fi > 0 {
                    buf.push(b',');
                }
                buf.extend_from_slice(number.format(*n).as_bytes());
            }
            buf.push(b']');
        }
        buf.extend_from_slice(b"]}");
    }
    buf.push(b']');
}

/// The independent origins on each side of an entry, by name.
#[derive(Serialize)]
struct OriginsJson<'a> {
    supports: Vec<&'a str>,
    disputes: Vec<&'a str>,
    context: Vec<&'a str>,
}

impl<'a> OriginsJson<'a> {
    fn of(site: &'a Site, e: &crate::resolve::Entry) -> Self {
        let names = |list: &[usize]| {
            list.iter()
                .map(|&o| site.origins[o].name.as_str())
                .collect()
        };
        OriginsJson {
            supports: names(&e.origins.supports),
            disputes: names(&e.origins.disputes),
            context: names(&e.origins.context),
        }
    }
}

#[derive(Serialize)]
struct MomentJson<'a> {
    id: &'a str,
    date: String,
    time: Option<&'a str>,
    timezone: Option<&'a str>,
    when: Option<&'a str>,
    title: &'a str,
    body: &'a str,
    key: bool,
    entry: Option<&'a str>,
    href: String,
    evidence: Vec<EvidenceJson<'a>>,
    basis: DateBasis,
    derived_from: Option<&'a str>,
    expected: bool,
}

#[derive(Serialize)]
struct EntityJson<'a> {
    id: &'a str,
    kind: EntityKind,
    name: &'a str,
    aliases: &'a [String],
    native: Option<&'a str>,
    description: Option<&'a str>,
    href: String,
    mentions: Vec<MentionJson<'a>>,
    entries: Vec<&'a str>,
}

#[derive(Serialize)]
struct MentionJson<'a> {
    source: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    paragraph: String,
}

/// Appends `,"paragraphs":[...]` for source `s`: each non-blank line as `{"id":"p-<n>","start","end","furniture"}`
/// (code-point offsets). Written as it reads: a source has dozens of them and they hold no string to escape.
fn paragraphs_json(buf: &mut Vec<u8>, s: &crate::resolve::Source, chars: &CharIndex) {
    let mut number = itoa::Buffer::new();
    buf.extend_from_slice(b",\"paragraphs\":[");
    for (li, line) in s.lines.iter().enumerate() {
        if li > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"id\":\"p-");
        buf.extend_from_slice(number.format(li + 1).as_bytes());
        buf.extend_from_slice(b"\",\"start\":");
        buf.extend_from_slice(number.format(chars.at(line.range.start)).as_bytes());
        buf.extend_from_slice(b",\"end\":");
        buf.extend_from_slice(number.format(chars.at(line.range.end)).as_bytes());
        buf.extend_from_slice(if line.furniture {
            b",\"furniture\":true}"
        } else {
            b",\"furniture\":false}"
        });
    }
    buf.push(b']');
}

/// Appends passage `pi` of `dossier.json`, written as it reads (a passage is one of the most numerous items):
/// `{"id", "source", "start", "end", "utf8_start", "utf8_end", "text", "href", "original", "cited_by": [{"entry"
/// or "moment", "stance"}]}`, `start`/`end` in code points.
fn passage_json(buf: &mut Vec<u8>, site: &Site, chars: &[CharIndex], pi: usize) {
    let p = site.passage(pi);
    let mut number = itoa::Buffer::new();
    let mut count = |buf: &mut Vec<u8>, key: &[u8], n: usize| {
        buf.extend_from_slice(key);
        buf.extend_from_slice(number.format(n).as_bytes());
    };
    string(buf, b"{\"id\":", &p.id);
    string(buf, b",\"source\":", &site.sources[p.source].id);
    count(buf, b",\"start\":", chars[p.source].at(p.range.start));
    count(buf, b",\"end\":", chars[p.source].at(p.range.end));
    count(buf, b",\"utf8_start\":", p.range.start);
    count(buf, b",\"utf8_end\":", p.range.end);
    string(buf, b",\"text\":", site.passage_text(pi));
    string(buf, b",\"href\":", &site.passage_href(pi));
    match &p.original {
        Some(original) => string(buf, b",\"original\":", original),
        None => buf.extend_from_slice(b",\"original\":null"),
    }
    buf.extend_from_slice(b",\"cited_by\":[");
    for (i, c) in p.citations.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        match c.citer {
            Citer::Entry(s, e) => string(buf, b"{\"entry\":", &site.sections[s].entries[e].id),
            Citer::Moment(m) => string(buf, b"{\"moment\":", &site.timeline[m].id),
        }
        string(buf, b",\"stance\":", stance_class(c.stance));
        buf.push(b'}');
    }
    buf.extend_from_slice(b"]}");
}

fn evidence_json<'a>(site: &'a Site, chars: &[CharIndex], ev: &'a Evidence) -> EvidenceJson<'a> {
    let p = site.passage(ev.passage);
    EvidenceJson {
        source: &site.sources[ev.source].id,
        passage: &p.id,
        stance: stance_class(ev.stance),
        note: ev.note.as_deref(),
        start: chars[ev.source].at(p.range.start),
        end: chars[ev.source].at(p.range.end),
        quote: site.passage_text(ev.passage),
    }
}

/// `dossier.json`: the whole resolved model for reuse. Offsets `start`/`end` count Unicode code points of the
/// source's text (as in `sources/<id>.txt`); `utf8_start`/`utf8_end` count its UTF-8 bytes.
pub fn write_dossier_json(site: &Site, out: &mut dyn Write, chunks: &JsonChunks) -> io::Result<()> {
    let chars = char_indexes(site);
    let texts: Vec<u128> = site
        .sources
        .par_iter()
        .map(|s| xxh3_128(s.text.as_bytes()))
        .collect();
    #[derive(Serialize)]
    struct Head<'a> {
        format: &'static str,
        version: u32,
        offsets: &'static str,
        shared_run_fields: [&'static str; 9],
        title: &'a str,
        subtitle: Option<&'a str>,
        description: Option<&'a str>,
        language: &'a str,
        base_url: Option<&'a str>,
        intro: &'a str,
        authors: Vec<AuthorJson<'a>>,
        published: Option<String>,
        updated: Option<String>,
        corrections: Vec<CorrectionJson<'a>>,
    }
    #[derive(Serialize)]
    struct AuthorJson<'a> {
        name: &'a str,
        role: Option<&'a str>,
        kind: &'static str,
    }
    #[derive(Serialize)]
    struct CorrectionJson<'a> {
        date: String,
        text: &'a str,
    }
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let head = Head {
        format: "dossier",
        version: 2,
        offsets: "start/end count Unicode code points of the source text (sources/<id>.txt); utf8_start/utf8_end count its UTF-8 bytes",
        shared_run_fields: SHARED_RUN_FIELDS,
        title: &site.meta.title,
        subtitle: site.meta.subtitle.as_deref(),
        description: site.meta.description.as_deref(),
        language: &site.meta.language,
        base_url: site.meta.base_url.as_deref(),
        intro: &site.meta.intro,
        authors: site
            .meta
            .authors
            .iter()
            .map(|a| AuthorJson {
                name: &a.name,
                role: a.role.as_deref(),
                kind: if a.organisation {
                    "organisation"
                } else {
                    "person"
                },
            })
            .collect(),
        published: site.meta.published.map(iso),
        updated: site.meta.updated.map(iso),
        corrections: site
            .meta
            .corrections
            .iter()
            .map(|c| CorrectionJson {
                date: iso(c.date),
                text: &c.text,
            })
            .collect(),
    };
    let mut json = JsonOut::new(out);
    json.open_object(&head);
    json.member("sources");
    let mut pieces = chunks.start();
    json.array_placed(0..site.sources.len(), |si, buf, base| {
        let key = source_key(site, &texts, si);
        pieces.put(key, buf, base, |buf| source_json(buf, site, &chars, si));
    })?;
    json.member("passages");
    // One piece per run of passages of one source (they come source by source).
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for run in site.passages.chunk_by(|a, b| a.source == b.source) {
        let start = runs.last().map_or(0, |r| r.end);
        runs.push(start..start + run.len());
    }
    json.array_placed(runs, |run, buf, base| {
        let key = passages_key(site, &texts, run.clone());
        pieces.put(key, buf, base, |buf| {
            for pi in run.clone() {
                if pi > run.start {
                    buf.push(b',');
                }
                passage_json(buf, site, &chars, pi);
            }
        });
    })?;
    chunks.finish(pieces);
    json.member("sections");
    json.array(0..site.sections.len(), |si, buf| {
        let s = &site.sections[si];
        json_into(
            buf,
            &SectionJson {
                id: &s.id,
                title: &s.title,
                summary: &s.summary,
                href: site.section_href(si),
                entries: s
                    .entries
                    .iter()
                    .enumerate()
                    .map(|(ei, e)| EntryJson {
                        id: &e.id,
                        kind: e.kind,
                        title: &e.title,
                        body: &e.body,
                        claimant: e.claimant.as_deref(),
                        status: e.status,
                        href: site.entry_href((si, ei)),
                        evidence: e
                            .evidence
                            .iter()
                            .map(|ev| evidence_json(site, &chars, ev))
                            .collect(),
                        origins: OriginsJson::of(site, e),
                    })
                    .collect(),
            },
        )
    })?;
    json.member("timeline");
    json.array(&site.timeline, |m, buf| {
        json_into(
            buf,
            &MomentJson {
                id: &m.id,
                date: m.date.format("%Y-%m-%d").to_string(),
                time: m.time.as_deref(),
                timezone: m.timezone.as_deref(),
                when: m.when.as_deref(),
                title: &m.title,
                body: &m.body,
                key: m.key,
                entry: m.entry.map(|k| site.entry(k).id.as_str()),
                href: format!("timeline.html#{}", m.id),
                evidence: m
                    .evidence
                    .iter()
                    .map(|ev| evidence_json(site, &chars, ev))
                    .collect(),
                basis: m.basis,
                derived_from: m.derived_from.as_deref(),
                expected: m.expected,
            },
        )
    })?;
    json.member("entities");
    json.array(&site.entities, |e, buf| {
        json_into(
            buf,
            &EntityJson {
                id: &e.id,
                kind: e.kind,
                name: &e.name,
                aliases: &e.aliases,
                native: e.native.as_deref(),
                description: e.description.as_deref(),
                href: format!("entities.html#{}", e.id),
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| {
                        let text = &site.sources[m.source].text;
                        MentionJson {
                            source: &site.sources[m.source].id,
                            start: chars[m.source].at(m.range.start),
                            end: chars[m.source].at(m.range.end),
                            text: &text[m.range.clone()],
                            paragraph: format!("p-{}", m.line + 1),
                        }
                    })
                    .collect(),
                entries: e
                    .entries
                    .iter()
                    .map(|&k| site.entry(k).id.as_str())
                    .collect(),
            },
        )
    })?;

    json.raw(b"}\n");
    json.finish()
}

/// Appends source `si` of `dossier.json`: its front matter and text, then its `paragraphs`, `passages` and
/// `shared` lists.
fn source_json(buf: &mut Vec<u8>, site: &Site, chars: &[CharIndex], si: usize) {
    let s = &site.sources[si];
    let f = &s.front;
    json_into(
        buf,
        &SourceJson {
            id: &s.id,
            title: &f.title,
            outlet: &f.outlet,
            outlet_inferred: f.outlet_inferred,
            origin: f.origin.as_deref(),
            origin_inferred: f.origin_inferred,
            independent_origin: &site.origins[site.source_origin[si]].name,
            byline: f.byline.as_deref(),
            published: s.published.format("%Y-%m-%d").to_string(),
            published_inferred: f.published_inferred,
            url: f.url.as_deref(),
            language: &f.language,
            provenance: f.provenance.as_deref(),
            page: format!("sources/{}.html", s.id),
            text_file: text_path(site, si),
            text: &s.text,
            length: chars[si].at(s.text.len()),
        },
    );
    // The object is reopened (its closing brace dropped) to append the lists.
    buf.pop();
    paragraphs_json(buf, s, &chars[si]);
    let passages: Vec<&str> = s
        .passages
        .iter()
        .map(|&p| site.passage(p).id.as_str())
        .collect();
    buf.extend_from_slice(b",\"passages\":");
    json_into(buf, &passages);
    shared_json(buf, site, chars, si);
    buf.extend_from_slice(b",\"shared_unlisted\":");
    json_into(buf, &site.shared_unlisted.get(si).copied().unwrap_or(0));
    buf.push(b'}');
}

/// The key of source `si`'s object in `dossier.json` (see [`source_json`]): a digest of everything it is
/// written from, with its text and its partners' texts by digest (`texts`, each source's, in order), since a
/// code-point offset is a function of a text and a byte offset.
fn source_key(site: &Site, texts: &[u128], si: usize) -> u128 {
    let s = &site.sources[si];
    let f = &s.front;
    let mut h = KeyBytes::default();
    h.bytes(b"source");
    let origin = &site.origins[site.source_origin[si]].name;
    for t in [&s.id, &f.title, &f.outlet, origin, &f.language] {
        h.text(Some(t));
    }
    for t in [&f.origin, &f.byline, &f.url, &f.provenance] {
        h.text(t.as_deref());
    }
    for &p in &s.passages {
        h.text(Some(&site.passage(p).id));
    }
    // The shared passages it takes part in, as stored (the runs are written from them, sorted): both
    // occurrences and each one's source by id and text.
    let shared = site.shared_by_source.get(si).map_or(&[][..], |v| v);
    for &i in shared {
        let p = &site.shared[i];
        for o in [&p.a, &p.b] {
            h.text(Some(&site.sources[o.source].id));
        }
    }
    for flag in [f.outlet_inferred, f.origin_inferred, f.published_inferred] {
        h.number(u64::from(flag));
    }
    h.number(u64::from(s.published.num_days_from_ce() as u32));
    h.digest_of(texts[si]);
    for line in &s.lines {
        let furniture = usize::from(line.furniture);
        for n in [line.range.start, line.range.end, furniture] {
            h.number(n as u64);
        }
    }
    h.number(u64::MAX);
    for &i in shared {
        let p = &site.shared[i];
        h.number(p.words as u64);
        for o in [&p.a, &p.b] {
            let (r, w) = (&o.range, &o.words);
            for n in [o.source, r.start, r.end, w.start, w.end] {
                h.number(n as u64);
            }
            h.digest_of(texts[o.source]);
        }
    }
    h.number(u64::MAX);
    h.number(site.shared_unlisted.get(si).copied().unwrap_or(0) as u64);
    h.digest()
}

/// The key of the passages `run` (consecutive, of one source) in `dossier.json` (see [`passage_json`]), as
/// [`source_key`] is a source's.
fn passages_key(site: &Site, texts: &[u128], run: std::ops::Range<usize>) -> u128 {
    let mut h = KeyBytes::default();
    h.bytes(b"passages");
    let Some(source) = site.passages.get(run.start).map(|p| p.source) else {
        return h.digest();
    };
    h.text(Some(&site.sources[source].id));
    h.digest_of(texts[source]);
    for p in &site.passages[run] {
        h.text(Some(&p.id));
        h.number(p.source as u64);
        h.number(p.range.start as u64);
        h.number(p.range.end as u64);
        h.text(p.original.as_deref());
        h.number(p.citations.len() as u64);
        for c in &p.citations {
            let citer = match c.citer {
                Citer::Entry(s, e) => ("entry", &site.sections[s].entries[e].id),
                Citer::Moment(m) => ("moment", &site.timeline[m].id),
            };
            h.text(Some(citer.0));
            h.text(Some(citer.1));
            h.text(Some(stance_class(c.stance)));
        }
    }
    h.digest()
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

/// `sitemap.xml` as the index of `parts` files `sitemap-1.xml`...; `None` without a base URL.
pub fn sitemap_index(site: &Site, parts: usize) -> Option<String> {
    let base = site.meta.base_url.as_deref()?;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts {
        let url = format!("{base}sitemap-{n}.xml");
        let url = percent_encoding::utf8_percent_encode(&url, NOT_IN_URLS).to_string();
        out.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape(&url)
        ));
    }
    out.push_str("</sitemapindex>\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_agrees_with_counting_from_the_start() {
        // Multi-byte characters straddle the 64-byte blocks at many offsets.
        let text = "Ana — “striking” drivers, 서울 visited Новосибирск\u{a0}… ".repeat(9);
        let index = CharIndex::new(&text);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(index.at(byte), code_points(&text, byte), "at byte {byte}");
        }
        assert_eq!(CharIndex::new("").at(0), 0);
    }
}
