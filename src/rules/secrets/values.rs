//! What a value is, seen as a possible secret: a reference or placeholder
//! (never a secret), something that is obviously not a credential (a path, a
//! port, a boolean), a well-known default password, or a literal that may be
//! a real secret. The lists are data; the order of the tests matters only
//! where a comment says so.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::source::{SourceFile, Span};

/// The span of a value without the quotes around it, so that a finding
/// points at (and masks) the characters of the secret and nothing else.
pub fn unquoted_span(file: &SourceFile, span: Span) -> Span {
    let raw = file.slice(span);
    let quoted = raw.len() >= 2
        && ((raw.starts_with('"') && raw.ends_with('"'))
            || (raw.starts_with('\'') && raw.ends_with('\'')));
    if quoted {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

/// Why a value is not a secret, for tests and debugging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSecret {
    Empty,
    /// `${{ secrets.X }}`, `${var.x}`, `$VAR`, `{{ .Values.x }}`, `<password>` ...
    Reference,
    /// Fetched from a secret store at run time (`arn:aws:secretsmanager:...`).
    SecretStore,
    /// `***`, `xxx`, `REDACTED`, `your-token-here` ...
    Placeholder,
    /// `true`, `8080`, `30s`: a setting that only looks like a credential by name.
    Scalar,
    /// A file that holds the secret, not the secret.
    Path,
    /// A URL without credentials (a token endpoint, a vault address).
    Url,
    /// A certificate or a public key: meant to be shared.
    PublicMaterial,
    /// Encrypted in place (`ENC[AES256_GCM,...]` by SOPS, `$ANSIBLE_VAULT;`,
    /// `vault:v1:` by Vault's transit engine): only the key holder reads it.
    Encrypted,
    /// A password's hash (`$2y$...`, `{SSHA}...`), as htpasswd files and
    /// bootstrap configs hold it: it verifies a password, it is not one.
    Hash,
    /// An environment variable's name (`DB_PASSWORD`): the value is elsewhere.
    VariableName,
    /// The name of a secret kept elsewhere (`secops-feeds-api-key`).
    SecretName,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    NotSecret(NotSecret),
    /// A password anyone can guess (`changeme`, `admin`, `postgres`).
    WeakDefault,
    /// A literal that may be a real secret; `entropy` in bits per character.
    Literal {
        entropy: f64,
    },
}

/// Classifies a value. `name_words` are the words of the key it is bound to
/// (`POSTGRES_PASSWORD` → `postgres`, `password`): a password equal to one
/// of them is a default, not a secret someone chose.
pub fn classify(value: &str, name_words: &[String]) -> Value {
    let value = value.trim();
    let unquoted = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
        .trim();
    // `Bearer SET_THIS_TO_SOME_RANDOM_TEXT`, `Bearer <token>`: the scheme
    // says what kind of credential follows, and a stand-in for one is no
    // secret. What else follows is judged with its scheme, which makes it
    // read as a credential (`Bearer abc.def.ghi` is not code).
    if let Some(credential) = http_credential(unquoted) {
        let stand_in = matches!(
            classify(credential, name_words),
            Value::NotSecret(NotSecret::Placeholder | NotSecret::VariableName)
        );
        if stand_in {
            return Value::NotSecret(NotSecret::Placeholder);
        }
    }
    // `KAFKA_CLIENT_PASSWORDS: 123456,123456`: one password for each user
    // listed, each as easy to guess as it would be alone.
    if unquoted.contains(',') {
        let items: Vec<&str> = unquoted.split(',').map(str::trim).collect();
        let guessable =
            |item: &&str| !item.is_empty() && classify(item, name_words) == Value::WeakDefault;
        if items.iter().all(guessable) {
            return Value::WeakDefault;
        }
    }
    // `MYSQL_ROOT_PASSWORD: 1234`: read as a scalar elsewhere, under a
    // secret's name the easiest password to guess.
    if is_number(unquoted) && is_weak_default(unquoted) {
        return Value::WeakDefault;
    }
    if let Some(reason) = not_secret(unquoted) {
        if reason == NotSecret::SecretName
            && (names_itself(unquoted, name_words) || is_weak_default(unquoted))
        {
            return Value::WeakDefault;
        }
        return Value::NotSecret(reason);
    }
    // `admin123`, `minio123` (under `MINIO_SECRET_KEY`): a default with a
    // digit run appended is still a default.
    let stem = unquoted
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '!')
        .to_ascii_lowercase();
    let stem = if stem.is_empty() {
        unquoted.to_ascii_lowercase()
    } else {
        stem
    };
    // `PrivateKey: PrivateKey`: a value that spells its own key's name is
    // the template's stand-in, and the first guess too.
    let guessable = |word: &str| {
        is_weak_default(word)
            || name_words.iter().any(|w| w.len() > 2 && same_name(w, word))
            || (name_words.len() > 1 && name_words.concat() == word)
    };
    // `mysqlpw`, `rootpassword` (under `MYSQL_ROOT_PASSWORD`): such a word
    // with a password's name appended is the next guess after the word.
    let spelled = || {
        PASSWORD_NAMES
            .iter()
            .filter_map(|p| stem.strip_suffix(p))
            .any(|word| !word.is_empty() && guessable(word))
    };
    if is_weak_default(unquoted) || guessable(&stem) || spelled() {
        return Value::WeakDefault;
    }
    Value::Literal {
        entropy: entropy(unquoted),
    }
}

fn not_secret(value: &str) -> Option<NotSecret> {
    if value.is_empty() {
        return Some(NotSecret::Empty);
    }
    if is_encrypted(value) {
        return Some(NotSecret::Encrypted);
    }
    if is_reference(value) {
        return Some(NotSecret::Reference);
    }
    if is_secret_store(value) {
        return Some(NotSecret::SecretStore);
    }
    if is_placeholder(value) || is_documentation_jwt(value) {
        return Some(NotSecret::Placeholder);
    }
    if is_public_material(value) {
        return Some(NotSecret::PublicMaterial);
    }
    if is_password_hash(value) {
        return Some(NotSecret::Hash);
    }
    if is_scalar(value) {
        return Some(NotSecret::Scalar);
    }
    if is_url(value) {
        return Some(NotSecret::Url);
    }
    if is_path(value) {
        return Some(NotSecret::Path);
    }
    if is_variable_name(value) {
        return Some(NotSecret::VariableName);
    }
    if is_secret_name(value) {
        return Some(NotSecret::SecretName);
    }
    None
}

/// A password written out in a URL: not a reference, mask or placeholder.
pub fn is_literal_password(password: &str) -> bool {
    !(is_reference(password) || is_placeholder(password) || password.starts_with('%'))
}

/// An HTTP `Authorization` value with its credential written out:
/// `Bearer <token>`, `Basic <base64>`, `Token <token>`, where the credential
/// is long enough to be one and is not a reference or placeholder.
pub fn is_http_credential(value: &str) -> bool {
    let Some(credential) = http_credential(value) else {
        return false;
    };
    credential.len() >= 16
        && credential.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | '+' | '/' | '-' | '=')
        })
        && matches!(classify(credential, &[]), Value::Literal { entropy } if entropy >= 3.0)
}

