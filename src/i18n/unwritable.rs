//! Why a file the operator named could not be written, in their language: the common kinds of
//! failure each have a sentence saying what to do instead; the system's own text, which is in
//! English whatever the reader's language, is shown only for the rest.

use std::io::ErrorKind;
use std::path::Path;

use super::{Language, Messages, Msg};

/// A refusal to write a file, told to whoever named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwritable {
    /// The sentence, naming the file and what to do.
    pub text: String,
    /// Whether another path would do (bad input), rather than the machine failing (a full disk,
    /// a device error).
    pub bad_path: bool,
}

/// What to tell about `error`, met writing `path`.
pub fn unwritable(
    messages: &Messages,
    language: Language,
    path: &Path,
    error: &std::io::Error,
) -> Unwritable {
    let file = path.display().to_string();
    // A bare file name is written in the working directory.
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.display().to_string(),
        _ => ".".to_owned(),
    };
    let say = |msg: Msg, args: &[(&str, &str)]| messages.format(msg, language, args);
    let (text, bad_path) = match error.kind() {
        ErrorKind::NotFound => (
            say(
                Msg::FileUnwritableNoDirectory,
                &[("file", &file), ("dir", &dir)],
            ),
            true,
        ),
        ErrorKind::NotADirectory => (
            say(Msg::FileUnwritableNotDirectory, &[("file", &file)]),
            true,
        ),
        ErrorKind::PermissionDenied => (say(Msg::FileUnwritableDenied, &[("file", &file)]), true),
        ErrorKind::ReadOnlyFilesystem => {
            (say(Msg::FileUnwritableReadOnly, &[("file", &file)]), true)
        }
        ErrorKind::IsADirectory => (say(Msg::FileUnwritableDirectory, &[("file", &file)]), true),
        ErrorKind::AlreadyExists => (say(Msg::FileUnwritableExists, &[("file", &file)]), true),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
            (say(Msg::FileUnwritableFull, &[("file", &file)]), false)
        }
        kind => (
            say(
                Msg::FileUnwritable,
                &[("file", &file), ("reason", &error.to_string())],
            ),
            matches!(kind, ErrorKind::InvalidFilename | ErrorKind::InvalidInput),
        ),
    };
    Unwritable { text, bad_path }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Error;

    fn messages() -> Messages {
        let files: Vec<String> = Language::ALL
            .iter()
            .map(|&language| {
                let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("data")
                    .join(super::super::locale_file(language));
                std::fs::read_to_string(path).unwrap()
            })
            .collect();
        Messages::from_ftl(|language| &files[language.index()]).unwrap()
    }

    #[test]
    fn each_common_kind_says_what_to_do_in_the_readers_language_without_the_systems_text() {
        let messages = messages();
        let file = Path::new("/srv/out/stats.png");
        let cases = [
            (
                ErrorKind::PermissionDenied,
                true,
                [
                    "Cannot write /srv/out/stats.png: you may not write there. Give a path you may write to, such as one in your home directory, or ask for write access.",
                    "無法寫入 /srv/out/stats.png：您沒有在此寫入的權限。請指定您可寫入的路徑（例如您的家目錄中的路徑），或申請寫入權限。",
                    "/srv/out/stats.png に書き込めません：書き込み権限がありません。書き込み可能なパス（ホームディレクトリ内など）を指定するか、書き込み権限を依頼してください。",
                ],
            ),
            (
                ErrorKind::AlreadyExists,
                true,
                [
                    "Cannot write /srv/out/stats.png: a file of that name already exists. Remove it or give another name.",
                    "無法寫入 /srv/out/stats.png：已有同名的檔案。請刪除該檔案，或指定其他名稱。",
                    "/srv/out/stats.png に書き込めません：同じ名前のファイルがすでにあります。そのファイルを削除するか、別の名前を指定してください。",
                ],
            ),
            (
                ErrorKind::ReadOnlyFilesystem,
                true,
                [
                    "Cannot write /srv/out/stats.png: its disk is read-only. Give a path on another disk, such as one in your home directory.",
                    "無法寫入 /srv/out/stats.png：所在的磁碟為唯讀。請指定其他磁碟上的路徑，例如您的家目錄中的路徑。",
                    "/srv/out/stats.png に書き込めません：読み取り専用のディスク上にあります。別のディスク上のパス（ホームディレクトリ内など）を指定してください。",
                ],
            ),
            (
                ErrorKind::NotFound,
                true,
                [
                    "Cannot write /srv/out/stats.png: /srv/out is not an existing directory. Create it first (`mkdir -p /srv/out`) or give a path in an existing directory.",
                    "無法寫入 /srv/out/stats.png：/srv/out 不是現有的目錄。請先建立該目錄（`mkdir -p /srv/out`），或指定現有目錄中的路徑。",
                    "/srv/out/stats.png に書き込めません：/srv/out は既存のディレクトリではありません。先に作成する（`mkdir -p /srv/out`）か、既存のディレクトリ内のパスを指定してください。",
                ],
            ),
            (
                ErrorKind::QuotaExceeded,
                false,
                [
                    "Cannot write /srv/out/stats.png: its disk is full. Free some space on it, or give a path on another disk.",
                    "無法寫入 /srv/out/stats.png：所在的磁碟已滿。請釋出該磁碟的空間，或指定其他磁碟上的路徑。",
                    "/srv/out/stats.png に書き込めません：ディスクの空き容量がありません。空き容量を確保するか、別のディスク上のパスを指定してください。",
                ],
            ),
        ];
        for (kind, bad_path, texts) in cases {
            let error = Error::from(kind);
            for (language, text) in Language::ALL.iter().zip(texts) {
                let told = unwritable(&messages, *language, file, &error);
                assert_eq!(told.text, text, "{kind:?}");
                assert_eq!(told.bad_path, bad_path, "{kind:?}");
                assert!(!told.text.contains(&error.to_string()), "{kind:?}");
            }
        }
    }

    #[test]
    fn a_bare_file_name_is_in_the_working_directory_and_other_kinds_keep_the_systems_text() {
        let messages = messages();
        let missing = unwritable(
            &messages,
            Language::En,
            Path::new("stats.png"),
            &Error::from(ErrorKind::NotFound),
        );
        assert!(
            missing.text.contains(": . is not an existing directory"),
            "{}",
            missing.text
        );
        let odd = Error::other("the device fell over");
        let told = unwritable(&messages, Language::Ja, Path::new("/srv/x.csv"), &odd);
        assert_eq!(
            told.text,
            "/srv/x.csv に書き込めません（the device fell over）。もう一度試すか、書き込み可能な別のディレクトリ内のパスを指定してください。"
        );
        assert!(!told.bad_path, "a device error is the machine's");
    }
}
