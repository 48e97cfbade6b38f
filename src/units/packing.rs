//! Packing ratios a contract states (`24 pcs per 5-ply export carton`, `sets of 4 pcs`, `每箱24只`) and the count
//! conversions they give for that order: 288 cartons are 6,912 pcs where the contract packs 24 pcs per carton.

use std::sync::OnceLock;

use super::dimension::Dimension;
use super::exact::{self, Exact};
use super::quantity::Quantity;
use super::unit::Unit;

/// Words that may stand between `per` and the container (`per 5-ply export carton`).
const MOST_WORDS_BEFORE_CONTAINER: usize = 3;

/// Conversions are chained through at most this many ratios (pallets to cartons to sets to pieces).
const MOST_STEPS: usize = 3;

/// One ratio: so much `content` in one `container` (`24 pcs` per `carton`).
#[derive(Debug, Clone, PartialEq)]
pub struct Ratio {
    /// What one container holds.
    pub content: Quantity,
    /// The container, a count unit.
    pub container: Unit,
}

/// The packing ratios of one order, each with the place `P` it was read from; pairs of units whose ratios disagree
/// are left out.
#[derive(Debug, Clone)]
pub struct Packing<P> {
    edges: Vec<Edge<P>>,
}

impl<P> Default for Packing<P> {
    fn default() -> Self {
        Packing { edges: Vec::new() }
    }
}

#[derive(Debug, Clone)]
struct Edge<P> {
    /// The container's dimension and the content's.
    from: Dimension,
    to: Dimension,
    /// Base units of content per base unit of container.
    factor: Exact,
    place: P,
}

impl<P: Clone> Packing<P> {
    /// The ratios the texts state. A pair of units given two different ratios converts nothing.
    pub fn read<'t>(texts: impl IntoIterator<Item = (&'t str, P)>) -> Self {
        let mut edges: Vec<Edge<P>> = Vec::new();
        let mut disputed: Vec<(Dimension, Dimension)> = Vec::new();
        for (text, place) in texts {
            for ratio in ratios_stated(text) {
                let Some(edge) = edge_of(&ratio, place.clone()) else {
                    continue;
                };
                match edges
                    .iter()
                    .find(|e| e.from == edge.from && e.to == edge.to)
                {
                    Some(known) if known.factor != edge.factor => {
                        disputed.push((edge.from.clone(), edge.to.clone()));
                    }
                    Some(_) => {}
                    None => edges.push(edge),
                }
            }
        }
        edges.retain(|e| !disputed.iter().any(|(f, t)| *f == e.from && *t == e.to));
        Packing { edges }
    }

    /// True when the order states no usable ratio.
    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    /// `quantity` expressed in `unit` through the stated ratios (shortest chain first), with the places of the
    /// ratios used; `None` when the units are of one dimension already or no chain of ratios joins them.
    pub fn convert(&self, quantity: &Quantity, unit: &Unit) -> Option<(Quantity, Vec<P>)> {
        let from = quantity.unit.dimension();
        let to = unit.dimension();
        if from == to || self.edges.is_empty() {
            return None;
        }
        let (factor, places) = self.chain(from, to)?;
        let base = quantity.exact_difference()?;
        let value = base * factor / unit.exact_factor();
        let value = exact::to_f64(&value);
        value.is_finite().then(|| {
            (
                Quantity {
                    value,
                    unit: unit.clone(),
                },
                places,
            )
        })
    }

    /// The factor from `from` to `to` in base units along the shortest chain of ratios, each usable both ways.
    fn chain(&self, from: &Dimension, to: &Dimension) -> Option<(Exact, Vec<P>)> {
        let mut frontier: Vec<(Dimension, Exact, Vec<usize>)> =
            vec![(from.clone(), Exact::from_integer(1.into()), Vec::new())];
        for _ in 0..MOST_STEPS {
            let mut next = Vec::new();
            for (at, factor, used) in &frontier {
                for (i, edge) in self.edges.iter().enumerate() {
                    if used.contains(&i) {
                        continue;
                    }
                    let step = if edge.from == *at {
                        Some((edge.to.clone(), factor * &edge.factor))
                    } else if edge.to == *at {
                        Some((edge.from.clone(), factor / &edge.factor))
                    } else {
                        None
                    };
                    let Some((reached, factor)) = step else {
                        continue;
                    };
                    let mut used = used.clone();
                    used.push(i);
                    if reached == *to {
                        let places = used.iter().map(|&i| self.edges[i].place.clone()).collect();
                        return Some((factor, places));
                    }
                    next.push((reached, factor, used));
                }
            }
            frontier = next;
        }
        None
    }
}

