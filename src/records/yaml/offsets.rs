//! Takes saphyr's character indices and gives byte offsets into the same text.
//! Each lookup walks at most 64 characters from a sparse table built once in O(n).

use std::cell::Cell;

/// One checkpoint is kept every `STRIDE` characters.
const STRIDE: usize = 64;

/// Converts character indices (as counted by saphyr's markers) into byte offsets.
#[derive(Debug)]
pub(crate) struct Offsets<'a> {
    text: &'a str,
    /// Byte offset of every `STRIDE`-th character; empty when the text is ASCII.
    checkpoints: Vec<usize>,
    ascii: bool,
    /// The last lookup as (character index, byte offset): lookups mostly move forward a little.
    cursor: Cell<(usize, usize)>,
}

impl<'a> Offsets<'a> {
    /// Indexes `text`; ASCII text needs no table at all.
    pub(crate) fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let checkpoints = if ascii {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(STRIDE)
                .map(|(byte, _)| byte)
                .collect()
        };
        Offsets {
            text,
            checkpoints,
            ascii,
            cursor: Cell::new((0, 0)),
        }
    }

    /// The byte offset of character `index`, clamped to the end of the text.
    pub(crate) fn byte(&self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        let block = index / STRIDE;
        let (last_char, last_byte) = self.cursor.get();
        let (base_char, base_byte) = if last_char <= index && last_char >= block * STRIDE {
            (last_char, last_byte)
        } else {
            match self.checkpoints.get(block) {
                Some(&byte) => (block * STRIDE, byte),
                None => return self.text.len(),
            }
        };
        let rest = self.text.get(base_byte..).unwrap_or("");
        let byte = rest
            .char_indices()
            .nth(index - base_char)
            .map_or(self.text.len(), |(byte, _)| base_byte + byte);
        self.cursor.set((index, byte));
        byte
    }
}
