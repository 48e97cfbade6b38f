//! Unit tests of requirement parsing, display, satisfaction and implication.

use super::*;
use crate::source::Span;

fn q(text: &str) -> Quantity {
    match Quantity::parse(text) {
        Ok(q) => q,
        Err(e) => unreachable!("`{text}` should parse: {e}"),
    }
}

fn r(text: &str) -> Requirement {
    match Requirement::parse(text) {
        Ok(r) => r,
        Err(e) => unreachable!("`{text}` should parse: {e}"),
    }
}

fn sat(req: &str, measured: &str) -> bool {
    r(req).is_satisfied_by(&q(measured)) == Ok(true)
}

fn dec(text: &str) -> Exact {
    match super::exact::parse_decimal(text) {
        Some(x) => x,
        None => unreachable!("`{text}` is a decimal"),
    }
}

fn implies(a: &str, b: &str) -> bool {
    r(a).implies(&r(b)) == Ok(true)
}

#[test]
fn requirement_forms_parse_and_display() {
    let cases = [
        (">= 50 cycles/min", ">= 50 cycles/min"),
        ("≥ 50 cycles/min", ">= 50 cycles/min"),
        ("<= 75 dB(A)", "<= 75 dB(A)"),
        ("> 0 kW", "> 0 kW"),
        ("< 10 mm", "< 10 mm"),
        ("== 4 units", "= 4 units"),
        ("= 4 units", "= 4 units"),
        ("4 units", "= 4 units"),
        ("48..52 cycles/min", "48..52 cycles/min"),
        ("48 cycles/min .. 52 cycles/min", "48..52 cycles/min"),
        (
            "48 cycles/min .. 3120 cycles/h",
            "48 cycles/min .. 3120 cycles/h",
        ),
        ("120 mm ± 0.5 mm", "120 mm ± 0.5 mm"),
        ("120 mm +/- 0.5 mm", "120 mm ± 0.5 mm"),
        ("120 ± 0.5 mm", "120 mm ± 0.5 mm"),
        ("300 mg ± 3%", "300 mg ± 3%"),
        ("±0.5 mm", "±0.5 mm"),
        ("+/- 0.5 mm", "±0.5 mm"),
        ("180 g/m2 ± 5%", "180 g/m² ± 5%"),
        ("  SUS316L stainless steel ", "SUS316L stainless steel"),
        ("ISO 2768-mK", "ISO 2768-mK"),
    ];
    for (text, shown) in cases {
        assert_eq!(r(text).to_string(), shown, "{text}");
    }
    assert_eq!(
        r("ISO 2768-mK"),
        Requirement::Named("ISO 2768-mK".to_owned())
    );
}

#[test]
fn broken_numeric_text_is_an_error_not_a_name() {
    for text in [
        ">= 50 cyclez/min",
        ">= abc",
        "50..",
        "50",
        "- see drawing",
        "304 stainless",
    ] {
        assert!(Requirement::parse(text).is_err(), "{text}");
    }
}

#[test]
fn requirement_errors() {
    let err = |t: &str| Requirement::parse(t).err();
    assert!(matches!(
        err("52..48 mm"),
        Some(QuantityError::ReversedRange { .. })
    ));
    assert!(matches!(
        err("120 mm ± 0.5 kg"),
        Some(QuantityError::ToleranceUnitMismatch { .. })
    ));
    // A percent with no nominal is a limit on a change written in percent (shrinkage), not an error.
    assert!(matches!(
        Requirement::parse("±5%"),
        Ok(Requirement::Deviation { .. })
    ));
    assert!(matches!(
        err("120 mm ± -1 mm"),
        Some(QuantityError::NegativeTolerance { .. })
    ));
    assert!(matches!(
        err("1 kg .. 2 m"),
        Some(QuantityError::BadRange { .. })
    ));
    assert!(matches!(
        err(">= 5 mm ± 1 mm"),
        Some(QuantityError::TrailingText { .. })
    ));
    assert!(matches!(err("  "), Some(QuantityError::Empty { .. })));
    let span = err(">= 50 cyclez/min").map(|e| e.span());
    assert_eq!(span, Some(Span::new(6, 12)));
}

#[test]
fn requirement_unit_span() {
    let spanned = Requirement::parse_spanned(">= 50 cycles/min").ok();
    assert_eq!(spanned.and_then(|(_, s)| s), Some(Span::new(6, 16)));
    let named = Requirement::parse_spanned("SUS304").ok();
    assert_eq!(named.map(|(_, s)| s), Some(None));
}

