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
        Some(base) => json!(format!("{base}{}", site.entry_href(key))),
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
    let json = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}