/// The credential of an HTTP `Authorization` value (`Bearer <token>`,
/// `Basic <base64>`, `Token <token>`): what follows the scheme.
fn http_credential(value: &str) -> Option<&str> {
    let (scheme, credential) = value.trim().split_once(' ')?;
    let known = ["bearer", "basic", "token"]
        .iter()
        .any(|known| scheme.eq_ignore_ascii_case(known));
    let credential = credential.trim();
    (known && !credential.is_empty()).then_some(credential)
}

/// A shell or Compose parameter expansion with a literal default
/// (`${DB_PASSWORD:-s3cret}`, `${TOKEN-x}`, `${PW:=x}`), as the whole value:
/// the variable's name and the default with its byte offset in `value`.
/// Whenever the variable is unset, the default is the value, and it is
/// committed either way.
pub fn fallback(value: &str) -> Option<(&str, usize, &str)> {
    if value.starts_with("${{") {
        return expression_fallback(value);
    }
    let inner = value.strip_prefix("${")?.strip_suffix('}')?;
    let name_end = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let name = &inner[..name_end];
    let rest = &inner[name_end..];
    let operator = [":-", ":=", "-", "="]
        .into_iter()
        .find(|op| rest.starts_with(op))?;
    let default = &rest[operator.len()..];
    let usable = !name.is_empty() && !default.is_empty() && !default.contains(['$', '`', '{', '}']);
    usable.then_some((name, 2 + name_end + operator.len(), default))
}

/// The literal text of a value that interpolates (`${var.suffix}`,
/// `$PREFIX`, `{{ .x }}`, `$(cmd)`, `%{ ... }`), the interpolations cut
/// out: what is committed whatever they expand to.
pub fn literal_part(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    while i < bytes.len() {
        let next = bytes.get(i + 1).copied();
        let close = match (bytes[i], next) {
            (b'$' | b'%' | b'#', Some(b'{')) | (b'{', Some(b'{')) => Some(b'}'),
            (b'$', Some(b'(')) => Some(b')'),
            _ => None,
        };
        if let Some(close) = close {
            // To the matching close, nested openings counted (both braces
            // of `{{`).
            let open = bytes[i + 1];
            let mut depth = 0usize;
            let mut j = if bytes[i] == open { i } else { i + 1 };
            while j < bytes.len() {
                if bytes[j] == open {
                    depth += 1;
                } else if bytes[j] == close {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                j += 1;
            }
            i = (j + 1).min(bytes.len());
            continue;
        }
        if bytes[i] == b'$' && next.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_') {
            i += 1;
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            {
                i += 1;
            }
            continue;
        }
        let width = value[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&value[i..i + width]);
        i += width;
    }
    out
}

/// A GitHub Actions expression that falls back to a string literal:
/// `${{ secrets.TOKEN || 's3cret' }}`.
fn expression_fallback(value: &str) -> Option<(&str, usize, &str)> {
    let inner = value.strip_prefix("${{")?.strip_suffix("}}")?;
    let (variable, literal) = inner.rsplit_once("||")?;
    let literal = literal.trim().strip_prefix('\'')?.strip_suffix('\'')?;
    if literal.is_empty() || literal.contains('\'') {
        return None;
    }
    let offset = value.rfind(literal)?;
    Some((variable.trim(), offset, literal))
}

/// Template, shell and CI expressions: the value comes from elsewhere.
fn is_reference(value: &str) -> bool {
    const MARKERS: &[&str] = &[
        "${",
        "{{",
        "$(",
        "#{",
        "((",
        "@Microsoft.KeyVault(",
        // `%s` in a `printf` format: the value is an argument.
        "%s",
        "%v",
        "%d",
    ];
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    if contains_any(&AUTOMATON, MARKERS, value)
        || is_code_reference(value)
        || holds_named_format(value)
    {
        return true;
    }
    let bytes = value.as_bytes();
    // `$VAR`, `$1`, `%VAR%` (Windows), `<password>`, `__TOKEN__`, `@TOKEN@`.
    (bytes[0] == b'$'
        && bytes
            .get(1)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_'))
        || (value.len() > 2 && value.starts_with('%') && value.ends_with('%'))
        || (value.len() > 2 && value.starts_with('<') && value.ends_with('>'))
        || (value.len() > 4 && value.starts_with("__") && value.ends_with("__"))
        || (value.len() > 2 && value.starts_with('@') && value.ends_with('@'))
}

/// A Python `%(name)s` format: the value is filled in from a mapping. A
/// bare `%(` is not one: Django's generated keys draw from `%`, `(` and
/// letters.
fn holds_named_format(value: &str) -> bool {
    value.match_indices("%(").any(|(at, _)| {
        let rest = &value[at + 2..];
        let name_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        name_end > 0
            && rest[name_end..].starts_with(')')
            && rest[name_end + 1..].starts_with(['s', 'd', 'i', 'r', 'f'])
    })
}

/// An expression of a program in a file a value holds: a call
/// (`os.getenv('TOKEN')`, `get_token()`), a subscript
/// (`os.environ["DB_PASSWORD"]`, `ENV['TOKEN']`) or an attribute path from a
/// lower-case name (`settings.API_KEY`, `process.env.TOKEN`).
fn is_code_reference(value: &str) -> bool {
    let head_end = value
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(value.len());
    let (head, rest) = value.split_at(head_end);
    let identifier = |part: &str| {
        part.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    };
    if head.is_empty() || !head.split('.').all(identifier) {
        return false;
    }
    let call = rest.starts_with('(') && rest.ends_with(')');
    let subscript = rest.starts_with('[') && rest.ends_with(']');
    let path = rest.is_empty()
        && head.contains('.')
        && head
            .split('.')
            .next()
            .is_some_and(|first| first.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    call || subscript || path
}

fn is_secret_store(value: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "arn:aws:secretsmanager:",
        "arn:aws:ssm:",
        "arn:aws:kms:",
        "vault:",
        "ref+",
        "sm://",
        "gcpsm://",
        "awssm://",
        "awsssm://",
        "azkv://",
        "op://",
        "doppler://",
        "secretsmanager:",
        "ssm:",
        "ssm-parameter:",
        "keyvault:",
        "secret://",
        "k8s-secret:",
    ];
    let lower = value.to_ascii_lowercase();
    // A Google Cloud resource name: a secret's or a KMS key's, never a
    // credential's value.
    PREFIXES.iter().any(|p| lower.starts_with(p))
        || ((lower.starts_with("projects/") || lower.starts_with("organizations/"))
            && !value.contains(char::is_whitespace))
        || (lower.contains(".vault.azure.net/secrets/"))
}

/// The items of a value written as a list: a flow list (`["a", "b"]`,
/// `[a, b]`) or a YAML block list (`- a` lines); `None` for any other value.
pub fn list_items(value: &str) -> Option<Vec<&str>> {
    fn unquote(item: &str) -> &str {
        item.trim().trim_matches(['"', '\'']).trim()
    }
    let value = value.trim();
    if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        if inner.contains(['[', '{']) {
            return None;
        }
        let items: Vec<&str> = inner
            .split(',')
            .map(unquote)
            .filter(|i| !i.is_empty())
            .collect();
        return (!items.is_empty()).then_some(items);
    }
    value
        .lines()
        .map(|line| line.trim().strip_prefix("- ").map(unquote))
        .collect::<Option<Vec<&str>>>()
        .filter(|items| !items.is_empty())
}

