//! The resolved site model: sources with their quoted passages, sections, entries and the timeline, all linked.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

pub use super::origins::{EntryOrigins, IndependentOrigin};
pub use crate::load::{ClaimStatus, DateBasis, EntityKind, EntryKind, SourceFront, Stance};

/// Site-wide settings from `dossier.yaml`.
#[derive(Debug, Clone)]
pub struct SiteMeta {
    /// Title of the dossier.
    pub title: String,
    /// Line under the title.
    pub subtitle: Option<String>,
    /// One-sentence description.
    pub description: Option<String>,
    /// Site language.
    pub language: String,
    /// Where `language:` is written in dossier.yaml, for warnings about it.
    pub language_at: Option<crate::diagnostic::Location>,
    /// Theme folder name.
    pub theme: String,
    /// Absolute base URL with a trailing slash, if set.
    pub base_url: Option<String>,
    /// Markdown opening of the front page.
    pub intro: String,
    /// Who wrote the dossier, in the order given.
    pub authors: Vec<Author>,
    /// First publication date.
    pub published: Option<NaiveDate>,
    /// Last update.
    pub updated: Option<NaiveDate>,
    /// Corrections, oldest first.
    pub corrections: Vec<Correction>,
}

/// An author of the dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// The name as credited.
    pub name: String,
    /// What they did, if said.
    pub role: Option<String>,
    /// An organisation (a newsroom, a desk) rather than a person.
    pub organisation: bool,
}

/// A dated correction of the dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// When it was made.
    pub date: NaiveDate,
    /// What was corrected (typeset plain text).
    pub text: String,
}

/// The whole dossier, resolved: every quote anchored, every reference checked.
#[derive(Debug, Clone)]
pub struct Site {
    /// The dossier root folder.
    pub root: PathBuf,
    /// Settings.
    pub meta: SiteMeta,
    /// Sources, sorted by id.
    pub sources: Vec<Source>,
    /// Sections in reading order.
    pub sections: Vec<Section>,
    /// Timeline moments, by date and time.
    pub timeline: Vec<Moment>,
    /// Every distinct quoted passage of every source.
    pub passages: Vec<Passage>,
    /// Entry id -> (section index, entry index).
    pub entry_index: FxHashMap<String, (usize, usize)>,
    /// Source id -> index in `sources`.
    pub source_index: FxHashMap<String, usize>,
    /// People, places and organisations (from `entities.yaml`, optional), in file order.
    pub entities: Vec<Entity>,
    /// The independent origins the sources come from, in order of their first source.
    pub origins: Vec<IndependentOrigin>,
    /// Each source's index into `origins`.
    pub source_origin: Vec<usize>,
    /// Runs of wording that two sources share (page furniture left out), by source pair and position.
    pub shared: std::sync::Arc<Vec<super::shared::SharedPassage>>,
    /// For each source, the indices into `shared` of the passages it takes part in.
    pub shared_by_source: Vec<Vec<usize>>,
    /// For each source, how many other sources share wording with it but are not listed in `shared` (see
    /// [`super::shared::MAX_PARTNERS`]).
    pub shared_unlisted: Vec<usize>,
}

/// A person, place or organisation, with where the sources and entries mention it.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Id, the fragment of its entry on the index page.
    pub id: String,
    /// Person, place or organisation.
    pub kind: EntityKind,
    /// The dossier's spelling.
    pub name: String,
    /// Other spellings and transliterations.
    pub aliases: Vec<String>,
    /// The name in its own script.
    pub native: Option<String>,
    /// A plain-text description.
    pub description: Option<String>,
    /// Mentions in the sources' text (page furniture excluded), by source then position.
    pub mentions: Vec<Mention>,
    /// Entries whose title or body mention it, as (section, entry), in dossier order.
    pub entries: Vec<(usize, usize)>,
}

/// Where a source names an entity.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Index into [`Site::sources`].
    pub source: usize,
    /// Byte range in the source text.
    pub range: Range<usize>,
    /// Index into the source's [`Source::lines`] (the paragraph).
    pub line: usize,
}

