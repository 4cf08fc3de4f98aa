//! Well-known credential formats, found in any text in one pass.
//!
//! An Aho-Corasick automaton finds the fixed prefixes every format starts
//! with (`AKIA`, `ghp_`, `xoxb-`, `-----BEGIN` ...); only at those hits does a
//! small anchored regex (or, for private keys and URLs, a hand-written
//! reader) decide. Text without any prefix costs one automaton pass.
//!
//! The token shapes (the vendors' prefixes and lengths) are ported from gitleaks
//! (<https://github.com/gitleaks/gitleaks>, `cmd/generate/config/rules/`),
//! MIT License, Copyright (c) 2019 Zachary Rice; the prefix table, the
//! boundary checks, the placeholder test and the private-key and URL readers
//! are ours.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::values;
use crate::source::Span;

/// A credential format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    AwsAccessKeyId,
    AwsSecretAccessKey,
    GithubToken,
    GithubFineGrainedToken,
    GitlabToken,
    SlackToken,
    SlackWebhook,
    StripeLiveKey,
    GoogleApiKey,
    NpmToken,
    PrivateKey,
    UrlPassword,
    /// Another vendor's token with a distinctive prefix: what it is, and
    /// where it is revoked.
    Vendor {
        what: &'static str,
        revoke: &'static str,
    },
}

impl Kind {
    /// How a person names it, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::AwsAccessKeyId => "an AWS access key id",
            Kind::AwsSecretAccessKey => "an AWS secret access key",
            Kind::GithubToken => "a GitHub token",
            Kind::GithubFineGrainedToken => "a GitHub fine-grained personal access token",
            Kind::GitlabToken => "a GitLab token",
            Kind::SlackToken => "a Slack token",
            Kind::SlackWebhook => "a Slack incoming webhook URL",
            Kind::StripeLiveKey => "a Stripe live secret key",
            Kind::GoogleApiKey => "a Google API key",
            Kind::NpmToken => "an npm access token",
            Kind::PrivateKey => "a private key",
            Kind::UrlPassword => "a password in a URL",
            Kind::Vendor { what, .. } => what,
        }
    }

    /// Whether the format is its issuer's own, so that a match is a
    /// credential wherever it is written; a password in a URL is whatever
    /// text someone chose, an example as often as not.
    pub fn is_issued(self) -> bool {
        self != Kind::UrlPassword
    }

    /// Where the credential is revoked or rotated, for the message.
    pub fn revoke_hint(self) -> &'static str {
        match self {
            Kind::AwsAccessKeyId | Kind::AwsSecretAccessKey => {
                "deactivate the key in IAM and create a new one"
            }
            Kind::GithubToken | Kind::GithubFineGrainedToken => {
                "revoke it in GitHub's developer settings"
            }
            Kind::GitlabToken => "revoke it in GitLab's access token settings",
            Kind::SlackToken | Kind::SlackWebhook => "regenerate it in the Slack app's settings",
            Kind::StripeLiveKey => "roll it in the Stripe dashboard",
            Kind::GoogleApiKey => "regenerate it in the Google Cloud console",
            Kind::NpmToken => "revoke it with `npm token revoke`",
            Kind::PrivateKey => "replace the key pair and revoke the old public key",
            Kind::UrlPassword => "change the password",
            Kind::Vendor { revoke, .. } => revoke,
        }
    }
}

/// One credential found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    /// What a finding points at: the token, a private key's `BEGIN` line, a
    /// URL's password.
    pub span: Span,
    /// What must never be shown: the token, a private key's body.
    pub secret: Span,
    /// The other half of an AWS key pair, when one lies near.
    pub pair: Option<Span>,
    /// A URL password that is a well-known default (`postgres`, `changeme`):
    /// guessable rather than leaked.
    pub weak: bool,
}

/// Reads a format at an anchor hit.
#[derive(Clone, Copy)]
enum Reader {
    /// An anchored regex; `bounded` tokens must not continue into more
    /// word characters (a fixed-length token inside a longer word is not it).
    Regex {
        kind: Kind,
        pattern: &'static str,
        bounded: bool,
    },
    PrivateKey,
    Url,
    Dsn,
}

