//! The syntax tree of a rule file, as the parser gives it: names unresolved, every node with its byte span.
//! It borrows nothing from pest; later stages read it and never change it.

use serde::{Deserialize, Serialize};

use crate::source::{Span, Spanned};

/// One parsed rule file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleFile {
    /// The `pack { ... }` header.
    pub pack: PackHeader,
    /// `methods a, b` declarations, in file order.
    pub methods: Vec<Spanned<String>>,
    /// Lexicons, in file order.
    pub lexicons: Vec<Lexicon>,
    /// Tables, in file order.
    pub tables: Vec<Table>,
    /// Rules, in file order.
    pub rules: Vec<Rule>,
    /// `pattern P4 "..."` declarations: id and text.
    pub patterns: Vec<(Spanned<String>, Spanned<String>)>,
    /// `source B1 "title" "url" undated` declarations, in file order.
    pub sources: Vec<SourceDecl>,
    /// `def name(args) = expr` and pack-level `let name = expr`, in file order.
    pub definitions: Vec<Definition>,
    /// Changes against the base version (`based_on`): replaced, removed and retired rules, amended lexicons.
    pub changes: Vec<Change>,
}

/// One change a `based_on` version makes to its base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// `replace rule ID { ... }`: the rule's new full definition.
    Replace(Rule),
    /// `remove rule ID`.
    Remove {
        /// The rule's id.
        id: Spanned<String>,
        /// The whole change.
        span: Span,
    },
    /// `retire rule ID until DATE`.
    Retire {
        /// The rule's id.
        id: Spanned<String>,
        /// The last day the rule runs (text as written; checked by the compiler).
        until: Spanned<String>,
        /// The whole change.
        span: Span,
    },
    /// `amend table NAME { + row ...  - row ... }`.
    AmendTable {
        /// The table's name.
        name: Spanned<String>,
        /// Rows added.
        add: Vec<TableRow>,
        /// Rows removed, as written in the base.
        remove: Vec<TableRow>,
        /// The whole change.
        span: Span,
    },
    /// `amend lexicon NAME { + entry  - "phrase" }`.
    AmendLexicon {
        /// The lexicon's name.
        name: Spanned<String>,
        /// Entries added.
        add: Vec<LexiconEntry>,
        /// Phrases removed, as written in the base.
        remove: Vec<Spanned<String>>,
        /// The whole change.
        span: Span,
    },
}

impl Change {
    /// The name the change is about (a rule id or a lexicon name).
    pub fn target(&self) -> &Spanned<String> {
        match self {
            Change::Replace(rule) => &rule.id,
            Change::Remove { id, .. } | Change::Retire { id, .. } => id,
            Change::AmendLexicon { name, .. } | Change::AmendTable { name, .. } => name,
        }
    }
}

/// A pack-level definition, visible to every rule of the pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    /// The name.
    pub name: Spanned<String>,
    /// `def name(a, b)`: the parameters; `None` for a pack-level `let`, which is a value, not a function.
    pub params: Option<Vec<Spanned<String>>>,
    /// The expression.
    pub body: Expr,
    /// The whole declaration.
    pub span: Span,
}

/// A table of data for look-ups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Table name.
    pub name: Spanned<String>,
    /// Column names with their declared type (`number` or `text`).
    pub columns: Vec<(Spanned<String>, Spanned<String>)>,
    /// Rows of cells.
    pub rows: Vec<TableRow>,
    /// The whole declaration.
    pub span: Span,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    /// The cells, in column order.
    pub cells: Vec<Spanned<Cell>>,
    /// The whole row.
    pub span: Span,
    /// The file the row was written in, when a version's `amend table` carries a base's row into its own file
    /// (`None`: the file of the table holding it). Set while resolving versions, never by the parser.
    #[serde(skip)]
    pub origin: Option<crate::source::FileId>,
}

impl TableRow {
    /// The row as the rule language writes it: `row "A", 0.65, 20`.
    pub fn text(&self) -> String {
        let cells: Vec<String> = self
            .cells
            .iter()
            .map(|c| match &c.value {
                Cell::Number(n) => n.to_string(),
                Cell::Text(t) => format!("{t:?}"),
            })
            .collect();
        format!("row {}", cells.join(", "))
    }

