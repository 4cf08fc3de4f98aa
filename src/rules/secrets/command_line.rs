//! Credentials given to a program on its command line: which words of a
//! command hold one, and under what name. Judging the value (reference,
//! placeholder, default, literal) is [`super::values`]' business; this
//! module only knows how programs take passwords.
//!
//! Three shapes, most general first:
//! - `NAME=value` words and assignments: `PGPASSWORD=x psql`, `export
//!   TOKEN=x`, `--password=x`, `-Ddb.password=x`, `--set auth.password=x`,
//!   `--from-literal=password=x`, `-d 'user=a&password=x'`, and `Name: value`
//!   headers (`-H "Authorization: Bearer x"`);
//! - a long option named like a secret and the word after it
//!   (`--api-key x`, `--client-secret x`);
//! - the options of known programs that take a password under a name that
//!   does not say so (`curl -u user:x`, `mysql -px`, `sshpass -p x`,
//!   `openssl -passin pass:x`, `keytool -storepass x`), and their
//!   positional forms (`htpasswd -b file user x`, `npm config set
//!   //registry/:_authToken x`, `echo 'root:x' | chpasswd`).

use super::names;
use super::values;
use crate::model::{Command, Word};
use crate::source::{SourceFile, Span};

/// A credential candidate on a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// The name it is given under: an option, a variable, a header, or the
    /// name the program gives it (`password`).
    pub key: String,
    /// How messages name it: the key, or the program's option (`mysql -p`).
    pub label: String,
    pub value: String,
    /// Where the value is written in the file.
    pub span: Span,
}

/// How a program's option takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The next word: `-p secret`.
    Next,
    /// Glued to the option: `-psecret` (mysql reads `-p secret` as a prompt
    /// and a database name).
    Attached,
    /// The next word or glued: `-p secret`, `-psecret`.
    NextOrAttached,
    /// `user:secret` in the next word or glued (`-u user:secret`,
    /// `-uuser:secret`); `user%secret` for smbclient.
    UserPassword,
    /// `pass:secret` in the next word (`env:VAR` and `file:path` name where
    /// the password is).
    PassPrefix,
}

/// Programs, the options they take a password with, and how.
type ProgramOptions = (&'static [&'static str], &'static [&'static str], Form);

/// The programs that take a password under an option whose name does not
/// say so.
const OPTIONS: &[ProgramOptions] = &[
    (
        &["curl"],
        &["-u", "--user", "-U", "--proxy-user"],
        Form::UserPassword,
    ),
    (
        &["smbclient", "rpcclient"],
        &["-U", "--user"],
        Form::UserPassword,
    ),
    (
        &[
            "mysql",
            "mysqldump",
            "mysqladmin",
            "mysqlimport",
            "mysqlshow",
            "mysqlcheck",
            "mariadb",
            "mariadb-dump",
            "mariadb-admin",
        ],
        &["-p"],
        Form::Attached,
    ),
    (&["sshpass"], &["-p"], Form::NextOrAttached),
    (&["redis-cli", "valkey-cli"], &["-a"], Form::Next),
    (
        &[
            "mongo",
            "mongosh",
            "mongodump",
            "mongorestore",
            "mongoimport",
            "mongoexport",
        ],
        &["-p"],
        Form::Next,
    ),
    (&["sqlcmd", "bcp"], &["-P"], Form::Next),
    (&["twine"], &["-p"], Form::Next),
    (&["az"], &["-p"], Form::Next),
    (
        &[
            "ldapsearch",
            "ldapadd",
            "ldapmodify",
            "ldapdelete",
            "ldappasswd",
        ],
        &["-w"],
        Form::Next,
    ),
    (&["zip"], &["-P"], Form::Next),
    (&["7z", "7za"], &["-p"], Form::Attached),
    (
        &["openssl"],
        &["-passin", "-passout", "-pass", "-password"],
        Form::PassPrefix,
    ),
    (&["openssl"], &["-k"], Form::Next),
    (
        &["keytool"],
        &[
            "-storepass",
            "-keypass",
            "-srcstorepass",
            "-deststorepass",
            "-srckeypass",
            "-destkeypass",
            "-new",
        ],
        Form::Next,
    ),
    (REGISTRY_CLIENTS, &["-p"], Form::Next),
];