/// Anchors and what to try at each. Prefix lists follow the vendors'
/// documentation of their token prefixes. Formats that share a prefix share
/// an anchor (`xox` for Slack, `sk-` for OpenAI and Anthropic): up to 64
/// anchors the automaton searches with a SIMD prefilter (Teddy), several
/// times faster than without, so the table must stay under that.
const TABLE: &[(&str, &[Reader])] = &[
    ("AKIA", &[AWS_KEY_ID]),
    ("ASIA", &[AWS_KEY_ID]),
    ("ghp_", &[GITHUB_CLASSIC]),
    ("gho_", &[GITHUB_CLASSIC]),
    ("ghu_", &[GITHUB_CLASSIC]),
    ("ghs_", &[GITHUB_CLASSIC]),
    ("ghr_", &[GITHUB_CLASSIC]),
    (
        "github_pat_",
        &[Reader::Regex {
            kind: Kind::GithubFineGrainedToken,
            pattern: r"^github_pat_[0-9A-Za-z_]{82}",
            bounded: true,
        }],
    ),
    (
        "glpat-",
        &[
            gitlab(r"^glpat-[0-9A-Za-z_-]{27,300}\.[0-9a-z]{9}"),
            gitlab(r"^glpat-[0-9A-Za-z_-]{20}"),
        ],
    ),
    (
        "glrt-",
        &[
            gitlab(r"^glrt-t\d_[0-9A-Za-z_-]{27,300}\.[0-9a-z]{9}"),
            gitlab(r"^glrt-[0-9A-Za-z_-]{20}"),
        ],
    ),
    ("gldt-", &[gitlab(r"^gldt-[0-9A-Za-z_-]{20}")]),
    ("glptt-", &[gitlab(r"^glptt-[0-9a-f]{40}")]),
    ("glft-", &[gitlab(r"^glft-[0-9A-Za-z_-]{20}")]),
    ("glimt-", &[gitlab(r"^glimt-[0-9A-Za-z_-]{25}")]),
    ("glagent-", &[gitlab(r"^glagent-[0-9A-Za-z_-]{50}")]),
    ("gloas-", &[gitlab(r"^gloas-[0-9A-Za-z_-]{64}")]),
    ("glsoat-", &[gitlab(r"^glsoat-[0-9A-Za-z_-]{20}")]),
    ("glffct-", &[gitlab(r"^glffct-[0-9A-Za-z_-]{20}")]),
    (
        "glcbt-",
        &[gitlab(r"^glcbt-[0-9A-Za-z]{1,5}_[0-9A-Za-z_-]{20}")],
    ),
    ("GR1348941", &[gitlab(r"^GR1348941[0-9A-Za-z_-]{20}")]),
    (
        "xox",
        &[
            slack(r"^xoxb-[0-9]{10,13}-[0-9]{10,13}-[0-9A-Za-z-]{16,}"),
            slack(r"^xoxb-[0-9]{8,14}-[0-9A-Za-z]{18,26}"),
            slack(r"^xoxp(?:-[0-9]{10,13}){3}-[0-9A-Za-z-]{28,34}"),
            slack(r"^xoxe(?:-[0-9]{10,13}){3}-[0-9A-Za-z-]{28,34}"),
            slack(r"^xoxe-\d-[0-9A-Za-z]{146}"),
            slack(r"^xoxe\.xox[bp]-\d-[0-9A-Za-z]{163,166}"),
            slack(r"^xox[ar]-(?:\d-)?[0-9A-Za-z]{8,48}"),
            slack(r"^xox[os]-\d+-\d+-\d+-[0-9A-Fa-f]+"),
        ],
    ),
    ("xapp-", &[slack(r"^xapp-\d-[0-9A-Z]+-\d+-[0-9a-z]+")]),
    (
        "hooks.slack.com/",
        &[Reader::Regex {
            kind: Kind::SlackWebhook,
            pattern: r"^hooks\.slack\.com/(?:services|workflows|triggers)/[0-9A-Za-z+/]{43,56}",
            bounded: false,
        }],
    ),
    ("sk_live_", &[STRIPE]),
    ("rk_live_", &[STRIPE]),
    (
        "AIza",
        &[Reader::Regex {
            kind: Kind::GoogleApiKey,
            pattern: r"^AIza[0-9A-Za-z_-]{35}",
            bounded: true,
        }],
    ),
    (
        "npm_",
        &[Reader::Regex {
            kind: Kind::NpmToken,
            pattern: r"^npm_[0-9A-Za-z]{36}",
            bounded: true,
        }],
    ),
    (
        "sk-",
        &[
            vendor(
                OPENAI,
                r"^sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{58,74}T3BlbkFJ[A-Za-z0-9_-]{58,74}",
            ),
            vendor(
                ("an Anthropic API key", "revoke it in the Anthropic console"),
                r"^sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA",
            ),
        ],
    ),
    (
        "pypi-AgEIcHlwaS5vcmc",
        &[vendor(
            (
                "a PyPI upload token",
                "revoke it in PyPI's account settings",
            ),
            r"^pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}",
        )],
    ),
    (
        "dckr_pat_",
        &[vendor(
            (
                "a Docker Hub access token",
                "revoke it in Docker Hub's personal access token settings",
            ),
            r"^dckr_pat_[A-Za-z0-9_-]{27}",
        )],
    ),
    ("hvs.", &[vendor(VAULT, r"^hvs\.[A-Za-z0-9_-]{90,120}")]),
    ("hvb.", &[vendor(VAULT, r"^hvb\.[A-Za-z0-9_-]{138,300}")]),
    ("dop_v1_", &[vendor(DIGITALOCEAN, r"^dop_v1_[a-f0-9]{64}")]),
    ("doo_v1_", &[vendor(DIGITALOCEAN, r"^doo_v1_[a-f0-9]{64}")]),
    ("dor_v1_", &[vendor(DIGITALOCEAN, r"^dor_v1_[a-f0-9]{64}")]),
    (
        "dp.pt.",
        &[vendor(
            ("a Doppler API token", "revoke it in the Doppler dashboard"),
            r"^dp\.pt\.[A-Za-z0-9]{43}",
        )],
    ),
    (
        "SG.",
        &[vendor(
            (
                "a SendGrid API key",
                "delete it in SendGrid's API key settings",
            ),
            r"^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
        )],
    ),
    (
        "shp",
        &[vendor(SHOPIFY, r"^shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}")],
    ),
    (
        "PMAK-",
        &[vendor(
            (
                "a Postman API key",
                "revoke it in Postman's API key settings",
            ),
            r"^PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}",
        )],
    ),
    (
        "glsa_",
        &[vendor(GRAFANA, r"^glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}")],
    ),
    (
        "glc_",
        &[vendor(GRAFANA, r"^glc_[A-Za-z0-9+/]{32,400}={0,3}")],
    ),
    (
        "dapi",
        &[vendor(
            (
                "a Databricks token",
                "revoke it in the Databricks workspace settings",
            ),
            r"^dapi[a-f0-9]{32}(?:-[0-9])?",
        )],
    ),
    (
        "hf_",
        &[vendor(
            (
                "a Hugging Face token",
                "revoke it in Hugging Face's access token settings",
            ),
            r"^hf_[A-Za-z]{34}",
        )],
    ),
    (
        "lin_api_",
        &[vendor(
            ("a Linear API key", "revoke it in Linear's API settings"),
            r"^lin_api_[A-Za-z0-9]{40}",
        )],
    ),
    (
        "NRAK-",
        &[vendor(
            (
                "a New Relic user API key",
                "delete it in New Relic's API keys page",
            ),
            r"^NRAK-[A-Za-z0-9]{27}",
        )],
    ),
    (
        "pul-",
        &[vendor(
            (
                "a Pulumi access token",
                "delete it in the Pulumi Cloud console",
            ),
            r"^pul-[a-f0-9]{40}",
        )],
    ),
    (
        "rubygems_",
        &[vendor(
            (
                "a RubyGems API key",
                "revoke it in RubyGems' API key settings",
            ),
            r"^rubygems_[a-f0-9]{48}",
        )],
    ),
    (
        "HRKU-AA",
        &[vendor(
            (
                "a Heroku API key",
                "revoke it with `heroku authorizations:revoke`",
            ),
            r"^HRKU-AA[0-9A-Za-z_-]{58}",
        )],
    ),
    (
        "ATATT3",
        &[vendor(
            (
                "an Atlassian API token",
                "revoke it in the Atlassian account's security settings",
            ),
            r"^ATATT3[A-Za-z0-9_=-]{186}",
        )],
    ),
    (
        "sq0atp-",
        &[vendor(
            (
                "a Square access token",
                "revoke it in the Square developer dashboard",
            ),
            r"^sq0atp-[A-Za-z0-9_-]{22,60}",
        )],
    ),
    (
        "AGE-SECRET-KEY-1",
        &[vendor(
            (
                "an age secret key",
                "re-encrypt what it protects to a new key",
            ),
            r"^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        )],
    ),
    (
        "ops_eyJ",
        &[vendor(
            (
                "a 1Password service account token",
                "revoke it in the 1Password admin console",
            ),
            r"^ops_eyJ[A-Za-z0-9+/]{250,}={0,3}",
        )],
    ),
    (
        "sntryu_",
        &[vendor(
            (
                "a Sentry user token",
                "revoke it in Sentry's user auth tokens",
            ),
            r"^sntryu_[a-f0-9]{64}",
        )],
    ),
    ("squ_", &[vendor(SONAR, r"^squ_[a-f0-9]{40}")]),
    ("sqp_", &[vendor(SONAR, r"^sqp_[a-f0-9]{40}")]),
    ("sqa_", &[vendor(SONAR, r"^sqa_[a-f0-9]{40}")]),
    (
        "xkeysib-",
        &[vendor(
            (
                "a Brevo (Sendinblue) API key",
                "delete it in Brevo's SMTP & API settings",
            ),
            r"^xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
        )],
    ),
    (
        "gsk_",
        &[vendor(
            ("a Groq API key", "delete it in the Groq console's API keys"),
            r"^gsk_[A-Za-z0-9]{52}",
        )],
    ),
    (
        "xai-",
        &[vendor(
            ("an xAI API key", "delete it in the xAI console's API keys"),
            r"^xai-[A-Za-z0-9]{70,90}",
        )],
    ),
    ("-----BEGIN", &[Reader::PrivateKey]),
    ("://", &[Reader::Url]),
    ("@tcp(", &[Reader::Dsn]),
];

const AWS_KEY_ID: Reader = Reader::Regex {
    kind: Kind::AwsAccessKeyId,
    pattern: r"^(?:AKIA|ASIA)[0-9A-Z]{16}",
    bounded: true,
};
const GITHUB_CLASSIC: Reader = Reader::Regex {
    kind: Kind::GithubToken,
    pattern: r"^gh[pousr]_[0-9A-Za-z]{36}",
    bounded: true,
};
const STRIPE: Reader = Reader::Regex {
    kind: Kind::StripeLiveKey,
    pattern: r"^[rs]k_live_[0-9A-Za-z]{20,247}",
    bounded: true,
};

type Vendor = (&'static str, &'static str);
const OPENAI: Vendor = (
    "an OpenAI API key",
    "revoke it in the OpenAI platform's API keys page",
);
const VAULT: Vendor = (
    "a HashiCorp Vault token",
    "revoke it with `vault token revoke`",
);
const DIGITALOCEAN: Vendor = (
    "a DigitalOcean token",
    "revoke it in the DigitalOcean control panel",
);
const SHOPIFY: Vendor = (
    "a Shopify access token or secret",
    "rotate it in the Shopify app's settings",
);
const GRAFANA: Vendor = (
    "a Grafana token",
    "revoke it in Grafana's service accounts or access policies",
);

const SONAR: Vendor = (
    "a SonarQube token",
    "revoke it in SonarQube's security settings",
);

const fn vendor((what, revoke): Vendor, pattern: &'static str) -> Reader {
    Reader::Regex {
        kind: Kind::Vendor { what, revoke },
        pattern,
        bounded: true,
    }
}

const fn gitlab(pattern: &'static str) -> Reader {
    Reader::Regex {
        kind: Kind::GitlabToken,
        pattern,
        bounded: true,
    }
}

const fn slack(pattern: &'static str) -> Reader {
    Reader::Regex {
        kind: Kind::SlackToken,
        pattern,
        bounded: true,
    }
}

/// The compiled table: one automaton over every anchor, and per reader a
/// regex compiled the first time its anchor is met (most files meet few
/// anchors; compiling every pattern up front was most of the time a run
/// over one small file took).
struct Scanner {
    anchors: AhoCorasick,
    /// Per anchor, its readers with their regexes once compiled.
    readers: Vec<Vec<(Reader, OnceLock<Regex>)>>,
    aws_secret: OnceLock<Regex>,
}

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        let anchors = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(TABLE.iter().map(|(anchor, _)| anchor))
            .expect("the anchor table builds");
        let readers = TABLE
            .iter()
            .map(|(_, readers)| {
                readers
                    .iter()
                    .map(|reader| (*reader, OnceLock::new()))
                    .collect()
            })
            .collect();
        Scanner {
            anchors,
            readers,
            aws_secret: OnceLock::new(),
        }
    })
}