/// The example key pair of AWS's documentation (`AKIAIOSFODNN7EXAMPLE`,
/// `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`). It cannot authenticate, but
/// written where a credential goes it shows where the real one will be.
pub fn is_aws_documentation_key(value: &str) -> bool {
    matches!(
        value.trim(),
        "AKIAIOSFODNN7EXAMPLE" | "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    )
}

/// Masks and fill-ins: `***`, `xxxx`, `REDACTED`, `your-api-key-here`.
pub fn is_placeholder(value: &str) -> bool {
    if value
        .chars()
        .all(|c| matches!(c, '*' | 'x' | 'X' | '•' | '#' | '.' | '-' | '_' | '?' | ' '))
    {
        return true;
    }
    let lower = value.to_ascii_lowercase();
    // `secret-value`, `PASSWORD_VALUE`: the documentation's stand-in, which
    // names the slot. (`my-password` is what someone typed into it: see
    // `is_weak_default`.)
    let compact = compact(&lower);
    const STAND_INS: &[&str] = &[
        "secretvalue",
        "passwordvalue",
        "tokenvalue",
        "keyvalue",
        "apikeyvalue",
    ];
    if STAND_INS.contains(&compact.as_str()) || is_prose(&lower) || is_bracketed_words(value) {
        return true;
    }
    const EXACT: &[&str] = &[
        "redacted",
        "hidden",
        "masked",
        "none",
        "null",
        "nil",
        "undefined",
        "todo",
        "tbd",
        "fixme",
        "n/a",
        "na",
        "unset",
        "empty",
        "secret-goes-here",
        "tobereplaced",
        "to-be-replaced",
        "notset",
        "not-set",
        "blank",
    ];
    const CONTAINS: &[&str] = &[
        "placeholder",
        "example",
        "redacted",
        "replace",
        "insert",
        "fixme",
        "todo",
        "dummy",
        "fake",
        "invalid",
        "mock",
        "sample",
        "xxxx",
        "****",
        "<",
        ">",
        "your-",
        "your_",
        "yourpass",
        "yoursecret",
        "yourtoken",
        "yourkey",
        "...",
        "_here",
        "-here",
        "goes-here",
        // Strapi's templates: `APP_KEYS="toBeModified1,toBeModified2"`.
        "tobemodified",
    ];
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    EXACT.contains(&lower.as_str())
        || contains_any(&AUTOMATON, CONTAINS, &lower)
        || is_prefixed_stand_in(value)
        || is_repeated_word(&lower)
}

/// Words in brackets (`[secret key]`, `{api token}`): a form to fill in.
fn is_bracketed_words(value: &str) -> bool {
    let inner = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .or_else(|| value.strip_prefix('{').and_then(|v| v.strip_suffix('}')));
    inner.is_some_and(|inner| {
        inner.contains(|c: char| c.is_ascii_alphabetic())
            && inner
                .chars()
                .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '_'))
    })
}

/// One word said again and again (`hush hush hush`, `secret secret`): test
/// data standing in for a value, not one.
fn is_repeated_word(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let mut repeats = words.peekable();
    repeats.peek().is_some() && repeats.all(|w| w == first)
}

/// A vendor's token prefix before a word in capitals (`nvapi-NVKEY`,
/// `sk-OPENAI_KEY`, `ghp_TOKEN`): the shape of a token with its body
/// written as a name to fill in. Token bodies are random: mixed case, digits.
fn is_prefixed_stand_in(value: &str) -> bool {
    let Some(at) = value.find(['-', '_']) else {
        return false;
    };
    let (prefix, body) = (&value[..at], &value[at + 1..]);
    !prefix.is_empty()
        && prefix.chars().all(|c| c.is_ascii_lowercase())
        && body.chars().any(|c| c.is_ascii_uppercase())
        && body
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-')
}

/// The sample token of jwt.io and of most JWT tutorials (subject
/// `1234567890`, name `John Doe`): a test fixture everyone can read, not a
/// credential.
fn is_documentation_jwt(value: &str) -> bool {
    let mut parts = value.split('.');
    let (Some(header), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if !header.starts_with("eyJ") {
        return false;
    }
    let Some(claims) = decode_base64url(payload) else {
        return false;
    };
    let claims = String::from_utf8_lossy(&claims);
    claims.contains("\"John Doe\"") || claims.contains("\"1234567890\"")
}

/// base64url without padding, as JWTs write their parts.
fn decode_base64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0);
    for byte in text.trim_end_matches('=').bytes() {
        let sextet = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(sextet);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    Some(out)
}

/// A sentence about a secret (`shhhh! it's a github secret`, `put the API
/// key here`): documentation, not a credential. A passphrase of words does
/// not name itself.
fn is_prose(lower: &str) -> bool {
    if lower.contains('\n') {
        return false;
    }
    const SELF_NAMING: &[&str] = &[
        "secret",
        "password",
        "token",
        "key",
        "passphrase",
        "here",
        "your",
        "credentials",
    ];
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    words.len() >= 3 && words.iter().any(|w| SELF_NAMING.contains(w))
}

/// Certificates and public keys are meant to be shared.
fn is_public_material(value: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "ssh-rsa ",
        "ssh-ed25519 ",
        "ssh-dss ",
        "ecdsa-sha2-",
        "sk-ssh-",
        "sk-ecdsa-",
        "-----BEGIN CERTIFICATE",
        "-----BEGIN PUBLIC KEY",
        "-----BEGIN RSA PUBLIC KEY",
        "-----BEGIN PGP PUBLIC KEY",
        "-----BEGIN SSH2 PUBLIC KEY",
        "-----BEGIN OPENSSH PUBLIC KEY",
        "-----BEGIN X509 CRL",
        "-----BEGIN TRUSTED CERTIFICATE",
    ];
    // The same, base64-encoded (a kubeconfig's `certificate-authority-data`).
    const ENCODED: &[&str] = &[
        "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t",
        "LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS",
        "LS0tLS1CRUdJTiBSU0EgUFVCTElDIEtFWS0tLS0t",
    ];
    // A private key block that the token scanner did not take has no body: a
    // placeholder (`-----BEGIN ... PRIVATE KEY-----\n...`).
    PREFIXES.iter().any(|p| value.starts_with(p))
        || ENCODED.iter().any(|p| value.starts_with(p))
        || (value.starts_with("-----BEGIN") && super::tokens::scan(value).is_empty())
}