/// Container and registry tools: their `-p` is a password in `login` only
/// (`docker login -p`, `helm registry login -p`); elsewhere it publishes a
/// port (`docker run -p 5432:5432`) or names something else.
const REGISTRY_CLIENTS: &[&str] = &[
    "docker", "podman", "buildah", "nerdctl", "skopeo", "helm", "oras",
];

/// Every credential candidate of a command; `feeder` is the command whose
/// output it reads (`echo 'root:x' | chpasswd`).
pub fn arguments(file: &SourceFile, command: &Command, feeder: Option<&Command>) -> Vec<Argument> {
    let mut out = Vec::new();
    for word in &command.assignments {
        pairs(file, word, &word.value, &mut out);
    }
    let words = &command.words;
    let Some(program) = words.first().map(|w| program_name(&w.value)) else {
        return out;
    };
    // The options this program takes a password with, looked up once: most
    // programs have none.
    let logs_in = || words.iter().any(|w| w.value == "login");
    let options: Vec<&ProgramOptions> = OPTIONS
        .iter()
        .filter(|(programs, ..)| programs.contains(&program))
        .filter(|_| !REGISTRY_CLIENTS.contains(&program) || logs_in())
        .collect();
    let mut i = 1;
    while i < words.len() {
        let word = &words[i];
        let text = word.value.as_str();
        if let Some(taken) = program_option(file, program, &options, words, i, &mut out) {
            i += taken;
            continue;
        }
        if text.contains('=') || holds_header(text) {
            pairs(file, word, text, &mut out);
        } else if let Some(name) = text.strip_prefix("--")
            && names::secret_name(name).is_some()
            && !prompts_for_password(&options)
            && let Some(next) = words.get(i + 1)
            && !next.value.starts_with('-')
            && !next.value.contains('=')
        {
            push(&mut out, text, &next.value, next, next.inner);
            i += 1;
        }
        i += 1;
    }
    positional(program, words, &mut out);
    // The JDK's trust store ships with the public password `changeit`.
    let cacerts = words
        .iter()
        .any(|w| w.value == "-cacerts" || w.value.ends_with("/cacerts"));
    if program == "keytool" && cacerts {
        out.retain(|a| a.value != "changeit");
    }
    if program == "chpasswd"
        && let Some(feeder) = feeder
        && matches!(
            feeder.words.first().map(|w| w.value.as_str()),
            Some("echo" | "printf")
        )
        && let Some(line) = feeder
            .words
            .iter()
            .skip(1)
            .find(|w| !w.value.starts_with('-'))
        && let Some((_, password)) = line.value.split_once(':')
    {
        let span = after(file, line, line.value.len() - password.len());
        let label = "chpasswd".to_string();
        labelled(&mut out, "password", label, password, line, span);
    }
    out
}

/// Whether a program (given its rows of [`OPTIONS`]) takes its password
/// option's value glued or not at all: `mysql --password mydb` prompts,
/// and `mydb` is the database.
fn prompts_for_password(options: &[&ProgramOptions]) -> bool {
    options.iter().any(|(_, _, form)| *form == Form::Attached)
}

