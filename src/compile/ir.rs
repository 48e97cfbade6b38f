//! The compiled rule set: names, paths, types and units resolved, regexes and lexicons built.
//! Evaluation reads it and cannot fail on it; only data can be missing or disagree.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use regex_automata::meta::Regex;

use crate::compile::types::Type;
use crate::records::schema::RecordKind;
use crate::source::{FileId, Location, Span};
use crate::syntax::ast::Quantifier;
use crate::units::{Quantity, Requirement};

/// Everything the loaded packs say, ready to run.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Packs in load order.
    pub packs: Vec<PackInfo>,
    /// Rules, sorted by id.
    pub rules: Vec<CompiledRule>,
    /// Tables, addressed by `Root::Table`.
    pub tables: Vec<Table>,
}

/// A table of data declared in a pack, as a list of rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// Table name.
    pub name: String,
    /// The file that declares it (row spans point into it).
    pub file: FileId,
    /// A list of mappings from column name to cell, with spans.
    pub rows: crate::records::document::Value,
}

/// Which pack versions run: for each pack of a `RuleSet`, whether it is selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Indexed like `RuleSet::packs`.
    pub active: Vec<bool>,
    /// Pack names with no version in force on the date (and none pinned).
    pub none_in_force: Vec<String>,
}

impl RuleSet {
    /// The pack versions that run on a case of this category: those `selection` chose that apply to it. Reports name
    /// these, so a machinery case does not list the consumer-goods pack.
    pub fn ran(&self, selection: &Selection, category: Option<&str>) -> Selection {
        let mut ran = selection.clone();
        for (active, applies) in ran.active.iter_mut().zip(self.applicable(category)) {
            *active = *active && applies;
        }
        ran
    }

    /// Which pack versions apply to a contract of this category: a pack that names the category, a category it is
    /// a kind of (`data/categories.tsv`), `all`, or no category; and every pack that an applying pack `extends`,
    /// through any number of steps. Which version of each runs is `select`'s business.
    pub fn applicable(&self, category: Option<&str>) -> Vec<bool> {
        let lineage = category
            .map(|c| crate::records::categories::bundled().lineage(c))
            .unwrap_or_default();
        let mut applies: Vec<bool> = self
            .packs
            .iter()
            .map(|p| p.names_category(&lineage))
            .collect();
        loop {
            let extended: std::collections::BTreeSet<&str> = self
                .packs
                .iter()
                .zip(&applies)
                .filter(|(_, a)| **a)
                .flat_map(|(p, _)| p.extends.iter().map(String::as_str))
                .collect();
            let mut changed = false;
            for (pack, applies) in self.packs.iter().zip(applies.iter_mut()) {
                if !*applies && extended.contains(pack.name.as_str()) {
                    *applies = true;
                    changed = true;
                }
            }
            if !changed {
                return applies;
            }
        }
    }

    /// Chooses, for every pack name, the version in force on `date` (the latest effective one),
    /// unless `pins` (`name@version`) names a version. Unknown pins are returned as errors.
    pub fn select(&self, date: NaiveDate, pins: &[String]) -> Result<Selection, String> {
        let mut active = vec![false; self.packs.len()];
        let mut none_in_force = Vec::new();
        for pin in pins {
            let (name, version) = pin
                .split_once('@')
                .ok_or_else(|| format!("`{pin}` is not NAME@VERSION"))?;
            if !self.packs.iter().any(|p| p.name == name) {
                return Err(format!("no pack named `{name}` is loaded"));
            }
            let index = self
                .packs
                .iter()
                .position(|p| p.name == name && p.version == version)
                .ok_or_else(|| {
                    let known: Vec<&str> = self
                        .packs
                        .iter()
                        .filter(|p| p.name == name)
                        .map(|p| p.version.as_str())
                        .collect();
                    format!(
                        "pack `{name}` has no version `{version}`; loaded versions: {}",
                        known.join(", ")
                    )
                })?;
            if let Some(slot) = active.get_mut(index) {
                *slot = true;
            }
        }
        let mut names: Vec<&str> = self.packs.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            if pins
                .iter()
                .any(|p| p.split_once('@').is_some_and(|(n, _)| n == name))
            {
                continue;
            }
            let chosen = self
                .packs
                .iter()
                .enumerate()
                .filter(|(_, p)| p.name == name && p.in_force_on(date))
                .max_by(|(_, a), (_, b)| {
                    a.effective
                        .cmp(&b.effective)
                        .then_with(|| version_order(&a.version, &b.version))
                });
            match chosen.and_then(|(i, _)| active.get_mut(i)) {
                Some(slot) => *slot = true,
                None => none_in_force.push(name.to_owned()),
            }
        }
        Ok(Selection {
            active,
            none_in_force,
        })
    }

    /// Every pack active.
    pub fn all(&self) -> Selection {
        Selection {
            active: vec![true; self.packs.len()],
            none_in_force: Vec::new(),
        }
    }
}