    /// Whether two rows hold the same cells (numbers compared as numbers: `1.0` is `1`).
    pub fn same_cells(&self, other: &TableRow) -> bool {
        self.cells.len() == other.cells.len()
            && self
                .cells
                .iter()
                .zip(&other.cells)
                .all(|(x, y)| x.value == y.value)
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    /// A number.
    Number(f64),
    /// A quoted text.
    Text(String),
}

/// The header that names the pack a file belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackHeader {
    /// Pack name.
    pub name: Spanned<String>,
    /// `version "1.2.0"`.
    pub version: Option<Spanned<String>>,
    /// `based_on "1.0.0"`: the version of the same pack this one is written as changes against.
    pub based_on: Option<Spanned<String>>,
    /// `effective 2026-01-01` (text as written; checked by the compiler).
    pub effective: Option<Spanned<String>>,
    /// `until 2026-12-31`.
    pub until: Option<Spanned<String>>,
    /// `changelog "..."`.
    pub changelog: Option<Spanned<String>>,
    /// `extends a, b`.
    pub extends: Vec<Spanned<String>>,
    /// `categories machinery, consumer_goods`.
    pub categories: Vec<Spanned<String>>,
    /// The whole header.
    pub span: Span,
}

/// A named list of phrases, each with a suggested replacement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lexicon {
    /// Lexicon name.
    pub name: Spanned<String>,
    /// `"phrase" => "replacement" [leaves RULE] [unless ...]` entries.
    pub entries: Vec<LexiconEntry>,
    /// `except "pattern"`: text in which no phrase counts.
    pub excepts: Vec<Spanned<String>>,
    /// `marks segment`: findings mark the segment a phrase stands in, not the phrase alone.
    pub marks_segment: bool,
    /// `finds terms`: the phrases are terms a rule looks for, not vague wording, so they count wherever they stand.
    pub finds_terms: bool,
    /// The whole declaration.
    pub span: Span,
}

/// One phrase of a lexicon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LexiconEntry {
    /// The phrase to look for.
    pub phrase: Spanned<String>,
    /// What to write instead.
    pub replacement: Spanned<String>,
    /// The rules the phrase leaves unprovable when it stands in for a spec item.
    pub leaves: Vec<Spanned<String>>,
    /// `unless followed by standard | quantity`: the context that makes the phrase precise.
    pub unless: Option<Unless>,
}

/// `unless SIDE by KIND | KIND [within sentence]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unless {
    /// `followed`, `preceded`, `qualified` (either side, from the phrase's segment) or `accompanied` (anywhere in its
    /// sentence).
    pub side: Spanned<String>,
    /// The recognisers: `standard`, `quantity`, `reference`, `grade`, `composition`.
    pub kinds: Vec<Spanned<String>>,
}

/// One `rule ID { ... }` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Stable id such as `TA-SPEC-003`.
    pub id: Spanned<String>,
    /// Fields in the order written.
    pub fields: Vec<RuleField>,
    /// `overrides`: the rule replaces the rule of the same id in another pack.
    pub overrides: Option<Span>,
    /// The whole block.
    pub span: Span,
}

/// A field of a rule block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RuleField {
    /// `title "..."`.
    Title(Spanned<String>),
    /// `severity error`.
    Severity(Spanned<String>),
    /// `case_severity warning`: the severity when a whole case is checked.
    CaseSeverity(Spanned<String>),
    /// `stage contract`.
    Stage(Spanned<String>),
    /// `cite "..."` or `cite B1, B7 "..."`.
    Cite(Cite),
    /// `pattern "..."` (the text itself) or `pattern P4` (a declared id).
    Pattern(PatternRef),
    /// `effective 2026-01-01`: the rule runs for dates from this one (text as written; checked by the compiler).
    Effective(Spanned<String>),
    /// `until 2026-12-31`: the rule runs for dates up to this one, inclusive.
    Until(Spanned<String>),
    /// `message "..."` with `{expr}` placeholders.
    Message(Template),
    /// `help "..."` with `{expr}` placeholders.
    Help(Template),
    /// `for [key,] item in expr` (boxed, like `let`'s value, so that a field is no larger than an expression: a
    /// pack of many small rules holds several fields per rule).
    For(Box<ForClause>),
    /// `let name = expr`.
    Let {
        /// The bound name.
        name: Spanned<String>,
        /// Its value.
        value: Box<Expr>,
    },
    /// `when expr`.
    When(Expr),
    /// `require expr` or `require spec....`.
    Require(Requirement),
}

