//! Which names denote a secret. A name is split into words (`dbPassword`,
//! `DB_PASSWORD`, `db.password`, `dbpassword` all give `db password`); its
//! head noun (the last word, past suffixes such as `value` that do not change
//! what it denotes) decides. So `password_min_length`, `secret_name`,
//! `db_secret_arn`, `token_ttl` name settings about a secret, not a secret,
//! and `author` or `tokenizer` are not split into `auth`/`token` at all.
//! A deployment's name after the head (`STRIPE_SECRET_KEY_PROD`) leaves it
//! the head, and so does, after `secret key`, the app the key is for
//! (`SECRET_KEY_DJANGO`).
//! The vocabulary is data, in the tables below.

use std::collections::HashSet;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;

/// How sure a name makes us that its value is a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// `password`, `secret`, `token`, `api_key`: the value is a credential.
    Strong,
    /// `auth`, `credentials`: often a credential, often a mode or a file.
    Weak,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretName {
    pub strength: Strength,
    /// The name's words, lower case.
    pub words: Vec<String>,
}

/// Head nouns that denote a credential.
const SECRET_NOUNS: &[(&str, Strength)] = &[
    ("password", Strength::Strong),
    // Bitnami's `KAFKA_CLIENT_PASSWORDS: pw1,pw2`: one for each user listed.
    ("passwords", Strength::Strong),
    ("passwd", Strength::Strong),
    ("passphrase", Strength::Strong),
    ("pwd", Strength::Strong),
    ("pass", Strength::Strong),
    ("secret", Strength::Strong),
    ("secrets", Strength::Strong),
    ("token", Strength::Strong),
    ("tokens", Strength::Strong),
    ("pat", Strength::Strong),
    // A salt or pepper that an application mixes into every hash it makes
    // (Strapi's `API_TOKEN_SALT`, WordPress's `AUTH_SALT`): whoever knows
    // it can forge or test the hashes.
    ("salt", Strength::Strong),
    ("salts", Strength::Strong),
    ("pepper", Strength::Strong),
    // redis.conf's server and replica passwords.
    ("requirepass", Strength::Strong),
    ("masterauth", Strength::Strong),
    ("auth", Strength::Weak),
    ("authorization", Strength::Weak),
    ("credential", Strength::Weak),
    ("credentials", Strength::Weak),
    ("creds", Strength::Weak),
];

/// `<qualifier> key` pairs that denote a credential (`api key`, `secret
/// access key`); a bare `key`, a `kms key` or a `partition key` does not,
/// nor a `pgp key` (in configuration, the public key values are encrypted to).
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "secret",
    "private",
    "master",
    "account",
    "signing",
    "encryption",
    // `DB_ENC_KEY`: Supabase's and many apps' short form.
    "enc",
    "storage",
    "shared",
    "app",
    "application",
    "service",
    "session",
    "hmac",
    "jwt",
    "webhook",
    "subscription",
    "admin",
    "root",
    "auth",
    "client",
    "consumer",
    "crypto",
    "cipher",
    "aes",
    "sas",
    "primary",
    "secondary",
    "integration",
    "deploy",
    "ssh",
    "encrypt",
    "decrypt",
    "mac",
    "rsa",
    "license",
    "priv",
    // Pinpoint's APNs `TokenKey`: the .p8 key that signs push tokens.
    "token",
];

/// Head nouns that denote a key's secret bytes when they follow `key`, unless
/// the key is a public one: KMS's `key_material_base64` (the key material
/// imported into an external key), not EC2's `PublicKeyMaterial` (an SSH
/// public key).
const KEY_PARTS: &[&str] = &["material"];

/// Words after the head that leave its meaning alone: `secret_string`,
/// `password_value`, `SECRET_KEY_BASE`.
const TRANSPARENT_SUFFIXES: &[&str] = &[
    "value",
    "string",
    "str",
    "data",
    "plain",
    "plaintext",
    "text",
    "raw",
    "literal",
    "b64",
    "base64",
    "encoded",
    "base",
];

/// Words after the head that name the deployment a secret is for and
/// leave its meaning alone: `STRIPE_SECRET_KEY_PROD`, `DB_PASSWORD_STAGING`.
const STAGES: &[&str] = &[
    "prod",
    "production",
    "staging",
    "stage",
    "dev",
    "development",
    "test",
    "testing",
    "qa",
    "uat",
    "sandbox",
    "live",
    "local",
];