fn edge_of<P>(ratio: &Ratio, place: P) -> Option<Edge<P>> {
    let content = ratio.content.exact_difference()?;
    if content <= Exact::from_integer(0.into()) {
        return None;
    }
    Some(Edge {
        from: ratio.container.dimension().clone(),
        to: ratio.content.unit.dimension().clone(),
        factor: content / ratio.container.exact_factor(),
        place,
    })
}

/// The packing ratios a text states, in the order written.
pub fn ratios_stated(text: &str) -> Vec<Ratio> {
    let tokens = tokens(super::conditions::read_part(text));
    let mut found = Vec::new();
    for i in 0..tokens.len() {
        let ratio = content_per_container(&tokens, i)
            .or_else(|| container_holds_content(&tokens, i))
            .or_else(|| each_container_content(&tokens, i));
        if let Some(ratio) = ratio {
            found.push(ratio);
        }
    }
    found
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Word(String),
    /// Punctuation that ends a phrase (`,`, `;`, `(`...).
    Stop,
}

/// Words, numbers and stops; a number written against its unit (`24pcs`, `1.44m²`) is two tokens, a word with a
/// number inside (`5-ply`) one, and each Chinese character its own word.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for chunk in text.split(char::is_whitespace) {
        let mut rest = chunk;
        while !rest.is_empty() {
            let c = rest.chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            if is_cjk(c) || c == '/' || c == '=' {
                out.push(Token::Word(c.to_string()));
                rest = &rest[len..];
            } else if ",;:()（）：，；、.".contains(c) && !starts_number(rest) {
                out.push(Token::Stop);
                rest = &rest[len..];
            } else if starts_number(rest) {
                let digits = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                    .unwrap_or(rest.len());
                let (number, after) = rest.split_at(digits);
                if after.starts_with('-') {
                    // `5-ply`, `3-layer`: a word
                    let word_end = rest.find(is_break).unwrap_or(rest.len());
                    out.push(Token::Word(rest[..word_end].to_owned()));
                    rest = &rest[word_end..];
                    continue;
                }
                let number = number.trim_end_matches(['.', ',']);
                let consumed = number.len();
                match number.replace(',', "").parse::<f64>() {
                    Ok(n) if n.is_finite() => out.push(Token::Number(n)),
                    _ => out.push(Token::Stop),
                }
                rest = &rest[consumed.max(1)..];
            } else {
                let word_end = rest.find(is_break).unwrap_or(rest.len());
                let word_end = if word_end == 0 { len } else { word_end };
                out.push(Token::Word(rest[..word_end].to_owned()));
                rest = &rest[word_end..];
            }
        }
    }
    out
}

