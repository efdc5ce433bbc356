//! Pieces of a large JSON export taken from the previous build's file instead of written again: each piece
//! (a source of `dossier.json`, or the run of one source's passages) has a key, a digest of everything it is
//! made from, and a piece whose key is the one of a piece in the previous file is copied from there. At 10,000
//! sources the source objects are 95 MB of `dossier.json` (their texts escaped, their shared runs as numbers),
//! most of writing it.

use std::sync::Mutex;

use xxhash_rust::xxh3::xxh3_128;

/// Where one piece sits in a written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    /// Digest of what the piece is made from.
    pub key: u128,
    /// Its first byte in the file.
    pub offset: u64,
    /// Its length.
    pub len: u64,
    /// Digest of its bytes, to check the previous file still holds them.
    pub digest: u128,
}

/// The pieces of the previous file, by key.
pub trait ChunkSource: Send + Sync {
    /// Appends the bytes of the previous piece with this key to `out` and gives their digest, if there is
    /// one and it reads back as it was written; else leaves `out` as it was.
    fn copy(&self, key: u128, out: &mut Vec<u8>) -> Option<u128>;
}

/// The previous file's pieces, if any, and where this build's went.
#[derive(Default)]
pub struct JsonChunks {
    previous: Option<Box<dyn ChunkSource>>,
    written: Mutex<Option<Vec<Chunk>>>,
}

impl JsonChunks {
    /// Takes pieces from `previous` where their keys match.
    pub fn reuse(&mut self, previous: Box<dyn ChunkSource>) {
        self.previous = Some(previous);
    }

    /// Where this build's pieces went, if the file was written.
    pub fn written(&self) -> Option<Vec<Chunk>> {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// A writer of pieces for one file.
    pub(super) fn start(&self) -> Pieces<'_> {
        Pieces {
            previous: self.previous.as_deref(),
            chunks: Vec::new(),
        }
    }

    /// Keeps where `pieces`' chunks went.
    pub(super) fn finish(&self, pieces: Pieces<'_>) {
        *self.written.lock().unwrap_or_else(|e| e.into_inner()) = Some(pieces.chunks);
    }
}

/// The pieces of one file as it is written.
pub(super) struct Pieces<'a> {
    previous: Option<&'a dyn ChunkSource>,
    chunks: Vec<Chunk>,
}

impl Pieces<'_> {
    /// Appends the piece with key `key` to `buf`, whose first byte is at `base` in the file: copied from the
    /// previous file if it has it, else made by `make`.
    pub(super) fn put(
        &mut self,
        key: u128,
        buf: &mut Vec<u8>,
        base: u64,
        make: impl FnOnce(&mut Vec<u8>),
    ) {
        let at = buf.len();
        let digest = match self.previous.and_then(|p| p.copy(key, buf)) {
            Some(digest) => digest,
            None => {
                make(buf);
                xxh3_128(&buf[at..])
            }
        };
        self.chunks.push(Chunk {
            key,
            offset: base + at as u64,
            len: (buf.len() - at) as u64,
            digest,
        });
    }
}