/// Words that, after `secret key`, name something about the key rather
/// than whose key it is (`secret_key_ref`, `SECRET_KEY_FILE`); any other
/// word there is the app or service the key is for (`SECRET_KEY_DJANGO`).
const ABOUT_A_KEY: &[&str] = &[
    "ref",
    "file",
    "arn",
    "ttl",
    "length",
    "len",
    "size",
    "env",
    "var",
    "source",
    "field",
    "prefix",
    "format",
    "hash",
    "digest",
    "dummy",
    "selector",
    "param",
    "parameter",
    "header",
    "location",
    "rotation",
];

/// Services whose app key is public: the WebSocket client in every browser
/// sends it (Laravel's `PUSHER_APP_KEY`, `VITE_REVERB_APP_KEY`); the secret
/// is `*_APP_SECRET`.
const PUBLIC_APP_KEYS: &[&str] = &["pusher", "reverb"];

/// Words before `token` that make it a piece of text, as a lexer's string
/// token is: github-tag-action's `MAJOR_STRING_TOKEN: "#major"` is the word
/// it looks for in commit messages.
const TEXT_TOKEN_QUALIFIERS: &[&str] = &["string"];

/// Words before the head that make the name a switch or a pointer about a
/// secret rather than the secret: `existing_secret`, `generate_password`.
const NEGATING_QUALIFIERS: &[&str] = &[
    "existing", "external", "use", "enable", "enabled", "disable", "disabled", "allow", "skip",
    "require", "requires", "required", "generate", "create", "manage", "rotate", "rotation",
    "reset", "random", "min", "max", "minimum", "maximum", "no", "empty", "has", "is", "show",
    "hide", "check", "validate", "verify", "expire", "expiry", "expires", "kms",
];

/// Words that end a compound written without separators (`apikey`,
/// `dbpassword`, `awssecretaccesskey`): they may be split off the end of a
/// longer word.
const SPLITTABLE: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "pass",
    "secret",
    "token",
    "credentials",
    "key",
    "access",
    "private",
    "api",
    "client",
    "auth",
];

/// Head nouns of values that are not secret by nature (a Secret's `username`
/// or `url` sits beside its password). Plurals are listed where a list of
/// addresses is usual (`KAFKA_BROKERS: kafka:9092`, `BOOTSTRAP_SERVERS`).
const PUBLIC_NOUNS: &[&str] = &[
    "url",
    "uri",
    "urls",
    "endpoint",
    "host",
    "hosts",
    "hostname",
    "server",
    "servers",
    "broker",
    "brokers",
    "address",
    "addr",
    "port",
    "type",
    "name",
    "username",
    "user",
    "login",
    "email",
    // `SLACK_CHANNEL: "#alerts"`: where a notifier posts, visible to its readers.
    "channel",
    "namespace",
    "project",
    "region",
    "zone",
    "database",
    // `POSTGRES_DB`, `MONGO_DB`: the name of a database, beside its password.
    "db",
    "dbname",
    "path",
    "id",
    "tenant",
    "bucket",
    "cluster",
    "org",
    "organization",
    "repo",
    "repository",
    "branch",
    "mode",
    "version",
    "insecure",
    "enabled",
];

/// The words of a name, lower case: separators, camelCase humps and digits
/// split it; known endings split words written together.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The word being read starts at `start`; `previous` is the character
    // before the one looked at, whatever it is.
    let mut start: Option<usize> = None;
    let mut previous: Option<char> = None;
    let mut chars = name.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let ends_a_word = if !c.is_alphanumeric() {
            true
        } else if let Some(prev) = previous {
            let next_lower = chars.peek().is_some_and(|&(_, n)| n.is_lowercase());
            (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase() && c.is_uppercase() && next_lower)
                || (prev.is_ascii_digit() != c.is_ascii_digit() && prev.is_alphanumeric())
        } else {
            false
        };
        if ends_a_word && let Some(from) = start.take() {
            split_word(&name[from..at], &mut out);
        }
        if c.is_alphanumeric() {
            start.get_or_insert(at);
        }
        previous = Some(c);
    }
    if let Some(from) = start {
        split_word(&name[from..], &mut out);
    }
    out.retain(|w| !w.bytes().all(|b| b.is_ascii_digit()));
    out
}

