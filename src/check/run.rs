//! Checking one case end to end with a compiled rule set: load the records, choose the pack versions,
//! evaluate, apply waivers. Single runs and batches both go through `check_case`.

use std::path::Path;

use chrono::NaiveDate;

use crate::check::load::{self, Limits, Problem};
use crate::compile::ir::{CKind, CStep, CompiledRule, Root, RuleSet, Severity, Stage, Step};
use crate::eval::finding::{Finding, Mark, Outcome, Raiser};
use crate::eval::EvalOptions;
use crate::files::Files;
use crate::records::prose::ProseFormat;
use crate::records::schema::{RecordKind, Schema};
use crate::report::{CaseReport, Subject};
use crate::source::SourceMap;

/// A category no loaded pack names leaves the category's minimum spec rules silently unapplied: say so.
fn unknown_category(rules: &RuleSet, case: &crate::records::case::Case) -> Option<Finding> {
    let category = case.category()?;
    let known: std::collections::BTreeSet<&str> = rules
        .packs
        .iter()
        .flat_map(|p| p.categories.iter().map(String::as_str))
        .filter(|c| *c != "all")
        .collect();
    let lineage = crate::records::categories::bundled().lineage(category);
    if lineage.iter().any(|c| known.contains(c.as_str())) || known.is_empty() {
        return None;
    }
    let doc = case.get(crate::records::schema::RecordKind::Contract)?;
    let schema = crate::records::schema::Schema::bundled();
    let field = doc
        .root
        .path(schema.role(crate::records::schema::Role::Category))?;
    let at = crate::source::Location {
        file: doc.file,
        span: field.value.span,
    };
    let suggestion = crate::text::closest(category, known.iter().copied())
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
    let by = Raiser {
        id: "CASE-CATEGORY",
        title: "The product category is one the rule packs know",
        pack: "concord",
        pack_version: "",
        severity: crate::compile::ir::Severity::Error,
        stage: Stage::Contract,
        cite: "concord's reading, no public source: the minimum contract spec items depend on the category, and a category no pack knows gets none of them checked",
        sources: &[],
        pattern: None,
        rule: at,
    };
    let finding = Finding::new(
        &by,
        Outcome::NotProvable,
        format!("no loaded pack covers the category `{category}`, so no category rules ran"),
        format!(
            "{suggestion}the packs know: {}; or load a pack for this category with `--rules`",
            known.iter().copied().collect::<Vec<_>>().join(", ")
        ),
    )
    .in_record(Some(crate::records::schema::RecordKind::Contract))
    .at(vec![Mark {
        at,
        label: format!("category `{category}`"),
    }]);
    Some(finding)
}

/// Bad input when no pack that applies to the case's category is in force: zero rules must never read as ready.
fn nothing_in_force(
    rules: &RuleSet,
    selection: &crate::compile::ir::Selection,
    case: &crate::records::case::Case,
    date: NaiveDate,
) -> Option<crate::files::InputError> {
    let category = case.category();
    let applicable = rules.applicable(category);
    let applies = |p: &crate::compile::ir::PackInfo| {
        rules
            .packs
            .iter()
            .position(|q| std::ptr::eq(q, p))
            .and_then(|i| applicable.get(i).copied())
            .unwrap_or(false)
    };
    let any_in_force = rules
        .packs
        .iter()
        .zip(&selection.active)
        .any(|(p, active)| *active && applies(p));
    if any_in_force || rules.packs.is_empty() {
        return None;
    }
    let ranges: Vec<String> = rules
        .packs
        .iter()
        .filter(|p| applies(p))
        .map(|p| {
            let day = |d: Option<NaiveDate>| d.map_or("…".to_owned(), |d| d.to_string());
            format!(
                "{} from {} to {}",
                p.label(),
                day(p.effective),
                day(p.until)
            )
        })
        .collect();
    // No loaded pack applies to the case's category at all: say so, and name the categories the packs are for.
    let ranges = if ranges.is_empty() {
        let packs: Vec<String> = rules
            .packs
            .iter()
            .map(|p| format!("{} for {}", p.label(), p.categories.join(", ")))
            .collect();
        format!(
            "none is for the category `{}`: {}",
            crate::text::visible(category.unwrap_or("(none)"), false),
            packs.join("; ")
        )
    } else {
        ranges.join(", ")
    };
    Some(crate::files::InputError::NoPackInForce {
        path: case.name.clone(),
        date: date.to_string(),
        ranges,
    })
}

/// How to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The evaluation date (deadlines, expiry of waivers); `None`: today. It never chooses pack versions.
    pub as_of: Option<NaiveDate>,
    /// The date that chooses pack versions (`--versions-as-of`); `None`: the contract's signing date, or the
    /// evaluation date when the contract states none.
    pub versions_as_of: Option<NaiveDate>,
    /// Pinned pack versions (`name@version`), from `--pack` and the configuration.
    pub pins: Vec<String>,
    /// The pins of `pins` that came from the configuration file (named in reports as such), as `name@version`.
    pub config_pins: Vec<String>,
    /// Severity overrides and disabled rules from the configuration file.
    pub overrides: crate::check::config::Overrides,
    /// The configuration file used, as shown to the user.
    pub config: Option<String>,
    /// Input limits.
    pub limits: Limits,
    /// True for `lint`: one contract file, contract-stage rules only.
    pub contract_only: bool,
}

/// What checking one case gave.
#[derive(Debug)]
pub enum CaseOutcome {
    /// A report (ready or not).
    Report(CaseReport),
    /// The case's files are bad input.
    BadInput(Vec<Problem>),
    /// The options cannot be applied (an unknown pinned version).
    Usage(String),
}