#[test]
fn satisfaction() {
    assert!(sat(">= 50 cycles/min", "3000 cycles/h"));
    assert!(!sat(">= 50 cycles/min", "49 cycles/min"));
    assert!(sat("<= 75 dB(A)", "75 dB(A)"));
    assert!(!sat("> 0 kW", "0 kW"));
    assert!(sat("48..52 cycles/min", "48 cycles/min"));
    assert!(sat("48..52 cycles/min", "52 cycles/min"));
    assert!(!sat("48..52 cycles/min", "52.1 cycles/min"));
    assert!(sat("120 mm ± 0.5 mm", "120.5 mm"));
    assert!(sat("120 mm ± 0.5 mm", "119.5 mm"));
    assert!(!sat("120 mm ± 0.5 mm", "120.6 mm"));
    assert!(sat("300 mg ± 3%", "291 mg"));
    assert!(sat("300 mg ± 3%", "309 mg"));
    assert!(!sat("300 mg ± 3%", "310 mg"));
    assert!(sat("±0.5 mm", "-0.3 mm"));
    assert!(sat("±0.5 mm", "-0.5 mm"));
    assert!(!sat("±0.5 mm", "0.6 mm"));
    assert!(sat("23 °C ± 2 °C", "73.9 °F"));
    // Kelvin against Celsius is a difference (see `kelvin_against_celsius_is_a_temperature_difference`).
    assert!(!sat("23 °C ± 2 °C", "296 K"));
    assert!(sat("= 4 units", "4 pcs"));
}

#[test]
fn a_percent_above_and_below_is_a_share_of_the_nominal() {
    // A battery's rated capacity, as cell spec sheets write it: nothing above, 5% below.
    assert!(sat("20000 mAh +0/-5%", "19000 mAh"));
    assert!(sat("20000 mAh +0/-5%", "20000 mAh"));
    assert!(!sat("20000 mAh +0/-5%", "18999 mAh"));
    assert!(!sat("20000 mAh +0/-5%", "20001 mAh"));
    assert!(sat("12 kg +5% / -2%", "12.6 kg"));
    assert!(!sat("12 kg +5% / -2%", "11.7 kg"));
    // A percent against a nominal in percent stays absolute points.
    assert!(sat("60 % +5/-5 %", "55 %"));
}

#[test]
fn a_bare_tolerance_is_in_the_nominal_unit() {
    assert!(sat("35 kg/m³ ± 2", "33 kg/m³"));
    assert!(!sat("35 kg/m³ ± 2", "32.9 kg/m³"));
    assert!(sat("120 mm ± 0.5", "12.05 cm"));
    // A tolerance after a bare number still needs a unit somewhere.
    assert!(Requirement::parse("35 ± 2").is_err());
}

#[test]
fn a_scale_named_with_an_equals_sign_reads_its_value() {
    // Friction coefficients as brake-pad sheets write them (SAE J661): `μ = 0.35–0.45`, read `μ = 0.27`.
    assert!(sat("μ = 0.35–0.45", "μ = 0.40"));
    assert!(!sat("μ = 0.35–0.45", "μ = 0.27"));
    assert!(sat("COF >= 0.3", "COF 0.35"));
    assert!(sat("PF = 0.95 ± 0.02", "PF = 0.96"));
    // `48μ` for microns (film gauges) reads on the friction scale: against micrometres it is a unit clash the
    // reader is told of, never a verdict.
    assert!(r(">= 50 µm").is_satisfied_by(&q("48μ")).is_err());
}

#[test]
fn satisfaction_mismatches() {
    assert!(r(">= 50 cycles/min").is_satisfied_by(&q("50 kg")).is_err());
    assert!(r("<= 75 dB(C)").is_satisfied_by(&q("75 dB(A)")).is_err());
    assert!(r(">= 50 cycles/min")
        .is_satisfied_by(&q("50 pcs/min"))
        .is_err());
    assert!(r(">= 100 USD").is_satisfied_by(&q("100 EUR")).is_err());
    assert_eq!(r("SUS304").is_satisfied_by(&q("1 kg")), Ok(false));
}