/// Orders versions by semantic-versioning precedence (`1.10.0` after `1.9.0`, `2.0.0-rc.1` before `2.0.0`), as
/// the `semver` crate does. A version that does not parse (already an error from the compiler) sorts first.
pub fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    let parse = |v: &str| semver::Version::parse(v).ok();
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => x.cmp_precedence(&y).then_with(|| x.cmp(&y)),
        (x, y) => x.is_some().cmp(&y.is_some()).then_with(|| a.cmp(b)),
    }
}

/// What a pack header declares.
#[derive(Debug, Clone, PartialEq)]
pub struct PackInfo {
    /// Pack name.
    pub name: String,
    /// Version string.
    pub version: String,
    /// In force from.
    pub effective: Option<NaiveDate>,
    /// In force until (inclusive).
    pub until: Option<NaiveDate>,
    /// What changed in this version.
    pub changelog: String,
    /// `based_on`: the version of the same pack this one is written as changes against.
    pub based_on: Option<String>,
    /// Each lexicon of this version, by name: its phrases with their advice (for `rules diff`).
    pub lexicons: std::collections::BTreeMap<String, Vec<(String, String)>>,
    /// Each table of this version, by name: its rows as written (`row "A", 0.65, 20`), for `rules diff`.
    pub tables: std::collections::BTreeMap<String, Vec<String>>,
    /// Packs it builds on.
    pub extends: Vec<String>,
    /// Product categories it applies to; empty or `all` means every category.
    pub categories: Vec<String>,
    /// The file that declared it.
    pub file: FileId,
    /// SHA-256 of the pack's files (in name order), so a result names exactly the rules that produced it; a
    /// `based_on` version's hash starts from its base's hash, so a change to the base changes it too.
    pub hash: String,
}

impl PackInfo {
    /// True when this version is in force on a date.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.effective.is_none_or(|from| from <= date) && self.until.is_none_or(|to| date <= to)
    }

    /// `name@version`.
    pub fn label(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }

    /// The short form of the hash shown to people.
    pub fn short_hash(&self) -> &str {
        self.hash.get(..12).unwrap_or(&self.hash)
    }

    /// True when the pack names one of these categories (a contract's category and those it is a kind of), or
    /// `all`, or none. `RuleSet::applicable` adds the packs that applying packs extend.
    pub fn names_category(&self, lineage: &[String]) -> bool {
        if self.categories.is_empty() || self.categories.iter().any(|c| c == "all") {
            return true;
        }
        self.categories.iter().any(|c| lineage.contains(c))
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The claim does not hold as it stands.
    Error,
    /// Weakens the claim.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// All severities, as written in rules.
    pub const WORDS: [&'static str; 3] = ["error", "warning", "info"];

    /// Reads the word used in rule files.
    pub fn from_word(word: &str) -> Option<Severity> {
        match word {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// When in an order's life a rule speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Before the deposit moves.
    Contract,
    /// The pre-shipment inspection.
    PreShipment,
    /// Goods on arrival.
    Arrival,
    /// Filing the dispute.
    Filing,
}

impl Stage {
    /// All stages, as written in rules.
    pub const WORDS: [&'static str; 4] = ["contract", "pre_shipment", "arrival", "filing"];

    /// Reads the word used in rule files.
    pub fn from_word(word: &str) -> Option<Stage> {
        match word {
            "contract" => Some(Stage::Contract),
            "pre_shipment" => Some(Stage::PreShipment),
            "arrival" => Some(Stage::Arrival),
            "filing" => Some(Stage::Filing),
            _ => None,
        }
    }

    /// The record whose stage this is: a spec statement's finding names the record its prelude rule speaks of.
    pub fn record(self) -> Option<RecordKind> {
        match self {
            Stage::Contract => Some(RecordKind::Contract),
            Stage::PreShipment => Some(RecordKind::Inspection),
            Stage::Arrival => Some(RecordKind::Evidence),
            Stage::Filing => None,
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Contract => "contract",
            Stage::PreShipment => "pre_shipment",
            Stage::Arrival => "arrival",
            Stage::Filing => "filing",
        })
    }
}

impl CompiledRule {
    /// Whether the rule's own dates cover `date` (a rule without dates always does).
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.effective.is_none_or(|from| from <= date) && self.until.is_none_or(|to| date <= to)
    }
}

/// A public source a pack declares and its rules cite (`source B1 "title" "url" undated`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The id rules cite it by, unique in its pack version.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Where it can be read, if it has an address.
    pub url: Option<String>,
    /// What is known of its date.
    pub date: SourceDate,
}

/// What is known of a source's date: never a default, so a date is shown only where the pack gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceDate {
    /// The copy read carries no date.
    Undated,
    /// The date the source gives itself.
    Dated(NaiveDate),
    /// The day the copy was read.
    Retrieved(NaiveDate),
}

