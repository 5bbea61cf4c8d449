//! The chain's hash value: 32 bytes, written as 64 hexadecimal digits. Below the rows that carry
//! it and the rule that computes it (`chain.rs`).

use std::fmt;

/// A SHA-256 hash in the chain.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChainHash([u8; 32]);

/// The hash before the first event: 32 zero bytes.
pub const GENESIS_HASH: ChainHash = ChainHash([0; 32]);

impl ChainHash {
    /// Reads a stored hash; `None` when it is not exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<ChainHash> {
        <[u8; 32]>::try_from(bytes).ok().map(ChainHash)
    }

    /// Reads a hash written as 64 hexadecimal digits, as exports, checkpoints and published heads
    /// write it; `None` for anything else.
    pub fn from_hex(text: &str) -> Option<ChainHash> {
        let mut bytes = [0_u8; 32];
        hex::decode_to_slice(text, &mut bytes).ok()?;
        Some(ChainHash(bytes))
    }

    pub fn from_bytes(bytes: [u8; 32]) -> ChainHash {
        ChainHash(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for ChainHash {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for ChainHash {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "ChainHash({self})")
    }
}
