//! The HTML report: self-contained (it loads no external resource) for every example, and it renders in headless
//! Chromium (Debian's `chromium`, which `.ci/run` installs) to a screenshot.

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

#[test]
fn the_claim_that_holds_renders_in_headless_chromium() {
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        // CI installs Chromium, so there a missing browser is a failure, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide Chromium (see .ci/run)"
        );
        eprintln!(
            "chromium is not installed: the screenshot smoke test is skipped on this machine"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("concord-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("claim-holds.html");
    std::fs::write(&page, html("examples/claim-holds")).unwrap();
    let shot = dir.join("claim-holds.png");
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
            // Any attempt to reach the network fails, so the screenshot shows only what the page carries itself.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1200,1400",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "the screenshot is empty"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