/// `for [key,] item in expr`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForClause {
    /// The name bound to each map key, if asked for.
    pub key: Option<Spanned<String>>,
    /// The name bound to each element.
    pub item: Spanned<String>,
    /// What is iterated.
    pub source: Expr,
    /// The whole clause.
    pub span: Span,
}

/// A rule's `cite`: the declared sources it names, if any, and its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cite {
    /// Source ids declared with `source ID ...`, in the order written.
    pub sources: Vec<Spanned<String>>,
    /// What the source says, quoted or paraphrased.
    pub text: Spanned<String>,
}

/// `source B1 "title" "https://..." undated`: a public source a pack's cites name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceDecl {
    /// The id rules cite it by.
    pub id: Spanned<String>,
    /// The source's title.
    pub title: Spanned<String>,
    /// Where it can be read, if it has an address.
    pub url: Option<Spanned<String>>,
    /// What is known of its date.
    pub date: SourceDate,
    /// The whole declaration.
    pub span: Span,
}

/// What is known of a source's date (the text of a date as written; checked by the compiler).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SourceDate {
    /// `undated`: the copy read carries no date.
    Undated,
    /// `dated 2019-07-25`: the date the source gives itself.
    Dated(Spanned<String>),
    /// `retrieved 2026-01-15`: the day the copy was read.
    Retrieved(Spanned<String>),
}

/// How a rule names its dispute pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PatternRef {
    /// `pattern "4 informal promises: ..."`: the text written in the rule.
    Text(Spanned<String>),
    /// `pattern P4`: an id declared with `pattern P4 "..."` or in `data/patterns.tsv`.
    Id(Spanned<String>),
}

impl PatternRef {
    /// Where it is written.
    pub fn span(&self) -> Span {
        match self {
            PatternRef::Text(s) | PatternRef::Id(s) => s.span,
        }
    }
}

/// What a rule requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Requirement {
    /// A boolean expression.
    Expr(Expr),
    /// `spec.ITEM REQUIREMENT measured_by METHOD` (boxed: every rule field is as large as the largest variant).
    Spec(Box<SpecCheck>),
}

/// The spec statement: one spec item across all three records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecCheck {
    /// The spec item's name.
    pub item: Spanned<String>,
    /// The requirement the contract must be at least as strict as.
    pub requirement: ReqLit,
    /// The test method.
    pub method: Spanned<String>,
    /// The whole statement.
    pub span: Span,
}

/// A message or help text: literal pieces and `{expr}` holes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// Pieces in order.
    pub parts: Vec<TemplatePart>,
    /// The whole string literal.
    pub span: Span,
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TemplatePart {
    /// Text copied as is.
    Text(String),
    /// A value rendered in place (boxed: most parts are text, and a part is as large as its largest variant).
    Hole(Box<Expr>),
}

/// A requirement literal as written in a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReqLit {
    /// The text, in the form the units module parses (e.g. `>= 50 cycles/min`).
    pub text: String,
    /// Span of the literal.
    pub span: Span,
    /// Span of the unit inside it, for unit errors.
    pub unit_span: Option<Span>,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// Where it is written.
    pub span: Span,
}

/// Binary operators on values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinOp {
    /// `and`
    And,
    /// `or`
    Or,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
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

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
        }
    }
}

/// Quantifiers over lists and maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Quantifier {
    /// Every element.
    All,
    /// At least one element.
    Any,
    /// No element.
    None,
}

/// A step of a path after its root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PathStep {
    /// `.name`
    Field(Spanned<String>),
    /// `[expr]` (boxed: most steps are names, and a step is as large as its largest variant).
    Index(Box<Expr>),
    /// `[*]`
    Wildcard(Span),
}

