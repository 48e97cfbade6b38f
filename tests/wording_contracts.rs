//! The wording lint on whole contracts as people hold them (`tests/data/wording/contracts-*/`): plain text, Markdown
//! and contract YAML written by reviewers outside the wording pack, each phrase and precise sentence listed with
//! its line in `EXPECTED.tsv`. Prints recall (covering spans, and touching spans) and false alarms per set; fails
//! below the floors written in `docs/wording.md`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;

struct Expected {
    file: String,
    line: usize,
    phrase: String,
    vague: bool,
}

fn expected(set: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(set.join("EXPECTED.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "four columns in {l:?}");
            Expected {
                file: cols[0].to_owned(),
                line: cols[1].parse().unwrap(),
                phrase: cols[2].to_owned(),
                vague: match cols[3] {
                    "flag" => true,
                    "clean" => false,
                    other => panic!("expected `flag` or `clean`, not {other:?}"),
                },
            }
        })
        .collect()
}

/// The byte ranges of the WORD findings' locations in one linted file.
fn word_spans(file: &Path) -> Vec<(usize, usize)> {
    let run = support::concord(&["lint", file.to_str().unwrap(), "--format", "json"]);
    assert_ne!(
        run.code,
        2,
        "{} is read as bad input:\n{}",
        file.display(),
        run.snapshot()
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout_text()).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap_or("").starts_with("WORD"))
        .flat_map(|f| f["locations"].as_array().cloned().unwrap_or_default())
        .map(|l| {
            (
                l["byte_start"].as_u64().unwrap() as usize,
                l["byte_end"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

/// Where `phrase` stands in `text`, searching from the start of `line` (1-based); white space in the phrase
/// matches any run of white space (a phrase broken across lines is listed with one space).
fn locate(text: &str, line: usize, phrase: &str) -> (usize, usize) {
    let from = text
        .match_indices('\n')
        .nth(line.saturating_sub(2))
        .map_or(0, |(i, _)| if line > 1 { i + 1 } else { 0 });
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let mut at = from;
    'search: while let Some(offset) = text[at..].find(words[0]) {
        let start = at + offset;
        let mut end = start + words[0].len();
        for word in &words[1..] {
            let rest = &text[end..];
            let gap = rest.len() - rest.trim_start().len();
            if gap == 0 || !rest.trim_start().starts_with(word) {
                at = start + words[0].len();
                continue 'search;
            }
            end += gap + word.len();
        }
        return (start, end);
    }
    panic!("{phrase:?} is not in the file from line {line}");
}

struct Score {
    vague: usize,
    covered: usize,
    touched: usize,
    precise: usize,
    alarms: usize,
    misses: Vec<String>,
    false_alarms: Vec<String>,
}

fn score(set: &Path) -> Score {
    let rows = expected(set);
    let mut spans: BTreeMap<String, (String, Vec<(usize, usize)>)> = BTreeMap::new();
    let mut s = Score {
        vague: 0,
        covered: 0,
        touched: 0,
        precise: 0,
        alarms: 0,
        misses: Vec::new(),
        false_alarms: Vec::new(),
    };
    for row in &rows {
        let (text, found) = spans.entry(row.file.clone()).or_insert_with(|| {
            let path = set.join(&row.file);
            (std::fs::read_to_string(&path).unwrap(), word_spans(&path))
        });
        let (start, end) = locate(text, row.line, &row.phrase);
        let covers = found.iter().any(|&(s, e)| s <= start && e >= end);
        let touches = found.iter().any(|&(s, e)| s < end && start < e);
        let place = format!("{}:{} {:?}", row.file, row.line, row.phrase);
        if row.vague {
            s.vague += 1;
            s.covered += usize::from(covers);
            s.touched += usize::from(touches);
            if !covers {
                s.misses.push(format!(
                    "{place}{}",
                    if touches { " (in part)" } else { "" }
                ));
            }
        } else {
            s.precise += 1;
            if touches {
                s.alarms += 1;
                s.false_alarms.push(place);
            }
        }
    }
    s
}

fn ratio(n: usize, of: usize) -> f64 {
    n as f64 / of.max(1) as f64
}

/// Runs one set and checks its floors: recall by covering span, and the false-alarm ceiling.
fn check_set(name: &str, recall_floor: f64, alarm_ceiling: f64) {
    let set = Path::new(support::ROOT)
        .join("tests/data/wording")
        .join(name);
    let s = score(&set);
    println!(
        "{name}: recall {}/{} = {:.1}% covering, {:.1}% touching; false alarms {}/{} = {:.1}%",
        s.covered,
        s.vague,
        100.0 * ratio(s.covered, s.vague),
        100.0 * ratio(s.touched, s.vague),
        s.alarms,
        s.precise,
        100.0 * ratio(s.alarms, s.precise)
    );
    for miss in &s.misses {
        println!("  missed {miss}");
    }
    for alarm in &s.false_alarms {
        println!("  false alarm {alarm}");
    }
    assert!(
        ratio(s.covered, s.vague) >= recall_floor,
        "{name}: recall below {recall_floor}"
    );
    assert!(
        ratio(s.alarms, s.precise) <= alarm_ceiling,
        "{name}: false alarms above {alarm_ceiling}"
    );
}

// Floors just under the figures of docs/wording.md, so a change that loses phrases or adds false alarms fails.
#[test]
fn contracts_set_1() {
    check_set("contracts-1", 0.98, 0.01);
}

#[test]
fn contracts_set_2() {
    check_set("contracts-2", 0.97, 0.01);
}

/// Set 3 was held out from the widening: its floor records what the lexicon finds in phrasing it has not seen.
#[test]
fn contracts_set_3() {
    check_set("contracts-3", 0.97, 0.01);
}

#[test]
fn contracts_set_4() {
    check_set("contracts-4", 0.98, 0.01);
}

#[test]
fn contracts_set_5() {
    check_set("contracts-5", 0.85, 0.01);
}

#[test]
fn contracts_set_6() {
    check_set("contracts-6", 0.90, 0.01);
}

#[test]
fn contracts_set_7() {
    check_set("contracts-7", 0.94, 0.01);
}

#[test]
fn contracts_set_8() {
    check_set("contracts-8", 0.93, 0.01);
}

#[test]
fn contracts_set_9() {
    check_set("contracts-9", 0.82, 0.01);
}

#[test]
fn contracts_set_10() {
    check_set("contracts-10", 0.92, 0.01);
}

#[test]
fn contracts_set_11() {
    check_set("contracts-11", 0.92, 0.01);
}

#[test]
fn contracts_set_12() {
    check_set("contracts-12", 0.93, 0.01);
}

/// Set 13 held out until wording 1.6.0: first run 79.1% with 16 false alarms (5.2%). Two of the four alarms left are
/// kept on purpose (docs/wording.md): an undefined warranty exclusion (`wrong installation`) and `reasonable freight`
/// under a cap, so its ceiling is above the others'.
#[test]
fn contracts_set_13() {
    check_set("contracts-13", 0.95, 0.014);
}

/// Set 14 held out until its families were added to wording 1.6.0: first run 83.0% with 10 false alarms (2.8%).
#[test]
fn contracts_set_14() {
    check_set("contracts-14", 0.96, 0.009);
}

/// Set 15 held out until its families were added to wording 1.6.0: first run 75.9% with 13 false alarms (4.0%). Of
/// the seven alarms left, two are bare nominal values (`3200 mm`, kept: no comparator or tolerance) and three are
/// `normal wear parts (nozzles, ...)` with its list in brackets (docs/wording.md), so its ceiling is above the others'.
#[test]
fn contracts_set_15() {
    check_set("contracts-15", 0.91, 0.022);
}

/// Set 16 held out until its families were added to wording 1.7.0: first run 79.5% with 13 false alarms (3.7%).
#[test]
fn contracts_set_16() {
    check_set("contracts-16", 0.92, 0.018);
}

/// Set 17 held out until its families were added to wording 1.7.0: first run 81.5% with 8 false alarms (2.3%).
#[test]
fn contracts_set_17() {
    check_set("contracts-17", 0.91, 0.012);
}

/// Sets 18 and 19 held out until wording 1.7.0's families of sets 16 and 17 were in: first runs 80.1% with 12 false
/// alarms (3.2%) and 84.4% with 7 (2.1%).
#[test]
fn contracts_set_18() {
    check_set("contracts-18", 0.90, 0.025);
}

#[test]
fn contracts_set_19() {
    check_set("contracts-19", 0.94, 0.01);
}

/// Sets 20 and 21 held out until wording 1.7.0 had the families of sets 16 to 19: first runs 80.4% with 9 false
/// alarms (2.6%) and 76.2% with 9 (2.6%).
#[test]
fn contracts_set_20() {
    check_set("contracts-20", 0.90, 0.01);
}

#[test]
fn contracts_set_21() {
    check_set("contracts-21", 0.90, 0.018);
}

/// Sets 22 and 23 held out until the end of this round (wording 1.7.0 with the families of sets 16 to 21): first
/// runs 80.3% with 10 false alarms (2.7%) and 78.7% with 6 (1.8%); set 23's families were then added, set 22 kept
/// held out.
#[test]
fn contracts_set_22() {
    check_set("contracts-22", 0.81, 0.028);
}

#[test]
fn contracts_set_23() {
    check_set("contracts-23", 0.91, 0.016);
}

/// Sets 24 and 25 held out until the end of this round (wording 1.7.0 with the families of sets 16 to 23): first
/// runs 276/366 = 75.4% with 5 false alarms (1.5%) and 324/380 = 85.3% with 11 (3.3%). Wording 1.8.0 then took set
/// 24's families (set 25 kept held out) and showed every phrase of a clause, not the first twelve.
#[test]
fn contracts_set_24() {
    check_set("contracts-24", 0.91, 0.013);
}

#[test]
fn contracts_set_25() {
    check_set("contracts-25", 0.85, 0.034);
}

/// Sets 26 and 27 written for wording 1.8.0 and held out from it: first runs 240/360 = 66.7% with 10 false alarms
/// (3.0%), two of its contract records refused as bad input for notation concord did not read (`<= 2.5 s per strap`,
/// `Ra ≥ 80 per CIE 13.3`, `<= 5% percent flicker`), and 261/347 = 75.2% with 7 (2.2%), one record refused for a line
/// YAML reads as a mapping (quoted since; 287/347 = 82.7% with 9 under 1.8.0). Wording 1.9.0 took set 26's families
/// and notation; sets 25 and 27 stayed held out (86.1% -> 86.3%, 82.7% -> 83.6%).
#[test]
fn contracts_set_26() {
    check_set("contracts-26", 0.96, 0.016);
}

#[test]
fn contracts_set_27() {
    check_set("contracts-27", 0.83, 0.029);
}

/// Sets 28 and 29 written for wording 1.9.0 as widened on set 26 and held out from it: first runs 293/357 = 82.1%
/// with 3 false alarms (0.9%), one record refused for a clause YAML reads as a mapping (quoted since: 322/357 =
/// 90.2%), and 244/356 = 68.5% with 6 (1.8%), two records refused for notation concord did not read (`+0.5% / -0.3%
/// of diagonal`, `>= 80 GU at 60°`, `2 self-fabric handles 700 mm ± 10 mm long`; read since: 302/356 = 84.8%, 9 false
/// alarms). Set 29's families and Traditional Chinese were then added; set 28 stayed held out.
#[test]
fn contracts_set_28() {
    check_set("contracts-28", 0.90, 0.01);
}

#[test]
fn contracts_set_29() {
    check_set("contracts-29", 0.95, 0.01);
}

/// Set 30 written for wording 1.9.0 and held out from it: first run 271/353 = 76.8% with 3 false alarms (0.9%), one
/// record refused for a rating written after a tolerance without a comma (`415 V ± 10 % 3-phase 50 Hz`; read since:
/// 301/353 = 85.3%). Wording 1.10.0 took its families (substitutes `or equivalent`, `enough`, options and
/// modifications, natural variation, X-free claims, origin and design words, final decisions by the supplier);
/// sets 25, 27 and 28, held out, moved 86.6 -> 86.8%, 83.9 -> 84.7% and 90.2 -> 90.8%.
#[test]
fn contracts_set_30() {
    check_set("contracts-30", 0.94, 0.013);
}

/// Set 31 written for wording 1.10.0 and held out from it (sunglasses, cutlery, strollers, socks, flat-pack cabinets,
/// solar lights, a servo moulder, a form-fill-seal packer, a fibre-laser tube cutter, enamel baths): first run
/// 317/352 = 90.1% covering, 11 false alarms of 329 (3.3%), all three records read. Wording 1.11.0 took its families
/// and set 32's (327/352 = 92.9%, 11 false alarms), then its false alarms were fixed by family (`soft-close` as a
/// mechanism, a count glued to its unit before `per model`, a test's criterion judged with the test its sentence
/// states first, laser makers, Martindale `rubs`): 326/352 = 92.6%, 4 false alarms.
#[test]
fn contracts_set_31() {
    check_set("contracts-31", 0.92, 0.013);
}

/// Set 32 written for wording 1.10.0 and held out from it (bamboo towels, porcelain dinner sets, ride-on cars, PU
/// sofas, hand-knotted rugs, a 20 L pressure cooker, an extrusion blow moulder, a cup filler, a 5-axis gantry mill,
/// LED high-bays): first run 281/359 = 78.3% covering, 2 false alarms of 318 (0.6%), one record refused for two
/// limits joined by `and` (`PF ≥ 0.95 and THD ≤ 15 % at 240 V full load`; read since: 310/359 = 86.4%). Wording
/// 1.11.0 took its families: 328/359 = 91.4%, 2 false alarms.
#[test]
fn contracts_set_32() {
    check_set("contracts-32", 0.91, 0.007);
}

/// Set 33 written for wording 1.11.0 and held out from it (mattresses, melamine tableware, e-scooters, dining chairs,
/// cashmere scarves, a drill kit, a jacketed tank, a capping machine, a fibre-laser cutter, vitrified tiles): first
/// run 238/361 = 65.9% covering, 7 false alarms of 324 (2.2%), two records refused: a clause YAML reads as a mapping
/// (`- Smooth start: ...`, the writer's; 298/361 = 82.5% once quoted) and `>= 0.42 wet, ANSI A326.3` under `dcof`
/// (read since). The writer's line is quoted here, as for sets 27 and 28. Kept held out: no family was widened on it.
#[test]
fn contracts_set_33() {
    check_set("contracts-33", 0.82, 0.022);
}