/// One source article.
#[derive(Debug, Clone)]
pub struct Source {
    /// Id, also the page name.
    pub id: String,
    /// Front matter.
    pub front: SourceFront,
    /// Parsed publication date.
    pub published: NaiveDate,
    /// The verbatim text (shared with the loaded file).
    pub text: Arc<String>,
    /// Non-blank lines of the text, as byte ranges (line breaks excluded).
    pub lines: Vec<Line>,
    /// Indices into [`Site::passages`] of this source's passages, by position.
    pub passages: Vec<usize>,
    /// The file it came from.
    pub file: PathBuf,
}

/// A non-blank line of a source: one paragraph on the page.
#[derive(Debug, Clone)]
pub struct Line {
    /// Byte range in the source text.
    pub range: Range<usize>,
    /// Page furniture (menus, credits), shown dimmed and skipped by search.
    pub furniture: bool,
}

/// A distinct quoted range of a source, with everything that cites it.
#[derive(Debug, Clone)]
pub struct Passage {
    /// Stable fragment id on the source page (`q-...`).
    pub id: String,
    /// Index into [`Site::sources`].
    pub source: usize,
    /// Byte range in the source text.
    pub range: Range<usize>,
    /// The entries and moments that cite it, in dossier order.
    pub citations: Vec<Citation>,
    /// A link to the passage in the original article (a text fragment), when the source has a `url`.
    pub original: Option<String>,
}

/// Who cites a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Citer {
    /// An entry, by (section index, entry index).
    Entry(usize, usize),
    /// A timeline moment, by index.
    Moment(usize),
}

/// One citation of a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    /// The citing entry or moment.
    pub citer: Citer,
    /// Which of its evidence items.
    pub evidence: usize,
    /// How that evidence bears on its entry.
    pub stance: Stance,
}

/// A section of the dossier.
#[derive(Debug, Clone)]
pub struct Section {
    /// Id, also the page name.
    pub id: String,
    /// Title.
    pub title: String,
    /// Markdown summary.
    pub summary: String,
    /// Entries in reading order.
    pub entries: Vec<Entry>,
    /// The file it came from.
    pub file: PathBuf,
    /// Where pages 2, 3... of the section start (entry indices, ascending); empty: one page.
    pub page_breaks: Vec<usize>,
}

/// One annotated point.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Id, unique across the dossier; the fragment of its URL.
    pub id: String,
    /// Fact, claim, context or discrepancy.
    pub kind: EntryKind,
    /// Headline.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Who makes the claim.
    pub claimant: Option<String>,
    /// How far the claim is established.
    pub status: Option<ClaimStatus>,
    /// Anchored evidence.
    pub evidence: Vec<Evidence>,
    /// The independent origins that support, dispute or frame it.
    pub origins: EntryOrigins,
    /// The editor's answers to `check` lints: lint name -> reason.
    pub reviewed: std::collections::BTreeMap<String, String>,
}

/// An anchored (source, passage) pair.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// Index into [`Site::sources`].
    pub source: usize,
    /// Index into [`Site::passages`].
    pub passage: usize,
    /// Supports, disputes or context.
    pub stance: Stance,
    /// Optional gloss.
    pub note: Option<String>,
    /// The editor's answers to `check` lints on this quote: lint name -> reason.
    pub reviewed: std::collections::BTreeMap<String, String>,
}

/// A dated moment.
#[derive(Debug, Clone)]
pub struct Moment {
    /// The day.
    pub date: NaiveDate,
    /// HH:MM, if known.
    pub time: Option<String>,
    /// Timezone label.
    pub timezone: Option<String>,
    /// How the sources put it.
    pub when: Option<String>,
    /// What happened.
    pub title: String,
    /// Markdown detail.
    pub body: String,
    /// Shown on the front page.
    pub key: bool,
    /// The entry covering it, as (section, entry).
    pub entry: Option<(usize, usize)>,
    /// Anchored evidence.
    pub evidence: Vec<Evidence>,
    /// Stable fragment id on the timeline page.
    pub id: String,
    /// Where the date comes from.
    pub basis: DateBasis,
    /// The anchor a derived date was worked out from.
    pub derived_from: Option<String>,
    /// Announced or forecast, not (yet) happened.
    pub expected: bool,
}