/// An AWS secret access key: what follows an access key id nearby.
const AWS_SECRET: &str = r"[0-9A-Za-z/+]{40}";

/// A compiled pattern of the table. The table is static and a test
/// compiles every pattern: one that does not compile cannot ship.
fn compiled<'a>(cell: &'a OnceLock<Regex>, pattern: &str) -> &'a Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("table patterns compile"))
}

/// How far from an AWS access key id its secret key is looked for: the
/// pairs people paste sit on adjacent lines.
const AWS_PAIR_WINDOW: usize = 300;

/// Every credential in `text`, in order of position. Placeholders of the
/// right shape (`AKIAIOSFODNN7EXAMPLE`, `ghp_xxxx...`) are not returned.
pub fn scan(text: &str) -> Vec<Token> {
    let scanner = scanner();
    let bytes = text.as_bytes();
    let mut found: Vec<Token> = Vec::new();
    // Where the last credential ended: anchors inside it (a key body) are not
    // credentials of their own.
    let mut covered = 0;
    for hit in scanner.anchors.find_iter(text) {
        let start = hit.start();
        if start < covered {
            continue;
        }
        for (reader, regex) in &scanner.readers[hit.pattern().as_usize()] {
            let token = match reader {
                Reader::Regex {
                    kind,
                    bounded,
                    pattern,
                } => read_regex(text, start, *kind, *bounded, compiled(regex, pattern)),
                Reader::PrivateKey => read_private_key(text, start),
                Reader::Url => read_url(text, start),
                Reader::Dsn => read_dsn(text, start),
            };
            if let Some(token) = token {
                covered = token.span.end.max(token.secret.end);
                found.push(token);
                break;
            }
        }
    }
    pair_aws_keys(text, bytes, &mut found);
    found
}

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn read_regex(text: &str, start: usize, kind: Kind, bounded: bool, regex: &Regex) -> Option<Token> {
    let bytes = text.as_bytes();
    if start > 0 && is_word(bytes[start - 1]) {
        return None;
    }
    let found = regex.find(text.get(start..)?)?;
    let end = start + found.end();
    if bounded && bytes.get(end).is_some_and(|&b| is_word(b) || b == b'-') {
        return None;
    }
    let token = &text[start..end];
    if is_placeholder(token) {
        return None;
    }
    let span = Span::new(start, end);
    Some(Token {
        kind,
        span,
        secret: span,
        pair: None,
        weak: false,
    })
}

