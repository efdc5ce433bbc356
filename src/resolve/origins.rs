//! Independent origins: the outlet or agency a story comes from. Sources that reprint one origin (a wire story
//! run by several outlets, a republication, a translation) corroborate nothing between them, so counts of
//! support and dispute are counted in origins, not in texts.

use std::collections::HashMap;

use super::{Site, SourceFront, Stance};

/// The outlet or agency a set of sources comes from.
#[derive(Debug, Clone)]
pub struct IndependentOrigin {
    /// The name as the first of its sources spells it.
    pub name: String,
    /// Indices into [`Site::sources`], in source order.
    pub sources: Vec<usize>,
}

/// The origins that speak to an entry, by stance: indices into [`Site::origins`], ascending, each once.
/// An origin whose sources both support and dispute an entry is in both lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryOrigins {
    /// Origins with supporting evidence.
    pub supports: Vec<usize>,
    /// Origins with disputing evidence.
    pub disputes: Vec<usize>,
    /// Origins cited for context.
    pub context: Vec<usize>,
    /// Every origin cited, whatever the stance.
    pub all: Vec<usize>,
}

/// The name of the origin a source's story comes from: its `origin`, or else its outlet.
pub fn origin_name(front: &SourceFront) -> &str {
    front
        .origin
        .as_deref()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or(&front.outlet)
        .trim()
}

/// Two spellings name one origin when they differ only in case and white space.
fn origin_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Groups the sources by origin and counts, for every entry, the origins on each side. Linear in sources and
/// evidence.
pub(super) fn assign(site: &mut Site) {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut origins: Vec<IndependentOrigin> = Vec::new();
    let mut source_origin = Vec::with_capacity(site.sources.len());
    for (i, source) in site.sources.iter().enumerate() {
        let name = origin_name(&source.front);
        let o = *by_key.entry(origin_key(name)).or_insert_with(|| {
            origins.push(IndependentOrigin {
                name: name.to_owned(),
                sources: Vec::new(),
            });
            origins.len() - 1
        });
        origins[o].sources.push(i);
        source_origin.push(o);
    }
    for entry in site.sections.iter_mut().flat_map(|s| &mut s.entries) {
        let mut eo = EntryOrigins::default();
        for ev in &entry.evidence {
            let o = source_origin[ev.source];
            let list = match ev.stance {
                Stance::Supports => &mut eo.supports,
                Stance::Disputes => &mut eo.disputes,
                Stance::Context => &mut eo.context,
            };
            list.push(o);
            eo.all.push(o);
        }
        for list in [
            &mut eo.supports,
            &mut eo.disputes,
            &mut eo.context,
            &mut eo.all,
        ] {
            list.sort_unstable();
            list.dedup();
        }
        entry.origins = eo;
    }
    site.origins = origins;
    site.source_origin = source_origin;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(outlet: &str, origin: Option<&str>) -> SourceFront {
        let origin = origin.map_or(String::new(), |o| format!("origin: \"{o}\"\n"));
        serde_yaml::from_str(&format!(
            "title: T\noutlet: \"{outlet}\"\n{origin}published: 2020-01-01\n"
        ))
        .unwrap()
    }

    #[test]
    fn the_origin_is_the_origin_field_or_else_the_outlet() {
        assert_eq!(origin_name(&front("Daily", None)), "Daily");
        assert_eq!(origin_name(&front("Daily", Some(" Wire  "))), "Wire");
        assert_eq!(origin_name(&front("Daily", Some(" "))), "Daily");
    }

    #[test]
    fn spellings_that_differ_in_case_and_spaces_are_one_origin() {
        assert_eq!(
            origin_key("The  Wire Agency"),
            origin_key("the wire agency")
        );
        assert_ne!(origin_key("Wire"), origin_key("Wires"));
    }
}