impl std::fmt::Display for Source {
    /// `B1, "title", URL (undated)`: one line, as `explain` and `docs/rules.md` show it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}", self.id, self.title)?;
        if let Some(url) = &self.url {
            write!(f, ", {url}")?;
        }
        match self.date {
            SourceDate::Undated => write!(f, " (undated)"),
            SourceDate::Dated(d) => write!(f, " (dated {d})"),
            SourceDate::Retrieved(d) => write!(f, " (retrieved {d})"),
        }
    }
}

/// A rule ready to run.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    /// Stable id.
    pub id: String,
    /// One-line title.
    pub title: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// The severity when a whole case is checked (all stages), if it differs: a contract gap that `lint` must
    /// stop can be only a warning once the contract is signed and the claim does not rest on it.
    pub case_severity: Option<Severity>,
    /// Lifecycle stage.
    pub stage: Stage,
    /// The term or guidance it enforces.
    pub cite: String,
    /// The declared public sources its cite names, in the order written (none for a plain `cite "..."`).
    pub sources: Vec<Source>,
    /// The dispute-killing pattern it guards against, if it names one.
    pub pattern: Option<String>,
    /// Message template.
    pub message: Template,
    /// Help template.
    pub help: Template,
    /// Index into `RuleSet::packs`.
    pub pack: usize,
    /// Where the rule is written (its id).
    pub location: Location,
    /// The whole `rule { ... }` block.
    pub block: Location,
    /// Where its `require` is written.
    pub require_location: Location,
    /// `for`, `let` and `when` in written order.
    pub steps: Vec<Step>,
    /// What it requires.
    pub check: Check,
    /// Number of variable slots the rule uses.
    pub slots: usize,
    /// `effective`: the rule runs for dates from this one (within its pack's own dates).
    pub effective: Option<NaiveDate>,
    /// `until`: the rule runs for dates up to this one, inclusive.
    pub until: Option<NaiveDate>,
}

/// A variable slot in a rule's environment.
pub type Slot = usize;

/// A scoping step before the check.
#[derive(Debug, Clone)]
pub enum Step {
    /// Run the rest once per element.
    For {
        /// Slot for the map key.
        key: Option<Slot>,
        /// Slot for the element.
        item: Slot,
        /// The list or map.
        source: CExpr,
    },
    /// Bind a value.
    Let {
        /// Target slot.
        slot: Slot,
        /// The value.
        value: CExpr,
    },
    /// Skip unless the guard holds.
    When(CExpr),
}

/// What a rule requires.
#[derive(Debug, Clone)]
pub enum Check {
    /// A boolean expression.
    Expr(CExpr),
    /// The spec statement across three records (boxed: most rules require an expression).
    Spec(Box<SpecCheck>),
}

/// A compiled spec statement.
#[derive(Debug, Clone)]
pub struct SpecCheck {
    /// The spec item.
    pub item: String,
    /// The rule's requirement.
    pub requirement: Requirement,
    /// Its text as written.
    pub requirement_text: String,
    /// The test method.
    pub method: String,
    /// The prelude's rules with the item, requirement and method filled in, each run as a part of this rule.
    pub parts: Vec<CompiledRule>,
}

/// A message template.
#[derive(Debug, Clone, Default)]
pub struct Template {
    /// Pieces in order.
    pub parts: Vec<TemplatePart>,
}

