//! schema.org JSON-LD for claims, safe to embed in a `<script>` element.

use serde::Serialize;

use crate::resolve::{Site, Stance};

// The ClaimReview's objects. Fields are declared in byte order of their names, the order in which the
// JSON has always listed them.

#[derive(Serialize)]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Organization<'a>,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'a str,
    #[serde(rename = "itemReviewed")]
    item_reviewed: Claim<'a>,
    #[serde(rename = "reviewRating")]
    review_rating: Rating,
    url: String,
}

#[derive(Serialize)]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    appearance: Vec<CreativeWork<'a>>,
    author: Organization<'a>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
}

#[derive(Serialize)]
struct CreativeWork<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished")]
    date_published: String,
    headline: &'a str,
    publisher: Organization<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

impl Organization<'_> {
    fn named(name: &str) -> Organization<'_> {
        Organization {
            kind: "Organization",
            name,
        }
    }
}

#[derive(Serialize)]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName")]
    alternate_name: String,
}

/// A `ClaimReview` for the claim entry at (section, entry), serialised for a `<script type="application/ld+json">`.
pub fn claim_review(site: &Site, ui: &super::i18n::Ui, key: (usize, usize)) -> String {
    let e = site.entry(key);
    // The rating reads as the badge does, in the site's language.
    let status = ui
        .t(e.status
            .map(|s| super::labels::status_names(s).1)
            .unwrap_or("status-unconfirmed"));
    let mut cited: Vec<usize> = e
        .evidence
        .iter()
        .filter(|ev| ev.stance == Stance::Supports)
        .map(|ev| ev.source)
        .collect();
    cited.sort_unstable();
    cited.dedup();
    let iso = |date: chrono::NaiveDate| date.format("%Y-%m-%d").to_string();
    let first_published = cited
        .iter()
        .map(|&s| site.sources[s].published)
        .min()
        .map(iso);
    let appearance = cited
        .into_iter()
        .map(|source| {
            let s = &site.sources[source];
            CreativeWork {
                kind: "CreativeWork",
                date_published: iso(s.published),
                headline: &s.front.title,
                publisher: Organization::named(&s.front.outlet),
                url: s.front.url.as_deref(),
            }
        })
        .collect();
    let review = ClaimReview {
        context: "https://schema.org",
        kind: "ClaimReview",
        author: Organization::named(&site.meta.title),
        claim_reviewed: &e.title,
        item_reviewed: Claim {
            kind: "Claim",
            appearance,
            author: Organization::named(e.claimant.as_deref().unwrap_or_default()),
            date_published: first_published,
        },
        review_rating: Rating {
            kind: "Rating",
            alternate_name: status,
        },
        // The fact check's own address: absolute with a base URL, else the entry's fragment on its page.
        url: match &site.meta.base_url {
            Some(base) => site.entry_link(base, key),
            None => ["#", &e.id].concat(),
        },
    };
    script_safe(&review)
}

/// The front page's schema.org graph: the `WebSite` and the dossier as a `Report`, with its authors, dates and
/// corrections (each only when given), for a `<script type="application/ld+json">`.
pub fn site_graph(site: &Site, description: &str, image: Option<&str>) -> String {
    use serde_json::{json, Map, Value};
    let meta = &site.meta;
    let iso = |date: chrono::NaiveDate| date.format("%Y-%m-%d").to_string();
    let base = meta.base_url.as_deref();
    let website_id = format!("{}#website", base.unwrap_or_default());
    let mut website = Map::new();
    website.insert("@type".into(), "WebSite".into());
    website.insert("@id".into(), website_id.clone().into());
    website.insert("name".into(), meta.title.clone().into());
    website.insert("inLanguage".into(), meta.language.clone().into());
    if let Some(base) = base {
        website.insert("url".into(), base.into());
    }
    let mut report = Map::new();
    report.insert("@type".into(), "Report".into());
    report.insert("headline".into(), meta.title.clone().into());
    if let Some(subtitle) = &meta.subtitle {
        report.insert("alternativeHeadline".into(), subtitle.clone().into());
    }
    if !description.is_empty() {
        report.insert("description".into(), description.into());
    }
    report.insert("inLanguage".into(), meta.language.clone().into());
    report.insert("isPartOf".into(), json!({ "@id": website_id }));
    if let Some(base) = base {
        report.insert("url".into(), base.into());
        report.insert("mainEntityOfPage".into(), base.into());
    }
    if let Some(image) = image {
        report.insert("image".into(), image.into());
    }
    let authors: Vec<Value> = meta
        .authors
        .iter()
        .map(|a| {
            let mut author = Map::new();
            let kind = if a.organisation {
                "Organization"
            } else {
                "Person"
            };
            author.insert("@type".into(), kind.into());
            author.insert("name".into(), a.name.clone().into());
            if let Some(role) = &a.role {
                let field = if a.organisation {
                    "description"
                } else {
                    "jobTitle"
                };
                author.insert(field.into(), role.clone().into());
            }
            Value::Object(author)
        })
        .collect();
    if !authors.is_empty() {
        report.insert("author".into(), authors.into());
    }
    if let Some(published) = meta.published {
        report.insert("datePublished".into(), iso(published).into());
    }
    // The last change: the update, or failing that the latest correction.
    let modified = meta
        .updated
        .or_else(|| meta.corrections.iter().map(|c| c.date).max());
    if let Some(modified) = modified {
        report.insert("dateModified".into(), iso(modified).into());
    }
    if !meta.corrections.is_empty() {
        let corrections: Vec<Value> = meta
            .corrections
            .iter()
            .map(|c| {
                json!({
                    "@type": "CorrectionComment",
                    "datePublished": iso(c.date),
                    "text": c.text,
                })
            })
            .collect();
        report.insert("correction".into(), corrections.into());
    }
    let graph = json!({
        "@context": "https://schema.org",
        "@graph": [Value::Object(website), Value::Object(report)],
    });
    script_safe(&graph)
}

