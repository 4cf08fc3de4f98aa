//! Commands that start as root and run the program as another user: an
//! image whose ENTRYPOINT is `gosu app server` runs `server` as `app`, the
//! idiom of images that must prepare files as root first. Only the command
//! itself is read (through an init wrapper such as `tini --`); a script that
//! switches users inside (`docker-entrypoint.sh`) cannot be seen, only that
//! the image installs or runs such a tool for it.

use crate::model::Word;
use crate::source::Spanned;

/// Init processes that run the rest of the command line as their child.
const WRAPPERS: &[&str] = &["tini", "tini-static", "dumb-init", "catatonit"];

/// Tools whose first argument is the user, followed by the command.
const USER_FIRST: &[&str] = &["gosu", "su-exec", "s6-setuidgid", "setuidgid"];

/// Tools that take the user as the value of a flag, followed by the command.
const USER_FLAG: &[(&str, &[&str])] = &[
    ("chpst", &["-u"]),
    ("runuser", &["-u", "--user"]),
    ("sudo", &["-u", "--user"]),
    ("setpriv", &["--reuid", "--ruid", "--euid"]),
    ("chroot", &["--userspec"]),
];

/// A word of a command that names a tool switching users, its first
/// argument the user (`gosu --version`, `apk add su-exec`,
/// `wget -O /usr/local/bin/gosu URL`): the image has it for its entrypoint.
/// A package pinned to a version (`'su-exec>=0.2'`, `gosu=1.14-1`) names it
/// too: the official Alpine images install it so.
pub fn step_down_tool(words: &[Word]) -> Option<Spanned<String>> {
    // Every word of every RUN is asked: the ending first, which is cheap,
    // and a pinned version only of a word that ends as versions do.
    let tool = |word: &Word| {
        let name = word.value.as_str();
        USER_FIRST
            .iter()
            .find(|tool| name.ends_with(**tool) && base_name(name) == **tool)
            .or_else(|| {
                name.ends_with(|c: char| c.is_ascii_digit())
                    .then(|| USER_FIRST.iter().find(|tool| pinned_package(name, tool)))
                    .flatten()
            })
    };
    words
        .iter()
        .find_map(|word| Some(Spanned::new(tool(word)?.to_string(), word.span)))
}

/// The user a command (ENTRYPOINT or CMD words, quotes removed) switches to
/// before it runs its program, with the span of the word that names it.
pub fn drops_to(words: &[Spanned<String>]) -> Option<Spanned<String>> {
    let mut rest = words;
    loop {
        let first = program(rest.first()?);
        if first == "exec" {
            rest = &rest[1..];
        } else if WRAPPERS.contains(&first) {
            // Skip the wrapper's own options, up to and including `--`.
            rest = &rest[1..];
            while let Some(word) = rest.first().filter(|w| w.value.starts_with('-')) {
                rest = &rest[1..];
                if word.value == "--" {
                    break;
                }
            }
        } else {
            break;
        }
    }
    let tool = program(rest.first()?);
    let args = &rest[1..];
    if USER_FIRST.contains(&tool) {
        // The user, then the program it runs.
        return (args.len() >= 2).then(|| args[0].clone());
    }
    let (_, flags) = USER_FLAG.iter().find(|(name, _)| *name == tool)?;
    for (index, word) in args.iter().enumerate() {
        for flag in *flags {
            if word.value == *flag {
                return args.get(index + 1).cloned();
            }
            if let Some(value) = word.value.strip_prefix(&format!("{flag}=")) {
                return Some(Spanned::new(value.to_string(), word.span));
            }
        }
    }
    None
}

/// Whether `word` is the package `tool` pinned to a version, as apk
/// (`su-exec>=0.2`, `su-exec~0.2`) and apt (`gosu=1.14-1`) write one.
fn pinned_package(word: &str, tool: &str) -> bool {
    word.strip_prefix(tool)
        .is_some_and(|version| version.starts_with(['=', '<', '>', '~']))
}

/// A command word's program name: `/usr/local/bin/gosu` is `gosu`.
fn program(word: &Spanned<String>) -> &str {
    base_name(&word.value)
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn words(text: &str) -> Vec<Spanned<String>> {
        text.split_whitespace()
            .map(|w| Spanned::new(w.to_string(), Span::at(0)))
            .collect()
    }

    fn user(text: &str) -> Option<String> {
        drops_to(&words(text)).map(|u| u.value)
    }

    #[test]
    fn switching_commands_name_their_user() {
        assert_eq!(user("gosu app /server").as_deref(), Some("app"));
        assert_eq!(
            user("/usr/local/bin/su-exec 1000:1000 /app").as_deref(),
            Some("1000:1000")
        );
        assert_eq!(user("tini -g -- gosu me /bin/sh").as_deref(), Some("me"));
        assert_eq!(
            user("exec s6-setuidgid nobody run").as_deref(),
            Some("nobody")
        );
        assert_eq!(user("chpst -u app:app /app").as_deref(), Some("app:app"));
        assert_eq!(
            user("setpriv --reuid=1000 --init-groups app").as_deref(),
            Some("1000")
        );
        assert_eq!(
            user("sudo -E -u postgres postgres").as_deref(),
            Some("postgres")
        );
        assert_eq!(
            user("chroot --userspec=app:app / /app").as_deref(),
            Some("app:app")
        );
        assert_eq!(user("gosu root /server").as_deref(), Some("root"));
    }

    #[test]
    fn installing_or_running_a_switching_tool_is_seen() {
        let tool = |text: &str| {
            let words: Vec<Word> = text
                .split_whitespace()
                .map(|w| Word {
                    value: w.to_string(),
                    ..Word::default()
                })
                .collect();
            step_down_tool(&words).map(|t| t.value)
        };
        assert_eq!(tool("gosu --version").as_deref(), Some("gosu"));
        assert_eq!(
            tool("wget -O /usr/local/bin/gosu https://example.com/gosu-amd64").as_deref(),
            Some("gosu")
        );
        assert_eq!(
            tool("apk add --no-cache su-exec").as_deref(),
            Some("su-exec")
        );
        assert_eq!(
            tool("apk add --no-cache su-exec>=0.2 tzdata").as_deref(),
            Some("su-exec")
        );
        assert_eq!(
            tool("apt-get install -y gosu=1.14-1+b10").as_deref(),
            Some("gosu")
        );
        assert_eq!(tool("apt-get install -y gosuper"), None);
        assert_eq!(tool("export GOSU_VERSION=1.17"), None);
        assert_eq!(tool("chmod +x /usr/local/bin/app"), None);
    }

    #[test]
    fn other_commands_do_not() {
        for text in [
            "gosu",
            "gosu app",
            "/docker-entrypoint.sh",
            "node server.js",
            "tini --",
            "",
        ] {
            assert_eq!(user(text), None, "{text}");
        }
    }
}