/// A piece of a template.
#[derive(Debug, Clone)]
pub enum TemplatePart {
    /// Literal text.
    Text(String),
    /// A value rendered in place (boxed: most parts are text, and an expression is several times a string's size).
    Hole(Box<CExpr>),
}

/// A typed expression.
#[derive(Debug, Clone)]
pub struct CExpr {
    /// What it computes.
    pub kind: CKind,
    /// Its static type.
    pub ty: Type,
    /// Where it is written.
    pub span: Span,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// Built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// Number of elements of a list or map, or characters of a text.
    Len,
    /// Absolute value of a number or quantity.
    Abs,
    /// The whole number at or below a number (`floor(days / 7)`: full weeks).
    Floor,
    /// The whole number at or above a number (`ceil(days / 7)`: started weeks).
    Ceil,
    /// A duration as a number of days.
    Days,
    /// The date of a timestamp.
    Date,
    /// Lower-case text.
    Lower,
    /// The keys of a mapping, as a list of texts.
    Keys,
    /// The number of a quantity in its own unit (`4 units` gives 4).
    Number,
    /// The event a claim window counts from (`receipt`, `delivery`, `arrival`, `shipment`), or `unstated`.
    Event,
    /// What a quantity or requirement measures, in words (`force`, `power`, `length`, `cycles per time`,
    /// `mass per area`, `sound level dB(A)`), or `named` for a named requirement or a text.
    Measures,
    /// The test conditions a text states (`@ 20 rpm, 25 °C`), each a requirement with a unit; counts and
    /// unitless numbers are not conditions (`units::conditions_stated`).
    Conditions,
    /// The durations a text states, as numbers of days (`the first 5 days` gives 5, `2 weeks` 14).
    Durations,
    /// The percentages a text states, as numbers (`±3% more or less` gives 3).
    Percentages,
    /// The standards a text names (`data/standards.tsv`), as `prefix number` without the year.
    Standards,
    /// The inspection bodies a text names (`data/inspection_bodies.tsv`), each by its first name there.
    Bodies,
    /// What a requirement or a measured value is: `numeric` (a quantity, or a bound, range or tolerance with a
    /// unit), `nominal` (a bare value of a measured quantity, `10000 W`, with no tolerance), `grade` (it names a material grade of `data/grades.tsv`, compared through the grade table),
    /// `standard` (it names a standard with its number), `reference` (an identified sample or drawing,
    /// `data/references.tsv`), `composition` (`100% cotton`), `described` (words that state a quantity, `Fe 1.0 mm: 0 detections`), or `named`
    /// (words with nothing to rule on).
    Form,
    /// A requirement, measured value, quantity, number or date as text (`>= 50 cycles/min`), so `matches` reads it.
    Text,
}

/// The kinds of compiled expression.
#[derive(Debug, Clone)]
pub enum CKind {
    /// A constant.
    Const(Const),
    /// The evaluation date.
    AsOf,
    /// A path into a record or a variable.
    Path(CPath),
    /// `not`
    Not(Box<CExpr>),
    /// `and`
    And(Box<CExpr>, Box<CExpr>),
    /// `or`
    Or(Box<CExpr>, Box<CExpr>),
    /// Comparisons.
    Compare(CmpOp, Box<CExpr>, Box<CExpr>),
    /// `+` (date plus duration, quantities).
    Add(Box<CExpr>, Box<CExpr>),
    /// `-` (date minus date or duration, quantities).
    Sub(Box<CExpr>, Box<CExpr>),
    /// A number times a number, or a quantity scaled by a number.
    Mul(Box<CExpr>, Box<CExpr>),
    /// A number or a quantity over a number.
    Div(Box<CExpr>, Box<CExpr>),
    /// `satisfies` / `within`.
    Satisfies(Box<CExpr>, Box<CExpr>),
    /// Whether some value meets both requirements.
    Overlaps(Box<CExpr>, Box<CExpr>),
    /// `exists` (or `missing` when negated).
    Exists(Box<CExpr>, bool),
    /// `matches`.
    Matches(Box<CExpr>, Arc<Regex>),
    /// `mentions`.
    Mentions(Box<CExpr>, Arc<Lexicon>),
    /// `after(text, LEXICON)`: the rest of the sentence after the first phrase of the lexicon in the text.
    After(Box<CExpr>, Arc<Lexicon>),
    /// `in [...]`.
    OneOf(Box<CExpr>, Vec<CExpr>),
    /// `in list`, the list computed.
    Member(Box<CExpr>, Box<CExpr>),
    /// `measured_by`: the path's value counts only if its measurement names this method.
    MeasuredBy(Box<CExpr>, String),
    /// `all` / `any` / `none`.
    Quantified(Quantifier, Slot, Box<CExpr>, Box<CExpr>),
    /// `count`.
    Count(Slot, Box<CExpr>, Option<Box<CExpr>>),
    /// `first x in xs where cond`.
    First(Slot, Box<CExpr>, Box<CExpr>),
    /// A built-in function.
    Call(Builtin, Vec<CExpr>),
}