/// JSON with `<`, `>` and `&` escaped, so no text can close the script element or open a comment, and the
/// line and paragraph separators U+2028 and U+2029, which end a line in JavaScript before ES2019.
pub fn script_safe<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let json = sonic_rs::to_vec(value).unwrap_or_default();
    let mut out = Vec::with_capacity(json.len() + json.len() / 16);
    script_safe_into(&json, &mut out);
    // Escaping swaps whole ASCII characters and whole U+2028/U+2029 for ASCII: still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends `json` (UTF-8) to `out` with `<`, `>`, `&`, U+2028 and U+2029 escaped, so it may sit in a script.
pub fn script_safe_into(json: &[u8], out: &mut Vec<u8>) {
    // Next `<`, `>` or `&`, and next 0xE2 (which starts U+2028 and U+2029, and other characters kept as they
    // are): each found by a SIMD scan and looked for again only once passed, so text is scanned once.
    let find_special =
        |from: usize| memchr::memchr3(b'<', b'>', b'&', &json[from..]).map(|i| from + i);
    let find_e2 = |from: usize| memchr::memchr(0xE2, &json[from..]).map(|i| from + i);
    let (mut special, mut e2) = (find_special(0), find_e2(0));
    let mut done = 0;
    loop {
        let at = match (special, e2) {
            (Some(s), Some(e)) => s.min(e),
            (Some(at), None) | (None, Some(at)) => at,
            (None, None) => break,
        };
        out.extend_from_slice(&json[done..at]);
        let (escaped, len): (&[u8], usize) = match &json[at..] {
            [b'<', ..] => (b"\\u003c", 1),
            [b'>', ..] => (b"\\u003e", 1),
            [b'&', ..] => (b"\\u0026", 1),
            [0xE2, 0x80, 0xA8, ..] => (b"\\u2028", 3),
            [0xE2, 0x80, 0xA9, ..] => (b"\\u2029", 3),
            // Another character starting with 0xE2: copied as is (its continuation bytes are never matched).
            _ => (&json[at..at + 1], 1),
        };
        out.extend_from_slice(escaped);
        done = at + len;
        if special.is_some_and(|s| s < done) {
            special = find_special(done);
        }
        if e2.is_some_and(|e| e < done) {
            e2 = find_e2(done);
        }
    }
    out.extend_from_slice(&json[done..]);
}

#[cfg(test)]
mod tests {
    use super::{script_safe, script_safe_into};

    #[test]
    fn script_safe_escaping_agrees_with_its_definition_on_random_text() {
        let pieces = [
            "a", "<", ">", "&", "\u{2028}", "\u{2029}", "—", "“", "€", "\u{2027}", "\u{202A}",
            "김", "é", "\\",
        ];
        let mut seed = 3u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 30) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let expected: String = text
                .chars()
                .map(|c| match c {
                    '<' => "\\u003c".to_owned(),
                    '>' => "\\u003e".to_owned(),
                    '&' => "\\u0026".to_owned(),
                    '\u{2028}' => "\\u2028".to_owned(),
                    '\u{2029}' => "\\u2029".to_owned(),
                    c => c.to_string(),
                })
                .collect();
            let mut out = Vec::new();
            script_safe_into(text.as_bytes(), &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{text:?}");
            seed = seed.wrapping_add(1);
        }
    }

    #[test]
    fn script_safe_escapes_what_could_end_the_script_and_keeps_the_rest() {
        let text = "a</script><!-- & \u{2028}x\u{2029} — “quote” ‘’ … € 김정은 \u{2027}\u{202A}é";
        let json = script_safe(text);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!json.contains(bad), "{bad:?} in {json}");
        }
        // Characters that share the lead byte 0xE2 with U+2028/2029 are kept whole.
        assert!(
            json.contains("— “quote” ‘’ … € 김정은 \u{2027}\u{202A}é"),
            "{json}"
        );
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, text);
    }
}
