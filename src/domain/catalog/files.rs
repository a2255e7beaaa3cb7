//! Where the catalog's files come from: a directory given with `--catalog`, or the copy of the
//! project's `data/` built into the binary, so `supportbot` works from any directory.

use std::io;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");

/// How errors name a file of the built-in catalog.
const BUILT_IN_NAME: &str = "(built-in data)";

/// The files of a catalog, named by their path relative to its root (`plans.toml`,
/// `holidays/JP.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogFiles {
    Dir(PathBuf),
    /// `data/` as it was when the binary was built.
    BuiltIn,
}

impl CatalogFiles {
    /// The directory when one is given, else the built-in catalog.
    pub fn from_option(dir: Option<&Path>) -> CatalogFiles {
        dir.map_or(CatalogFiles::BuiltIn, |dir| {
            CatalogFiles::Dir(dir.to_owned())
        })
    }

    /// The file's name in messages: its path, or `(built-in data)/…`.
    pub fn path(&self, relative: &str) -> PathBuf {
        match self {
            CatalogFiles::Dir(dir) => dir.join(relative),
            CatalogFiles::BuiltIn => Path::new(BUILT_IN_NAME).join(relative),
        }
    }

    pub fn read(&self, relative: &str) -> io::Result<String> {
        match self {
            CatalogFiles::Dir(dir) => std::fs::read_to_string(dir.join(relative)),
            CatalogFiles::BuiltIn => BUILT_IN
                .get_file(relative)
                .and_then(|file| file.contents_utf8())
                .map(str::to_owned)
                .ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::NotFound,
                        "not in the built-in catalog (was data/ complete when the binary was built?)",
                    )
                }),
        }
    }

    /// The files directly in `relative` (a directory), as paths relative to the root, sorted.
    pub fn list(&self, relative: &str) -> io::Result<Vec<String>> {
        let mut names = match self {
            CatalogFiles::Dir(dir) => std::fs::read_dir(dir.join(relative))?
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
                .map(|entry| format!("{relative}/{}", entry.file_name().to_string_lossy()))
                .collect::<Vec<_>>(),
            CatalogFiles::BuiltIn => BUILT_IN
                .get_dir(relative)
                .ok_or_else(|| {
                    io::Error::new(io::ErrorKind::NotFound, "not in the built-in catalog")
                })?
                .files()
                .map(|file| file.path().to_string_lossy().into_owned())
                .collect(),
        };
        names.sort();
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalog_is_the_project_data_directory() {
        let dir = CatalogFiles::Dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
        let built_in = CatalogFiles::BuiltIn;
        assert_eq!(
            built_in.list("holidays").unwrap(),
            dir.list("holidays").unwrap()
        );
        for file in ["plans.toml", "locales/ja.ftl", "holidays/JP.toml"] {
            assert_eq!(built_in.read(file).unwrap(), dir.read(file).unwrap());
        }
        assert_eq!(
            built_in.path("plans.toml"),
            Path::new("(built-in data)/plans.toml")
        );
        assert!(built_in.read("nothing.toml").is_err());
    }
}
