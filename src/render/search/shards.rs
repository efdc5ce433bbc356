//! The search index in shards, so that a query loads only what it needs however large the dossier.
//!
//! - `assets/search-index.js`, the manifest: the stemmer's name, the number of documents, where each kind of
//!   document starts, how many documents a shard holds, the number of link shards, and the first word of each
//!   word shard after the first.
//! - `assets/search/t<k>.js`: the word index (see [`super::terms`]) in ranges of words.
//! - `assets/search/d<k>.js`: the documents (titles, text, links, context) by number, `per_doc_shard` a
//!   shard, with the sources their passages quote.
//! - `assets/search/h<k>.js`: each document's link and number, by a hash of the link (link previews start
//!   from a link).
//!
//! Every file is a script that hands its data to `DOSSIER_SHARD` (the manifest assigns `DOSSIER_INDEX`), so
//! all of it loads from `file://`. A small dossier has one shard of each kind.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::OnceLock;

use serde::Serialize;

use super::super::i18n::Ui;
use super::super::json_out::json_into;
use super::super::jsonld::script_safe_into;
use super::terms::{self, TermShards};
use super::{Doc, DocMaker, DocParts, SourceDoc};
use crate::resolve::Site;

/// Documents in a shard once the dossier has more than [`WHOLE_DOCS`]: about 17 KB of script.
const DOCS_PER_SHARD: usize = 64;
/// Up to this many documents (about 100 KB of script), one shard holds them all.
const WHOLE_DOCS: usize = 400;
/// Documents per word shard: on the benchmark corpus a shard comes out at about 50 KB (at most 115 KB).
const DOCS_PER_TERM_SHARD: usize = 1500;
/// Links per link shard (about 65 KB on the benchmark corpus).
const LINKS_PER_SHARD: usize = 1000;

/// One file of the sharded index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shard {
    /// `assets/search/t<k>.js`: words.
    Terms(usize),
    /// `assets/search/d<k>.js`: documents.
    Docs(usize),
    /// `assets/search/h<k>.js`: links to document numbers.
    Links(usize),
}

impl Shard {
    /// The shard's path in the output.
    pub fn path(self) -> String {
        match self {
            Shard::Terms(k) => format!("assets/search/t{k}.js"),
            Shard::Docs(k) => format!("assets/search/d{k}.js"),
            Shard::Links(k) => format!("assets/search/h{k}.js"),
        }
    }
}

/// How many shards of each kind, decided from counts alone (a plan lists its files before rendering).
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Every document.
    pub docs: usize,
    /// Documents in each document shard.
    pub per_doc_shard: usize,
    /// Word shards.
    pub term_shards: usize,
    /// Link shards.
    pub link_shards: usize,
}

impl Sizes {
    /// The sizes for a dossier of `docs` search documents.
    pub fn new(docs: usize) -> Sizes {
        Sizes {
            docs,
            per_doc_shard: if docs <= WHOLE_DOCS {
                docs.max(1)
            } else {
                DOCS_PER_SHARD
            },
            term_shards: docs.div_ceil(DOCS_PER_TERM_SHARD).max(1),
            link_shards: docs.div_ceil(LINKS_PER_SHARD).max(1),
        }
    }

    /// Document shards.
    pub fn doc_shards(&self) -> usize {
        self.docs.div_ceil(self.per_doc_shard).max(1)
    }

    /// Every shard file.
    pub fn shards(&self) -> impl Iterator<Item = Shard> {
        (0..self.term_shards)
            .map(Shard::Terms)
            .chain((0..self.doc_shards()).map(Shard::Docs))
            .chain((0..self.link_shards).map(Shard::Links))
    }
}

