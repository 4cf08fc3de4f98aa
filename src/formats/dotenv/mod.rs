//! Dotenv files (`.env`, `.env.production`, `db.env`): the variables that
//! Compose's `env_file:` and project `.env`, `docker run --env-file` and
//! dotenv libraries load into a program's environment, lowered into
//! settings for the secret rules. The syntax is read in `parse.rs`; values
//! are interpolated as Compose interpolates them, so `${DB_PASSWORD}` is a
//! reference and `${DB_PASSWORD:-s3cret}` a default, as in a Compose file.

mod parse;

use self::parse::Quoting;
use super::compose::interpolation::{has_variable, interpolate};
use crate::model::{FileModel, Setting, SettingContext};
use crate::source::{SourceFile, Spanned};

pub fn load(file: &SourceFile) -> FileModel {
    let parsed = parse::parse(&file.text);
    // The file's own name tells the object: a directory holds one `.env`.
    let object = file.path.rsplit('/').next().unwrap_or(&file.path);
    let settings = parsed
        .entries
        .into_iter()
        .filter_map(|entry| {
            let value = entry.value?;
            // Single quotes keep `$` as written; elsewhere `$$` is a `$`.
            let literal = value.quoting == Quoting::Single || !has_variable(&value.text);
            let shown = if literal && value.quoting != Quoting::Single {
                interpolate(&value.text).value().unwrap_or_default()
            } else {
                value.text
            };
            Some(Setting {
                context: SettingContext::EnvFile,
                object: object.to_string(),
                key: entry.name,
                value: Spanned::new(shown, value.span),
                literal,
                in_list: false,
            })
        })
        .collect();
    FileModel {
        settings,
        problems: parsed.problems,
        ..FileModel::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    #[test]
    fn values_are_literal_unless_they_name_a_variable() {
        let text = "A=pa$$word\nB='${KEEP}'\nC=${DB_PASSWORD}\nD=\"${PW:-dev}\"\nE=$TOKEN\nF\n";
        let model = load(&SourceFile::new("app/.env", Format::Dotenv, text));
        let seen: Vec<(&str, &str, bool)> = model
            .settings
            .iter()
            .map(|s| (s.key.value.as_str(), s.value.value.as_str(), s.literal))
            .collect();
        assert_eq!(
            seen,
            [
                ("A", "pa$word", true),
                ("B", "${KEEP}", true),
                ("C", "${DB_PASSWORD}", false),
                ("D", "${PW:-dev}", false),
                ("E", "$TOKEN", false),
            ]
        );
        assert!(model.settings.iter().all(|s| s.object == ".env"));
    }
}