/// Where a cross-reference points, as a URL relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefTarget {
    /// Root-relative URL with fragment.
    pub href: String,
    /// A human title for previews.
    pub title: String,
}

impl Site {
    /// The shared passages of source `source`, each as (its side, the other side), in text order.
    pub fn shared_of(
        &self,
        source: usize,
    ) -> Vec<(&super::shared::Occurrence, &super::shared::Occurrence)> {
        let passages = self.shared_by_source.get(source).map_or(&[][..], |v| v);
        super::shared::of_source(passages.iter().map(|&i| &self.shared[i]), source)
    }

    /// The passage with this index.
    pub fn passage(&self, index: usize) -> &Passage {
        &self.passages[index]
    }

    /// The entry at (section, entry).
    pub fn entry(&self, (section, entry): (usize, usize)) -> &Entry {
        &self.sections[section].entries[entry]
    }

    /// The verbatim text of a passage.
    pub fn passage_text(&self, index: usize) -> &str {
        let p = &self.passages[index];
        &self.sources[p.source].text[p.range.clone()]
    }

    /// Root-relative URL of a section page (its first page).
    pub fn section_href(&self, section: usize) -> String {
        ["sections/", &self.sections[section].id, ".html"].concat()
    }

    /// How many pages section `section` is split into.
    pub fn section_page_count(&self, section: usize) -> usize {
        self.sections[section].page_breaks.len() + 1
    }

    /// The page (0-based) of its section that holds entry `(section, entry)`.
    pub fn entry_page(&self, (section, entry): (usize, usize)) -> usize {
        self.sections[section]
            .page_breaks
            .partition_point(|&b| b <= entry)
    }

    /// The entries on page `page` (0-based) of section `section`.
    pub fn section_page_entries(&self, section: usize, page: usize) -> std::ops::Range<usize> {
        let s = &self.sections[section];
        let start = if page == 0 {
            0
        } else {
            s.page_breaks[page - 1]
        };
        let end = s.page_breaks.get(page).copied().unwrap_or(s.entries.len());
        start..end
    }

    /// Root-relative URL of page `page` (0-based) of a section: the first keeps `sections/<id>.html`, the
    /// next are `sections/<id>.2.html`... (a dot is never part of an id, so no section's name can clash).
    pub fn section_page_href(&self, section: usize, page: usize) -> String {
        let id = &self.sections[section].id;
        if page == 0 {
            ["sections/", id, ".html"].concat()
        } else {
            [
                "sections/",
                id,
                ".",
                itoa::Buffer::new().format(page + 1),
                ".html",
            ]
            .concat()
        }
    }

    /// Root-relative URL of an entry.
    pub fn entry_href(&self, key: (usize, usize)) -> String {
        self.entry_link("", key)
    }

    /// URL of an entry after `prefix`: the path to the site root ("../") or its base URL.
    pub fn entry_link(&self, prefix: &str, (section, entry): (usize, usize)) -> String {
        let page = self.entry_page((section, entry));
        let s = &self.sections[section];
        if page == 0 {
            [prefix, "sections/", &s.id, ".html#", &s.entries[entry].id].concat()
        } else {
            [
                prefix,
                &self.section_page_href(section, page),
                "#",
                &s.entries[entry].id,
            ]
            .concat()
        }
    }

    /// Root-relative URL of a passage on its source page.
    pub fn passage_href(&self, passage: usize) -> String {
        self.passage_link("", passage)
    }

    /// URL of a passage on its source page after `prefix`: the path to the site root ("../") or its base URL.
    pub fn passage_link(&self, prefix: &str, passage: usize) -> String {
        let p = &self.passages[passage];
        [
            prefix,
            "sources/",
            &self.sources[p.source].id,
            ".html#",
            &p.id,
        ]
        .concat()
    }

    /// Root-relative URL of whatever cites a passage.
    pub fn citer_href(&self, citer: Citer) -> String {
        match citer {
            Citer::Entry(s, e) => self.entry_href((s, e)),
            Citer::Moment(m) => format!("timeline.html#{}", self.timeline[m].id),
        }
    }