/// A constant value (quantities and requirements boxed: every expression node is as large as its largest constant).
#[derive(Debug, Clone)]
pub enum Const {
    /// Number.
    Number(f64),
    /// Text.
    Text(String),
    /// Date.
    Date(NaiveDate),
    /// Boolean.
    Bool(bool),
    /// Quantity.
    Quantity(Box<Quantity>),
    /// Requirement.
    Requirement(Box<Requirement>),
    /// List of constants or expressions.
    List(Vec<CExpr>),
}

/// A resolved path.
#[derive(Debug, Clone)]
pub struct CPath {
    /// Where it starts.
    pub root: Root,
    /// Steps after the root.
    pub steps: Vec<CStep>,
    /// The path as written, for labels.
    pub text: String,
}

/// The start of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// A record of the case.
    Record(RecordKind),
    /// A bound variable (also the key bound by `for key, item in ...`).
    Var(Slot),
    /// A table, by index into `RuleSet::tables`.
    Table(usize),
}

/// A step of a resolved path.
#[derive(Debug, Clone)]
pub enum CStep {
    /// `.name`
    Field(String),
    /// `[expr]`
    Index(Box<CExpr>),
    /// `[*]`
    Wildcard,
}

/// A phrase pattern of a compiled lexicon.
#[derive(Debug, Clone)]
pub struct LexiconEntry {
    /// The pattern as written.
    pub phrase: String,
    /// What to write instead.
    pub replacement: String,
    /// The rules it leaves unprovable when it stands in for a spec item.
    pub leaves: Vec<String>,
    /// The pattern (`text::pattern_regex`), built on first use.
    pub regex: LazyRegex,
    /// Sets of words of which every match contains one word each (`text::pattern_anchors`): a text lacking every
    /// word of a set is not searched.
    pub anchors: Option<Vec<Vec<String>>>,
    /// The context in the same sentence that makes the phrase precise.
    pub unless: Option<Unless>,
}

/// `unless SIDE by KIND | KIND`: where a recogniser looks, and which ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unless {
    /// Where in the sentence the context may stand.
    pub side: UnlessSide,
    /// What makes the phrase precise.
    pub kinds: Vec<Recogniser>,
}

/// Where context may stand relative to a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlessSide {
    /// From the phrase to the end of its sentence.
    Followed,
    /// From the start of the sentence to the end of the phrase.
    Preceded,
    /// Anywhere in the phrase's sentence.
    Qualified,
    /// Anywhere in the phrase's sentence, before its segment too: a pass criterion after its test's conditions
    /// (`held upside down for 30 s, no leak`).
    Accompanied,
}

/// The recognisers behind `form(x)` and `standards(x)`, all reading the data files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recogniser {
    /// A standard with its number (`data/standards.tsv`): `IEC 60529`, `IP67`, `GB 4806.9-2016`.
    Standard,
    /// A number with a unit of `data/units.tsv`: `25 kg`, `>= 44 lb/in`.
    Quantity,
    /// An identified sample or drawing (`data/references.tsv`) with its id close behind: `sample GS-0412`.
    Reference,
    /// A material grade (`data/grades.tsv`): `SUS304`.
    Grade,
    /// A composition: `100% cotton`.
    Composition,
    /// A calendar date: `2026-05-15`, `15 May 2026`, `May 15, 2026`, `2026年5月15日`.
    Date,
    /// A tolerance or a hard bound on a number: `± 0.15 kg`, `+5 % / -10 %`, `≤ 1.8 s`, `not to exceed 1,350 kg`.
    /// Looks to the end of the phrase's lines, past a `;`: a tolerance written for a value applies to its line.
    Tolerance,
}

