//! "Did you mean" suggestions: the closest known name to a misspelt one.

/// The candidate closest to `name` by edit distance, if it is close enough to be a plausible typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= limit || (c.starts_with(name) && name.len() >= 3))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_a_close_name_and_nothing_for_a_distant_one() {
        let names = ["throughput", "noise_level", "rated_capacity"];
        assert_eq!(closest("throughtput", names).as_deref(), Some("throughput"));
        assert_eq!(closest("colour", names), None);
    }
}
