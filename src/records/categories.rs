//! The category hierarchy of `data/categories.tsv`: which product category is a kind of which, read once, so that
//! a case of a category gets the packs of every category above it.

use std::sync::OnceLock;

const SOURCE: &str = include_str!("../../data/categories.tsv");

/// The parsed hierarchy.
#[derive(Debug, Default)]
pub struct Categories {
    /// (category, the category it is a kind of), in file order.
    parents: Vec<(String, Option<String>)>,
    /// Rows that do not parse, or cycles (a test keeps this empty).
    pub problems: Vec<String>,
}

/// The bundled hierarchy.
pub fn bundled() -> &'static Categories {
    static CATEGORIES: OnceLock<Categories> = OnceLock::new();
    CATEGORIES.get_or_init(|| Categories::parse(SOURCE))
}

impl Categories {
    /// Reads `category<TAB>kind_of` rows; `#` lines and the header are skipped.
    pub fn parse(source: &str) -> Categories {
        let mut categories = Categories::default();
        for (number, line) in source.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("category\t") {
                continue;
            }
            match line.split('\t').collect::<Vec<_>>().as_slice() {
                [name, parent] if !name.trim().is_empty() => {
                    let parent = Some(parent.trim()).filter(|p| !p.is_empty());
                    categories
                        .parents
                        .push((name.trim().to_owned(), parent.map(str::to_owned)));
                }
                _ => categories.problems.push(format!(
                    "data/categories.tsv:{}: not `category<TAB>kind_of`",
                    number + 1
                )),
            }
        }
        let names: Vec<String> = categories.parents.iter().map(|(n, _)| n.clone()).collect();
        for name in names {
            if categories.lineage(&name).len() > categories.parents.len() {
                categories
                    .problems
                    .push(format!("data/categories.tsv: `{name}` is a kind of itself"));
            }
        }
        categories
    }

    /// The category and every category it is a kind of, nearest first (`textiles`, `consumer_goods`). A category
    /// the file does not list is only itself.
    pub fn lineage(&self, category: &str) -> Vec<String> {
        let mut out = vec![category.to_owned()];
        let mut current = category.to_owned();
        // A cycle stops after one more step than there are rows (and `parse` reports it).
        while out.len() <= self.parents.len() {
            let parent = self
                .parents
                .iter()
                .find(|(n, _)| *n == current)
                .and_then(|(_, p)| p.clone());
            let Some(parent) = parent else {
                break;
            };
            out.push(parent.clone());
            current = parent;
        }
        out
    }

    /// Every listed category.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.parents.iter().map(|(n, _)| n.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_hierarchy_parses_and_textiles_are_consumer_goods() {
        let categories = bundled();
        assert!(categories.problems.is_empty(), "{:?}", categories.problems);
        assert_eq!(
            categories.lineage("textiles"),
            ["textiles", "consumer_goods"]
        );
        assert_eq!(categories.lineage("machinery"), ["machinery"]);
        assert_eq!(categories.lineage("unlisted"), ["unlisted"]);
    }

    #[test]
    fn a_cycle_is_reported_and_ends() {
        let categories = Categories::parse("a\tb\nb\ta\n");
        assert!(!categories.problems.is_empty());
        assert!(categories.lineage("a").len() <= 3);
    }
}
