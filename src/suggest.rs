//! Near-miss suggestions for names and ids.

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// A safe id made from any text: lower-case ASCII letters and digits joined by single hyphens.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        assert_eq!(closest("sumit", ["train", "summit"]), Some("summit"));
        assert_eq!(closest("weather", ["train", "summit"]), None);
    }

    #[test]
    fn slugify_makes_safe_ids() {
        assert_eq!(slugify("../Évian CON x"), "evian-con-x");
        assert_eq!(slugify("Ada Lovelace's boat"), "ada-lovelace-s-boat");
    }
}