/// One word as written, lower-cased and split at known endings.
fn split_word(word: &str, out: &mut Vec<String>) {
    if !word.is_ascii() || word.bytes().any(|b| b.is_ascii_uppercase()) {
        split_compound(&word.to_lowercase(), out);
    } else {
        split_compound(word, out);
    }
}

/// Whether a word is in one of the vocabulary's tables, where a compound
/// written without separators is not split further: one lookup in a set
/// built once from the tables, for names are split by the thousand.
fn known(word: &str) -> bool {
    static KNOWN: OnceLock<HashSet<&'static str, foldhash::fast::RandomState>> = OnceLock::new();
    KNOWN
        .get_or_init(|| {
            SECRET_NOUNS
                .iter()
                .map(|(noun, _)| *noun)
                .chain(KEY_QUALIFIERS.iter().copied())
                .chain(TRANSPARENT_SUFFIXES.iter().copied())
                .chain(NEGATING_QUALIFIERS.iter().copied())
                .chain(PUBLIC_NOUNS.iter().copied())
                .chain(["key"])
                .collect()
        })
        .contains(word)
}

/// Database clients whose connection settings are written with the
/// client's name before them and no separator: libpq's `PGUSER`, `PGHOST`,
/// `PGDATABASE`, and the `MYSQLHOST` or `REDISPORT` that hosting platforms
/// export. The prefix is split off a setting the tables know, so that
/// `PGUSER` reads `pg user` (public) and `PGPASSWORD` `pg password`.
const CLIENT_PREFIXES: &[&str] = &["pg", "mysql", "mariadb", "redis", "mongo", "mongodb"];

/// Words that end in `pass` without being a pass: `bypass`, `compass`.
const NOT_A_PASS: &[&str] = &["by", "com", "encom", "over", "sur", "under", "tres", "im"];

/// Splits known endings off a word written without separators, right to
/// left: `awssecretaccesskey` → `aws secret access key`. A remainder shorter
/// than two letters is not split (`oauth` stays whole).
fn split_compound(word: &str, out: &mut Vec<String>) {
    if known(word) {
        out.push(word.to_string());
        return;
    }
    for ending in SPLITTABLE {
        if let Some(rest) = word.strip_suffix(ending)
            && rest.len() >= 2
            && !(*ending == "pass" && NOT_A_PASS.contains(&rest))
        {
            split_compound(rest, out);
            out.push((*ending).to_string());
            return;
        }
    }
    let prefixed = CLIENT_PREFIXES
        .iter()
        .find_map(|prefix| Some((*prefix, word.strip_prefix(prefix).filter(|r| known(r))?)));
    match prefixed {
        Some((prefix, setting)) => out.extend([prefix.to_string(), setting.to_string()]),
        None => out.push(word.to_string()),
    }
}

/// Pieces every secret name holds (`pass` for `requirepass`, `auth` for
/// `masterauth`): a name without any is none, and most names are decided
/// here without splitting them into words.
const SECRET_PIECES: &[&[u8]] = &[
    b"pass", b"pwd", b"secret", b"token", b"pat", b"auth", b"cred", b"key", b"salt", b"pepper",
];

/// Whether `text` holds a piece of some secret name: a name without one
/// denotes no secret, nor does any name written in a text without one.
/// Asked of every key and of whole texts: one automaton, searched with
/// SIMD, costs less than comparing the pieces at each position.
pub fn may_be_secret(text: &str) -> bool {
    static PIECES: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(SECRET_PIECES)
            .expect("the pieces are plain words")
    });
    PIECES.is_match(text)
}

