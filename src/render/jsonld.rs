//! schema.org JSON-LD for claims, safe to embed in a `<script>` element.

use serde_json::{json, Value};

use crate::resolve::{Site, Stance};

/// A `ClaimReview` for the claim entry at (section, entry), serialised for a `<script type="application/ld+json">`.
pub fn claim_review(site: &Site, key: (usize, usize)) -> String {
    let e = site.entry(key);
    let status = e
        .status
        .map(|s| super::views::status_names(s).1)
        .unwrap_or("Unconfirmed");
    let mut cited: Vec<usize> = e
        .evidence
        .iter()
        .filter(|ev| ev.stance == Stance::Supports)
        .map(|ev| ev.source)
        .collect();
    cited.sort_unstable();
    cited.dedup();
    let first_published = cited
        .iter()
        .map(|&s| site.sources[s].published)
        .min()
        .map(|d| d.format("%Y-%m-%d").to_string());
    let appearances: Vec<Value> = cited
        .into_iter()
        .map(|source| {
            let s = &site.sources[source];
            let mut work = json!({
                "@type": "CreativeWork",
                "headline": s.front.title,
                "datePublished": s.published.format("%Y-%m-%d").to_string(),
                "publisher": {"@type": "Organization", "name": s.front.outlet},
            });
            if let Some(url) = &s.front.url {
                work["url"] = json!(url);
            }
            work
        })
        .collect();
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": e.title,
        "author": {"@type": "Organization", "name": site.meta.title},
        "reviewRating": {"@type": "Rating", "alternateName": status},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": e.claimant.clone().unwrap_or_default()},
            "appearance": appearances,
        },
    });
    // The fact check's own address: absolute with a base URL, else the entry's fragment on its page.
    review["url"] = match &site.meta.base_url {
        Some(base) => json!(site.entry_link(base, key)),
        None => json!(format!("#{}", e.id)),
    };
    if let Some(date) = first_published {
        review["itemReviewed"]["datePublished"] = json!(date);
    }
    script_safe(&review)
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
    let mut done = 0;
    // Unchanged runs are copied whole; 0xE2 starts U+2028 and U+2029 (and other characters, kept as they are).
    while let Some(i) = json[done..]
        .iter()
        .position(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2))
    {
        let at = done + i;
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
    }
    out.extend_from_slice(&json[done..]);
}

#[cfg(test)]
mod tests {
    use super::script_safe;

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
