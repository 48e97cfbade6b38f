//! Rule text that parses is compiled against the bundled schema; the compiler must return Ok or
//! its diagnostics, never panic (including on the spans it reads back from the source map).
#![no_main]

use concord::source::{SourceFile, SourceMap};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(ast) = concord::syntax::parse::parse(text) else {
        return;
    };
    let mut sources = SourceMap::new();
    let id = sources.add(SourceFile::new("fuzz.concord", text));
    let _ = concord::compile::compile(&[(id, &ast)], concord::records::schema::Schema::bundled(), &sources);
});