/// `/usr/bin/mysql` → `mysql`.
fn program_name(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// Reads a known program's password option at `words[i]`; how many words
/// it took.
fn program_option(
    file: &SourceFile,
    program: &str,
    options: &[&ProgramOptions],
    words: &[Word],
    i: usize,
    out: &mut Vec<Argument>,
) -> Option<usize> {
    let word = &words[i];
    let text = word.value.as_str();
    for (_, flags, form) in options {
        for flag in *flags {
            let glued = text
                .strip_prefix(flag)
                .filter(|rest| !rest.is_empty() && !flag.starts_with("--"));
            let (value, holder, offset, taken) = match (form, text == *flag, glued) {
                (Form::Attached, _, Some(rest))
                | (Form::NextOrAttached | Form::UserPassword, false, Some(rest)) => {
                    (rest, word, flag.len(), 1)
                }
                (Form::Attached, _, None) => continue,
                (_, true, _) => {
                    let next = words.get(i + 1)?;
                    (next.value.as_str(), next, 0, 2)
                }
                _ => continue,
            };
            let (value, offset) = match form {
                Form::UserPassword => {
                    let at = value.find([':', '%'])?;
                    (&value[at + 1..], offset + at + 1)
                }
                Form::PassPrefix => {
                    let secret = value.strip_prefix("pass:")?;
                    (secret, offset + 5)
                }
                _ => (value, offset),
            };
            let span = after(file, holder, offset);
            labelled(
                out,
                "password",
                format!("{program} {flag}"),
                value,
                holder,
                span,
            );
            return Some(taken);
        }
    }
    None
}

/// Positional forms: `htpasswd -b[c] file user password`, `<tool> config
/// set KEY VALUE`, `git config KEY VALUE`, `gh secret set NAME --body
/// VALUE`, `vault login TOKEN`.
fn positional(program: &str, words: &[Word], out: &mut Vec<Argument>) {
    let plain: Vec<&Word> = words[1..]
        .iter()
        .filter(|w| !w.value.starts_with('-'))
        .collect();
    let options: Vec<&str> = words[1..]
        .iter()
        .map(|w| w.value.as_str())
        .filter(|w| w.starts_with('-') && !w.starts_with("--"))
        .collect();
    match program {
        "htpasswd" if options.iter().any(|o| o.contains('b')) => {
            // With `-n` the file is not given.
            let at = if options.iter().any(|o| o.contains('n')) {
                1
            } else {
                2
            };
            if let Some(password) = plain.get(at) {
                let label = "htpasswd -b".to_string();
                labelled(
                    out,
                    "password",
                    label,
                    &password.value,
                    password,
                    password.inner,
                );
            }
        }
        "vault" if plain.first().is_some_and(|w| w.value == "login") => {
            if let Some(token) = plain.get(1).filter(|w| !w.value.contains('=')) {
                let label = "vault login".to_string();
                labelled(out, "token", label, &token.value, token, token.inner);
            }
        }
        "gh" if plain.first().is_some_and(|w| w.value == "secret") => {
            let body = words
                .iter()
                .position(|w| w.value == "--body" || w.value == "-b")
                .and_then(|at| words.get(at + 1));
            // The body is a secret whatever its name.
            if let (Some(name), Some(body)) = (plain.get(2), body) {
                let label = format!("gh secret set {}", name.value);
                labelled(out, "secret", label, &body.value, body, body.inner);
            }
        }
        _ => {
            // `npm config set KEY VALUE`, `aws configure set KEY VALUE`,
            // `git config --global KEY VALUE`.
            let at = plain
                .iter()
                .position(|w| w.value == "set")
                .or_else(|| (program == "git" && plain.first()?.value == "config").then_some(0));
            if let Some(at) = at
                && let (Some(key), Some(value)) = (plain.get(at + 1), plain.get(at + 2))
                && !key.value.contains('=')
                && names::secret_name(&key.value).is_some()
            {
                push(out, &key.value, &value.value, value, value.inner);
            }
        }
    }
}

/// The `key=value` and `Key: value` pairs of a word; a value that is itself
/// an assignment (`--from-literal=password=x`, `-var=db_password=x`) is
/// read once more.
fn pairs(file: &SourceFile, word: &Word, text: &str, out: &mut Vec<Argument>) {
    for pair in values::pairs(text) {
        let (key, value) = (&text[pair.key.clone()], &text[pair.value.clone()]);
        if !is_option_key(key) {
            continue;
        }
        if names::secret_name(key).is_none() {
            if value.contains('=') {
                pairs(file, word, value, out);
            }
            continue;
        }
        let span = locate(file, word, key, value);
        push(out, key, value, word, span);
    }
}

/// Whether a word holds a `Name: value` header or a JSON `"name":` member:
/// a `:` after a quote or before a space. (A `str::contains` of each
/// two-character needle set up a substring search per word.)
fn holds_header(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b':', bytes)
        .any(|i| bytes.get(i + 1) == Some(&b' ') || i > 0 && bytes[i - 1] == b'"')
}