/// Checks a case folder (or, with `contract_only`, one contract file). Returns the outcome and the sources
/// it points into: the rule sources followed by the case's files.
pub fn check_case(
    files: &dyn Files,
    rules: &RuleSet,
    rule_sources: &SourceMap,
    path: &Path,
    options: &CheckOptions,
) -> (CaseOutcome, SourceMap) {
    let mut sources = rule_sources.clone();
    let loaded = if options.contract_only {
        load::load_contract(files, &mut sources, path, &options.limits).map(|c| (c, Vec::new()))
    } else {
        load::load_case_and_waivers(files, &mut sources, path, &options.limits)
    };
    let (case, waivers) = match loaded {
        Ok(loaded) => loaded,
        Err(problems) => return (CaseOutcome::BadInput(problems), sources),
    };
    let over_prose;
    let rules = if options.contract_only && ProseFormat::of(path).is_some() {
        over_prose = rules_over_prose(rules);
        &over_prose
    } else {
        rules
    };
    let today = chrono::Local::now().date_naive();
    let as_of = options.as_of.unwrap_or(today);
    let (rule_date, why) = match (options.versions_as_of, case.signed()) {
        (Some(date), _) => (date, format!("in force on --versions-as-of {date}")),
        (None, Some(date)) => (date, format!("in force at the signing date {date}")),
        // No signing date (a contract written as text, a draft): the evaluation date, so `--as-of` keeps the run
        // reproducible.
        (None, None) => (
            as_of,
            format!("in force on the evaluation date {as_of}: the contract states no signing date"),
        ),
    };
    let chosen_by = |name: &str| {
        let pinned = |pins: &[String]| {
            pins.iter()
                .any(|p| p.split_once('@').is_some_and(|(n, _)| n == name))
        };
        if pinned(&options.config_pins) {
            format!(
                "pinned in {}",
                options.config.as_deref().unwrap_or("the configuration")
            )
        } else if pinned(&options.pins) {
            "pinned by --pack".to_owned()
        } else {
            why.clone()
        }
    };
    let selection = match rules.select(rule_date, &options.pins) {
        Ok(selection) => selection,
        Err(message) => return (CaseOutcome::Usage(format!("--pack: {message}")), sources),
    };
    if let Some(problem) = nothing_in_force(rules, &selection, &case, rule_date) {
        return (CaseOutcome::BadInput(vec![problem.into()]), sources);
    }
    let stages = options.contract_only.then(|| vec![Stage::Contract]);
    let eval_options = EvalOptions {
        as_of,
        stages,
        packs: Some(selection.active.clone()),
        rule_date: Some(rule_date),
    };
    let evaluation = crate::eval::evaluate_within(
        rules,
        &case,
        &sources,
        &eval_options,
        options.limits.max_eval_steps,
    );
    if evaluation.budget_spent {
        let problem = crate::files::InputError::EvaluationBudget {
            path: case.name.clone(),
            limit: options.limits.max_eval_steps,
        };
        return (CaseOutcome::BadInput(vec![problem.into()]), sources);
    }
    let subject = match (options.contract_only, ProseFormat::of(path)) {
        (true, Some(_)) => Subject::ContractText,
        (true, None) => Subject::Contract,
        (false, _) => Subject::Case,
    };
    let mut findings = evaluation.findings;
    if subject == Subject::ContractText {
        // A paragraph of a contract written as text may be its spec, inspection criteria or warranty, where a
        // vague phrase is an error (WORD-002, WORD-003): every phrase found counts as one.
        for finding in findings
            .iter_mut()
            .filter(|f| f.severity == Severity::Warning)
        {
            finding.severity = Severity::Error;
        }
    }
    // The configuration's severity overrides and disabled rules come last: they are the team's word.
    options.overrides.apply(&mut findings, as_of);
    let unused = crate::check::waivers::apply(&mut findings, &waivers, &case, as_of);
    findings.extend(unused);
    crate::check::case_findings::merge_absent_records(&mut findings);
    findings.splice(0..0, crate::check::case_findings::to_fill_in(&case));
    if !options.contract_only {
        findings.extend(crate::check::case_findings::future_dates(&case, as_of));
    }
    if let Some(finding) = unknown_category(rules, &case) {
        findings.insert(0, finding);
    }
    let ran = rules.ran(&selection, case.category());
    let mut report = CaseReport::new(subject, case.name.clone(), as_of, rules, findings)
        .with_selection(rules, &ran, &chosen_by);
    report.config.clone_from(&options.config);
    report.matrix = crate::check::matrix::build(&case);
    report.window = crate::check::matrix::window(&case, as_of);
    report.facts = Box::new(crate::check::matrix::facts(&case));
    (CaseOutcome::Report(report), sources)
}

/// The rules that can judge a contract written as text: those that run once per clause. The others read fields
/// (spec, inspection, warranty) that only the YAML record holds, and would report them missing from a contract
/// that states them in prose.
fn rules_over_prose(rules: &RuleSet) -> RuleSet {
    let clauses = Schema::bundled().prose_list(RecordKind::Contract);
    let per_clause = |rule: &&CompiledRule| {
        matches!(rule.steps.first(), Some(Step::For { source, .. })
            if matches!(&source.kind, CKind::Path(path)
                if path.root == Root::Record(RecordKind::Contract)
                    && matches!(path.steps.as_slice(), [CStep::Field(name)] if Some(name.as_str()) == clauses)))
    };
    RuleSet {
        packs: rules.packs.clone(),
        rules: rules.rules.iter().filter(per_clause).cloned().collect(),
        tables: rules.tables.clone(),
    }
}