#[test]
fn implication() {
    assert!(implies(">= 60 cycles/min", ">= 50 cycles/min"));
    assert!(implies(">= 3000 cycles/h", ">= 50 cycles/min"));
    assert!(!implies(">= 40 cycles/min", ">= 50 cycles/min"));
    assert!(implies("48..52 cycles/min", ">= 45 cycles/min"));
    assert!(!implies(">= 50 cycles/min", "48..52 cycles/min"));
    assert!(implies("> 50 kW", ">= 50 kW"));
    assert!(!implies(">= 50 kW", "> 50 kW"));
    assert!(implies("120 mm ± 0.1 mm", "120 mm ± 0.5 mm"));
    assert!(implies("±0.1 mm", "±0.5 mm"));
    assert!(!implies("±0.1 mm", "<= 0.5 mm"));
    assert!(!implies("<= 0.1 mm", "±0.5 mm"));
    assert!(implies(
        "SUS316L  Stainless steel",
        "sus316l stainless STEEL"
    ));
    assert!(!implies("SUS316L", "SUS304"));
    assert_eq!(r("SUS316L").implies(&r(">= 1 mm")), Ok(false));
    assert!(r(">= 1 kg").implies(&r(">= 1 mm")).is_err());
}

#[test]
fn intervals() {
    let i = r("±0.5 mm").interval();
    let expected = Interval {
        low: Bound::Closed(dec("-0.0005")),
        high: Bound::Closed(dec("0.0005")),
    };
    assert_eq!(i, Some(expected));
    assert_eq!(
        r("< 1 m").interval().map(|i| i.high),
        Some(Bound::Open(dec("1")))
    );
    assert_eq!(r("SUS304").interval(), None);
    assert_eq!(r("SUS304").dimension(), None);
}

#[test]
fn resistance_fabric_weight_and_percent_change_read_as_labs_write_them() {
    let meets = |req: &str, measured: &str| {
        Requirement::parse(req)
            .unwrap()
            .is_satisfied_by(&Quantity::parse(measured).unwrap())
    };
    // Earth continuity and insulation resistance (IEC 60335-1), with the ohm sign or the Greek omega.
    assert_eq!(meets("<= 0.1 Ω", "0.03 Ω"), Ok(true));
    assert_eq!(meets("<= 0.1 \u{2126}", "120 mΩ"), Ok(false));
    assert_eq!(meets(">= 2 MΩ", "500 kΩ"), Ok(false));
    assert_eq!(meets(">= 2 MΩ", "2.5 MΩ"), Ok(true));
    // Fabric weight: GSM is grams per square metre; oz/yd² converts into it.
    assert_eq!(meets("500 GSM ± 5%", "452 g/m2"), Ok(false));
    assert_eq!(meets("500 GSM ± 5%", "480 GSM"), Ok(true));
    assert_eq!(meets(">= 14 oz/yd²", "480 g/m²"), Ok(true));
    assert_eq!(meets(">= 14 oz/yd²", "440 g/m²"), Ok(false));
    // Leach limits in micrograms, written with the micro sign.
    assert_eq!(meets("<= 0.5 mg/L", "0.3 µg/mL"), Ok(true));
    // A change written in percent (shrinkage): `±3%` holds -2.1% and not -3.5%; a length never compares.
    assert_eq!(meets("±3%", "-2.1%"), Ok(true));
    assert_eq!(meets("±3%", "-3.5%"), Ok(false));
    assert!(meets("±3%", "2 mm").is_err());
}

#[test]
fn suppliers_notation_reads_as_bounds_and_ranges() {
    let display = |t: &str| Requirement::parse(t).map(|r| r.to_string());
    assert_eq!(display("5% max").as_deref(), Ok("<= 5 %"));
    assert_eq!(display("max. 0.5 mm").as_deref(), Ok("<= 0.5 mm"));
    assert_eq!(display("0.5 mm max").as_deref(), Ok("<= 0.5 mm"));
    assert_eq!(display("min 50 N").as_deref(), Ok(">= 50 N"));
    assert_eq!(display("50 N min").as_deref(), Ok(">= 50 N"));
    assert_eq!(display("at least 2 MΩ").as_deref(), Ok(">= 2 MΩ"));
    // `min` after a bare number is the unit of time.
    assert_eq!(display("3.5 min").as_deref(), Ok("= 3.5 min"));
    assert_eq!(display("220-240 V").as_deref(), Ok("220..240 V"));
    assert_eq!(display("220–240 V").as_deref(), Ok("220..240 V"));
    assert_eq!(display("220~240V").as_deref(), Ok("220..240 V"));
    // Several nominal values: each must be supported (not a range).
    assert_eq!(display("50/60 Hz").as_deref(), Ok("50/60 Hz"));
    assert_eq!(display("110/220 V").as_deref(), Ok("110/220 V"));
    // A slash between other numbers stays an error, never a silent range.
    assert!(Requirement::parse("1/2 in").is_err());
    assert_eq!(display("400 TC ± 5%").as_deref(), Ok("400 TC ± 5%"));
}