/// A name as options, variables, properties and headers are written
/// (`--db-password`, `-Dspring.datasource.password`, `PGPASSWORD`,
/// `X-Api-Key`, `//registry.npmjs.org/:_authToken`), not a `sed` expression
/// (`s/password=.*/`).
fn is_option_key(key: &str) -> bool {
    let bare = key.trim_start_matches('-');
    let npmrc = key.starts_with("//");
    let identifier = bare
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && bare
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    identifier || npmrc
}

fn push(out: &mut Vec<Argument>, key: &str, value: &str, word: &Word, span: Span) {
    labelled(out, key, key.to_string(), value, word, span);
}

fn labelled(
    out: &mut Vec<Argument>,
    key: &str,
    label: String,
    value: &str,
    word: &Word,
    span: Span,
) {
    // A word with an expansion is decided at run time where it expands,
    // unless it falls back to a literal (`${PW:-s3cret}`).
    let expands = word.dynamic && value.contains(['$', '`']);
    if value.is_empty() || (expands && values::fallback(value).is_none()) {
        return;
    }
    out.push(Argument {
        key: key.to_string(),
        label,
        value: value.to_string(),
        span,
    });
}

/// The span of a word's value from byte `offset` of its decoded text on,
/// when the file holds the word verbatim; else the whole word.
fn after(file: &SourceFile, word: &Word, offset: usize) -> Span {
    if file.slice(word.inner) == word.value {
        Span::new(
            (word.inner.start + offset).min(word.inner.end),
            word.inner.end,
        )
    } else {
        word.inner
    }
}