fn starts_number(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn is_break(c: char) -> bool {
    is_cjk(c) || c == '/' || c == '=' || ",;:()（）：，；、".contains(c) || c.is_whitespace()
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// `24 pcs per 5-ply export carton`, `24 pcs/ctn`, `24只/箱`.
fn content_per_container(tokens: &[Token], i: usize) -> Option<Ratio> {
    let content = quantity_at(tokens, i)?;
    let mut j = i + 2;
    if word(tokens, j) == Some("/") {
        let container = container_at(tokens, j + 1)?;
        return Some(Ratio { content, container });
    }
    j += phrase_at(tokens, j, &words().per)?;
    for k in j..=j + MOST_WORDS_BEFORE_CONTAINER {
        match tokens.get(k) {
            Some(Token::Word(_)) => {
                if let Some(container) = container_at(tokens, k) {
                    return Some(Ratio { content, container });
                }
            }
            _ => return None,
        }
    }
    None
}

/// `each export carton holds 24 pcs`, `sets of 4 pcs`, `1 set = 4 pcs`, `每箱装24只`.
fn container_holds_content(tokens: &[Token], i: usize) -> Option<Ratio> {
    let container = container_at(tokens, i)?;
    if let Some(Token::Number(n)) = i.checked_sub(1).and_then(|p| tokens.get(p)) {
        // `300 cartons of 24 pcs` describes the shipment, and still each carton's content; only a number
        // that is not a count of containers is refused (`1.5 sets`).
        if n.fract() != 0.0 {
            return None;
        }
    }
    let j = i + 1 + phrase_at(tokens, i + 1, &words().holds)?;
    let content = quantity_at(tokens, j)?;
    Some(Ratio { content, container })
}

/// `每箱24只`: the each-word, the container, the content.
fn each_container_content(tokens: &[Token], i: usize) -> Option<Ratio> {
    phrase_at(tokens, i, &words().each)?;
    let container = container_at(tokens, i + 1)?;
    let mut j = i + 2;
    if let Some(n) = phrase_at(tokens, j, &words().holds) {
        j += n;
    }
    let content = quantity_at(tokens, j)?;
    Some(Ratio { content, container })
}

/// A number and the unit after it, a content a container may hold: a count, a length or an area. A mass or a
/// volume per carton is most often the carton's own (gross weight, measurement), not what it holds, so neither is a
/// content.
fn quantity_at(tokens: &[Token], i: usize) -> Option<Quantity> {
    let Token::Number(value) = tokens.get(i)? else {
        return None;
    };
    let unit = unit_at(tokens, i + 1)?;
    let dimension = unit.dimension();
    let content = dimension.is_count()
        || ["L", "L^2"]
            .into_iter()
            .any(|d| Dimension::parse(d).is_ok_and(|d| d == *dimension));
    content.then_some(Quantity {
        value: *value,
        unit,
    })
}

/// A container unit: one the packing table lists, in any of its spellings or a Chinese measure word.
fn container_at(tokens: &[Token], i: usize) -> Option<Unit> {
    let unit = unit_at(tokens, i)?;
    let dimension = unit.dimension();
    words()
        .containers
        .iter()
        .any(|c| c.dimension() == dimension)
        .then_some(unit)
}

fn unit_at(tokens: &[Token], i: usize) -> Option<Unit> {
    let text = word(tokens, i)?;
    if let Some((_, symbol)) = words().measures.iter().find(|(w, _)| w == text) {
        return Unit::parse(symbol).ok();
    }
    if text.chars().any(|c| c.is_ascii_digit()) || text.len() > 24 {
        return None;
    }
    let trimmed = text.trim_end_matches(['.', ',']);
    Unit::parse(trimmed).ok()
}

fn word(tokens: &[Token], i: usize) -> Option<&str> {
    match tokens.get(i)? {
        Token::Word(w) => Some(w.as_str()),
        _ => None,
    }
}

/// The length in tokens of the longest phrase of `phrases` that starts at `i`, matched ignoring case.
fn phrase_at(tokens: &[Token], i: usize, phrases: &[Vec<String>]) -> Option<usize> {
    phrases
        .iter()
        .filter(|p| {
            p.iter()
                .enumerate()
                .all(|(k, w)| word(tokens, i + k).is_some_and(|t| t.eq_ignore_ascii_case(w)))
        })
        .map(Vec::len)
        .max()
}

struct Words {
    per: Vec<Vec<String>>,
    holds: Vec<Vec<String>>,
    each: Vec<Vec<String>>,
    containers: Vec<Unit>,
    measures: Vec<(String, String)>,
}

fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut w = Words {
            per: Vec::new(),
            holds: Vec::new(),
            each: Vec::new(),
            containers: Vec::new(),
            measures: Vec::new(),
        };
        let rows = include_str!("../../data/packing.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1);
        for row in rows {
            let mut cells = row.split('\t');
            let (Some(kind), Some(words)) = (cells.next(), cells.next()) else {
                continue;
            };
            let phrase = || {
                tokens(words).into_iter().filter_map(|t| match t {
                    Token::Word(w) => Some(w),
                    _ => None,
                })
            };
            match kind {
                "per" => w.per.push(phrase().collect()),
                "holds" => w.holds.push(phrase().collect()),
                "each" => w.each.push(phrase().collect()),
                // INVARIANT: data/packing.tsv is bundled and its units are tested to parse (tests below).
                "container" => w.containers.extend(Unit::parse(words).ok()),
                "measure" => {
                    if let Some(symbol) = cells.next() {
                        w.measures.push((words.to_owned(), symbol.to_owned()));
                    }
                }
                _ => {}
            }
        }
        w
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<String> {
        ratios_stated(text)
            .into_iter()
            .map(|r| format!("{} per {}", r.content, r.container.symbol()))
            .collect()
    }

    #[test]
    fn every_row_of_the_table_is_usable() {
        let table = include_str!("../../data/packing.tsv");
        let containers = table
            .lines()
            .filter(|l| l.starts_with("container\t"))
            .count();
        assert_eq!(words().containers.len(), containers);
        for (_, symbol) in &words().measures {
            assert!(Unit::parse(symbol).is_ok(), "{symbol}");
        }
    }

    #[test]
    fn ratios_are_read_as_contracts_write_them() {
        assert_eq!(
            read("24 pcs per 5-ply export carton, 300 cartons in total"),
            ["24 pcs per carton"]
        );
        assert_eq!(
            read("each export carton holds 24 pcs."),
            ["24 pcs per carton"]
        );
        assert_eq!(read("in sets of 4 pcs"), ["4 pcs per sets"]);
        assert_eq!(read("1 set = 4 pcs"), ["4 pcs per set"]);
        assert_eq!(
            read("24pcs/ctn, 12 pairs per carton"),
            ["24 pcs per ctn", "12 pairs per carton"]
        );
        assert_eq!(read("1.44 m² per box"), ["1.44 m² per box"]);
        assert_eq!(
            read("每箱24只，24只/箱"),
            ["24 pcs per cartons", "24 pcs per cartons"]
        );
    }

    #[test]
    fn prices_rates_and_defects_are_not_packing() {
        assert!(read("4.20 USD per piece").is_empty());
        assert!(read("2 defects per 100 pcs").is_empty());
        assert!(read("60 pcs per minute").is_empty());
        assert!(read("1 pc per white inner box with barcode").len() == 1);
    }

    #[test]
    fn conversions_chain_and_disputed_pairs_convert_nothing() {
        let packing = Packing::read([("4 pcs per set; 6 sets per carton", 0), ("200 cartons", 1)]);
        let cartons = Quantity::parse("10 cartons").unwrap();
        let (pcs, places) = packing
            .convert(&cartons, &Unit::parse("pcs").unwrap())
            .unwrap();
        assert_eq!(pcs.value, 240.0);
        assert_eq!(places, [0, 0]);
        let disputed = Packing::read([("24 pcs per carton", 0), ("12 pcs per carton", 1)]);
        assert!(disputed
            .convert(&cartons, &Unit::parse("pcs").unwrap())
            .is_none());
        let dozen = Packing::read([("10 dozen per carton", 0)]);
        let (pcs, _) = dozen
            .convert(
                &Quantity::parse("2 cartons").unwrap(),
                &Unit::parse("pcs").unwrap(),
            )
            .unwrap();
        assert_eq!(pcs.value, 240.0);
    }
}