/// Whether `name` denotes a credential, and how surely.
pub fn secret_name(name: &str) -> Option<SecretName> {
    if !may_be_secret(name) {
        return None;
    }
    let words = words(name);
    let mut end = words.len();
    while end > 1
        && (TRANSPARENT_SUFFIXES.contains(&words[end - 1].as_str())
            || STAGES.contains(&words[end - 1].as_str()))
    {
        end -= 1;
    }
    if end == words.len() && for_whom(&words) {
        end -= 1;
    }
    let head = words.get(end.checked_sub(1)?)?.as_str();
    let before = &words[..end - 1];
    if before
        .iter()
        .any(|w| NEGATING_QUALIFIERS.contains(&w.as_str()))
    {
        return None;
    }
    if matches!(head, "token" | "tokens")
        && before
            .last()
            .is_some_and(|w| TEXT_TOKEN_QUALIFIERS.contains(&w.as_str()))
    {
        return None;
    }
    // `APP_KEYS=k1,k2` (Strapi's session keys): one key for each listed.
    let strength = if head == "key" || head == "keys" {
        let qualifier = before.last()?;
        let public_app_key =
            qualifier == "app" && before.iter().any(|w| PUBLIC_APP_KEYS.contains(&w.as_str()));
        (KEY_QUALIFIERS.contains(&qualifier.as_str()) && !public_app_key)
            .then_some(Strength::Strong)?
    } else if KEY_PARTS.contains(&head) {
        let mut qualifiers = before.iter().rev();
        (qualifiers.next()? == "key" && qualifiers.next().is_none_or(|w| w != "public"))
            .then_some(Strength::Strong)?
    } else {
        SECRET_NOUNS
            .iter()
            .find(|(noun, _)| *noun == head)
            .map(|(_, strength)| *strength)?
    };
    Some(SecretName { strength, words })
}

/// Whether the value of a variable its module declares `sensitive` is a
/// secret whatever the name: modules hide user names and identifiers from
/// plan output too (`db_username`, `tenant_id`, `sql_admin`), and those
/// stay what their names say.
pub fn sensitive_input_is_secret(name: &str) -> bool {
    let admin = words(name)
        .last()
        .is_some_and(|head| ["admin", "administrator"].contains(&head.as_str()));
    !admin && !is_public_name(name)
}

/// Whether a name is `secret key` and then the app or service the key is
/// for (`SECRET_KEY_DJANGO`): a last word no table knows, after `secret
/// key`, that names nothing about a key.
fn for_whom(words: &[String]) -> bool {
    let [.., secret, key, last] = words else {
        return false;
    };
    secret == "secret"
        && key == "key"
        && !known(last)
        && !STAGES.contains(&last.as_str())
        && !ABOUT_A_KEY.contains(&last.as_str())
}