/// Ciphertext of the encryption tools that keep secrets in Git.
fn is_encrypted(value: &str) -> bool {
    const PREFIXES: &[&str] = &["ENC[", "$ANSIBLE_VAULT;", "vault:v1:", "vault:v2:"];
    PREFIXES.iter().any(|p| value.starts_with(p))
}

/// A crypt(3)-style or LDAP-style password hash, alone or after a user name
/// (`admin:$apr1$...`), on every line of the value.
fn is_password_hash(value: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "$2a$",
        "$2b$",
        "$2x$",
        "$2y$",
        "$1$",
        "$5$",
        "$6$",
        "$7$",
        "$y$",
        "$gy$",
        "$apr1$",
        "$argon2",
        "$scrypt$",
        "$pbkdf2",
        "$sha1$",
        "{sha}",
        "{ssha}",
        "{ssha256}",
        "{ssha512}",
        "{crypt}",
        "{bcrypt}",
        "{pbkdf2",
        "{argon2",
        "pbkdf2_sha256$",
        "pbkdf2_sha1$",
        "argon2$",
        "bcrypt$",
        "bcrypt_sha256$",
        "scrypt$",
    ];
    let hashed = |text: &str| {
        let lower = text.trim().to_ascii_lowercase();
        PREFIXES.iter().any(|p| lower.starts_with(p))
    };
    let mut lines = value.lines().filter(|l| !l.trim().is_empty()).peekable();
    lines.peek().is_some()
        && lines
            .all(|line| hashed(line) || line.split_once(':').is_some_and(|(_, hash)| hashed(hash)))
}

/// Booleans, numbers that fit a port or a length, durations and sizes.
fn is_scalar(value: &str) -> bool {
    const WORDS: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "enabled", "disabled", "enable",
        "disable", "required", "optional", "always", "never", "auto",
    ];
    let lower = value.to_ascii_lowercase();
    if WORDS.contains(&lower.as_str()) || is_timestamp(&lower) {
        return true;
    }
    let digits = lower.trim_start_matches(['-', '+']);
    let number_end = digits
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(digits.len());
    let (number, unit) = digits.split_at(number_end);
    const UNITS: &[&str] = &[
        "", "ms", "s", "m", "h", "d", "w", "y", "k", "ki", "mi", "gi", "ti", "kb", "mb", "gb",
        "tb", "g", "%",
    ];
    !number.is_empty()
        && number.chars().filter(char::is_ascii_digit).count() <= 5
        && UNITS.contains(&unit)
}

/// An ISO 8601 date or date-time (`2019-10-23T00:00:00Z`).
fn is_timestamp(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && (bytes.len() == 10 || bytes[10] == b't' || bytes[10] == b' ')
}

/// Whether the value is a number only (`4821`): under a secret's name, a PIN.
pub fn is_number(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

/// URLs without credentials; credentials in URLs are the token scanner's.
fn is_url(value: &str) -> bool {
    let Some(at) = value.find("://") else {
        return false;
    };
    let scheme = &value[..at];
    !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !value.contains(char::is_whitespace)
}

/// A file that holds the secret: `/run/secrets/db`, `./key.pem`, `creds.json`.
fn is_path(value: &str) -> bool {
    if value.contains(char::is_whitespace) {
        return false;
    }
    const EXTENSIONS: &[&str] = &[
        ".json",
        ".pem",
        ".key",
        ".crt",
        ".cer",
        ".p12",
        ".pfx",
        ".jks",
        ".keystore",
        ".txt",
        ".yaml",
        ".yml",
        ".env",
        ".conf",
        ".cfg",
        ".ini",
        ".properties",
        ".gpg",
        ".asc",
        ".pub",
        ".toml",
        ".xml",
    ];
    let lower = value.to_ascii_lowercase();
    value.starts_with('/')
        || value.starts_with("./")
        || value.starts_with("../")
        || value.starts_with("~/")
        || lower.starts_with("file:")
        || (value.len() > 3 && value.as_bytes()[1] == b':' && value.as_bytes()[2] == b'\\')
        || EXTENSIONS
            .iter()
            .any(|e| lower.ends_with(e) && lower.len() > e.len())
}

/// `DB_PASSWORD`, `GITHUB_TOKEN`: the name of the variable that holds it.
fn is_variable_name(value: &str) -> bool {
    value.contains('_')
        && value.len() >= 4
        && value.starts_with(|c: char| c.is_ascii_uppercase())
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// An identifier whose own head noun is a secret's (`secops-feeds-api-key`,
/// `db_password`): it names a secret kept elsewhere. People do not choose
/// passwords that describe themselves in kebab case.
fn is_secret_name(value: &str) -> bool {
    let parts = value.split(['-', '_', '.', '/']).count();
    parts >= 2
        && value.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.' | b'/')
        })
        && super::names::secret_name(value).is_some()
}

/// `DB_PASSWORD: chatbot-password`, `SECRET_KEY: shop-secret-key-2024`: a
/// value that reads as a secret's name, but is the secret itself, bound to a
/// name of the same kind. A reference to where one is kept names its place
/// (`DB_PASSWORD_SECRET`, `password_name`), and a name that describes the
/// secret is the guess anyone makes first.
fn names_itself(value: &str, name_words: &[String]) -> bool {
    fn kind(word: &str) -> &str {
        if PASSWORD_NAMES.contains(&word) {
            "password"
        } else {
            word
        }
    }
    let value_words = super::names::words(value);
    let (Some(value_head), Some(name_head)) = (value_words.last(), name_words.last()) else {
        return false;
    };
    if kind(value_head) != kind(name_head) {
        return false;
    }
    // What the name holds is its head and, for a key, the key's qualifier
    // (`secret key`). A secret named before that makes the name a place
    // where it is kept: `DB_PASSWORD_SECRET: db-password-secret` (the
    // Secret that holds a password), `API_KEY_SECRET_KEY: feeds-api-key`
    // (the key of the entry that holds an API key).
    let held = if matches!(name_head.as_str(), "key" | "keys") {
        2
    } else {
        1
    };
    let place = &name_words[..name_words.len().saturating_sub(held)];
    super::names::secret_name(&place.join("_")).is_none()
}

/// Databases and brokers by every name people write them with: a password
/// made of any of them is guessed as soon as one is seen, so
/// `MONGODB_PASSWORD: mongopwd` is as weak as `MONGO_INITDB_ROOT_PASSWORD:
/// mongopwd`, and `POSTGRES_PASSWORD: pgpass` as `postgrespass`.
const DATABASE_NAMES: &[&[&str]] = &[
    &["mongo", "mongodb"],
    &["postgres", "postgresql", "pg", "pgsql", "psql"],
    &["mysql", "mariadb", "maria"],
    &["rabbitmq", "rabbit"],
    &["elastic", "elasticsearch"],
    &["influx", "influxdb"],
    &["couch", "couchdb"],
    &["mssql", "sqlserver"],
];