/// Documentation examples and fill-in-the-blanks of the right shape. AWS
/// documents `AKIAIOSFODNN7EXAMPLE` and `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`
/// as keys that can never authenticate; the others are people's mock-ups.
pub fn is_placeholder(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    const MARKERS: &[&str] = &[
        "example",
        "xxxx",
        "0000000",
        "1234567",
        "abcdefgh",
        "placeholder",
        "your",
        "dummy",
        "fake",
        "sample",
        "redacted",
        "token_here",
        "secret_here",
    ];
    if MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    // Random tokens carry well over 4 bits per character; typed-out
    // stand-ins (`ghp_aaaaaaaa...`, `AKIAAAAABBBBCCCCDDDD`) far less.
    token.len() >= 16 && values::entropy(token) < 3.0
}

/// A PEM private key: the `BEGIN` line, then a body of at least 64 base64
/// characters (placeholders such as `...` have none). The body may be split
/// over indented lines (YAML block scalars, heredocs) or joined with `\n`
/// escapes (JSON strings).
fn read_private_key(text: &str, start: usize) -> Option<Token> {
    static HEADER: OnceLock<Regex> = OnceLock::new();
    let header = HEADER.get_or_init(|| {
        Regex::new(r"^-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----").expect("compiles")
    });
    let found = header.find(text.get(start..)?)?;
    let header_end = start + found.end();
    let rest = &text[header_end..];
    // The body ends at the END line, or at the first character no key body
    // holds.
    let limit = rest.find("-----END").unwrap_or(rest.len()).min(64 * 1024);
    let body = &rest[..limit];
    let mut base64 = 0;
    let mut chars = body.char_indices().peekable();
    let mut end = 0;
    while let Some((i, c)) = chars.next() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' | '=' => base64 += 1,
            ' ' | '\t' | '\r' | '\n' | '"' | '\'' | ',' | ':' | '-' => {}
            // `\n` escapes of a JSON or HCL string.
            '\\' if matches!(chars.peek(), Some((_, 'n' | 'r'))) => {
                chars.next();
            }
            _ => {
                end = i;
                break;
            }
        }
        end = i + c.len_utf8();
    }
    let footer = rest[end..]
        .starts_with("-----END")
        .then(|| rest[end..].find("KEY").map(|at| end + at + 3))
        .flatten();
    let body_text = &rest[..end];
    if base64 < 64 || is_placeholder_key(body_text) {
        return None;
    }
    let secret_end = header_end + footer.unwrap_or(end);
    // An unterminated body (a truncated paste) still is key material.
    Some(Token {
        kind: Kind::PrivateKey,
        span: Span::new(start, header_end),
        secret: Span::new(header_end, secret_end),
        pair: None,
        weak: false,
    })
}

