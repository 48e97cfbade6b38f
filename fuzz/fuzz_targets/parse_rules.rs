//! Arbitrary bytes; when they are UTF-8, the rule parser must return Ok or a ParseError, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = concord::syntax::parse::parse(text);
    }
});