    /// Title of whatever cites a passage.
    pub fn citer_title(&self, citer: Citer) -> &str {
        match citer {
            Citer::Entry(s, e) => &self.sections[s].entries[e].title,
            Citer::Moment(m) => &self.timeline[m].title,
        }
    }

    /// Resolves an `@` cross-reference (without the `@`) to its target, or says why it cannot.
    pub fn resolve_ref(&self, target: &str) -> Result<RefTarget, String> {
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target, None),
        };
        let mut parts = path.splitn(2, '/');
        let head = parts.next().unwrap_or("");
        let rest = parts.next();
        match (head, rest) {
            ("source", Some(id)) => {
                let Some(&si) = self.source_index.get(id) else {
                    return Err(unknown(
                        "source",
                        id,
                        self.sources.iter().map(|s| s.id.as_str()),
                    ));
                };
                let source = &self.sources[si];
                let href = format!("sources/{id}.html");
                match fragment {
                    None => Ok(RefTarget {
                        href,
                        title: source.front.title.clone(),
                    }),
                    Some(f)
                        if source.passages.iter().any(|&p| self.passages[p].id == f)
                            || is_line_id(f, source) =>
                    {
                        Ok(RefTarget {
                            href: format!("{href}#{f}"),
                            title: source.front.title.clone(),
                        })
                    }
                    Some(f) => Err(unknown(
                        &format!("passage of source `{id}`"),
                        f,
                        source
                            .passages
                            .iter()
                            .map(|&p| self.passages[p].id.as_str()),
                    )),
                }
            }
            ("timeline", None) if fragment.is_none() => Ok(RefTarget {
                href: "timeline.html".to_owned(),
                title: "Timeline".to_owned(),
            }),
            ("timeline", None) => {
                let f = fragment.unwrap_or_default();
                match self.timeline.iter().find(|m| m.id == f) {
                    Some(m) => Ok(RefTarget {
                        href: format!("timeline.html#{f}"),
                        title: m.title.clone(),
                    }),
                    None => Err(unknown(
                        "timeline moment",
                        f,
                        self.timeline.iter().map(|m| m.id.as_str()),
                    )),
                }
            }
            (section, entry) => {
                let Some(si) = self.sections.iter().position(|s| s.id == section) else {
                    let names = self
                        .sections
                        .iter()
                        .map(|s| s.id.as_str())
                        .chain(["source/<id>", "timeline"]);
                    return Err(unknown("section", section, names));
                };
                if fragment.is_some() {
                    return Err(
                        "a fragment is not allowed here: link to an entry as `@section/entry-id`"
                            .to_owned(),
                    );
                }
                let sec = &self.sections[si];
                match entry {
                    None => Ok(RefTarget {
                        href: self.section_href(si),
                        title: sec.title.clone(),
                    }),
                    Some(eid) => match sec.entries.iter().position(|e| e.id == eid) {
                        Some(ei) => Ok(RefTarget {
                            href: self.entry_href((si, ei)),
                            title: sec.entries[ei].title.clone(),
                        }),
                        None => match self.entry_index.get(eid) {
                            Some(&(s2, _)) => Err(format!(
                                "entry `{eid}` is in section `{}`, not `{section}`: write `@{}/{eid}`",
                                self.sections[s2].id, self.sections[s2].id
                            )),
                            None => Err(unknown(
                                &format!("entry of section `{section}`"),
                                eid,
                                sec.entries.iter().map(|e| e.id.as_str()),
                            )),
                        },
                    },
                }
            }
        }
    }
}

fn is_line_id(fragment: &str, source: &Source) -> bool {
    fragment
        .strip_prefix("p-")
        .and_then(|n| n.parse::<usize>().ok())
        .is_some_and(|n| n >= 1 && n <= source.lines.len())
}

fn unknown<'a>(what: &str, name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let candidates: Vec<&str> = candidates.collect();
    match crate::suggest::closest(name, candidates.iter().copied()) {
        Some(near) => format!("no {what} is called `{name}`: did you mean `{near}`?"),
        None if candidates.len() <= 12 => {
            format!(
                "no {what} is called `{name}` (known: {})",
                candidates.join(", ")
            )
        }
        None => format!("no {what} is called `{name}`"),
    }
}