fn is_placeholder_key(body: &str) -> bool {
    let compact: String = body
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .collect();
    let lower = compact.to_ascii_lowercase();
    lower.contains("xxxxxxxx") || lower.contains("example") || values::entropy(&compact) < 3.0
}

/// `scheme://user:password@host`, where the password is written out (not
/// `${PASS}`, `$(cat f)`, `****`). Hosts that only exist on a developer's
/// machine or in documentation (`localhost`, `example.com`) are skipped.
fn read_url(text: &str, colon_slash: usize) -> Option<Token> {
    let bytes = text.as_bytes();
    let scheme_start = (0..colon_slash)
        .rev()
        .take_while(|&i| bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'+' | b'.' | b'-'))
        .last()?;
    if !bytes[scheme_start].is_ascii_alphabetic() || colon_slash - scheme_start < 2 {
        return None;
    }
    let authority_start = colon_slash + 3;
    let stop = |b: u8| {
        b.is_ascii_whitespace()
            || matches!(
                b,
                b'/' | b'?' | b'#' | b'"' | b'\'' | b'`' | b'<' | b'>' | b'\\'
            )
    };
    // The authority ends at the first character that cannot be in it; its
    // userinfo is everything before its last `@`.
    let authority_end = (authority_start..bytes.len())
        .find(|&i| stop(bytes[i]))
        .unwrap_or(bytes.len());
    let authority = text.get(authority_start..authority_end)?;
    let at = authority.rfind('@')?;
    let userinfo = &authority[..at];
    let host = authority[at + 1..].split(':').next().unwrap_or("");
    let colon = userinfo.find(':')?;
    let user = &userinfo[..colon];
    let password = &userinfo[colon + 1..];
    if password.is_empty() || host.is_empty() || user.contains('@') {
        return None;
    }
    if !values::is_literal_password(password) || is_documentation_host(host) {
        return None;
    }
    let start = authority_start + colon + 1;
    let span = Span::new(start, start + password.len());
    Some(Token {
        kind: Kind::UrlPassword,
        span,
        secret: span,
        pair: None,
        weak: values::is_weak_default(password) || password.eq_ignore_ascii_case(user),
    })
}

