//! Batch mode on a real terminal: `concord check DIR` draws a progress bar when standard error is a terminal, and
//! it must finish. It once hung forever there, with the main thread holding the lock the bar's threads waited for.
//! The run happens under a pseudo-terminal made by `script` (util-linux), with a deadline.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{BIN, ROOT};

#[test]
fn a_batch_on_a_terminal_finishes_and_prints_its_summary() {
    let available = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        available,
        "this test needs `script` from util-linux (Debian: bsdutils) to give concord a terminal"
    );
    let log = std::env::temp_dir().join(format!("concord-terminal-{}.log", std::process::id()));
    let command = format!("{BIN} check examples --as-of 2026-07-05");
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &command])
        .arg(&log)
        .current_dir(ROOT)
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("`concord check examples` on a terminal did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    // The examples include cases that are not ready, so the batch exits 1.
    assert_eq!(status.code(), Some(1), "{output}");
    assert!(output.contains("total"), "no summary table: {output}");
}