/// Literal values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Literal {
    /// `42`, `2.5`
    Number(f64),
    /// `50 cycles/min` (text as written; the unit is checked by the compiler).
    Quantity {
        /// The text of the literal.
        text: String,
        /// Span of its unit.
        unit_span: Span,
    },
    /// `"text"`
    Text(String),
    /// `2026-03-02` (checked by the compiler).
    Date(String),
    /// `true`, `false`
    Bool(bool),
    /// `as_of`: the evaluation date.
    AsOf,
    /// `[a, b]`
    List(Vec<Expr>),
    /// A requirement literal after `satisfies` / `within`.
    Requirement(ReqLit),
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ExprKind {
    /// A literal value.
    Literal(Literal),
    /// `root.step...`
    Path {
        /// The first name: a record or a bound variable.
        root: Spanned<String>,
        /// The steps after it.
        steps: Vec<PathStep>,
    },
    /// `not e`
    Not(Box<Expr>),
    /// `a OP b`
    Binary {
        /// Operator.
        op: Spanned<BinOp>,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `e satisfies r`
    Satisfies {
        /// The measured value.
        value: Box<Expr>,
        /// The requirement.
        requirement: Box<Expr>,
    },
    /// `r1 overlaps r2`: some value meets both requirements.
    Overlaps {
        /// The first requirement.
        left: Box<Expr>,
        /// The second requirement.
        right: Box<Expr>,
    },
    /// `e exists` (`negated` for `missing`).
    Exists {
        /// The path tested.
        value: Box<Expr>,
        /// True for `missing`.
        negated: bool,
    },
    /// `e matches "regex"`.
    Matches {
        /// The text.
        value: Box<Expr>,
        /// The pattern as written.
        pattern: Spanned<String>,
    },
    /// `e mentions LEXICON`.
    Mentions {
        /// The text.
        value: Box<Expr>,
        /// Lexicon name.
        lexicon: Spanned<String>,
    },
    /// `e in list` where the list is computed (`evidence.units[*].lot_code`).
    Member {
        /// The value.
        value: Box<Expr>,
        /// The list.
        collection: Box<Expr>,
    },
    /// `e in [a, b]`.
    OneOf {
        /// The value.
        value: Box<Expr>,
        /// The choices.
        choices: Vec<Expr>,
    },
    /// `e measured_by METHOD`.
    MeasuredBy {
        /// The measurement.
        value: Box<Expr>,
        /// The method.
        method: Spanned<String>,
    },
    /// `all x in xs: body` and friends.
    Quantified {
        /// Which quantifier.
        quantifier: Quantifier,
        /// The bound name.
        var: Spanned<String>,
        /// The list or map.
        source: Box<Expr>,
        /// The condition.
        body: Box<Expr>,
    },
    /// `first x in xs where cond`.
    First {
        /// The bound name.
        var: Spanned<String>,
        /// The list or table.
        source: Box<Expr>,
        /// The condition.
        filter: Box<Expr>,
    },
    /// `count x in xs [where cond]`.
    Count {
        /// The bound name.
        var: Spanned<String>,
        /// The list or map.
        source: Box<Expr>,
        /// The optional filter.
        filter: Option<Box<Expr>>,
    },
    /// `name(args)`.
    Call {
        /// Function name.
        name: Spanned<String>,
        /// Arguments.
        args: Vec<Expr>,
    },
}

/// Node sizes are part of what a large pack costs (docs/security.md, rule-file memory): a rule holds several fields,
/// a template several parts and a path several steps, each as large as its largest variant, so rare large variants
/// are boxed. These bounds keep a new variant from undoing that unnoticed.
#[cfg(all(test, target_pointer_width = "64"))]
mod size_tests {
    use super::*;

    #[test]
    fn repeated_nodes_stay_small() {
        assert!(std::mem::size_of::<RuleField>() <= 96);
        assert!(std::mem::size_of::<TemplatePart>() <= 24);
        assert!(std::mem::size_of::<PathStep>() <= 40);
        assert!(std::mem::size_of::<Expr>() <= 88);
    }
}
