//! The HTML report, a document to attach to a dispute filing: self-contained (it loads no external resource) for
//! every example, with the order, the claim, the matrix, the deadlines and the packs in that order, and it renders
//! in headless Chromium (Debian's `chromium`, which `.ci/run` installs) to a screenshot and prints to an A4 PDF.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod support;

use std::path::Path;
use std::process::Command;

fn html(case: &str) -> String {
    support::concord(&["check", case, "--format", "html", "--as-of", "2026-07-05"]).stdout_text()
}

#[test]
fn every_example_report_is_self_contained() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(root).unwrap().flatten() {
        if !entry.path().join("contract.yaml").is_file() {
            continue;
        }
        let case = format!("examples/{}", entry.file_name().to_string_lossy());
        let page = html(&case);
        assert!(
            page.starts_with("<!doctype html>") && page.contains("Consistency matrix"),
            "{case}: not a report"
        );
        for external in [
            "src=", "href=", "url(", "@import", "http://", "https://", "<link", "<script",
        ] {
            assert!(
                !page.contains(external),
                "{case}: the report refers to an external resource (`{external}`)"
            );
        }
        checked += 1;
    }
    assert!(checked >= 10);
}

/// Chromium, or `None` on a machine without it; under CI (`CI` set, as `.ci/run` does) a missing browser fails the
/// test instead of skipping it.
fn chromium() -> Option<&'static str> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    if found.is_none() {
        let ci = std::env::var("CI").unwrap_or_default();
        assert!(
            ci.is_empty() || ci == "false" || ci == "0",
            "CI={ci} must provide Chromium (see .ci/run)"
        );
        eprintln!("chromium is not installed: the browser tests are skipped on this machine");
    }
    found
}

/// Runs headless Chromium on a page with the flags that keep it off the network, then the extra arguments.
fn run_chromium(chromium: &str, dir: &Path, page: &Path, extra: &[String]) {
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            // Any attempt to reach the network fails, so the output shows only what the page carries itself.
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("concord-html-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_report_reads_as_a_filing_document() {
    let page = html("examples/claim-holds");
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("the report lacks `{needle}`:\n{page}"))
    };
    // The order and the parties at the top, before anything else.
    let top = [
        "<h1>Order TA-2026-0412-0007: Automatic capsule filling machine, model NJP-800</h1>",
        "Harbor Nutrition LLC (US)",
        "Ruian Hongda Machinery Co., Ltd. (CN)",
        "<dt>Order value</dt><dd>100000 USD</dd>",
    ];
    for needle in top {
        assert!(
            at(needle) < at("<h2>The claim</h2>"),
            "`{needle}` is not at the top"
        );
    }
    // Then the claim statement, the matrix, the deadlines, what to do, and the packs with their hashes at the end.
    let order = [
        "<h2>The claim</h2>",
        "<h2>Consistency matrix</h2>",
        "<h2>Deadlines</h2>",
        "<h2>What to do</h2>",
        "<h2>Rule packs</h2>",
    ];
    for pair in order.windows(2) {
        assert!(
            at(pair[0]) < at(pair[1]),
            "{} comes after {}",
            pair[0],
            pair[1]
        );
    }
    assert!(at("<strong>Agreed:</strong>") < at("<h2>Consistency matrix</h2>"));
    assert!(page.contains(
        "filed on 2026-07-02, 18 days before the protection window closed on 2026-07-20"
    ));
    assert!(page.contains("pattern 4: informal promises"));
    assert!(page.contains("Strengthen the case (1)"));
    let trade_assurance = at("<th scope=\"row\">trade_assurance</th>");
    assert!(page[trade_assurance..].contains("class=\"hash\">"));
    // Accessible: table headers with their scope, no table without them; printable on A4 with page numbers.
    assert!(page.contains("<th scope=\"col\">contract requirement</th>"));
    assert!(!page.contains("<th>"), "a table header without a scope");
    for print in [
        "@page{size:A4",
        "counter(page)",
        "counter(pages)",
        "@media print",
        "break-inside:avoid",
    ] {
        assert!(page.contains(print), "the print stylesheet lacks `{print}`");
    }
    // No raw backticks and no internal citation text (`cites: Seed, step 4: ...`).
    let body = &page[at("<body>")..];
    assert!(!body.contains('`'), "raw backticks in the report");
    assert!(
        !body.contains("Seed, step") && !body.contains("Seed:"),
        "internal citation text in the report"
    );
    assert!(body.contains("<code>"));
}

#[test]
fn a_failing_claim_never_reads_as_agreed() {
    for case in [
        "examples/lost-100k",
        "examples/wrong-method",
        "examples/supplier-self-inspection",
    ] {
        let run = support::concord(&["check", case, "--format", "html", "--as-of", "2026-07-05"]);
        assert_eq!(run.code, 1, "{case} is expected not ready");
        let page = run.stdout_text();
        assert!(
            !page.contains("the records agree"),
            "{case}: `the records agree` in a report that is not ready"
        );
        assert!(page.contains("not ready to file"), "{case}");
        assert!(page.contains("Fix before filing ("), "{case}");
    }
}

#[test]
fn the_claim_that_holds_renders_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = scratch("screenshot");
    let page = dir.join("claim-holds.html");
    std::fs::write(&page, html("examples/claim-holds")).unwrap();
    let shot = dir.join("claim-holds.png");
    run_chromium(
        chromium,
        &dir,
        &page,
        &[
            "--window-size=1200,1400".to_owned(),
            format!("--screenshot={}", shot.display()),
        ],
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "the screenshot is empty"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The number of pages of a PDF as Chromium writes it: its `/Type /Page` objects (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
        .count()
}

#[test]
fn reports_print_to_a4_pdf_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = scratch("pdf");
    for case in ["claim-holds", "lost-100k"] {
        let page = dir.join(format!("{case}.html"));
        std::fs::write(&page, html(&format!("examples/{case}"))).unwrap();
        let pdf = dir.join(format!("{case}.pdf"));
        run_chromium(
            chromium,
            &dir,
            &page,
            &[
                "--no-pdf-header-footer".to_owned(),
                format!("--print-to-pdf={}", pdf.display()),
            ],
        );
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{case}: not a PDF");
        let pages = pdf_pages(&bytes);
        // The findings start on a page of their own, so a report of findings has at least two pages.
        assert!(pages >= 2, "{case}: the PDF has {pages} pages");
        // A4 is 595 x 842 points.
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("/MediaBox [0 0 595") || text.contains("/MediaBox [0 0 594"),
            "{case}: the PDF is not A4"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
