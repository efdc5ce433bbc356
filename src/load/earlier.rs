//! Section files parsed by an earlier run (a build keeps them beside its output): a file whose text is the
//! same is not parsed again, and an edited one only where it changed (see `splice`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::files::SectionFile;
use super::{Loaded, LoadedSection, YamlDoc};

/// Each section file parsed earlier, by its path under the dossier root: the text parsed and its value.
#[derive(Default)]
pub struct EarlierSections {
    files: Mutex<HashMap<PathBuf, (String, SectionFile)>>,
}

impl EarlierSections {
    /// The files `(path under the root, text, what the text parsed to)`.
    pub fn new(files: impl IntoIterator<Item = (PathBuf, String, SectionFile)>) -> EarlierSections {
        EarlierSections {
            files: Mutex::new(files.into_iter().map(|(p, t, v)| (p, (t, v))).collect()),
        }
    }

    /// The earlier parse of the section file `rel` (its path under the root, as shown), as a loaded section
    /// with id `id`, taken out.
    pub(super) fn take(&self, rel: &Path, id: &str) -> Option<Arc<LoadedSection>> {
        let (text, value) = self.lock().remove(rel)?;
        Some(Arc::new(LoadedSection {
            id: id.to_owned(),
            file: Loaded {
                value,
                doc: YamlDoc::unindexed_owned(rel, text),
            },
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, (String, SectionFile)>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl LoadedSection {
    /// The file's path under the dossier root, as shown.
    pub fn path(&self) -> &Path {
        &self.file.doc.path
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        self.file.doc.yaml_text()
    }
}