/// Whether `word` is the name word `name` or another name of the same
/// database.
fn same_name(name: &str, word: &str) -> bool {
    name == word
        || DATABASE_NAMES
            .iter()
            .any(|names| names.contains(&name) && names.contains(&word))
}

/// How people write "password" in names and in the passwords they make of
/// them.
const PASSWORD_NAMES: &[&str] = &["password", "passwd", "pass", "pwd", "pw"];

/// Passwords that ship as defaults or top every list of leaked passwords:
/// anyone can guess them, so a committed one is a weakness, not a leak.
pub fn is_weak_default(value: &str) -> bool {
    // `changeme`, `change-me`, the JDK trust store's `changeit`, `test`
    // and `testing` are notices that ask to be changed or say the value is
    // not a real one (below).
    const DEFAULTS: &[&str] = &[
        "password",
        "passw0rd",
        "p@ssw0rd",
        "p@ssword",
        "password1",
        "password123",
        "pass",
        "passwd",
        "pwd",
        "admin",
        "admin123",
        "administrator",
        "root",
        "toor",
        "secret",
        "top-secret",
        "topsecret",
        "test123",
        "guest",
        "letmein",
        "qwerty",
        "123",
        "0000",
        "1111",
        "1234",
        "12345",
        "4321",
        "000000",
        "111111",
        "123123",
        "654321",
        "123456",
        "1234567",
        "12345678",
        "123456789",
        "1234567890",
        "abc123",
        "postgres",
        "mysql",
        "oracle",
        "user",
        "demo",
        "welcome",
        "default",
        "token",
        "apikey",
        "api_key",
        "secretkey",
        "foobar",
        "foo",
        "bar",
        "minioadmin",
        "rabbitmq",
        "redis",
        "elastic",
        // xkcd 936's example passphrase, which documentation copies.
        "correct horse battery staple",
        "correct-horse-battery-staple",
        "correcthorsebatterystaple",
    ];
    // `my-password`, `my_secret`: the stand-in documentation shows, and
    // what a configuration that kept it runs with, in every copy of it.
    const MINE: &[&str] = &[
        "mypassword",
        "mysecret",
        "mytoken",
        "myapikey",
        "mykey",
        "mysecretkey",
        "myaccesskey",
        "mypass",
        "mypwd",
    ];
    let lower = value.to_ascii_lowercase();
    DEFAULTS.contains(&lower.as_str())
        || MINE.contains(&compact(&lower).as_str())
        || asks_to_be_changed(&lower)
}

/// `lower` without the separators that words of a stand-in are written with.
fn compact(lower: &str) -> String {
    lower
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | ' '))
        .collect()
}

/// A value that only says it must be changed (`change-me-in-production`,
/// `dev_only_secret_change_in_production`, `CHANGE_THIS_JWT_KEY`) or that
/// it is not a real one (`insecure_test_key`, `test-secret-key`,
/// `ci-secret-key-not-for-production`, the `build-key` or
/// `build-only-not-for-runtime` that lets Django's `collectstatic` load its
/// settings while an image is built): the placeholder that generated
/// config, `.env` templates and test setups ship, which anyone who reads
/// them can guess as well as `changeme`. `lower` is lower-cased; every word
/// is such a notice (`change`, `insecure`, `test`, `not` with `production`)
/// or a word notices are made of, and one is a notice.
fn asks_to_be_changed(lower: &str) -> bool {
    const CHANGE: &[&str] = &[
        "change",
        "changeme",
        "changethis",
        "changeit",
        "insecure",
        "test",
        "testing",
        "build",
        "buildtime",
    ];
    const FILLER: &[&str] = &[
        "me",
        "this",
        "it",
        "too",
        "in",
        "on",
        "at",
        "for",
        "before",
        "after",
        "when",
        "to",
        "the",
        "a",
        "production",
        "prod",
        "deploy",
        "deployment",
        "later",
        "please",
        "asap",
        "now",
        "dev",
        "development",
        "default",
        "only",
        "local",
        "not",
        "do",
        "must",
        "be",
        "secret",
        "key",
        "password",
        "pass",
        "jwt",
        "token",
        "session",
        "refresh",
        "access",
        "api",
        "app",
        "value",
        "super",
        "supersecret",
        "my",
        "our",
        "ci",
        "use",
        "used",
        "time",
        "runtime",
    ];
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let not_for_production =
        words.contains(&"not") && words.iter().any(|w| matches!(*w, "production" | "prod"));
    (not_for_production || words.iter().any(|w| CHANGE.contains(w)))
        && words
            .iter()
            .all(|w| CHANGE.contains(w) || FILLER.contains(w))
}

/// A `key = value` pair inside a text, as byte ranges of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub key: Range<usize>,
    pub value: Range<usize>,
}

/// The settings written inside a text that holds a file, a script or a
/// connection string: `password = s3cret` (ini, properties, HCL),
/// `password: s3cret` (YAML), `"password": "s3cret"` (JSON),
/// `export PASSWORD=s3cret` and `PASSWORD=s3cret cmd` (shell),
/// `User ID=app;Password=s3cret` (ADO.NET), `?user=app&password=s3cret`
/// (JDBC and URL queries), `-Ddb.password=s3cret` (JVM options). Keys are
/// names, not expressions: `[ "$PASSWORD" = "" ]` holds none. Quotes
/// around a value are not part of it.
pub fn pairs(text: &str) -> Vec<Pair> {
    let mut out = Vec::new();
    let mut line_start = 0;
    let file = text.trim().contains('\n');
    let mut cuts = Vec::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        // `// note` is a comment, `//registry/:_authToken=` (.npmrc) is not.
        let comment = trimmed.starts_with(['#', ';'])
            || trimmed.starts_with("// ")
            || trimmed.trim_end() == "//"
            || trimmed.starts_with("-- ");
        if !comment {
            fragments(line, &mut cuts);
            let local = local_request_query(line);
            for fragment in cuts.drain(..) {
                if local.as_ref().is_some_and(|q| q.contains(&fragment.start)) {
                    continue;
                }
                let fragment = line_start + fragment.start..line_start + fragment.end;
                pairs_in_fragment(text, fragment, file, &mut out);
            }
        }
        line_start += line.len();
    }
    out
}

/// The query of an HTTP request to the machine itself
/// (`http://0.0.0.0:8000/login?user=a&password=b`), as a range of `line`:
/// parameters sent to an app under test are its input, not credentials of
/// a system anyone shares.
fn local_request_query(line: &str) -> Option<Range<usize>> {
    // Every line of every value is asked: a `:` first, found fast.
    let bytes = line.as_bytes();
    let colon = memchr::memchr_iter(b':', bytes).find(|&at| {
        bytes[at..].starts_with(b"://")
            && (line[..at].ends_with("http") || line[..at].ends_with("https"))
    })?;
    let rest = &line[colon + 3..];
    let authority_end = rest.find(['/', '?', ' ', '"', '\'']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host = authority.rsplit('@').next()?;
    let host = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next()?,
        None => host.split(':').next()?,
    };
    if !matches!(host, "0.0.0.0" | "localhost" | "127.0.0.1" | "::1") {
        return None;
    }
    let query = colon + 3 + rest.find('?')? + 1;
    let end = line[query..]
        .find(char::is_whitespace)
        .map_or(line.len(), |end| query + end);
    Some(query..end)
}