/// The password of a Go MySQL DSN (`user:password@tcp(db:3306)/app`, the
/// go-sql-driver form): a URL without a scheme, which `read_url` cannot
/// see. `at` is the `@` before `tcp(`; the user starts after the quote,
/// space or `=` before it.
fn read_dsn(text: &str, at: usize) -> Option<Token> {
    let bytes = text.as_bytes();
    let begin = (0..at)
        .rev()
        .take_while(|&i| {
            !(bytes[i].is_ascii_whitespace()
                || matches!(bytes[i], b'"' | b'\'' | b'`' | b'=' | b'(' | b',' | b';'))
        })
        .last()?;
    let (user, password) = text.get(begin..at)?.split_once(':')?;
    let address_start = at + "@tcp(".len();
    let address = text.get(address_start..)?.split(')').next()?;
    let host = address.rsplit_once(':').map_or(address, |(host, _)| host);
    if user.is_empty() || password.is_empty() || host.is_empty() {
        return None;
    }
    if !values::is_literal_password(password) || is_documentation_host(host) {
        return None;
    }
    let start = begin + user.len() + 1;
    let span = Span::new(start, at);
    Some(Token {
        kind: Kind::UrlPassword,
        span,
        secret: span,
        pair: None,
        weak: values::is_weak_default(password) || password.eq_ignore_ascii_case(user),
    })
}

/// Hosts of a developer's machine, of a container network on it, or of
/// documentation: credentials for them are not anyone's secret. A
/// Kubernetes cluster's own names (`db.prod.svc.cluster.local`) end like
/// mDNS ones but reach real services: their credentials are real.
fn is_documentation_host(host: &str) -> bool {
    let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
    if host.ends_with(".cluster.local") {
        return false;
    }
    const LOCAL: &[&str] = &[
        "localhost",
        "127.0.0.1",
        "0.0.0.0",
        "::1",
        "host.docker.internal",
    ];
    const SUFFIXES: &[&str] = &[
        ".localhost",
        ".local",
        ".example",
        ".test",
        ".invalid",
        "example.com",
        "example.org",
        "example.net",
    ];
    LOCAL.contains(&host.as_str())
        || SUFFIXES.iter().any(|s| host.ends_with(s))
        || host.starts_with("127.")
        || host.contains('$')
        || host.contains('{')
}

/// Pairs each AWS access key id with a secret access key written near it:
/// 40 base64 characters with both cases and a digit or `/`, not a 40-digit
/// hex string (a git commit id has that length too).
fn pair_aws_keys(text: &str, bytes: &[u8], found: &mut Vec<Token>) {
    let ids: Vec<usize> = (0..found.len())
        .filter(|&i| found[i].kind == Kind::AwsAccessKeyId)
        .collect();
    for index in ids {
        let id = found[index].span;
        let from = floor_boundary(text, id.start.saturating_sub(AWS_PAIR_WINDOW));
        let to = floor_boundary(text, (id.end + AWS_PAIR_WINDOW).min(text.len()));
        let window = &text[from..to];
        let secret = compiled(&scanner().aws_secret, AWS_SECRET)
            .find_iter(window)
            .find_map(|m| {
                let (s, e) = (from + m.start(), from + m.end());
                let bounded = (s == 0 || !is_base64(bytes[s - 1]))
                    && bytes.get(e).is_none_or(|&b| !is_base64(b) && b != b'=');
                let candidate = m.as_str();
                let shaped = candidate.bytes().any(|b| b.is_ascii_lowercase())
                    && candidate.bytes().any(|b| b.is_ascii_uppercase())
                    && candidate
                        .bytes()
                        .any(|b| b.is_ascii_digit() || b == b'/' || b == b'+');
                (bounded && shaped && !is_placeholder(candidate)).then_some(Span::new(s, e))
            });
        if let Some(secret) = secret
            && !found.iter().any(|t| t.span == secret)
        {
            found[index].pair = Some(secret);
            found.push(Token {
                kind: Kind::AwsSecretAccessKey,
                span: secret,
                secret,
                pair: Some(id),
                weak: false,
            });
        }
    }
    found.sort_by_key(|t| t.span.start);
}

