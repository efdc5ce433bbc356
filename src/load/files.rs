//! The shapes of the content files, exactly as written by editors (unknown fields are errors).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `content/dossier.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierFile {
    /// The dossier's title.
    pub title: String,
    /// A line under the title.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// One sentence for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// BCP 47 language tag of the site.
    #[serde(default = "default_language")]
    pub language: String,
    /// Theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Absolute URL of the published site, for canonical links and the sitemap only.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Markdown opening of the front page.
    #[serde(default)]
    pub intro: Option<String>,
    /// Section ids in reading order.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Who wrote the dossier: names, or names with a role.
    #[serde(default)]
    pub authors: Vec<AuthorFile>,
    /// First publication date, YYYY-MM-DD.
    #[serde(default)]
    pub published: Option<String>,
    /// Date of the last substantive update, YYYY-MM-DD.
    #[serde(default)]
    pub updated: Option<String>,
    /// Corrections made after publication, each dated.
    #[serde(default)]
    pub corrections: Vec<CorrectionFile>,
}

/// An author of the dossier: `- Jane Doe`, or `- {name: Jane Doe, role: Editor}`.
#[derive(Debug, Clone, Default)]
pub struct AuthorFile {
    /// The name as credited.
    pub name: String,
    /// What they did (editor, research...).
    pub role: Option<String>,
    /// A person (default) or an organisation (a newsroom, a desk).
    pub kind: AuthorKind,
}

/// Whether an author is a person or an organisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthorKind {
    /// A person.
    #[default]
    Person,
    /// A newsroom, a desk, a team.
    Organisation,
}

/// The long form of an author.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorFields {
    name: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    kind: AuthorKind,
}

impl<'de> Deserialize<'de> for AuthorFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = AuthorFile;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name, or a mapping with `name` and optional `role` and `kind`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AuthorFile, E> {
                Ok(AuthorFile {
                    name: v.to_owned(),
                    ..AuthorFile::default()
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<AuthorFile, A::Error> {
                // Unknown fields get serde's own message, with the fields it expects.
                let f =
                    AuthorFields::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(AuthorFile {
                    name: f.name,
                    role: f.role,
                    kind: f.kind,
                })
            }
        }
        d.deserialize_any(Visit)
    }
}

/// A correction: when it was made and what was corrected.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionFile {
    /// YYYY-MM-DD.
    pub date: String,
    /// What was wrong and what it now says, in one or two plain-text sentences.
    pub text: String,
}

fn default_language() -> String {
    "en".to_owned()
}

fn default_theme() -> String {
    "default".to_owned()
}

/// The front matter of `content/articles/<id>.txt`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFront {
    /// The article's headline.
    pub title: String,
    /// Who published this text.
    pub outlet: String,
    /// True when the outlet is inferred rather than printed.
    #[serde(default)]
    pub outlet_inferred: bool,
    /// The originating outlet of a republished or translated story.
    #[serde(default)]
    pub origin: Option<String>,
    /// True when the origin is inferred rather than printed.
    #[serde(default)]
    pub origin_inferred: bool,
    /// The author(s), as printed.
    #[serde(default)]
    pub byline: Option<String>,
    /// Publication date, YYYY-MM-DD.
    pub published: String,
    /// True when the date is inferred rather than printed.
    #[serde(default)]
    pub published_inferred: bool,
    /// Address of the original.
    #[serde(default)]
    pub url: Option<String>,
    /// Language of the text.
    #[serde(default = "default_language")]
    pub language: String,
    /// How this text reached us (translation, republication, capture).
    #[serde(default)]
    pub provenance: Option<String>,
    /// The capture file this text came from.
    #[serde(default)]
    pub seed: Option<String>,
    /// Whole lines that are page furniture, not article text.
    #[serde(default)]
    pub furniture: Vec<String>,
    /// The raw capture kept for provenance, relative to `content/` (written by `dossier add --snapshot`).
    #[serde(default)]
    pub snapshot: Option<String>,
    /// `sha256:<hex>` of the verbatim body, checked on every load (written by `dossier add`).
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// A short digest of each body line, to point at the first line that differs from the fingerprint.
    #[serde(default)]
    pub fingerprint_lines: Option<String>,
    /// The fingerprint of the capture this one replaced (`dossier add --update`).
    #[serde(default)]
    pub previous_fingerprint: Option<String>,
}

/// `content/annotations/<section>.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    /// The section's title.
    pub title: String,
    /// Markdown summary.
    #[serde(default)]
    pub summary: String,
    /// The annotated points, in reading order.
    #[serde(default)]
    pub entries: Vec<EntryFile>,
}

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// Established by the sources.
    Fact,
    /// Asserted by someone; carries a claimant and a status.
    Claim,
    /// Background.
    Context,
    /// Where sources disagree or err.
    Discrepancy,
}