/// Whether `name` denotes something that is not secret by nature (`url`,
/// `username`, `namespace`).
pub fn is_public_name(name: &str) -> bool {
    words(name)
        .last()
        .is_some_and(|head| PUBLIC_NOUNS.contains(&head.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_every_spelling() {
        for name in [
            "dbPassword",
            "DB_PASSWORD",
            "db.password",
            "db-password",
            "dbpassword",
        ] {
            assert_eq!(words(name), ["db", "password"], "{name}");
        }
        assert_eq!(
            words("AWSSecretAccessKey"),
            ["aws", "secret", "access", "key"]
        );
        assert_eq!(
            words("awssecretaccesskey"),
            ["aws", "secret", "access", "key"]
        );
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("password2"), ["password"]);
        assert_eq!(words("x-api-key"), ["x", "api", "key"]);
        assert_eq!(words("oauth"), ["oauth"]);
        // Lower-cased beyond ASCII too, and split at humps there.
        assert_eq!(words("ÜBER_PASSWORT"), ["über", "passwort"]);
        assert_eq!(words("mailÜberToken"), ["mail", "über", "token"]);
        assert_eq!(words("db__2fa..pass"), ["db", "fa", "pass"]);
    }

    #[test]
    fn secret_names() {
        for name in [
            "password",
            "DB_PASSWORD",
            "KAFKA_CLIENT_PASSWORDS",
            "POSTGRES_PASSWORD",
            "mysql-root-password",
            "passwd",
            "DB_PWD",
            "SMTP_PASS",
            "secret",
            "client_secret",
            "JWT_SECRET",
            "PUSHER_APP_SECRET",
            "APP_KEY",
            "token",
            "GITHUB_TOKEN",
            "authToken",
            "api_key",
            "apikey",
            "API-KEY",
            "x-api-key",
            "access_key",
            "secret_key",
            "AWS_SECRET_ACCESS_KEY",
            "private_key",
            "privateKey",
            "sshPrivateKey",
            "master_password",
            "administrator_login_password",
            "secret_string",
            "SECRET_KEY_BASE",
            "passphrase",
            "GH_PAT",
            "STRING_TOKEN_SECRET",
            "datadog_app_key",
            "storage_account_key",
            "dbpass",
            "MYSQLPWD",
            "rootpass",
            "priv_key",
            "key_material_base64",
            "KeyMaterial",
            "SECRET_KEY_DJANGO",
            "SECRET_KEY_FALLBACKS",
            "MYAPP_SECRET_KEY",
            "STRIPE_SECRET_KEY_PROD",
            "stripe_secret_key_staging",
            "SECRET_KEY_PRODUCTION",
            "DB_PASSWORD_DEV",
            "GITHUB_TOKEN_TEST",
        ] {
            assert_eq!(
                secret_name(name).map(|n| n.strength),
                Some(Strength::Strong),
                "{name}"
            );
        }
        for name in ["auth", "basic_auth", "credentials", "AUTHORIZATION"] {
            assert_eq!(
                secret_name(name).map(|n| n.strength),
                Some(Strength::Weak),
                "{name}"
            );
        }
    }

    #[test]
    fn every_secret_noun_holds_a_piece_the_prefilter_knows() {
        for (noun, _) in SECRET_NOUNS {
            assert!(may_be_secret(noun), "{noun}");
        }
        for qualifier in KEY_QUALIFIERS {
            assert!(may_be_secret(&format!("{qualifier}_key")), "{qualifier}");
        }
    }

    #[test]
    fn names_about_secrets_are_not_secrets() {
        for name in [
            "author",
            "authors",
            "tokenizer",
            "password_min_length",
            "minimum_password_length",
            "password_length",
            "secret_name",
            "secretName",
            "db_secret_arn",
            "master_user_secret_kms_key_id",
            "token_ttl",
            "token_url",
            "auth_type",
            "POSTGRES_HOST_AUTH_METHOD",
            "password_file",
            "PASSWORD_FILE",
            "secretKeyRef",
            "existingSecret",
            "generate_secret",
            "manage_master_user_password",
            "create_random_password",
            "access_key_id",
            "kms_key",
            "kms_key_id",
            "key",
            "monkey",
            "hash_key",
            "public_key",
            "key_name",
            "passwordPolicy",
            "secret_version",
            "bypass",
            "compass",
            "oauth",
            "oauth_url",
            "pgp_key",
            "pattern",
            "path",
            "secrets_manager_arn",
            "automountServiceAccountToken_enabled",
            "PublicKeyMaterial",
            "public_key_material",
            "material",
            "PUSHER_APP_KEY",
            "VITE_PUSHER_APP_KEY",
            "REVERB_APP_KEY",
            "MAJOR_STRING_TOKEN",
            "NONE_STRING_TOKEN",
            "secret_key_ref",
            "SECRET_KEY_FILE",
            "secret_key_name",
            "SECRET_KEY_BASE_DUMMY",
            "SECRET_KEY_LENGTH",
            "token_ttl_prod",
            "password_file_dev",
            "KMS_KEY_PROD",
        ] {
            assert_eq!(secret_name(name), None, "{name}");
        }
    }

    #[test]
    fn public_names() {
        for name in [
            "url",
            "username",
            "tls_user",
            "namespace",
            "githubAppID",
            "type",
            "KAFKA_BROKERS",
            "kafka.bootstrap.servers",
            "REDIS_HOSTS",
            "POSTGRES_DB",
            "PGUSER",
            "PGHOST",
            "PGPORT",
            "PGDATABASE",
            "MYSQL_USER",
            "MYSQLHOST",
            "REDISPORT",
        ] {
            assert!(is_public_name(name), "{name}");
        }
        assert!(secret_name("PGPASSWORD").is_some());
        assert!(secret_name("MYSQLPASSWORD").is_some());
        // Not a client's setting: left whole.
        assert_eq!(words("pgbouncer"), ["pgbouncer"]);
        for name in ["password", "token", ".dockerconfigjson", "tls.key"] {
            assert!(!is_public_name(name), "{name}");
        }
    }
}
