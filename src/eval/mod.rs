//! Evaluation stage: a compiled `RuleSet` and a `Case` in, `Finding`s out, in a deterministic order.
//! Each rule instance is passed, violated or not provable; the last two become findings with data and rule spans.

mod compare;
mod expr;
mod lexicon;
mod packing;
pub mod finding;
mod path;
mod render;
mod value;

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::compile::ir::{Check, CompiledRule, RuleSet, Stage, Step, Template, TemplatePart};
use crate::eval::finding::{Finding, Mark, Outcome, Raiser};
use crate::records::case::Case;
use crate::records::document::{Value, ValueKind};
use crate::source::{Location, SourceMap};
pub use compare::{reading_meets, Unmet};
use expr::Evaluator;
use value::{push_marks, Ev, Missing, Stop, Trace};

/// What to evaluate and as of when.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// The evaluation date (`as_of` in rules).
    pub as_of: NaiveDate,
    /// Only rules of these stages run; all when `None`.
    pub stages: Option<Vec<Stage>>,
    /// Which pack versions run (`RuleSet::select`); all when `None`.
    pub packs: Option<Vec<bool>>,
    /// The date rules' own `effective`/`until` are judged on (the date packs are chosen for); every rule runs
    /// when `None`.
    pub rule_date: Option<NaiveDate>,
}

/// The default step budget: 20 times what the heaviest realistic case of `tests/cases/` needs (under 50,000),
/// and low enough that a hostile pack (quantifiers nested over lists) is refused in well under a second instead
/// of costing minutes per case in a batch. A synthetic case of thousands of pulled units may need more
/// (`--max-eval-steps`).
pub const DEFAULT_MAX_STEPS: u64 = 1_000_000;

/// How often a rule held, failed or could not be judged on a case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Instances that held.
    pub passed: usize,
    /// Instances the data contradicts.
    pub violated: usize,
    /// Instances that lacked data.
    pub not_provable: usize,
}

/// The result of evaluating a case.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Findings, ordered by stage, then rule id, then document order.
    pub findings: Vec<Finding>,
    /// Per rule id, how its instances came out.
    pub tally: BTreeMap<String, Tally>,
    /// True when the step budget ran out: the findings are incomplete and the case must be refused.
    pub budget_spent: bool,
}

/// Runs every applicable rule over the case, within the default step budget.
pub fn evaluate(
    rules: &RuleSet,
    case: &Case,
    sources: &SourceMap,
    options: &EvalOptions,
) -> Evaluation {
    evaluate_within(rules, case, sources, options, DEFAULT_MAX_STEPS)
}

/// Runs every applicable rule over the case, within `max_steps` evaluation steps (`--max-eval-steps`).
pub fn evaluate_within(
    rules: &RuleSet,
    case: &Case,
    sources: &SourceMap,
    options: &EvalOptions,
    max_steps: u64,
) -> Evaluation {
    let mut out = Evaluation::default();
    let mut steps_left = max_steps;
    let applicable = rules.applicable(case.category());
    for rule in &rules.rules {
        let Some(pack) = rules.packs.get(rule.pack) else {
            continue;
        };
        let selected = options
            .packs
            .as_ref()
            .is_none_or(|active| active.get(rule.pack).copied().unwrap_or(false));
        let dated_out = options.rule_date.is_some_and(|d| !rule.in_force_on(d));
        if !selected || dated_out || !applicable.get(rule.pack).copied().unwrap_or(false) {
            continue;
        }
        let mut run = RuleRun {
            rule,
            pack_name: &pack.name,
            pack_version: &pack.version,
            options,
            out: &mut out,
            absent_reported: false,
            author: None,
        };
        let mut evaluator = Evaluator {
            case,
            tables: &rules.tables,
            sources,
            as_of: options.as_of,
            slots: vec![None; rule.slots],
            pending: vec![None; rule.slots],
            leaves: Vec::new(),
            absent: Vec::new(),
            steps_left,
            tracing: false,
            found: Vec::new(),
        };
        run.steps(&mut evaluator, 0, None);
        steps_left = evaluator.steps_left;
        if steps_left == 0 {
            out.budget_spent = true;
            break;
        }
    }
    link_vague_wording(&mut out.findings);
    out.findings.sort_by_key(|f| f.stage);
    out
}

/// A vague phrase that stands where a spec item should be says which fired rule it leaves unprovable.
fn link_vague_wording(findings: &mut [Finding]) {
    let fired: std::collections::BTreeSet<String> =
        findings.iter().map(|f| f.rule_id.clone()).collect();
    for finding in findings.iter_mut() {
        finding
            .leaves_unprovable
            .retain(|rule| fired.contains(rule));
        if !finding.leaves_unprovable.is_empty() {
            let (rules, verb) = match finding.leaves_unprovable.as_slice() {
                [one] => (one.clone(), "that rule cannot be satisfied"),
                many => (many.join(", "), "those rules cannot be satisfied"),
            };
            finding.message = format!(
                "{}; this wording stands where the contract should state what {rules} asks for, so {verb}",
                finding.message
            );
        }
    }
}