/// How far a claim is established by the sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    /// Established by the sources.
    Confirmed,
    /// Reported but not established.
    Unconfirmed,
    /// Contested by other sources.
    Disputed,
    /// Denied by those concerned.
    Denied,
}

/// How a piece of evidence bears on its entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// Backs the entry.
    #[default]
    Supports,
    /// Contradicts the entry.
    Disputes,
    /// Gives background.
    Context,
}

/// One entry of a section file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EntryFile {
    /// Unique id across the dossier; the fragment of the entry's URL.
    pub id: String,
    /// Fact, claim, context or discrepancy.
    pub kind: EntryKind,
    /// A short headline.
    pub title: String,
    /// Markdown body.
    #[serde(default)]
    pub body: String,
    /// Who makes the claim (claims only).
    #[serde(default)]
    pub claimant: Option<String>,
    /// How far the claim is established (claims only).
    #[serde(default)]
    pub status: Option<ClaimStatus>,
    /// Quotes that back, dispute or contextualise the entry.
    #[serde(default)]
    pub evidence: Vec<EvidenceFile>,
    /// The editor's answers to `check` lints on this entry: lint name -> why it does not apply.
    #[serde(default)]
    pub reviewed: BTreeMap<String, String>,
}

/// A (source, quote) pair.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    /// Source id.
    pub source: String,
    /// The exact passage.
    pub quote: String,
    /// Supports (default), disputes or context.
    #[serde(default)]
    pub stance: Stance,
    /// A short plain-text gloss.
    #[serde(default)]
    pub note: Option<String>,
    /// Text right before the quote, to pick one of several occurrences.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Text right after the quote, to pick one of several occurrences.
    #[serde(default)]
    pub suffix: Option<String>,
    /// 1-based occurrence to pick when the quote repeats.
    #[serde(default)]
    pub occurrence: Option<usize>,
    /// The editor's answers to `check` lints on this quote: lint name -> why it does not apply.
    #[serde(default)]
    pub reviewed: BTreeMap<String, String>,
}

/// `content/timeline.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineFile {
    /// The dated moments.
    #[serde(default)]
    pub moments: Vec<MomentFile>,
}

/// One dated moment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MomentFile {
    /// YYYY-MM-DD.
    pub date: String,
    /// Optional HH:MM.
    #[serde(default)]
    pub time: Option<String>,
    /// Optional timezone label (KST, UTC+9...).
    #[serde(default)]
    pub timezone: Option<String>,
    /// How the sources put the time ("Sunday afternoon").
    #[serde(default)]
    pub when: Option<String>,
    /// What happened.
    pub title: String,
    /// Optional Markdown detail.
    #[serde(default)]
    pub body: Option<String>,
    /// Shown on the front page.
    #[serde(default)]
    pub key: bool,
    /// `@section/entry` that covers it.
    #[serde(default)]
    pub entry: Option<String>,
    /// Quotes that date it.
    #[serde(default)]
    pub evidence: Vec<EvidenceFile>,
    /// Where the date comes from: printed (default), derived from an anchor, or inferred.
    #[serde(default)]
    pub basis: DateBasis,
    /// The anchor a derived date was worked out from ("\"Tuesday\" in a report dated 12 September").
    #[serde(default)]
    pub derived_from: Option<String>,
    /// Announced or forecast, not (yet) happened.
    #[serde(default)]
    pub expected: bool,
}

/// Where a moment's date comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// Printed in a source.
    #[default]
    Printed,
    /// Worked out from something printed (a weekday and the report's date).
    Derived,
    /// Inferred by the editor, not printed.
    Inferred,
}

/// `content/entities.yaml` (optional): the people, places and organisations of the dossier.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitiesFile {
    /// The entities, in the order of the index page.
    #[serde(default)]
    pub entities: Vec<EntityFile>,
}

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A place.
    Place,
    /// An organisation.
    Organisation,
}

/// One entity of `entities.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityFile {
    /// Unique id; the fragment of its entry on the index page.
    pub id: String,
    /// Person, place or organisation.
    pub kind: EntityKind,
    /// The name as the dossier writes it.
    pub name: String,
    /// Other spellings and transliterations found in the sources (matched too).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The name in its own script (shown and searchable).
    #[serde(default)]
    pub native: Option<String>,
    /// One plain-text line: who or what it is, as the sources present it.
    #[serde(default)]
    pub description: Option<String>,
}