impl Recogniser {
    /// Every recogniser with its name in the rule language.
    pub const ALL: [(&'static str, Recogniser); 7] = [
        ("standard", Recogniser::Standard),
        ("quantity", Recogniser::Quantity),
        ("reference", Recogniser::Reference),
        ("grade", Recogniser::Grade),
        ("composition", Recogniser::Composition),
        ("date", Recogniser::Date),
        ("tolerance", Recogniser::Tolerance),
    ];
}

/// A compiled lexicon: word patterns with replacements, matched case-insensitively across white space.
#[derive(Debug)]
pub struct Lexicon {
    /// Lexicon name.
    pub name: String,
    /// Patterns in file order.
    pub entries: Vec<LexiconEntry>,
    /// `except` patterns: a phrase that touches text they match does not count.
    pub excepts: Vec<ExceptPattern>,
    /// `marks segment`: a hit marks the segment it stands in (`text::segment_around`), phrases in one segment one mark.
    pub marks_segment: bool,
    /// `finds terms`: the phrases count wherever they stand (no guards for vague wording).
    pub finds_terms: bool,
    /// The anchor words of `entries` and `excepts` in one automaton, built on first use (`anchor_index`).
    pub anchors: std::sync::OnceLock<super::anchors::AnchorIndex>,
}

impl Lexicon {
    /// The anchor index of the entries and excepts, built the first time a text is searched.
    pub fn anchor_index(&self) -> &super::anchors::AnchorIndex {
        self.anchors.get_or_init(|| {
            super::anchors::AnchorIndex::new(
                self.entries.iter().map(|e| &e.anchors),
                self.excepts.iter().map(|e| &e.anchors),
            )
        })
    }
}

/// An `except` pattern of a lexicon.
#[derive(Debug, Clone)]
pub struct ExceptPattern {
    /// The pattern, built on first use.
    pub regex: LazyRegex,
    /// Its anchor words, as for a phrase (`LexiconEntry::anchors`): a text lacking every word of a set is not
    /// searched, and the regex is not built for it.
    pub anchors: Option<Vec<Vec<String>>>,
}

/// A regex built when first used: a lexicon holds hundreds of phrases and a case meets few of them, and building a
/// case-insensitive Unicode regex costs far more than searching a text with it. A pattern whose build could fail
/// (a long one, past `regexes::LAZY_MAX_LEN`) is built while compiling, so its error is reported then.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    source: String,
    built: std::sync::OnceLock<Result<Arc<Regex>, String>>,
    /// The same pattern built for long texts (`regexes::build_for_long`), when one is first searched.
    for_long: std::sync::OnceLock<Result<Arc<Regex>, String>>,
}

/// A text longer than this is searched with the regex built for long texts.
const LONG_TEXT: usize = 4096;

impl LazyRegex {
    /// A regex to build on first use.
    pub(crate) fn new(source: String) -> Self {
        LazyRegex {
            source,
            built: std::sync::OnceLock::new(),
            for_long: std::sync::OnceLock::new(),
        }
    }

    /// A regex already built.
    pub(crate) fn built(source: String, regex: Arc<Regex>) -> Self {
        LazyRegex {
            source,
            built: std::sync::OnceLock::from(Ok(regex)),
            for_long: std::sync::OnceLock::new(),
        }
    }

    /// The regex, built now if it was not yet; `None` only if it cannot be built, which compiling rules out.
    pub fn get(&self) -> Option<&Regex> {
        self.built
            .get_or_init(|| super::regexes::build(&self.source))
            .as_ref()
            .ok()
            .map(|r| &**r)
    }

    /// The regex to search `text` with: built for long texts when it is long, otherwise `get`.
    pub fn get_for(&self, text: &str) -> Option<&Regex> {
        if text.len() <= LONG_TEXT {
            return self.get();
        }
        self.for_long
            .get_or_init(|| super::regexes::build_for_long(&self.source))
            .as_ref()
            .ok()
            .map(|r| &**r)
    }
}

/// Compiled nodes are held for the whole run, one rule per rule written (docs/security.md, rule-file memory); rare
/// large variants are boxed, and these bounds keep a new variant from undoing that unnoticed.
#[cfg(all(test, target_pointer_width = "64"))]
mod size_tests {
    use super::*;

    #[test]
    fn compiled_nodes_stay_small() {
        assert!(std::mem::size_of::<CompiledRule>() <= 416);
        assert!(std::mem::size_of::<CExpr>() <= 120);
        assert!(std::mem::size_of::<TemplatePart>() <= 24);
        assert!(std::mem::size_of::<Const>() <= 32);
    }
}