/// Whether a configuration file or document held in a value (`grafana.ini`,
/// a kubeconfig, `.dockerconfigjson`) binds a secret-like name to a literal
/// (`password = s3cret`, `"auth": "..."`, `token: ...`).
pub fn file_holds_secret(text: &str) -> bool {
    pairs(text).into_iter().any(|pair| {
        let Some(name) = super::names::secret_name(&text[pair.key]) else {
            return false;
        };
        matches!(
            classify(&text[pair.value], &name.words),
            Value::WeakDefault | Value::Literal { .. }
        )
    })
}

/// The pieces of a line that hold settings: split where JSON puts many
/// settings on one line (`,`, brackets and braces, but not inside `${...}`
/// or `{{ ... }}`) and where connection strings and URL queries separate
/// theirs (`;`, `&`, `?`). Ranges of `line`, pushed onto `cuts` (one list
/// serves every line of a value).
fn fragments(text: &str, cuts: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    // How many `${`, `{{`, `#{`, `%{` are open: their braces are not JSON's.
    let mut templates = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        let cut = match b {
            b'\n' | b',' | b'[' | b']' | b';' | b'&' | b'?' => true,
            b'}' if templates > 0 => {
                templates -= 1;
                false
            }
            b'}' => true,
            b'{' => {
                let prev = i.checked_sub(1).map(|p| bytes[p]);
                let template = matches!(prev, Some(b'$' | b'{' | b'#' | b'%'))
                    || bytes.get(i + 1) == Some(&b'{');
                templates += usize::from(template);
                !template
            }
            _ => false,
        };
        if cut {
            cuts.push(start..i);
            start = i + 1;
        }
    }
    cuts.push(start..text.len());
}

fn pairs_in_fragment(text: &str, fragment: Range<usize>, file: bool, out: &mut Vec<Pair>) {
    let line = &text[fragment.clone()];
    let mut push = |key: Range<usize>, value: Range<usize>| {
        let key = trim_range(line, key, &['"', '\'', ' ', '\t', '`']);
        if is_key(&line[key.clone()]) {
            let value = trim_value(line, value);
            out.push(Pair {
                key: fragment.start + key.start..fragment.start + key.end,
                value: fragment.start + value.start..fragment.start + value.end,
            });
        }
    };
    let mut from = 0;
    while let Some((at, width)) = separator(&line[from..]).map(|(at, w)| (from + at, w)) {
        let spaced =
            line[..at].ends_with([' ', '\t']) || line[at + width..].starts_with([' ', '\t']);
        if line.as_bytes()[at] != b'=' || spaced {
            // `key = value`, `key: value`: the key is the whole left side and
            // the value the rest of the line.
            let mut key_start = from + (line[from..].len() - line[from..].trim_start().len());
            if line[key_start..at].starts_with("- ") {
                key_start += 2;
            }
            push(key_start..at, at + width..line.len());
            return;
        }
        // `k=v` runs (shell, JVM options, JAAS): the key is the word before
        // `=`, the value the word after it, and more may follow.
        let key_start = line[..at].rfind(char::is_whitespace).map_or(0, |p| p + 1);
        let rest = &line[at + 1..];
        // A quoted value runs to its closing quote, blanks included.
        let value_end = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map(|p| p + 2),
            _ => rest.find(char::is_whitespace),
        }
        .map_or(line.len(), |p| at + 1 + p);
        push(key_start.max(from)..at, at + 1..value_end);
        from = value_end;
    }
    // `requirepass s3cret` (redis.conf, sshd_config): a name and a value
    // that looks like a credential, alone on a line of a file.
    if from == 0 && file {
        let mut words = line.split_whitespace();
        if let (Some(key), Some(value), None) = (words.next(), words.next(), words.next())
            && value.len() >= 8
            && value.chars().any(|c| c.is_ascii_digit())
            && value.chars().any(|c| c.is_alphabetic())
        {
            let key_start = line.find(key).unwrap_or(0);
            let value_start =
                key_start + key.len() + line[key_start + key.len()..].find(value).unwrap_or(0);
            push(
                key_start..key_start + key.len(),
                value_start..value_start + value.len(),
            );
        }
    }
}