/// Where `value`, written after `key`, is inside a word in the file.
fn locate(file: &SourceFile, word: &Word, key: &str, value: &str) -> Span {
    let raw = file.slice(word.span);
    let after_key = raw.find(key).map_or(0, |at| at + key.len());
    match raw.get(after_key..).and_then(|rest| rest.find(value)) {
        Some(at) => {
            let start = word.span.start + after_key + at;
            Span::new(start, start + value.len())
        }
        None => word.inner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::shell;
    use crate::source::Format;

    /// The candidates of a one-line script: (label, value, text at span).
    fn found(script: &str) -> Vec<(String, String, String)> {
        let file = SourceFile::new("s.sh", Format::GithubWorkflow, script);
        let commands = shell::commands(script, |span| span).commands;
        let mut out = Vec::new();
        for (at, command) in commands.iter().enumerate() {
            let feeder = at
                .checked_sub(1)
                .filter(|_| command.piped)
                .map(|p| &commands[p]);
            for argument in arguments(&file, command, feeder) {
                out.push((
                    argument.label,
                    argument.value,
                    file.slice(argument.span).to_string(),
                ));
            }
        }
        out
    }

    fn one(script: &str) -> (String, String) {
        let all = found(script);
        assert_eq!(all.len(), 1, "{script}: {all:?}");
        let (label, value, at) = all[0].clone();
        assert_eq!(value, at, "{script}: the span is the value");
        (label, value)
    }

    #[test]
    fn program_options_take_their_passwords() {
        for (script, label, value) in [
            ("curl -u ci:pw1 https://x", "curl -u", "pw1"),
            ("curl -uci:pw1 https://x", "curl -u", "pw1"),
            ("mysql -h db -uroot -ppw1 app", "mysql -p", "pw1"),
            ("sshpass -p 'pw 1' ssh h", "sshpass -p", "pw 1"),
            ("redis-cli -a pw1 ping", "redis-cli -a", "pw1"),
            (
                "openssl rsa -passin pass:pw1 -in k",
                "openssl -passin",
                "pw1",
            ),
            ("keytool -list -storepass pw1", "keytool -storepass", "pw1"),
            ("smbclient //h/s -U ci%pw1", "smbclient -U", "pw1"),
            ("htpasswd -bc f ci pw1", "htpasswd -b", "pw1"),
            ("htpasswd -nb ci pw1", "htpasswd -b", "pw1"),
            ("echo 'root:pw1' | chpasswd", "chpasswd", "pw1"),
            ("vault login s.pw1", "vault login", "s.pw1"),
            ("docker login -u ci -p pw1 reg", "docker -p", "pw1"),
            ("helm registry login -p pw1 reg", "helm -p", "pw1"),
        ] {
            assert_eq!(one(script), (label.to_string(), value.to_string()));
        }
        // Outside `login`, a registry client's `-p` publishes a port.
        for script in [
            "docker run -d -p 5432:5432 postgres:16",
            "podman run -p 8080:80 nginx",
            "docker compose -p project up -d",
        ] {
            assert_eq!(found(script), Vec::new(), "{script}");
        }
    }

    #[test]
    fn headers_and_json_members_are_read_as_pairs() {
        for (script, label, value) in [
            ("curl -H 'X-Api-Key: pw1' https://x", "X-Api-Key", "pw1"),
            (
                "curl -d '{\"password\":\"pw1\"}' https://x",
                "password",
                "pw1",
            ),
        ] {
            assert_eq!(one(script), (label.to_string(), value.to_string()));
        }
        for script in ["curl -d 'a:password' https://x", "echo password:x"] {
            assert_eq!(found(script), Vec::new(), "{script}");
        }
    }

    #[test]
    fn names_bound_to_values_are_read_everywhere() {
        for (script, label, value) in [
            ("PGPASSWORD=pw1 psql", "PGPASSWORD", "pw1"),
            ("TOKEN=pw1", "TOKEN", "pw1"),
            ("export API_KEY=\"pw1\"", "API_KEY", "pw1"),
            ("app --db-password=pw1", "--db-password", "pw1"),
            ("app --api-key pw1 --x", "--api-key", "pw1"),
            (
                "java -Dkey.store.password=pw1 -jar a",
                "-Dkey.store.password",
                "pw1",
            ),
            (
                "kubectl create secret generic s --from-literal=password=pw1",
                "password",
                "pw1",
            ),
            (
                "terraform apply -var 'db_password=pw1'",
                "db_password",
                "pw1",
            ),
            ("curl -d 'user=a&password=pw1' https://x", "password", "pw1"),
            ("curl -H 'X-Api-Key: pw1' https://x", "X-Api-Key", "pw1"),
            (
                "npm config set //r.io/:_authToken=pw1",
                "//r.io/:_authToken",
                "pw1",
            ),
            ("npm config set _authToken pw1", "_authToken", "pw1"),
            ("gh secret set HOOK --body pw1", "gh secret set HOOK", "pw1"),
        ] {
            assert_eq!(one(script), (label.to_string(), value.to_string()));
        }
    }

    #[test]
    fn expansions_prompts_and_switches_give_nothing() {
        for script in [
            "curl -u \"ci:$PW\" https://x",
            "mysql -u root -p app",
            "mysql --password app",
            "app --password-stdin --token-file /t --secret id=a,src=b",
            "PW=$(cat f) app",
            "app --api-key \"$KEY\"",
            "sed -i 's/password=.*/password=x/' f",
            "openssl genrsa -passout env:PW",
            "htpasswd -c f ci",
            "echo \"root:$PW\" | chpasswd",
            "vault login -method=github token=$T",
            "keytool -importcert -cacerts -storepass changeit -file ca.crt",
            "keytool -import -keystore $JAVA_HOME/lib/security/cacerts -storepass changeit",
        ] {
            // `password=x` in the sed expression is no option; the rest are
            // references, prompts and switches.
            assert!(found(script).is_empty(), "{script}: {:?}", found(script));
        }
    }
}