struct RuleRun<'r, 'o> {
    rule: &'r CompiledRule,
    pack_name: &'r str,
    pack_version: &'r str,
    options: &'o EvalOptions,
    out: &'o mut Evaluation,
    /// Whether a finding for an absent record was already made for this rule.
    absent_reported: bool,
    /// When this is a prelude rule run as a part of a spec statement: the rule that wrote the statement.
    author: Option<Author<'r>>,
}

/// The rule whose spec statement a prelude rule runs for: its id, title, severity, help and stage win.
#[derive(Clone)]
struct Author<'r> {
    rule: &'r CompiledRule,
    /// The author's message, rendered, put before the prelude's.
    message: String,
    /// The author's help, rendered.
    help: String,
    /// The author's stage, or the stage of the part's record when later: a part never speaks before its record exists.
    stage: Stage,
    /// The spec item.
    item: String,
    /// The record the part speaks of.
    record: Option<crate::records::schema::RecordKind>,
}

impl<'r> RuleRun<'r, '_> {
    /// The rule as the raiser of its findings: a prelude rule run for a spec statement raises them as its author.
    fn raiser(&self) -> Raiser<'r> {
        let rule = self.author.as_ref().map_or(self.rule, |a| a.rule);
        Raiser {
            id: &rule.id,
            title: &rule.title,
            pack: self.pack_name,
            pack_version: self.pack_version,
            severity: match (&self.options.stages, rule.case_severity) {
                (None, Some(case_severity)) => case_severity,
                _ => rule.severity,
            },
            stage: self.stage(),
            cite: &rule.cite,
            sources: &rule.sources,
            pattern: rule.pattern.as_deref(),
            rule: rule.require_location,
        }
    }

    fn stage(&self) -> Stage {
        self.author.as_ref().map_or(self.rule.stage, |a| a.stage)
    }

    fn stage_enabled(&self, stage: Stage) -> bool {
        self.options
            .stages
            .as_ref()
            .is_none_or(|s| s.contains(&stage))
    }

    /// Applies the rule's steps from `index` on, then its check, once per binding.
    fn steps(&mut self, ev: &mut Evaluator<'r>, index: usize, item: Option<String>) {
        let Some(step) = self.rule.steps.get(index) else {
            self.check(ev, item);
            return;
        };
        match step {
            Step::For {
                key,
                item: slot,
                source,
            } => match ev.value(source) {
                Ok(collection) => {
                    for (k, v) in entries(collection) {
                        let name = k.as_ref().and_then(|k| match k.val.as_ref() {
                            ValueKind::Text(t) => Some(t.clone()),
                            _ => None,
                        });
                        if let (Some(key_slot), Some(k)) = (key, k) {
                            ev.bind(*key_slot, k);
                        }
                        ev.bind(*slot, v);
                        self.steps(ev, index + 1, name.or_else(|| item.clone()));
                    }
                }
                // A collection missing from a record that is present has no elements to check; rules such as
                // COM-SPEC-003 require its presence. A record absent from the case cannot be judged.
                Err(Stop::Missing(m)) if m.absent.is_none() => {}
                Err(stop) => self.stopped(ev, stop, item),
            },
            Step::Let { slot, value } => {
                match ev.value(value) {
                    Ok(v) => ev.bind(*slot, v),
                    Err(Stop::Missing(m)) => ev.defer(*slot, m),
                    Err(clash) => return self.stopped(ev, clash, item),
                }
                self.steps(ev, index + 1, item);
            }
            Step::When(guard) => match ev.truth(guard) {
                Ok(j) if j.holds => self.steps(ev, index + 1, item),
                // A guard that is false, or cannot be decided, means the rule does not apply here.
                Ok(_) | Err(Stop::Missing(_)) => {}
                Err(clash) => self.stopped(ev, clash, item),
            },
        }
    }

    fn check(&mut self, ev: &mut Evaluator<'r>, item: Option<String>) {
        ev.leaves.clear();
        ev.absent.clear();
        ev.found.clear();
        match &self.rule.check {
            Check::Expr(e) => {
                if !self.stage_enabled(self.stage()) {
                    return;
                }
                match ev.truth(e) {
                    Ok(j) if j.holds => self.tally(None),
                    // Failed: judged again, gathering the data places the finding shows (`Evaluator::tracing`).
                    Ok(_) => {
                        ev.leaves.clear();
                        ev.absent.clear();
                        ev.tracing = true;
                        let traced = ev.truth(e);
                        ev.tracing = false;
                        match traced {
                            Ok(j) => {
                                self.finding(ev, Outcome::Violated, item, j.trail, Vec::new(), None)
                            }
                            Err(stop) => self.stopped(ev, stop, item),
                        }
                    }
                    Err(stop) => self.stopped(ev, stop, item),
                }
            }
            Check::Spec(spec_check) => self.spec_parts(ev, spec_check),
        }
    }

    /// Runs the prelude rules a spec statement expands into, each in its own environment, as parts of this rule.
    fn spec_parts(&mut self, ev: &mut Evaluator<'r>, spec: &'r crate::compile::ir::SpecCheck) {
        let (message, complete) = render_template(ev, &self.rule.message);
        let author = Author {
            rule: self.rule,
            message: if complete { message } else { String::new() },
            help: render_template(ev, &self.rule.help).0,
            stage: self.rule.stage,
            item: spec.item.clone(),
            record: None,
        };
        // One finding per absent record for the whole statement, as for any rule.
        let mut absent_reported: Vec<crate::records::schema::RecordKind> = Vec::new();
        for part in &spec.parts {
            let stage = self.rule.stage.max(part.stage);
            let mut run = RuleRun {
                rule: part,
                pack_name: self.pack_name,
                pack_version: self.pack_version,
                options: self.options,
                out: &mut *self.out,
                absent_reported: false,
                author: Some(Author {
                    stage,
                    record: part.stage.record(),
                    ..author.clone()
                }),
            };
            let mut sub = Evaluator {
                case: ev.case,
                tables: ev.tables,
                sources: ev.sources,
                as_of: ev.as_of,
                slots: vec![None; part.slots],
                pending: vec![None; part.slots],
                leaves: Vec::new(),
                absent: Vec::new(),
                steps_left: ev.steps_left,
                tracing: false,
                found: Vec::new(),
            };
            let before = run.out.findings.len();
            run.steps(&mut sub, 0, Some(spec.item.clone()));
            ev.steps_left = sub.steps_left;
            let mut index = before;
            while index < self.out.findings.len() {
                let repeated = self.out.findings.get(index).is_some_and(|f| {
                    !f.absent.is_empty() && f.absent.iter().all(|r| absent_reported.contains(r))
                });
                if repeated {
                    self.out.findings.remove(index);
                } else {
                    if let Some(f) = self.out.findings.get(index) {
                        absent_reported.extend(f.absent.iter().copied());
                    }
                    index += 1;
                }
            }
            if ev.steps_left == 0 {
                return;
            }
        }
    }

    fn stopped(&mut self, ev: &mut Evaluator<'r>, stop: Stop, item: Option<String>) {
        if !self.stage_enabled(self.stage()) {
            return;
        }
        match stop {
            Stop::Missing(m) if m.absent.is_some() => {
                // An absent record stops every instance of the rule alike: report it once, for the rule as a whole.
                if self.absent_reported {
                    self.tally(Some(Outcome::NotProvable));
                    return;
                }
                self.absent_reported = true;
                let note = missing_note(&m);
                let absent = m.absent.into_iter().collect();
                self.finding(
                    ev,
                    Outcome::NotProvable,
                    None,
                    Vec::new(),
                    absent,
                    Some(note),
                );
                if let Some(last) = self.out.findings.last_mut() {
                    let files: Vec<&str> = last.absent.iter().map(|r| r.file_name()).collect();
                    last.message = format!(
                        "{} ({})",
                        self.rule.title,
                        missing_note_absent(&last.absent)
                    );
                    match &self.author {
                        Some(author) => {
                            last.message = prefixed(&author.message, &last.message);
                            last.help.clone_from(&author.help);
                            last.item = Some(author.item.clone());
                        }
                        None => {
                            last.help = format!(
                                "add {} to the case folder; this rule needs it",
                                files.join(" and ")
                            );
                            last.item = None;
                        }
                    }
                }
            }
            Stop::Missing(m) => {
                let note = missing_note(&m);
                self.finding(
                    ev,
                    Outcome::NotProvable,
                    item,
                    m.mark().into_iter().map(Trace::from).collect(),
                    Vec::new(),
                    Some(note),
                );
            }
            Stop::Clash(c) => self.finding(
                ev,
                Outcome::Violated,
                item,
                c.marks.into_iter().map(Trace::from).collect(),
                Vec::new(),
                Some(c.message),
            ),
        }
    }

    fn tally(&mut self, outcome: Option<Outcome>) {
        let id = self.author.as_ref().map_or(&self.rule.id, |a| &a.rule.id);
        let t = self.out.tally.entry(id.clone()).or_default();
        match outcome {
            None => t.passed += 1,
            Some(Outcome::Violated) => t.violated += 1,
            Some(Outcome::NotProvable) => t.not_provable += 1,
        }
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "a finding's parts, each from a different source"
    )]
    fn finding(
        &mut self,
        ev: &mut Evaluator<'r>,
        outcome: Outcome,
        item: Option<String>,
        marks: Vec<Trace<'_>>,
        absent: Vec<crate::records::schema::RecordKind>,
        note: Option<String>,
    ) {
        self.tally(Some(outcome));
        let (rendered, complete) = render_template(ev, &self.rule.message);
        // A message whose values are missing would read as nonsense: say what the rule checks instead.
        let mut message = if complete {
            rendered
        } else {
            self.rule.title.clone()
        };
        if let Some(note) = note {
            message = format!("{message} ({note})");
        }
        let mut kept = Vec::new();
        let mut absent = absent;
        for record in std::mem::take(&mut ev.absent) {
            if !absent.contains(&record) {
                absent.push(record);
            }
        }
        push_marks(&mut kept, marks);
        let kept: Vec<Mark> = kept.into_iter().map(Trace::render).collect();
        let help = match &self.author {
            Some(author) => {
                message = prefixed(&author.message, &message);
                author.help.clone()
            }
            None => render_template(ev, &self.rule.help).0,
        };
        let mut finding = Finding::new(&self.raiser(), outcome, message, help)
            .about(item)
            .in_record(self.author.as_ref().and_then(|a| a.record))
            .at(kept)
            .needing(absent);
        finding.leaves_unprovable = std::mem::take(&mut ev.leaves);
        self.out.findings.push(finding);
    }
}