/// Where a line's key ends: its first `=` (not `==`), or its first `:`
/// that ends a key (followed by a blank, the end or a quote, or preceded by
/// a quote), whichever comes first; a `:` inside `https://` or
/// `//registry/:_authToken=` does not. The separator's byte length.
fn separator(line: &str) -> Option<(usize, usize)> {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'=' if bytes.get(i + 1) != Some(&b'=') && i > 0 => {
                // `!=`, `<=`, `>=` and `==` compare; `+=` appends.
                return match bytes[i - 1] {
                    b'!' | b'<' | b'>' | b'=' => None,
                    _ => Some((i, 1)),
                };
            }
            b':' => {
                let next = bytes.get(i + 1);
                let ends_key = matches!(next, None | Some(b' ' | b'\t' | b'"' | b'\''))
                    || (i > 0 && matches!(bytes[i - 1], b'"' | b'\''));
                if ends_key && i > 0 {
                    return Some((i, 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// A name that may hold a setting: letters, digits and `_ . - / :`, with
/// single spaces between words (`User ID`); no expansion, quote or bracket.
fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 80
        && key.chars().any(|c| c.is_ascii_alphabetic())
        && key.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '/' | ':' | ' ' | '@')
        })
        && !key.contains("  ")
}

fn trim_range(line: &str, range: Range<usize>, chars: &[char]) -> Range<usize> {
    let piece = &line[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start_matches(chars).len());
    let end = range.end - (piece.len() - piece.trim_end_matches(chars).len());
    start..end.max(start)
}

/// A value without the blanks, commas and quotes around it, nor a trailing
/// `# comment`.
fn trim_value(line: &str, range: Range<usize>) -> Range<usize> {
    let mut range = trim_range(line, range, &[' ', '\t', '\r', ',']);
    if let Some(comment) = line[range.clone()].find(" #") {
        range.end = range.start + comment;
    }
    let piece = &line[range.clone()];
    let quoted = piece.len() >= 2
        && ((piece.starts_with('"') && piece.ends_with('"'))
            || (piece.starts_with('\'') && piece.ends_with('\'')));
    if quoted {
        return range.start + 1..range.end - 1;
    }
    trim_range(line, range, &['"', '\''])
}

/// Shannon entropy in bits per character. A tiebreaker only: English words
/// score 2.5-3.5, random tokens over 4, and neither proves anything alone.
pub fn entropy(text: &str) -> f64 {
    let mut counts = [0usize; 256];
    let mut total = 0usize;
    for byte in text.bytes() {
        counts[usize::from(byte)] += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let total = total as f64;
    counts
        .iter()
        .filter(|&&n| n > 0)
        .map(|&n| {
            let p = n as f64 / total;
            -p * p.log2()
        })
        .sum()
}

/// Whether `text` holds any of `needles`: one automaton per list, built on
/// first use, instead of a search per needle (every setting of a run meets
/// these lists).
fn contains_any(automaton: &OnceLock<AhoCorasick>, needles: &[&str], text: &str) -> bool {
    automaton
        .get_or_init(|| AhoCorasick::new(needles).expect("literal needles build"))
        .is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(value: &str) -> Value {
        classify(value, &[])
    }

    #[test]
    fn references_and_placeholders_are_never_secrets() {
        for value in [
            "",
            "  ",
            "${{ secrets.DB_PASSWORD }}",
            "${var.db_password}",
            "$DB_PASSWORD",
            "${DB_PASSWORD}",
            "$(cat /run/secrets/pw)",
            "{{ .Values.password }}",
            "<your-password>",
            "***",
            "xxx",
            "XXXXXXXX",
            "REDACTED",
            "[REDACTED]",
            "your-api-key-here",
            "put_your_token_here",
            "Bearer SET_THIS_TO_SOME_RANDOM_TEXT",
            "Bearer <token>",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
            "vault:secret/data/db#password",
            "projects/p/secrets/db/versions/latest",
            "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x/)",
            "true",
            "False",
            "8080",
            "12",
            "30s",
            "/run/secrets/db_password",
            "./secrets/key.pem",
            "credentials.json",
            "https://vault.internal:8200",
            "DB_PASSWORD",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3 user@host",
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----",
            "\"\"",
            "MY_API_KEY",
            "shhhh! it's a github secret",
            "2019-10-23T11:22:33Z",
            "mock_access_key",
            "secops-feeds-api-key",
            "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=",
            "nvapi-NVKEY",
            "sk-OPENAI_API_KEY",
            "ghp_TOKEN",
            "hush hush hush",
            "secret secret\n",
        ] {
            assert!(
                matches!(class(value), Value::NotSecret(_)),
                "{value:?}: {:?}",
                class(value)
            );
        }
    }

    #[test]
    fn vendor_prefixes_before_a_random_body_are_literal() {
        for value in ["nvapi-x7Kp2QvL9mZ4", "sk-Zq8vR2mLx9tK", "pk_LIVE7X2Q9"] {
            assert!(
                matches!(class(value), Value::Literal { .. }),
                "{value:?}: {:?}",
                class(value)
            );
        }
    }

    #[test]
    fn lists_are_read_as_items() {
        assert_eq!(
            list_items(r#"["env_key", 'b']"#),
            Some(vec!["env_key", "b"])
        );
        assert_eq!(
            list_items("- admin\n- viewer\n"),
            Some(vec!["admin", "viewer"])
        );
        for not_a_list in ["admin", "[]", "[{a: 1}]", "- a\nb: c"] {
            assert_eq!(list_items(not_a_list), None, "{not_a_list:?}");
        }
    }

    #[test]
    fn defaults_are_weak_and_the_rest_literal() {
        for value in [
            "changeme",
            "change_me",
            "Change-Me",
            "changeit",
            "admin",
            "Password",
            "postgres",
            "123456",
            "123456,123456",
            "admin123",
            "Password1!",
            "my-password",
            "MySecret",
        ] {
            assert_eq!(class(value), Value::WeakDefault, "{value}");
        }
        // Notices that ask to be changed, as generated config ships them.
        for value in [
            "change-me-in-production",
            "Change-Me-In-Production",
            "dev_only_refresh_secret_change_in_production",
            "INSECURE_DEV_SECRET_CHANGE_IN_PRODUCTION!!!",
            "change-this-jwt-key",
            "change-me-too",
            "insecure_test_key",
            "test-secret-key",
            "Insecure-Dev-Secret",
            "test",
            "Testing",
            "ci-secret-key-not-for-production",
            "do-not-use-in-prod",
            "build-key",
            "build-only-not-for-runtime",
            "build-only-not-a-runtime-secret",
            "buildtime-secret",
        ] {
            assert_eq!(class(value), Value::WeakDefault, "{value}");
        }
        // A word of its own makes it a chosen value.
        for value in [
            "not-for-production-Zq8vR2",
            "change-me-k7Qz9",
            "exchange-rate-bot-Zq8v",
            "test-Zq8vR2mLx",
            "build-Zq8vR2mLx",
        ] {
            assert!(matches!(class(value), Value::Literal { .. }), "{value}");
        }
        let words = ["mysql".to_string(), "password".to_string()];
        assert_eq!(classify("mysql", &words), Value::WeakDefault);
        assert_eq!(classify("mysql2024", &words), Value::WeakDefault);
        // The same with a password's name appended.
        for value in ["mysqlpw", "MysqlPassword1", "adminpass", "postgrespwd"] {
            assert_eq!(classify(value, &words), Value::WeakDefault, "{value}");
        }
        // A value that spells its key's whole name stands in for one.
        let key = ["private".to_string(), "key".to_string()];
        assert_eq!(classify("PrivateKey", &key), Value::WeakDefault);
        assert!(matches!(
            classify("PrivateKey-Zq8v", &key),
            Value::Literal { .. }
        ));
        // Another name of the database the key names is as near a guess.
        for (key, value) in [
            ("MONGODB_PASSWORD", "mongopwd"),
            ("MONGO_INITDB_ROOT_PASSWORD", "mongodbpass"),
            ("ME_CONFIG_MONGODB_ADMINPASSWORD", "MongoPass"),
            ("POSTGRES_PASSWORD", "pgpass"),
            ("MYSQL_ROOT_PASSWORD", "mariadbpw"),
        ] {
            let words = crate::rules::secrets::names::words(key);
            assert_eq!(
                classify(value, &words),
                Value::WeakDefault,
                "{key}: {value}"
            );
        }
        let mongodb = ["mongodb".to_string(), "password".to_string()];
        for value in ["mongo-Zq8vR2", "pgpass"] {
            assert!(
                matches!(classify(value, &mongodb), Value::Literal { .. }),
                "{value}"
            );
        }
        // A word of its own before it makes it a chosen value.
        for value in ["orderpw", "kafkapassword"] {
            assert!(
                matches!(classify(value, &words), Value::Literal { .. }),
                "{value}"
            );
        }
        for value in [
            "hunter2-but-longer",
            "Zq8!vR2mLx",
            "s3cr3t-Pa55",
            "1234567891234",
        ] {
            assert!(matches!(class(value), Value::Literal { .. }), "{value}");
        }
    }

    #[test]
    fn configuration_files_hold_secrets_on_their_lines() {
        assert!(file_holds_secret(
            "[database]\nhost = db\npassword = Zq8vR2mLx\n"
        ));
        assert!(file_holds_secret(
            "{\n  \"apiKey\": \"k9PqZ2mX7vLw4RtY\",\n}\n"
        ));
        assert!(file_holds_secret(
            "smtp:\n  auth_password: hunter2-hunter2\n"
        ));
        assert!(!file_holds_secret(
            "[date_formats]\ndefault_timezone = UTC\n"
        ));
        assert!(!file_holds_secret(
            "global:\n  resolve_timeout: 5m\n# password: x\n"
        ));
        assert!(!file_holds_secret(
            "password: ${SMTP_PASSWORD}\npassword_file: /run/pw\n"
        ));
        assert!(file_holds_secret(
            "{\"auths\":{\"r.io\":{\"auth\":\"Y2k6WnQ2cEx3MlJxOQ==\"}}}"
        ));
        assert!(!file_holds_secret("[{\"id\":\"123\",\"iat\":1583789194}]"));
    }

    fn pair_texts(text: &str) -> Vec<(&str, &str)> {
        pairs(text)
            .into_iter()
            .map(|p| (&text[p.key], &text[p.value]))
            .collect()
    }

    #[test]
    fn pairs_are_read_in_every_notation() {
        assert_eq!(
            pair_texts("a.b=1\nkey = \"v w\" # note\n- name: x\n\"k\": \"v\", \"j\": 2\n"),
            [
                ("a.b", "1"),
                ("key", "v w"),
                ("name", "x"),
                ("k", "v"),
                ("j", "2")
            ]
        );
        assert_eq!(
            pair_texts("Server=tcp:h,1433;User ID=app;Password=p1"),
            [("Server", "tcp:h"), ("ID", "app"), ("Password", "p1")]
        );
        assert_eq!(
            pair_texts("jdbc:mysql://h/db?user=app&password=p1"),
            [("user", "app"), ("password", "p1")]
        );
        // A request to an app on the machine itself carries its input.
        for local in [
            "http://0.0.0.0:8000/articles?string1=Hi&password=root1234",
            "curl 'http://localhost/login?user=a&password=p1'",
            "https://[::1]:8443/x?token=t0k",
        ] {
            assert!(pair_texts(local).is_empty(), "{local}");
        }
        assert_eq!(
            pair_texts("https://api.example.com/v1?api_key=k3y"),
            [("api_key", "k3y")]
        );
        assert_eq!(
            pair_texts("-Xmx1g -Da.password=p1 -Db=\"x y\" export T=t"),
            [("-Da.password", "p1"), ("-Db", "x y"), ("T", "t")]
        );
        assert_eq!(
            pair_texts("//registry.npmjs.org/:_authToken=t0k"),
            [("//registry.npmjs.org/:_authToken", "t0k")]
        );
        assert_eq!(
            pair_texts("port 6379\nrequirepass Jk8Lq2Zm5Nv\n"),
            [("requirepass", "Jk8Lq2Zm5Nv")]
        );
        for none in [
            "# password = p1",
            "; secret = p1",
            "if [ \"$PASSWORD\" = \"\" ]; then",
            "[ \"$A\" == b ]",
            "https://host/x?q",
            "requirepass short",
        ] {
            assert!(pairs(none).is_empty(), "{none}: {:?}", pair_texts(none));
        }
    }

    #[test]
    fn hashes_and_code_are_not_secrets() {
        for value in [
            "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
            "admin:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/",
            "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\nci:{SHA}W6ph5Mm5Pz8Ggi=\n",
            "pbkdf2_sha256$260000$salt$hash",
            "ENC[AES256_GCM,data:q7mZp3Kx,iv:Q7mZ=,tag:Kx9T==,type:str]",
            "$ANSIBLE_VAULT;1.1;AES256\n6338623463",
            "vault:v1:Q7mZp3Kx9TbW2vRc8NdLf5HsJg4Y",
            "os.environ[\"DB_PASSWORD\"]",
            "os.getenv('SECRET_KEY')",
            "get_token()",
            "settings.API_KEY",
            "process.env.TOKEN",
        ] {
            assert!(
                matches!(class(value), Value::NotSecret(_)),
                "{value:?}: {:?}",
                class(value)
            );
        }
        // jwt.io's sample, and a token of the same shape with other claims.
        let sample = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        assert_eq!(class(sample), Value::NotSecret(NotSecret::Placeholder));
        let other = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QiLCJpYXQiOjE3MDAwMDAwMDB9.Q7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe6uVjC1nB";
        assert!(matches!(class(other), Value::Literal { .. }));
        for value in ["Abc.Def123", "hunter2(x", "p@ss:word"] {
            assert!(matches!(class(value), Value::Literal { .. }), "{value}");
        }
    }

    #[test]
    fn http_credentials_need_a_written_credential() {
        assert!(is_http_credential(
            "Bearer Tq7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe"
        ));
        assert!(is_http_credential("Basic YWRtaW46UzNjdXJlLUFkbTFu"));
        for value in [
            "Bearer",
            "Bearer $(TOKEN)",
            "Bearer ${TOKEN}",
            "Bearer realm=\"api\"",
            "Bearer <your-token-here>",
            "Basic xxxxxxxxxxxxxxxxxxxx",
            "token expires in one hour",
        ] {
            assert!(!is_http_credential(value), "{value}");
        }
    }

    #[test]
    fn fallbacks_are_read_from_whole_expansions_only() {
        assert_eq!(fallback("${PW:-s3cret}"), Some(("PW", 6, "s3cret")));
        assert_eq!(fallback("${PW-s3cret}"), Some(("PW", 5, "s3cret")));
        assert_eq!(fallback("${PW:=s3cret}"), Some(("PW", 6, "s3cret")));
        assert_eq!(
            fallback("${{ secrets.PW || 's3cret' }}"),
            Some(("secrets.PW", 19, "s3cret"))
        );
        for none in [
            "${PW}",
            "${PW:-}",
            "${PW:-$OTHER}",
            "x${PW:-a}",
            "${PW:?unset}",
            "$PW",
            "${{ secrets.PW }}",
            "${{ secrets.PW || '' }}",
            "${{ inputs.pw || secrets.PW }}",
        ] {
            assert_eq!(fallback(none), None, "{none}");
        }
    }

    #[test]
    fn literal_parts_leave_interpolations_out() {
        assert_eq!(literal_part("Xr4-pL9q${var.suffix}"), "Xr4-pL9q");
        assert_eq!(literal_part("a$PREFIX-b${X:-y}c"), "a-bc");
        assert_eq!(literal_part("{{ .Values.x }}z$(date)é"), "zé");
        assert_eq!(literal_part("${{ secrets.TOKEN }}"), "");
        assert_eq!(literal_part("%{ if x }a%{ endif }"), "a");
        assert_eq!(literal_part("cost: $5 {x}"), "cost: $5 {x}");
    }

    #[test]
    fn entropy_orders_random_above_words() {
        assert_eq!(entropy(""), 0.0);
        assert_eq!(entropy("aaaa"), 0.0);
        assert!(entropy("password") < 3.0);
        assert!(entropy("h7Kq2/Vb9xLw3ZrT5nYp8MdF4sJc6GvB") > 4.5);
    }
}