fn is_base64(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/'
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds fake tokens of the right shape at test time, so that no
    /// credential-shaped literal sits in the source.
    fn fake(prefix: &str, body_len: usize) -> String {
        let alphabet = b"Q7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe6";
        let body: String = (0..body_len)
            .map(|i| alphabet[(i * 7 + 3) % alphabet.len()] as char)
            .collect();
        format!("{prefix}{body}")
    }

    fn kinds(text: &str) -> Vec<Kind> {
        scan(text).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn every_pattern_of_the_table_compiles() {
        for (anchor, readers) in TABLE {
            for reader in *readers {
                if let Reader::Regex { pattern, .. } = reader {
                    assert!(Regex::new(pattern).is_ok(), "{anchor}: {pattern}");
                }
            }
        }
        assert!(Regex::new(AWS_SECRET).is_ok());
    }

    #[test]
    fn anchors_stay_within_the_fast_prefilter() {
        assert!(TABLE.len() <= 64, "{} anchors", TABLE.len());
    }

    #[test]
    fn finds_each_prefixed_format() {
        let cases = [
            (fake("ghp_", 36), Kind::GithubToken),
            (fake("ghs_", 36), Kind::GithubToken),
            (fake("github_pat_", 82), Kind::GithubFineGrainedToken),
            (fake("glpat-", 20), Kind::GitlabToken),
            (
                fake("glptt-", 0) + "0a1b2c3d4e5f60718293a4b5c6d7e8f901a2b3c4",
                Kind::GitlabToken,
            ),
            (fake("sk_live_", 24), Kind::StripeLiveKey),
            (fake("AIza", 35), Kind::GoogleApiKey),
            (fake("npm_", 36), Kind::NpmToken),
            (
                "xoxb-1234509876-9876501234-".to_string() + &fake("", 24),
                Kind::SlackToken,
            ),
            (
                "https://hooks.slack.com/services/T0A1B2C3D/B0Z9Y8X7W/".to_string() + &fake("", 24),
                Kind::SlackWebhook,
            ),
        ];
        for (text, kind) in cases {
            let line = format!("token: \"{text}\"\n");
            assert_eq!(kinds(&line), [kind], "{line}");
        }
    }

    fn hex(len: usize) -> String {
        (0..len)
            .map(|i| b"0f3a9c1be5d24876"[(i * 5 + 3) % 16] as char)
            .collect()
    }

    #[test]
    fn finds_other_vendors_tokens() {
        let openai = format!("sk-proj-{}T3BlbkFJ{}", fake("", 64), fake("", 64));
        let anthropic = format!("sk-ant-api03-{}AA", fake("", 93));
        for (text, what) in [
            (openai, "an OpenAI API key"),
            (anthropic, "an Anthropic API key"),
            (fake("pypi-AgEIcHlwaS5vcmc", 60), "a PyPI upload token"),
            (fake("hvs.", 95), "a HashiCorp Vault token"),
            (fake("dckr_pat_", 27), "a Docker Hub access token"),
            (format!("dop_v1_{}", hex(64)), "a DigitalOcean token"),
            (
                format!("SG.{}.{}", fake("", 22), fake("", 43)),
                "a SendGrid API key",
            ),
            (
                format!("shpat_{}", hex(32)),
                "a Shopify access token or secret",
            ),
            (format!("dapi{}", hex(32)), "a Databricks token"),
            (
                format!("xkeysib-{}-{}", hex(64), fake("", 16)),
                "a Brevo (Sendinblue) API key",
            ),
        ] {
            let line = format!("key = \"{text}\"\n");
            let found = scan(&line);
            assert_eq!(found.len(), 1, "{line}");
            assert_eq!(found[0].kind.describe(), what);
            assert_eq!(&line[found[0].span.start..found[0].span.end], text);
        }
        for text in [
            "sk-proj-short",
            "dapi-version",
            "SG.something",
            "hvs.x",
            "dckr_pat_short",
            "metadapi0f3a9c1be5d248760f3a9c1be5d24876",
        ] {
            assert!(scan(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn token_spans_cover_the_token_exactly() {
        let token = fake("ghp_", 36);
        let text = format!("env:\n  T: {token} # comment\n");
        let found = scan(&text);
        assert_eq!(&text[found[0].span.start..found[0].span.end], token);
        assert_eq!(found[0].secret, found[0].span);
    }

    #[test]
    fn boundaries_and_lengths_are_enforced() {
        let token = fake("ghp_", 36);
        assert!(scan(&format!("x{token}")).is_empty(), "inside a word");
        assert!(scan(&format!("{token}Z")).is_empty(), "too long");
        assert!(scan(&fake("ghp_", 30)).is_empty(), "too short");
        assert!(
            scan(&fake("AKIA", 16).to_lowercase()).is_empty(),
            "wrong case"
        );
    }

    #[test]
    fn documentation_examples_and_stand_ins_are_not_tokens() {
        for text in [
            "AKIAIOSFODNN7EXAMPLE",
            "AKIAXXXXXXXXXXXXXXXX",
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "glpat-XXXXXXXXXXX-XXXXXXXX",
        ] {
            assert!(scan(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn aws_key_id_pairs_with_a_nearby_secret_key() {
        let id = fake("AKIA", 16).to_uppercase();
        let secret = "h7Kq2/Vb9xLw3ZrT5nYp8MdF4sJc6GvB1aQe0uWi";
        let text = format!("aws_access_key_id = {id}\naws_secret_access_key = {secret}\n");
        let found = scan(&text);
        assert_eq!(
            found.iter().map(|t| t.kind).collect::<Vec<_>>(),
            [Kind::AwsAccessKeyId, Kind::AwsSecretAccessKey]
        );
        assert_eq!(found[0].pair, Some(found[1].span));
        assert_eq!(&text[found[1].span.start..found[1].span.end], secret);
        // A commit id has the length but not the alphabet.
        let text = format!("{id}\nrev: 0123456789abcdef0123456789abcdef01234567\n");
        assert_eq!(scan(&text)[0].pair, None);
        // The documented example pair is a placeholder through and through.
        let text = "AKIAIOSFODNN7EXAMPLE\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
        assert!(scan(text).is_empty());
    }

    fn pem_body(lines: usize, indent: &str, join: &str) -> String {
        (0..lines)
            .map(|i| format!("{indent}{}", fake("", 64 - (i % 3))))
            .collect::<Vec<_>>()
            .join(join)
    }

    #[test]
    fn private_keys_need_a_body() {
        let body = pem_body(4, "    ", "\n");
        let text = format!(
            "key: |\n    -----BEGIN RSA PRIVATE KEY-----\n{body}\n    -----END RSA PRIVATE KEY-----\nnext: 1\n"
        );
        let found = scan(&text);
        assert_eq!(kinds(&text), [Kind::PrivateKey]);
        assert_eq!(
            &text[found[0].span.start..found[0].span.end],
            "-----BEGIN RSA PRIVATE KEY-----"
        );
        assert!(text[found[0].secret.start..found[0].secret.end].ends_with("END RSA PRIVATE KEY"));
        // JSON-escaped, on one line.
        let body = pem_body(3, "", "\\n");
        let text = format!(
            "{{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\\n\"}}"
        );
        assert_eq!(kinds(&text), [Kind::PrivateKey]);
        for placeholder in [
            "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\nXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n-----END PRIVATE KEY-----",
            "The first PEM block is a PRIVATE KEY block, containing a key",
        ] {
            assert!(scan(placeholder).is_empty(), "{placeholder}");
        }
        let public = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            pem_body(4, "", "\n")
        );
        assert!(scan(&public).is_empty());
    }

    #[test]
    fn url_passwords_that_are_written_out() {
        let text = "url: postgres://app:Zq8!vR2mLx@db.internal:5432/app\n";
        let found = scan(text);
        assert_eq!(kinds(text), [Kind::UrlPassword]);
        assert_eq!(&text[found[0].span.start..found[0].span.end], "Zq8!vR2mLx");
        assert!(!found[0].weak);
        assert!(scan("mysql://root:root@mysql:3306/db")[0].weak);
        for clean in [
            "git push https://x-access-token:${GH_TOKEN}@github.com/o/r.git",
            "https://user:$PASSWORD@host/x",
            "https://user:****@host/x",
            "postgres://user:{{ .Values.pw }}@db/x",
            "postgres://postgres:postgres@localhost:5432/test",
            "https://user:secret@example.com/",
            "https://github.com/foo@bar",
            "ssh://git@github.com/org/repo",
            "https://user:@host/",
            "https://user:<password>@host/",
        ] {
            assert!(scan(clean).is_empty(), "{clean}");
        }
    }

    #[test]
    fn go_dsn_passwords_that_are_written_out() {
        let text = "DB_DSN: \"app:Zq8!vR2mLx@tcp(db:3306)/app?parseTime=true\"\n";
        let found = scan(text);
        assert_eq!(kinds(text), [Kind::UrlPassword]);
        assert_eq!(&text[found[0].span.start..found[0].span.end], "Zq8!vR2mLx");
        assert!(!found[0].weak);
        assert!(scan("dsn=root:root@tcp(mysql:3306)/db")[0].weak);
        for clean in [
            "fmt.Sprintf(\"%s:%s@tcp(%s)/%s\", user, pw, host, db)",
            "DSN: ${DB_USER}:${DB_PASS}@tcp(db:3306)/app",
            "root:secret@tcp(127.0.0.1:3306)/test",
            "root:secret@tcp(localhost)/test",
            "app:@tcp(db:3306)/app",
            "app@tcp(db:3306)/app",
            "@tcp(db:3306)/app",
        ] {
            assert!(scan(clean).is_empty(), "{clean}");
        }
    }

    #[test]
    fn never_panics_on_cut_text() {
        let text = "é://a:b@c AKIA -----BEGIN PRIVATE KEY-----é ://";
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let _ = scan(&text[..end]);
        }
    }
}
