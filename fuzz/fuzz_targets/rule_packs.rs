//! Structure-aware: the input bytes choose the productions of the grammar (`grammar/concord.pest`), so every
//! input is a grammatical pack: a header (version, dates, extends, categories, based_on), vocabulary, lexicons,
//! tables and rules with every field kind, and expressions of every operator, quantifier, call and literal, nested
//! to a bounded depth; sometimes a second version follows, written as changes to the first (`replace`, `remove`,
//! `retire`, `amend`). The text must parse (a syntax error is a generator-grammar disagreement: a bug either way,
//! unless the nesting or chain limits refuse it), compile to a `RuleSet` or diagnostics, format to text that
//! parses again, and, when it compiles, evaluate over the claim-holds case. Nothing may panic.
#![no_main]

use std::path::Path;

use concord::check::load::{load_case, Limits};
use concord::files::InMemory;
use concord::source::{SourceFile, SourceMap};
use concord::syntax::parse::ParseError;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

const CONTRACT: &str = include_str!("../../examples/claim-holds/contract.yaml");
const INSPECTION: &str = include_str!("../../examples/claim-holds/inspection.yaml");
const EVIDENCE: &str = include_str!("../../examples/claim-holds/evidence.yaml");

/// Names that are not keywords, including some the schema and the bundled packs know.
const IDENTS: &[&str] = &["u", "item", "name", "x", "buyer", "common", "machinery", "z14", "lex", "tbl", "r"];
const ROOTS: &[&str] = &["contract", "inspection", "evidence", "u", "item", "r", "x"];
const FIELDS: &[&str] = &[
    "order", "signed", "spec", "units", "photos", "report", "company", "type", "date", "arrival", "lot", "size",
    "sample_size", "defects", "major", "requirement", "measured_by", "results", "value", "method", "level",
    "before_opening", "container", "seal_photos", "quantity", "category", "product",
];
const STRINGS: &[&str] = &["", "x", "high speed", "{item.requirement}", "a\\\"b", "é 中 👨‍👩‍👧", "(a+)+$", "[", "\\u{202e}"];
const UNITS: &[&str] = &["mm", "cycles/min", "kg", "°C", "dB(A)", "%", "units", "mbar", "V", "pcs"];
const CALLS: &[&str] = &[
    "event", "form", "measures", "standards", "conditions", "percentages", "durations", "after", "floor", "ceil", "len",
    "lower", "nope",
];
const METHODS: &[&str] = &["functional_test", "visual_check", "dimensional_check", "nope"];
/// Source ids: `B1` and `B7` as packs declare them, `B17` a near miss of both.
const SOURCE_IDS: &[&str] = &["B1", "B7", "B17"];

struct Gen<'a, 'b> {
    u: &'b mut Unstructured<'a>,
    out: String,
    /// The pack's name and last version, for a second version `based_on` it.
    name: &'static str,
    version: &'static str,
}