/// A spec statement's finding: the author's message, then the prelude rule's.
fn prefixed(author: &str, part: &str) -> String {
    if author.is_empty() {
        part.to_owned()
    } else {
        format!("{author}: {part}")
    }
}

fn missing_note_absent(absent: &[crate::records::schema::RecordKind]) -> String {
    let files: Vec<&str> = absent.iter().map(|r| r.file_name()).collect();
    format!("the case has no {}", files.join(", "))
}

fn missing_note(m: &Missing) -> String {
    match &m.reason {
        Some(reason) => format!("`{}`: {reason}", m.path),
        None => format!("`{}` is missing", m.path),
    }
}

/// The elements of a list (no keys) or the entries of a map (with their keys as text values).
fn entries<'a>(collection: Ev<'a>) -> Vec<(Option<Ev<'a>>, Ev<'a>)> {
    let file = collection.at.map(|a| a.file);
    let key = |k: &str, span| Ev {
        via: Vec::new(),
        val: Cow::Owned(ValueKind::Text(k.to_owned())),
        at: file.map(|file| Location { file, span }),
        label: None,
    };
    match collection.val {
        Cow::Borrowed(ValueKind::Map(fields)) => fields
            .iter()
            .map(|f| (Some(key(&f.key, f.key_span)), value_ev(&f.value, file)))
            .collect(),
        Cow::Owned(ValueKind::Map(fields)) => fields
            .into_iter()
            .map(|f| {
                let at = f.value.file.or(file).map(|file| Location {
                    file,
                    span: f.value.span,
                });
                let k = key(&f.key, f.key_span);
                (
                    Some(k),
                    Ev {
                        via: Vec::new(),
                        val: Cow::Owned(f.value.kind),
                        at,
                        label: None,
                    },
                )
            })
            .collect(),
        val => expr::elements(Ev { val, ..collection })
            .into_iter()
            .map(|e| (None, e))
            .collect(),
    }
}

fn value_ev<'a>(v: &'a Value, file: Option<crate::source::FileId>) -> Ev<'a> {
    Ev {
        via: Vec::new(),
        val: Cow::Borrowed(&v.kind),
        at: v.file.or(file).map(|file| Location { file, span: v.span }),
        label: None,
    }
}

/// Fills a template's holes. The flag is false when a hole had no value; such a hole shows the path it names.
fn render_template<'r>(ev: &mut Evaluator<'r>, template: &'r Template) -> (String, bool) {
    let mut out = String::new();
    let mut complete = true;
    for part in &template.parts {
        match part {
            TemplatePart::Text(t) => out.push_str(t),
            TemplatePart::Hole(e) => match ev.value(e) {
                Ok(v) => out.push_str(&render::plain(&v.val)),
                Err(_) => {
                    complete = false;
                    match &e.kind {
                        crate::compile::ir::CKind::Path(p) => out.push_str(&p.text),
                        _ => out.push('…'),
                    }
                }
            },
        }
    }
    (out, complete)
}
