//! Content files parsed by an earlier run (a build keeps them beside its output): a section file whose text is
//! the same is not parsed again, an edited one only where it changed (see `splice`), and an article whose front
//! matter is the same keeps its parse.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::files::{SectionFile, SourceFront};
use super::{Loaded, LoadedSection, LoadedSource, YamlDoc};

/// A kept file: its path under the dossier root, the text parsed and what it parsed to.
pub type Kept<T> = (PathBuf, String, T);

/// Each section file and article front matter parsed earlier, by path under the dossier root.
#[derive(Default)]
pub struct EarlierParses {
    sections: Mutex<HashMap<PathBuf, (String, SectionFile)>>,
    fronts: Mutex<HashMap<PathBuf, (String, SourceFront)>>,
}

impl EarlierParses {
    /// The section files and the articles' front matter, each as `(path under the root, text, parse)`.
    pub fn new(
        sections: impl IntoIterator<Item = Kept<SectionFile>>,
        fronts: impl IntoIterator<Item = Kept<SourceFront>>,
    ) -> EarlierParses {
        EarlierParses {
            sections: Mutex::new(sections.into_iter().map(|(p, t, v)| (p, (t, v))).collect()),
            fronts: Mutex::new(fronts.into_iter().map(|(p, t, v)| (p, (t, v))).collect()),
        }
    }

    /// The earlier parse of the section file `rel` (its path under the root, as shown), as a loaded section
    /// with id `id`, taken out.
    pub(super) fn take(&self, rel: &Path, id: &str) -> Option<Arc<LoadedSection>> {
        let (text, value) = lock(&self.sections).remove(rel)?;
        Some(Arc::new(LoadedSection {
            id: id.to_owned(),
            file: Loaded {
                value,
                doc: YamlDoc::unindexed_owned(rel, text),
            },
        }))
    }

    /// The earlier parse of the front matter of article `rel` if it was parsed from `text`, taken out.
    pub(super) fn take_front(&self, rel: &Path, text: &str) -> Option<SourceFront> {
        let mut fronts = lock(&self.fronts);
        match fronts.get(rel) {
            Some((kept, _)) if kept == text => fronts.remove(rel).map(|(_, value)| value),
            _ => None,
        }
    }
}

fn lock<T>(map: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    map.lock().unwrap_or_else(|e| e.into_inner())
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

impl LoadedSource {
    /// The article's path under the dossier root, as shown.
    pub fn path(&self) -> &Path {
        &self.front.doc.path
    }

    /// The text of its front matter.
    pub fn front_text(&self) -> &str {
        self.front.doc.yaml_text()
    }
}