/// The link shard of `href`: FNV-1a over its UTF-16 code units, as the script computes it.
pub fn link_shard(href: &str, shards: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for unit in href.encode_utf16() {
        hash ^= u32::from(unit);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % shards.max(1)
}

/// The sharded index of one site: sizes known at once, the word index and the link table built on first
/// use and kept for every shard.
pub struct SearchShards {
    /// How many shards of each kind.
    pub sizes: Sizes,
    parts: OnceLock<DocParts>,
    terms: OnceLock<TermShards>,
    /// (link, document) of each link shard.
    links: OnceLock<Vec<Vec<(String, u32)>>>,
}

impl SearchShards {
    /// The shards of `site`'s index (nothing is built yet).
    pub fn new(site: &Site) -> SearchShards {
        SearchShards {
            sizes: Sizes::new(super::Layout::new(site).len),
            parts: OnceLock::new(),
            terms: OnceLock::new(),
            links: OnceLock::new(),
        }
    }

    fn parts(&self, site: &Site, ui: &Ui) -> &DocParts {
        self.parts.get_or_init(|| DocParts::new(site, ui))
    }

    /// Builds what the shards share (the word index, the links). Builds on this thread only: other threads
    /// asking meanwhile wait for it.
    pub fn prepare(&self, site: &Site, ui: &Ui) {
        self.terms(site, ui);
        self.links(site, ui);
    }

    fn terms(&self, site: &Site, ui: &Ui) -> &TermShards {
        self.terms.get_or_init(|| {
            let maker = DocMaker::new(site, ui, self.parts(site, ui));
            terms::build(&maker, &site.meta.language).into_shards(self.sizes.term_shards)
        })
    }

    fn links(&self, site: &Site, ui: &Ui) -> &[Vec<(String, u32)>] {
        self.links.get_or_init(|| {
            let maker = DocMaker::new(site, ui, self.parts(site, ui));
            let mut links = vec![Vec::new(); self.sizes.link_shards];
            for i in 0..self.sizes.docs {
                let href = maker.href(i);
                let k = link_shard(&href, self.sizes.link_shards);
                links[k].push((href, u32::try_from(i).unwrap_or(u32::MAX)));
            }
            links
        })
    }

    /// The manifest, `assets/search-index.js`:
    /// `window.DOSSIER_INDEX={"v":3,"l":stemmer or null,"n":documents,"y":[first entry, first passage,
    /// first moment],"c":documents a shard,"h":link shards,"p":[first word of each word shard after the first]};`
    pub fn write_manifest(&self, site: &Site, ui: &Ui, out: &mut dyn Write) -> io::Result<()> {
        #[derive(Serialize)]
        struct Manifest<'a> {
            v: u8,
            l: Option<&'static str>,
            n: usize,
            y: [usize; 3],
            c: usize,
            h: usize,
            p: &'a [String],
        }
        let terms = self.terms(site, ui);
        let manifest = Manifest {
            v: 3,
            l: terms.language(),
            n: self.sizes.docs,
            y: self.parts(site, ui).layout.bounds(),
            c: self.sizes.per_doc_shard,
            h: self.sizes.link_shards,
            p: &terms.boundaries,
        };
        script(out, "window.DOSSIER_INDEX=", &manifest, ";\n")
    }

    /// One shard file.
    pub fn write(&self, site: &Site, ui: &Ui, shard: Shard, out: &mut dyn Write) -> io::Result<()> {
        match shard {
            Shard::Terms(k) => self.terms(site, ui).write_shard(k, out),
            Shard::Docs(k) => self.write_docs(site, ui, k, out),
            Shard::Links(k) => {
                let links = self.links(site, ui).get(k).map_or(&[][..], Vec::as_slice);
                let map: BTreeMap<&str, u32> =
                    links.iter().map(|(h, i)| (h.as_str(), *i)).collect();
                script_call(out, "h", k, &map)
            }
        }
    }

    /// Document shard `k`: `DOSSIER_SHARD("d",k,{"s":{source number: source},"d":[documents]});`, each
    /// source as `{t: credit, b: title, h: page}`.
    fn write_docs(&self, site: &Site, ui: &Ui, k: usize, out: &mut dyn Write) -> io::Result<()> {
        #[derive(Serialize)]
        struct DocShard {
            s: BTreeMap<String, SourceDoc>,
            d: Vec<Doc>,
        }
        let per = self.sizes.per_doc_shard;
        let start = (k * per).min(self.sizes.docs);
        let end = (start + per).min(self.sizes.docs);
        let maker = DocMaker::new(site, ui, self.parts(site, ui));
        let d: Vec<Doc> = maker.docs(start..end).collect();
        let mut s = BTreeMap::new();
        for o in d.iter().filter_map(|d| d.o) {
            s.entry(o.to_string()).or_insert_with(|| SourceDoc {
                t: maker.credit(o).to_owned(),
                b: site.sources[o].front.title.clone(),
                h: format!("sources/{}.html", site.sources[o].id),
            });
        }
        script_call(out, "d", k, &DocShard { s, d })
    }
}

/// Writes `DOSSIER_SHARD("kind",k,value);`.
fn script_call<V: Serialize>(
    out: &mut dyn Write,
    kind: &str,
    k: usize,
    value: &V,
) -> io::Result<()> {
    script(
        out,
        &format!("DOSSIER_SHARD(\"{kind}\",{k},"),
        value,
        ");\n",
    )
}

/// Writes `value`'s JSON between `before` and `after`, made safe inside a script.
fn script<V: Serialize>(
    out: &mut dyn Write,
    before: &str,
    value: &V,
    after: &str,
) -> io::Result<()> {
    let mut json = Vec::new();
    json_into(&mut json, value);
    let mut safe = Vec::with_capacity(json.len() + 32);
    safe.extend_from_slice(before.as_bytes());
    script_safe_into(&json, &mut safe);
    safe.extend_from_slice(after.as_bytes());
    out.write_all(&safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_dossiers_have_one_shard_of_each_kind_large_ones_many() {
        let small = Sizes::new(300);
        assert_eq!(small.shards().count(), 3);
        assert_eq!(small.per_doc_shard, 300);
        let large = Sizes::new(1_100_000);
        assert_eq!(large.per_doc_shard, DOCS_PER_SHARD);
        assert_eq!(large.doc_shards(), 1_100_000usize.div_ceil(DOCS_PER_SHARD));
        assert!(large.term_shards > 500 && large.link_shards > 500);
        assert_eq!(Sizes::new(0).shards().count(), 3);
    }

    #[test]
    fn link_shards_are_fnv1a_over_utf16_units() {
        // FNV-1a 32 of "a" is 0xe40c292c; of "" the offset basis.
        assert_eq!(link_shard("a", usize::MAX), 0xe40c_292c);
        assert_eq!(link_shard("", 1 << 40), 0x811c_9dc5);
        // Outside the BMP a character is two units, as in the script.
        let units: Vec<u16> = "𝒳".encode_utf16().collect();
        assert_eq!(units.len(), 2);
        assert!(link_shard("sections/x.html#a", 7) < 7);
    }
}