#[test]
fn kelvin_against_celsius_is_a_temperature_difference() {
    let meets = |req: &str, measured: &str| {
        Requirement::parse(req)
            .unwrap()
            .is_satisfied_by(&Quantity::parse(measured).unwrap())
    };
    // A thermal-shock ΔT reported in K against a contract in °C.
    assert_eq!(meets(">= 120 °C", "150 K"), Ok(true));
    assert_eq!(meets(">= 120 °C", "110 K"), Ok(false));
    assert_eq!(meets(">= 120 K", "150 °C"), Ok(true));
    // Absolute temperatures in °C and °F still convert with their offsets.
    assert_eq!(meets("<= 100 °C", "200 °F"), Ok(true));
    assert_eq!(meets("<= 100 °C", "220 °F"), Ok(false));
}

#[test]
fn compositions_are_told_from_bounds() {
    use crate::units::is_composition;
    assert!(is_composition("100% cotton"));
    assert!(is_composition("cotton 100%"));
    assert!(is_composition("98% cotton 2% elastane"));
    assert!(is_composition("100% LLDPE"));
    assert!(!is_composition("5% max"));
    assert!(!is_composition("max. 5%"));
    assert!(!is_composition("300 mg ± 3%"));
}

#[test]
fn a_blend_with_a_tolerance_on_its_shares_is_a_composition() {
    use crate::units::is_composition_with_tolerance as blend;
    assert!(blend("80% cotton / 20% polyester ± 3 percentage points"));
    assert!(blend("60% wool 40% acrylic +/- 3%"));
    assert!(blend("100% cotton ± 3 pp"));
    assert!(!blend("300 mg ± 3%"));
    assert!(!blend("80% cotton / 20% polyester"));
    assert!(!blend("180 g/m² ± 5%"));
    assert!(!blend("80% cotton ± 3 mm"));
}

#[test]
fn sizes_of_two_or_three_dimensions_are_told_apart() {
    use crate::units::is_size;
    assert!(is_size("500 mm x 120 mm ± 2 mm"));
    assert!(is_size("300 × 200 × 80 mm"));
    assert!(is_size("60x40 cm"));
    assert!(!is_size("4 x 60 W"));
    assert!(!is_size("500 mm"));
    assert!(!is_size("2 x 3"));
    assert!(!is_size("box x 2 mm"));
}

#[test]
fn a_bound_is_taken_off_a_size() {
    use crate::units::{is_size, without_bound};
    assert_eq!(without_bound("max 760 x 350 mm"), Some("760 x 350 mm"));
    assert_eq!(without_bound("<= 600 × 400 mm"), Some("600 × 400 mm"));
    assert_eq!(without_bound("760 x 350 mm max"), Some("760 x 350 mm"));
    assert_eq!(without_bound("760 x 350 mm"), None);
    // A misspelt unit is no size, bound or not, so the requirement must read and is refused at the unit.
    assert!(!without_bound("max 760 x 350 mmm").is_some_and(is_size));
}

#[test]
fn chinese_notation_reads_as_the_units_it_names() {
    assert!(sat("200±5克/平方米", "198 g/m2"));
    assert!(!sat("200±5克/平方米", "186克/平方米"));
    assert!(sat("≥50次/分钟", "3000 cycles/h"));
    assert!(!sat("≤0.01毫米", "0.018 mm"));
    assert!(sat("≤0.01厘米", "0.018毫米"));
    assert!(!sat("≥1600千牛", "1420 kN"));
    assert!(sat("0.5％ ± 0.1％", "0.55 %"));
    // A tilde joins a range whose upper end may carry its sign; `V~` stays a unit.
    assert!(sat("-3％～+1％", "-2.5 %"));
    assert!(!sat("-3%~+1%", "-6.5%"));
    assert!(sat("220 V~", "220 V"));
    // A conversion in full-width brackets is dropped as one in ASCII brackets.
    assert!(crate::units::without_conversion("≥ 90 N（9.2 kgf）").is_some());
    assert!(crate::units::is_composition("100％棉"));
}