impl Gen<'_, '_> {
    fn pick<'s>(&mut self, from: &[&'s str]) -> Result<&'s str> {
        Ok(*self.u.choose(from)?)
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn ident(&mut self) -> Result<()> {
        let name = self.pick(IDENTS)?;
        self.push(name);
        Ok(())
    }

    fn string(&mut self) -> Result<()> {
        let s = self.pick(STRINGS)?;
        self.push("\"");
        self.push(s);
        self.push("\"");
        Ok(())
    }

    fn date(&mut self) -> Result<()> {
        let year = self.u.int_in_range(0..=9999u32)?;
        let month = self.u.int_in_range(1..=12u32)?;
        let day = self.u.int_in_range(1..=31u32)?;
        self.push(&format!("{year:04}-{month:02}-{day:02}"));
        Ok(())
    }

    fn number(&mut self) -> Result<()> {
        let whole = self.u.int_in_range(0..=100_000u32)?;
        if self.u.arbitrary()? {
            let frac = self.u.int_in_range(0..=999u32)?;
            self.push(&format!("{whole}.{frac}"));
        } else {
            self.push(&whole.to_string());
        }
        Ok(())
    }

    fn literal(&mut self, depth: u32) -> Result<()> {
        match self.u.int_in_range(0..=6u8)? {
            0 => self.date(),
            1 => {
                self.number()?;
                self.push(" ");
                let unit = self.pick(UNITS)?;
                self.push(unit);
                Ok(())
            }
            2 => self.number(),
            3 => self.string(),
            4 => {
                let b = self.pick(&["true", "false"])?;
                self.push(b);
                Ok(())
            }
            5 => {
                self.push("as_of");
                Ok(())
            }
            // A list holds literals only (`list` in the grammar).
            _ if depth < 8 => {
                self.push("[");
                let n = self.u.int_in_range(0..=3u8)?;
                for i in 0..n {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.literal(depth + 1)?;
                }
                self.push("]");
                Ok(())
            }
            _ => self.number(),
        }
    }

    fn path(&mut self, depth: u32) -> Result<()> {
        let root = self.pick(ROOTS)?;
        self.push(root);
        let steps = self.u.int_in_range(0..=4u8)?;
        for _ in 0..steps {
            match self.u.int_in_range(0..=5u8)? {
                0 => self.push("[*]"),
                1 if depth < 6 => {
                    self.push("[");
                    self.sum(depth + 1)?;
                    self.push("]");
                }
                _ => {
                    self.push(".");
                    let field = self.pick(FIELDS)?;
                    self.push(field);
                }
            }
        }
        Ok(())
    }

    fn primary(&mut self, depth: u32) -> Result<()> {
        let choice = if depth >= 8 { self.u.int_in_range(0..=1u8)? } else { self.u.int_in_range(0..=7u8)? };
        match choice {
            0 => self.path(depth),
            1 => self.literal(depth),
            2 => {
                self.push("(");
                self.expr(depth + 1)?;
                self.push(")");
                Ok(())
            }
            3 => {
                // A quantifier's body runs to the end of its group: keep it in brackets.
                let kw = self.pick(&["all", "any", "none"])?;
                self.push("(");
                self.push(kw);
                self.push(" ");
                self.ident()?;
                self.push(" in ");
                self.sum(depth + 1)?;
                self.push(": ");
                self.expr(depth + 1)?;
                self.push(")");
                Ok(())
            }
            4 | 5 => {
                let kw = if choice == 4 { "count" } else { "first" };
                self.push("(");
                self.push(kw);
                self.push(" ");
                self.ident()?;
                self.push(" in ");
                self.sum(depth + 1)?;
                if choice == 5 || self.u.arbitrary()? {
                    self.push(" where ");
                    self.expr(depth + 1)?;
                }
                self.push(")");
                Ok(())
            }
            _ => {
                let name = self.pick(CALLS)?;
                self.push(name);
                self.push("(");
                let n = self.u.int_in_range(0..=2u8)?;
                for i in 0..n {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.expr(depth + 1)?;
                }
                self.push(")");
                Ok(())
            }
        }
    }

    fn sum(&mut self, depth: u32) -> Result<()> {
        self.primary(depth)?;
        let more = self.u.int_in_range(0..=2u8)?;
        for _ in 0..more {
            let op = self.pick(&[" + ", " - ", " * ", " / "])?;
            self.push(op);
            self.primary(depth + 1)?;
        }
        Ok(())
    }

    fn predicate(&mut self, depth: u32) -> Result<()> {
        self.sum(depth)?;
        match self.u.int_in_range(0..=9u8)? {
            0 => {
                let op = self.pick(&[" >= ", " <= ", " != ", " == ", " > ", " < "])?;
                self.push(op);
                self.sum(depth + 1)
            }
            1 => {
                let kw = self.pick(&[" satisfies ", " within ", " overlaps "])?;
                self.push(kw);
                if self.u.arbitrary()? {
                    self.push("\"");
                    let req = self.pick(&[">= 50 cycles/min", "±0.5 mm", "10-20 kg", "max 3 %", "nope"])?;
                    self.push(req);
                    self.push("\"");
                    Ok(())
                } else {
                    // `requirement | sum` is an ordered choice: a text literal is read as a requirement, and
                    // `"a" + x` after it does not parse; a bracketed sum is unambiguous.
                    self.push("(");
                    self.sum(depth + 1)?;
                    self.push(")");
                    Ok(())
                }
            }
            2 => {
                self.push(" exists");
                Ok(())
            }
            3 => {
                self.push(" missing");
                Ok(())
            }
            4 => {
                self.push(" matches ");
                self.string()
            }
            5 => {
                self.push(" mentions ");
                self.ident()
            }
            6 => {
                // `list | sum`, an ordered choice again: `[] - x` would stop after the list.
                self.push(" in (");
                self.sum(depth + 1)?;
                self.push(")");
                Ok(())
            }
            7 => {
                self.push(" measured_by ");
                let m = self.pick(METHODS)?;
                self.push(m);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn not_expr(&mut self, depth: u32) -> Result<()> {
        let nots = self.u.int_in_range(0..=2u8)?;
        for _ in 0..nots {
            self.push("not ");
        }
        self.predicate(depth)
    }

    fn expr(&mut self, depth: u32) -> Result<()> {
        let ors = if depth >= 8 { 0 } else { self.u.int_in_range(0..=2u8)? };
        for i in 0..=ors {
            if i > 0 {
                self.push(" or ");
            }
            let ands = if depth >= 8 { 0 } else { self.u.int_in_range(0..=2u8)? };
            for j in 0..=ands {
                if j > 0 {
                    self.push(" and ");
                }
                self.not_expr(depth + 1)?;
            }
        }
        Ok(())
    }

    fn rule(&mut self, n: usize) -> Result<()> {
        self.push(&format!("\nrule BUY-{n:03}"));
        if self.u.ratio(1, 8)? {
            self.push(" overrides");
        }
        self.push(" {\n");
        let fields = self.u.int_in_range(0..=12u8)?;
        for _ in 0..fields {
            self.push("  ");
            match self.u.int_in_range(0..=11u8)? {
                0 => {
                    self.push("title ");
                    self.string()?;
                }
                1 => {
                    self.push("severity ");
                    let s = self.pick(&["error", "warning", "info", "nope"])?;
                    self.push(s);
                }
                2 => {
                    self.push("case_severity ");
                    let s = self.pick(&["error", "warning", "info"])?;
                    self.push(s);
                }
                3 => {
                    self.push("stage ");
                    let s = self.pick(&["pre_shipment", "contract", "arrival", "claim", "nope"])?;
                    self.push(s);
                }
                4 => {
                    // Declared, misspelled and undeclared source ids, one or two, or none.
                    self.push("cite ");
                    let ids = self.u.int_in_range(0..=2u8)?;
                    for i in 0..ids {
                        if i > 0 {
                            self.push(", ");
                        }
                        let id = self.pick(SOURCE_IDS)?;
                        self.push(id);
                    }
                    if ids > 0 {
                        self.push(" ");
                    }
                    self.string()?;
                }
                5 => {
                    self.push("pattern ");
                    self.string()?;
                }
                6 => {
                    self.push("message ");
                    self.string()?;
                }
                7 => {
                    self.push("help ");
                    self.string()?;
                }
                8 => {
                    self.push("for ");
                    self.ident()?;
                    if self.u.arbitrary()? {
                        self.push(", ");
                        self.ident()?;
                    }
                    self.push(" in ");
                    self.expr(1)?;
                }
                9 => {
                    self.push("let ");
                    self.ident()?;
                    self.push(" = ");
                    self.expr(1)?;
                }
                10 => {
                    self.push("when ");
                    self.expr(1)?;
                }
                _ => {
                    self.push("require ");
                    if self.u.ratio(1, 6)? {
                        self.push("spec.");
                        self.ident()?;
                        self.push(" \">= 50 cycles/min\" measured_by ");
                        let m = self.pick(METHODS)?;
                        self.push(m);
                    } else {
                        self.expr(1)?;
                    }
                }
            }
            self.push("\n");
        }
        self.push("}\n");
        Ok(())
    }

    fn pack(&mut self) -> Result<()> {
        self.push("pack ");
        self.name = self.pick(IDENTS)?;
        self.push(self.name);
        self.push(" {\n");
        let fields = self.u.int_in_range(0..=6u8)?;
        for _ in 0..fields {
            self.push("  ");
            match self.u.int_in_range(0..=6u8)? {
                0 => {
                    self.push("version \"");
                    let v = self.pick(&["1.0.0", "2.1.3", "1.0", "01.0.0", "1.0.0-rc.1", "99999999999999999999.0.0"])?;
                    self.version = v;
                    self.push(v);
                    self.push("\"");
                }
                1 => {
                    self.push("effective ");
                    self.date()?;
                }
                2 => {
                    self.push("until ");
                    self.date()?;
                }
                3 => {
                    self.push("changelog ");
                    self.string()?;
                }
                4 => {
                    self.push("extends ");
                    self.ident()?;
                }
                5 => {
                    // Based on itself, or on a version that is not loaded: both are compile errors.
                    self.push("based_on \"");
                    let v = self.pick(&["1.0.0", "2.1.3", "9.0.0"])?;
                    self.push(v);
                    self.push("\"");
                }
                _ => {
                    self.push("categories ");
                    self.ident()?;
                    if self.u.arbitrary()? {
                        self.push(", ");
                        self.ident()?;
                    }
                }
            }
            self.push("\n");
        }
        self.push("}\n");
        let items = self.u.int_in_range(0..=6u8)?;
        for n in 0..items {
            match self.u.int_in_range(0..=5u8)? {
                0 => {
                    self.push("\nmethods ");
                    let m = self.pick(METHODS)?;
                    self.push(m);
                    self.push("\n");
                }
                1 => {
                    self.push("\nlexicon ");
                    self.ident()?;
                    self.push(" {\n  ");
                    if self.u.arbitrary()? {
                        self.push("finds terms\n  ");
                    }
                    self.string()?;
                    self.push(" => ");
                    self.string()?;
                    if self.u.arbitrary()? {
                        self.push(" leaves BUY-001");
                    }
                    self.push("\n}\n");
                }
                2 => {
                    self.push("\ntable ");
                    self.ident()?;
                    self.push(" {\n  columns a: number, b: text\n");
                    let rows = self.u.int_in_range(0..=3u8)?;
                    for _ in 0..rows {
                        self.push("  row ");
                        self.number()?;
                        self.push(", ");
                        self.string()?;
                        self.push("\n");
                    }
                    self.push("}\n");
                }
                3 => self.source()?,
                _ => self.rule(usize::from(n))?,
            }
        }
        Ok(())
    }

    /// `source ID "title" ["url"] (undated | dated DATE | retrieved DATE)`, ids repeated now and then.
    fn source(&mut self) -> Result<()> {
        self.push("\nsource ");
        let id = self.pick(SOURCE_IDS)?;
        self.push(id);
        self.push(" ");
        self.string()?;
        if self.u.arbitrary()? {
            self.push(" ");
            self.string()?;
        }
        match self.u.int_in_range(0..=2u8)? {
            0 => self.push(" undated\n"),
            1 => {
                self.push(" dated ");
                self.date()?;
                self.push("\n");
            }
            _ => {
                self.push(" retrieved ");
                self.date()?;
                self.push("\n");
            }
        }
        Ok(())
    }
}

impl Gen<'_, '_> {
    /// A second version of the pack, written as changes to the first (`based_on`): replaced, removed and retired
    /// rules and amended lexicons and tables that the first may or may not have, and rules it may already hold.
    fn derived(&mut self) -> Result<String> {
        let text = std::mem::take(&mut self.out);
        let header = format!("pack {} {{\n  version \"9.0.0\"\n  based_on \"{}\"\n}}\n", self.name, self.version);
        self.push(&header);
        let items = self.u.int_in_range(0..=6u8)?;
        for n in 0..items {
            let id = self.u.int_in_range(0..=6u8)?;
            match self.u.int_in_range(0..=5u8)? {
                0 => {
                    self.push("\nreplace");
                    self.rule(usize::from(id))?;
                }
                1 => self.push(&format!("\nremove rule BUY-{id:03}\n")),
                2 => {
                    self.push(&format!("\nretire rule BUY-{id:03} until "));
                    self.date()?;
                    self.push("\n");
                }
                4 => {
                    self.push("\namend table ");
                    self.ident()?;
                    self.push(" {\n");
                    let rows = self.u.int_in_range(0..=3u8)?;
                    for _ in 0..rows {
                        let adds: bool = self.u.arbitrary()?;
                        self.push(if adds { "  + row " } else { "  - row " });
                        self.number()?;
                        self.push(", ");
                        self.string()?;
                        self.push("\n");
                    }
                    self.push("}\n");
                }
                3 => {
                    self.push("\namend lexicon ");
                    self.ident()?;
                    self.push(" {\n  + ");
                    self.string()?;
                    self.push(" => ");
                    self.string()?;
                    self.push("\n  - ");
                    self.string()?;
                    self.push("\n}\n");
                }
                _ => self.rule(usize::from(n))?,
            }
        }
        Ok(std::mem::replace(&mut self.out, text))
    }
}

/// Parses a generated file; `None` when the nesting or chain limits refuse it. The formatter keeps the meaning or
/// refuses, and its result parses again.
fn parse_generated(text: &str) -> Option<concord::syntax::ast::RuleFile> {
    let ast = match concord::syntax::parse::parse(text) {
        Ok(ast) => ast,
        Err(ParseError::TooDeep { .. } | ParseError::TooTall { .. }) => return None,
        Err(e) => panic!("a grammatical pack does not parse: {e:?}\n{text}"),
    };
    if let Ok(formatted) = concord::syntax::format::format(text) {
        assert!(
            concord::syntax::parse::parse(&formatted).is_ok(),
            "formatted text does not parse:\n{formatted}"
        );
    }
    Some(ast)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut generator = Gen { u: &mut u, out: String::new(), name: "buyer", version: "" };
    // Running out of bytes ends the text where it stands; only a finished pack is checked.
    if generator.pack().is_err() {
        return;
    }
    // Sometimes a second version written as changes to the first.
    let derived = match generator.u.arbitrary::<bool>() {
        Ok(true) => generator.derived().ok(),
        _ => None,
    };
    let text = generator.out;
    let Some(ast) = parse_generated(&text) else {
        return;
    };
    let derived_ast = match &derived {
        Some(derived) => match parse_generated(derived) {
            Some(ast) => Some(ast),
            None => return,
        },
        None => None,
    };

    let mut sources = SourceMap::new();
    let id = sources.add(SourceFile::new("fuzz.concord", text.as_str()));
    let mut parsed = vec![(id, &ast)];
    if let (Some(derived), Some(derived_ast)) = (&derived, &derived_ast) {
        let derived_id = sources.add(SourceFile::new("fuzz-derived.concord", derived.as_str()));
        parsed.push((derived_id, derived_ast));
    }
    let Ok(rules) = concord::compile::compile(&parsed, concord::records::schema::Schema::bundled(), &sources) else {
        return;
    };
    let mut files = InMemory::new();
    files
        .insert("fuzz/contract.yaml", CONTRACT)
        .insert("fuzz/inspection.yaml", INSPECTION)
        .insert("fuzz/evidence.yaml", EVIDENCE);
    let Ok(case) = load_case(&files, &mut sources, Path::new("fuzz"), &Limits::default()) else {
        return;
    };
    let options = concord::eval::EvalOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap_or_default(),
        stages: None,
        packs: None,
        rule_date: None,
    };
    // A small step budget: a generated pack may be expensive, and a budget stop is an answer, not a hang.
    let _ = concord::eval::evaluate_within(&rules, &case, &sources, &options, 2_000_000);
});
