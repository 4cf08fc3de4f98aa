//! Base images and the user they run their process as when a Dockerfile
//! sets no USER, and what else about them decides how a root user can be
//! repaired (an entrypoint that steps down, Windows, a server that needs
//! root). Kept as data: lists a reviewer can read and extend, not logic.
//!
//! An image counts as non-root when its name or tag *says* so, when its
//! maintainers document a non-root default user for the whole repository,
//! or when its upstream Dockerfile ends with a non-root USER, read and cited
//! below (versions that differ are told apart by tag). Images that merely
//! happen to set a non-root USER in some tags are not listed: we cannot see
//! their configuration offline, and a guess would hide a real finding when
//! a tag changes. Bitnami's are listed one by one, as read upstream
//! (`bitnami/git` and `bitnami/minideb` run as root).

use crate::source::glob;

/// Images with no user database and no tools to create a user with:
/// `FROM scratch` holds only what the Dockerfile copies in, and distroless
/// images hold no shell. Their process still runs as uid 0 unless a USER
/// says otherwise, and the way to say so is a numeric user, which needs no
/// /etc/passwd entry.
const EMPTY_IMAGES: &[&str] = &["scratch"];

/// Repositories (prefixes) of bare images: Google's distroless, whose
/// default tags (`:latest`, `:debug`) run as root and whose `:nonroot`
/// tags do not.
const BARE_REPOSITORIES: &[&str] = &["gcr.io/distroless/"];

/// Words that, in an image's name or tag, promise a non-root default user:
/// distroless `:nonroot` and `:debug-nonroot`, `*-nonroot` tags,
/// `nginxinc/nginx-unprivileged`, Docker's `dind-rootless`, BuildKit's
/// `:rootless`.
const NONROOT_WORDS: &[&str] = &["nonroot", "non-root", "rootless", "unprivileged"];

/// Repositories (prefixes, Docker Hub's `docker.io/` removed) whose images
/// are documented to run as a non-root user although no name or tag says so:
/// - Jupyter Docker Stacks run as `jovyan` (uid 1000), on Quay since 2023
///   and on Docker Hub before: <https://jupyter-docker-stacks.readthedocs.io/en/latest/using/common.html>
/// - Chainguard's images run as `nonroot` (uid 65532), for every
///   organisation's repositories on `cgr.dev`, except the ones listed in
///   [`CHAINGUARD_ROOT_IMAGES`] and the `-dev` variants:
///   <https://edu.chainguard.dev/chainguard/migration/porting-apps-to-chainguard/>
const DOCUMENTED_NONROOT_REPOSITORIES: &[&str] = &["quay.io/jupyter/", "jupyter/", "cgr.dev/"];

/// Images (repositories, Docker Hub's `docker.io/` and `library/` removed)
/// whose own Dockerfile ends with a non-root USER, checked upstream:
/// - Keycloak (`quay.io/keycloak/keycloak`, on Docker Hub as
///   `keycloak/keycloak`) ends `USER 1000` (keycloak/keycloak,
///   `quarkus/container/Dockerfile`), as the older `jboss/keycloak` did;
/// - Grafana ends `USER "$GF_UID"`, uid 472 (grafana/grafana, `Dockerfile`),
///   for all three repositories it publishes.
/// - The official `memcached` ends `USER 11211:11211` (`USER memcache` in
///   older tags; docker-library/memcached, `alpine/Dockerfile`), Debian and
///   Alpine variants alike.
/// - Prometheus, Alertmanager and the node exporter end `USER nobody`
///   (prometheus/prometheus, prometheus/alertmanager,
///   prometheus/node_exporter, `Dockerfile`), on Docker Hub (`prom/`) and
///   Quay alike.
/// - Apache Kafka's own image (`apache/kafka`, from 3.7.0, its first) ends
///   `USER appuser` (apache/kafka, `docker/jvm/Dockerfile`).
/// - authentik's server image ends `USER 1000` (goauthentik/authentik,
///   `Dockerfile`), on GitHub's registry and Docker Hub alike; its compose
///   file sets `user: root` on the worker that needs the Docker socket.
/// - Mastodon's streaming image, published from 4.3 on, ends `USER mastodon`
///   (mastodon/mastodon, `streaming/Dockerfile`).
/// - Debezium's Kafka image ends `USER kafka`, as it has since 0.9
///   (debezium/container-images, `kafka/3.0/Dockerfile`), and its Connect
///   images, built on it, keep that user (`connect-base/3.0/Dockerfile`,
///   `connect/3.0/Dockerfile`); on Quay and Docker Hub alike.
/// - Mattermost's team and enterprise editions end `USER mattermost`, uid
///   2000 (mattermost/mattermost, `server/build/Dockerfile`).
/// - Umami ends `USER nextjs`, uid 1001 (umami-software/umami,
///   `Dockerfile`), on GitHub's registry and its own alike.
/// - Jenkins ends `USER ${user}`, `jenkins` (jenkinsci/docker,
///   `debian/Dockerfile`); SonarQube `USER sonarqube`
///   (SonarSource/docker-sonarqube); Solr `USER $SOLR_UID`, 8983
///   (apache/solr-docker); Nexus `USER nexus` (sonatype/docker-nexus3).
/// - n8n ends `USER node` (n8n-io/n8n, `docker/images/n8n/Dockerfile`), on
///   Docker Hub and its own registry; Node-RED `USER node-red`
///   (node-red/node-red-docker).
/// - Kibana and Logstash end `USER 1000` (elastic/kibana's and
///   elastic/logstash's Docker templates), from Elastic's registry and on
///   Docker Hub alike.
/// - The OpenTelemetry Collector and its contrib build end `USER
///   ${USER_UID}`, 10001 (open-telemetry/opentelemetry-collector-releases,
///   `distributions/*/Dockerfile`), on Docker Hub and GitHub's registry;
///   Jaeger 2 likewise (jaegertracing/jaeger, `cmd/jaeger/Dockerfile`; not
///   the 1.x `all-in-one`, which runs as root); Grafana Tempo `USER
///   10001:10001` (grafana/tempo, `cmd/tempo/Dockerfile`); the Pushgateway
///   `USER 65534` (prometheus/pushgateway); the MySQL, StatsD and Postgres
///   exporters `USER nobody` (prometheus/mysqld_exporter,
///   prometheus/statsd_exporter, prometheus-community/postgres_exporter; not
///   every exporter: the Elasticsearch one sets no USER).
/// - ingress-nginx's controller ends `USER www-data` (kubernetes/ingress-nginx,
///   `rootfs/Dockerfile`); Dex `USER dex:dex` (dexidp/dex); oauth2-proxy is
///   built on distroless `:nonroot` (oauth2-proxy/oauth2-proxy).
/// - Airflow ends `USER ${AIRFLOW_UID}`, 50000 (apache/airflow); Superset
///   `USER superset` (apache/superset); Temporal's server `USER temporal`
///   (temporalio/temporal); Redash `USER redash` (getredash/redash); pgAdmin
///   `USER 5050` (pgadmin-org/pgadmin4); the official `adminer` `USER
///   adminer`; the official `odoo` `USER odoo`; Rocket.Chat `USER
///   rocketchat`; MailHog `USER mailhog`.
const NONROOT_IMAGES: &[&str] = &[
    "quay.io/keycloak/keycloak",
    "keycloak/keycloak",
    "jboss/keycloak",
    "grafana/grafana",
    "grafana/grafana-oss",
    "grafana/grafana-enterprise",
    "memcached",
    "prom/prometheus",
    "quay.io/prometheus/prometheus",
    "prom/alertmanager",
    "quay.io/prometheus/alertmanager",
    "prom/node-exporter",
    "quay.io/prometheus/node-exporter",
    "apache/kafka",
    "ghcr.io/goauthentik/server",
    "authentik/server",
    "ghcr.io/mastodon/mastodon-streaming",
    "quay.io/debezium/kafka",
    "debezium/kafka",
    "quay.io/debezium/connect-base",
    "debezium/connect-base",
    "quay.io/debezium/connect",
    "debezium/connect",
    "mattermost/mattermost-team-edition",
    "mattermost/mattermost-enterprise-edition",
    "ghcr.io/umami-software/umami",
    "docker.umami.is/umami-software/umami",
    "jenkins/jenkins",
    "sonarqube",
    "solr",
    "sonatype/nexus3",
    "n8nio/n8n",
    "docker.n8n.io/n8nio/n8n",
    "nodered/node-red",
    "docker.elastic.co/kibana/kibana",
    "kibana",
    "docker.elastic.co/logstash/logstash",
    "logstash",
    "otel/opentelemetry-collector",
    "otel/opentelemetry-collector-contrib",
    "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector",
    "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib",
    "jaegertracing/jaeger",
    "grafana/tempo",
    "prom/pushgateway",
    "quay.io/prometheus/pushgateway",
    "prom/mysqld-exporter",
    "quay.io/prometheus/mysqld-exporter",
    "prom/statsd-exporter",
    "quay.io/prometheus/statsd-exporter",
    "prometheuscommunity/postgres-exporter",
    "quay.io/prometheuscommunity/postgres-exporter",
    "registry.k8s.io/ingress-nginx/controller",
    "ghcr.io/dexidp/dex",
    "dexidp/dex",
    "quay.io/oauth2-proxy/oauth2-proxy",
    "apache/airflow",
    "apache/superset",
    "temporalio/server",
    "redash/redash",
    "dpage/pgadmin4",
    "adminer",
    "odoo",
    "rocket.chat",
    "rocketchat/rocket.chat",
    "registry.rocket.chat/rocketchat/rocket.chat",
    "mailhog/mailhog",
];

/// Images whose own Dockerfile ends with a non-root USER from a major
/// version on, and root before it; an untagged or unnumbered tag (`latest`,
/// `main-*`) is current. Tags may start with `v` (`v4.3.17`).
/// - Grafana Loki ends `USER 10001` from 2 (grafana/loki,
///   `cmd/loki/Dockerfile`); not Promtail, which runs as root to read the
///   node's logs.
/// - Mastodon ends `USER mastodon` (mastodon/mastodon, `Dockerfile`) in
///   every release since its 3.0 rewrite on Ubuntu, on GitHub's registry
///   and Docker Hub (`tootsuite/`) alike.
/// - Kong's gateway ends `USER kong` (Kong/docker-kong, `Dockerfile.deb`,
///   `Dockerfile.apk`, `Dockerfile.rpm`), the official `kong` image and
///   `kong/kong-gateway` alike, since the 2.x images.
/// - ERPNext's image, built by frappe_docker from v14, ends `USER frappe`
///   (frappe/frappe_docker, `images/production/Containerfile`).
const NONROOT_FROM_VERSION: &[(&str, u32)] = &[
    ("grafana/loki", 2),
    ("ghcr.io/mastodon/mastodon", 3),
    ("tootsuite/mastodon", 3),
    ("kong", 2),
    ("kong/kong-gateway", 2),
    ("frappe/erpnext", 14),
];

/// Confluent Platform's images (under `confluentinc/`), built on
/// `cp-base-new` or `cp-base-java`, whose Red Hat UBI base creates
/// `appuser` and ends `USER appuser`, as each image's own Dockerfile does
/// after installing as root (confluentinc/kafka-images `kafka/`, `server/`,
/// `zookeeper/`, `local/`, `kafka-connect-base/`, `server-connect-base/`;
/// confluentinc/schema-registry-images, kafka-rest-images and
/// control-center-images; ksqlDB's builds on `cp-base-new` and keeps its
/// user). Their UBI images are the only ones from 6.0; before it only the
/// tags that say `ubi8` were, the others Debian images that ran as root.
const CONFLUENT_IMAGES: &[&str] = &[
    "cp-kafka",
    "cp-server",
    "cp-zookeeper",
    "cp-kafka-connect",
    "cp-kafka-connect-base",
    "cp-server-connect",
    "cp-server-connect-base",
    "cp-schema-registry",
    "cp-kafka-rest",
    "cp-ksqldb-server",
    "cp-ksqldb-cli",
    "cp-enterprise-control-center",
    "confluent-local",
];

/// The first Confluent Platform version whose images all run as `appuser`.
const CONFLUENT_UBI_ONLY: u32 = 6;

/// Bitnami's images whose Dockerfile ends `USER 1001` (bitnami/containers,
/// `bitnami/<name>/<version>/debian-12/Dockerfile`, read for the newest
/// version of each and for an older `debian-11` one, which ended the same
/// way), under Docker Hub's `bitnami/` and the `bitnamilegacy/` copies of
/// 2025. Not Bitnami's as a whole: its language runtimes and a few
/// applications set no USER and run as root (`git`, `minideb`, `node`,
/// `python`, `golang`, `java`, `ruby`, `dotnet`, `php-fpm`, `laravel`,
/// `moodle`, `discourse`).
const BITNAMI_NONROOT_IMAGES: &[&str] = &[
    "airflow",
    "alertmanager",
    "apache",
    "cassandra",
    "clickhouse",
    "consul",
    "couchdb",
    "drupal",
    "elasticsearch",
    "etcd",
    "external-dns",
    "fluentd",
    "ghost",
    "grafana",
    "haproxy",
    "influxdb",
    "jenkins",
    "joomla",
    "kafka",
    "keycloak",
    "kibana",
    "kube-state-metrics",
    "kubectl",
    "logstash",
    "mariadb",
    "matomo",
    "mediawiki",
    "memcached",
    "minio",
    "mongodb",
    "mongodb-sharded",
    "mysql",
    "neo4j",
    "nginx",
    "nginx-ingress-controller",
    "openldap",
    "opensearch",
    "os-shell",
    "pgbouncer",
    "phpmyadmin",
    "postgresql",
    "postgresql-repmgr",
    "prometheus",
    "rabbitmq",
    "redis",
    "redis-cluster",
    "redis-sentinel",
    "schema-registry",
    "sealed-secrets-controller",
    "solr",
    "spark",
    "thanos",
    "tomcat",
    "valkey",
    "vault",
    "wildfly",
    "wordpress",
    "zookeeper",
];

/// The Docker Hub organisations Bitnami publishes its images under.
const BITNAMI_ORGANISATIONS: &[&str] = &["bitnami/", "bitnamilegacy/"];

/// Elasticsearch's image, from Elastic's registry and on Docker Hub: from
/// version 8 it ends `USER 1000:0`; versions 6 and 7 set no USER and their
/// `docker-entrypoint.sh` steps down to uid 1000 (`chroot --userspec`)
/// itself (the Docker Hub image configurations of 6.8 and 7.17).
const ELASTICSEARCH: &[&str] = &[
    "docker.elastic.co/elasticsearch/elasticsearch",
    "elasticsearch",
];

/// Official images that start as root and whose `docker-entrypoint.sh` steps
/// down to the image's own user (`exec gosu postgres "$BASH_SOURCE" "$@"`,
/// `su-exec` on Alpine) before it runs the server, after giving that user
/// the data directory; PostGIS, pgvector's `pgvector/pgvector` and
/// Timescale's `timescale/timescaledb` build on `postgres` and keep its
/// entrypoint (their Dockerfiles add the extension and set no USER or
/// ENTRYPOINT).
/// The Valkey project's own `valkey/valkey` does as `redis` does
/// (valkey-io/valkey-container, `docker-entrypoint.sh`: `gosu valkey` in
/// 7.2, `setpriv --reuid=valkey` since).
/// Others do the same in their own entrypoints: the official `zookeeper`
/// (`gosu zookeeper` for `zkServer.sh`), `cassandra` (`gosu cassandra`),
/// `ghost` (`gosu node` for its `node` server), Neo4j's (`su-exec
/// neo4j:neo4j` for every command), ClickHouse's server (`clickhouse su`
/// when given no command, only options), Supabase's Postgres (docker-library's
/// postgres entrypoint), Metabase's `run_metabase.sh` (`su metabase` before
/// its server), HashiCorp's Vault and Consul (`su-exec vault` /
/// `su-exec consul` for their own commands and options).
/// Beside each, the first arguments it steps down for (the image's own CMD
/// always does): its server, and options, which it hands to the server
/// (`-*`); a `*` matches any run of characters, as in the scripts' own
/// tests (`[[ "$1" == mongo* ]]`, `*.conf`). Any other command runs as root.
const STEP_DOWN_IMAGES: &[(&str, &[&str])] = &[
    ("postgres", &["postgres", "-*"]),
    ("postgis/postgis", &["postgres", "-*"]),
    ("pgvector/pgvector", &["postgres", "-*"]),
    ("timescale/timescaledb", &["postgres", "-*"]),
    ("mysql", &["mysqld", "-*"]),
    ("mariadb", &["mariadbd", "mysqld", "-*"]),
    ("mongo", &["mongo*", "-*"]),
    ("redis", &["redis-server", "-*", "*.conf"]),
    ("valkey/valkey", &["valkey-server", "-*", "*.conf"]),
    ("rabbitmq", &["rabbitmq*", "-*"]),
    ("zookeeper", &["zkServer.sh"]),
    ("cassandra", &["cassandra", "-*"]),
    ("ghost", &["node"]),
    ("neo4j", &["*"]),
    ("clickhouse/clickhouse-server", &["-*"]),
    ("supabase/postgres", &["postgres", "-*"]),
    ("metabase/metabase", &[]),
    ("hashicorp/vault", &["vault", "server", "-*"]),
    ("hashicorp/consul", &["consul", "agent", "-*"]),
];

/// What the entrypoint of Elasticsearch 6 and 7 steps down for: its own
/// `eswrapper` and `elasticsearch` (any path); options it runs as a command.
const ELASTICSEARCH_SERVERS: &[&str] = &["eswrapper", "elasticsearch"];

/// Repositories of Windows images and Windows-only frameworks: a name
/// ending `/` is a namespace of them, another a repository with its
/// variants (`microsoft/mssql-server-windows-express`), not every name it
/// begins (`microsoft/aspnetcore` is .NET Core's, a Linux image first).
/// Their default user is `ContainerAdministrator`, except Nano Server's.
const WINDOWS_REPOSITORIES: &[&str] = &[
    "mcr.microsoft.com/windows/",
    "mcr.microsoft.com/dotnet/framework/",
    "microsoft/dotnet-framework",
    "microsoft/windowsservercore",
    "microsoft/nanoserver",
    "microsoft/iis",
    "microsoft/aspnet",
    "microsoft/mssql-server-windows",
];

/// Words of a tag or name that only Windows images carry.
const WINDOWS_WORDS: &[&str] = &["nanoserver", "servercore", "ltsc20"];

/// A word of a tag that names the Windows variant of a multi-platform
/// image (Drone's `plugins/base:windows-1809`). Only in the tag: an image
/// named for Windows may be a Linux one that builds for it
/// (`dockcross/windows-static-x64`).
const WINDOWS_TAG_WORD: &str = "windows";

/// Repositories (prefixes) of images meant for development containers,
/// whose user the editor's `devcontainer.json` chooses (`remoteUser`); they
/// provide a `vscode` user and run as root unless told otherwise.
const DEV_CONTAINER_REPOSITORIES: &[&str] = &[
    "mcr.microsoft.com/devcontainers/",
    "mcr.microsoft.com/vscode/devcontainers/",
];

/// The uid of the `app` user of .NET's Linux images from 8, in their
/// `APP_UID` variable.
const DOTNET_APP_UID: &str = "1654";

/// Chainguard images meant to be built upon, which run as root, like the
/// `-dev` variants of the others (`python:latest-dev`): they carry a shell
/// and `apk`.
const CHAINGUARD_ROOT_IMAGES: &[&str] = &["wolfi-base", "chainguard-base"];

/// An image reference taken apart: lower-cased, without a digest (which
/// says nothing about the user; the name and tag before it do) or Docker
/// Hub's registry prefix.
struct Reference {
    repository: String,
    /// The last path segment: name and tag (a registry may carry a port:
    /// `localhost:5000/app:nonroot`).
    last: String,
    /// Where the tag's `:` is in `last`, if it has one: most checks ask for
    /// the name or the tag, so the split is made once.
    tag_colon: Option<usize>,
}

impl Reference {
    fn new(image: &str) -> Self {
        let image = image.trim().to_ascii_lowercase();
        let without_digest = image.split('@').next().unwrap_or("");
        let repository = without_digest
            .strip_prefix("docker.io/")
            .or_else(|| without_digest.strip_prefix("index.docker.io/"))
            .unwrap_or(without_digest)
            .to_string();
        let last = repository.rsplit('/').next().unwrap_or("").to_string();
        let tag_colon = last.find(':');
        Reference {
            repository,
            last,
            tag_colon,
        }
    }

    fn name(&self) -> &str {
        &self.last[..self.tag_colon.unwrap_or(self.last.len())]
    }

    fn tag(&self) -> &str {
        self.tag_colon.map_or("", |colon| &self.last[colon + 1..])
    }

    /// The repository without its tag, Docker Hub's `library/` removed.
    fn repository_name(&self) -> &str {
        let tag_length = self.tag_colon.map_or(0, |colon| self.last.len() - colon);
        let name = &self.repository[..self.repository.len() - tag_length];
        name.strip_prefix("library/").unwrap_or(name)
    }

    /// The major version a tag starts with (`8.15.0`, `8-alpine` and `v8.1`
    /// are 8).
    fn major_version(&self) -> Option<u32> {
        let tag = self.tag();
        let digits: String = tag
            .strip_prefix('v')
            .unwrap_or(tag)
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    }

    /// Whether the tag is `first` or a later major version, or current.
    fn version_at_least(&self, first: u32) -> bool {
        self.major_version().is_none_or(|v| v >= first)
    }

    fn is_elasticsearch(&self) -> bool {
        ELASTICSEARCH.contains(&self.repository_name())
    }

    fn is_windows(&self) -> bool {
        let name = self.repository_name();
        WINDOWS_REPOSITORIES.iter().any(|windows| {
            (windows.ends_with('/') && name.starts_with(windows))
                || name
                    .strip_prefix(windows)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
        }) || WINDOWS_WORDS.iter().any(|word| self.last.contains(word))
            || self
                .tag()
                .split(['-', '_'])
                .any(|word| word == WINDOWS_TAG_WORD)
    }

    /// Nano Server runs as `ContainerUser`, and .NET's Nano Server images
    /// keep it (they end `USER ContainerUser` after setting the PATH as
    /// `ContainerAdministrator`: dotnet/dotnet-docker,
    /// `src/runtime/8.0/nanoserver-ltsc2022/amd64/Dockerfile`).
    fn is_nano_server(&self) -> bool {
        let name = self.repository_name();
        (name == "mcr.microsoft.com/windows/nanoserver" || name == "microsoft/nanoserver")
            || (name.starts_with("mcr.microsoft.com/dotnet/") && self.tag().contains("nanoserver"))
    }

    /// .NET's Linux images from 8, which create the `app` user and name its
    /// uid in `APP_UID` (see [`variable`]).
    fn has_dotnet_app_uid(&self) -> bool {
        self.repository_name()
            .starts_with("mcr.microsoft.com/dotnet/")
            && !self.is_windows()
            && self.version_at_least(8)
    }

    /// .NET's chiseled Ubuntu and distroless (CBL-Mariner, Azure Linux)
    /// images end `USER $APP_UID` or `USER app` from .NET 6 on
    /// (dotnet/dotnet-docker, `src/runtime-deps/*/*-chiseled/` and
    /// `*-distroless/`), the `aspnet` and `runtime` images built on them too.
    fn is_dotnet_app_user(&self) -> bool {
        self.repository_name()
            .starts_with("mcr.microsoft.com/dotnet/")
            && ["chiseled", "distroless"]
                .iter()
                .any(|word| self.tag().contains(word))
    }
}

/// Whether `image` starts empty (`scratch`): it holds only what the
/// Dockerfile copies in.
pub fn is_empty(image: &str) -> bool {
    Reference::new(image).is_empty()
}

/// Whether a container of `image`, started by the image's own entrypoint
/// with `first_argument` first (`None`: the image's CMD), has that
/// entrypoint step down to the image's user before the server runs.
pub fn steps_down_for(image: &str, first_argument: Option<&str>) -> bool {
    let Some(arguments) = Reference::new(image).step_down_arguments() else {
        return false;
    };
    let Some(first) = first_argument else {
        return true;
    };
    let program = first.rsplit('/').next().unwrap_or(first);
    arguments.iter().any(|pattern| {
        // Options are compared whole, commands by their program's name.
        let word = if pattern.starts_with('-') {
            first
        } else {
            program
        };
        glob(pattern, word)
    })
}

/// The value the ENV of `image` gives the variable `name`, where the image
/// is known to set it for a USER to name: .NET's Linux images from 8 set
/// `APP_UID=1654`, the uid of the `app` user they create
/// (dotnet/dotnet-docker, `src/runtime-deps/9.0/alpine3.22/amd64/Dockerfile`;
/// `runtime`, `aspnet` and `sdk` are built on `runtime-deps`), which their
/// templates run as with `USER $APP_UID`.
pub fn variable(image: &str, name: &str) -> Option<&'static str> {
    (name == "APP_UID" && Reference::new(image).has_dotnet_app_uid()).then_some(DOTNET_APP_UID)
}

/// What a final stage's base image tells about its user and how a root
/// user can be repaired, the image's name read once.
pub struct BaseImage {
    pub nonroot: bool,
    pub bare: bool,
    pub steps_down: bool,
    pub windows: bool,
    pub dev_container: bool,
    pub unprivileged_variant: Option<&'static str>,
    pub default_port: Option<i64>,
    pub known_user: Option<&'static str>,
}

impl BaseImage {
    pub fn of(image: &str) -> BaseImage {
        let reference = Reference::new(image);
        BaseImage {
            nonroot: reference.is_nonroot(),
            bare: reference.is_bare(),
            steps_down: reference.steps_down(),
            windows: reference.is_windows(),
            dev_container: reference.is_dev_container(),
            unprivileged_variant: reference.unprivileged_variant(),
            default_port: reference.default_port(),
            known_user: reference.known_user(),
        }
    }
}

impl Reference {
    fn is_empty(&self) -> bool {
        EMPTY_IMAGES.contains(&self.repository.as_str())
    }

    /// No user database and no tools to add one (`scratch`, distroless).
    fn is_bare(&self) -> bool {
        self.is_empty() || self.is_distroless()
    }

    fn is_distroless(&self) -> bool {
        BARE_REPOSITORIES
            .iter()
            .any(|prefix| self.repository.starts_with(prefix))
    }

    fn is_nonroot(&self) -> bool {
        if NONROOT_WORDS.iter().any(|word| self.last.contains(word)) {
            return true;
        }
        let documented = DOCUMENTED_NONROOT_REPOSITORIES
            .iter()
            .any(|prefix| self.repository.starts_with(prefix));
        let chainguard_root = self.repository.starts_with("cgr.dev/")
            && (CHAINGUARD_ROOT_IMAGES.contains(&self.name())
                || self.tag().split('-').any(|part| part == "dev"));
        (documented && !chainguard_root)
            || NONROOT_IMAGES.contains(&self.repository_name())
            || (self.is_elasticsearch() && self.major_version().is_some_and(|v| v >= 8))
            || self.is_nano_server()
            || self.is_dotnet_app_user()
            || self.is_linux_fluentd()
            || self.is_bitnami_nonroot()
            || self.is_confluent_nonroot()
            || NONROOT_FROM_VERSION.iter().any(|&(image, first)| {
                image == self.repository_name() && self.version_at_least(first)
            })
    }

    /// One of Confluent Platform's images in a version that runs as
    /// `appuser` (see [`CONFLUENT_IMAGES`]).
    fn is_confluent_nonroot(&self) -> bool {
        self.repository_name()
            .strip_prefix("confluentinc/")
            .is_some_and(|image| CONFLUENT_IMAGES.contains(&image))
            && (self.version_at_least(CONFLUENT_UBI_ONLY) || self.tag().contains("ubi"))
    }

    /// One of Bitnami's images listed in [`BITNAMI_NONROOT_IMAGES`].
    fn is_bitnami_nonroot(&self) -> bool {
        let name = self.repository_name();
        BITNAMI_ORGANISATIONS.iter().any(|organisation| {
            name.strip_prefix(organisation)
                .is_some_and(|image| BITNAMI_NONROOT_IMAGES.contains(&image))
        })
    }

    /// Fluentd's official image: its Linux variants end `USER fluent`
    /// (fluent/fluentd-docker-image, `v1.16/debian/Dockerfile`,
    /// `v1.16/alpine/Dockerfile`); its Windows tags set no such user.
    fn is_linux_fluentd(&self) -> bool {
        self.repository_name() == "fluent/fluentd" && !self.tag().contains("windows")
    }

    /// It starts as root and its own entrypoint steps down to the image's
    /// user before it runs the server (the official database images).
    fn steps_down(&self) -> bool {
        self.step_down_arguments().is_some()
    }

    /// The first arguments for which the image's entrypoint steps down
    /// (see [`STEP_DOWN_IMAGES`]), if it ever does.
    fn step_down_arguments(&self) -> Option<&'static [&'static str]> {
        let name = self.repository_name();
        STEP_DOWN_IMAGES
            .iter()
            .find(|(image, _)| *image == name)
            .map(|&(_, arguments)| arguments)
            .or_else(|| {
                (self.is_elasticsearch()
                    && self.major_version().is_some_and(|v| (6..8).contains(&v)))
                .then_some(ELASTICSEARCH_SERVERS)
            })
    }

    /// Made for development containers.
    fn is_dev_container(&self) -> bool {
        DEV_CONTAINER_REPOSITORIES
            .iter()
            .any(|prefix| self.repository.starts_with(prefix))
    }

    /// The image a server image that needs root should be replaced with:
    /// the official `nginx` starts as root to bind port 80 and write its
    /// cache and pid file under root-owned paths, which a USER breaks;
    /// NGINX's own `nginxinc/nginx-unprivileged` runs as uid 101 on port
    /// 8080.
    fn unprivileged_variant(&self) -> Option<&'static str> {
        (self.repository_name() == "nginx").then_some("nginxinc/nginx-unprivileged")
    }

    /// The port the image's server listens on unless told otherwise:
    /// .NET's images before .NET 8 set `ASPNETCORE_URLS=http://+:80`
    /// ("Configure web servers to bind to port 80 when present",
    /// dotnet/dotnet-docker, `src/runtime-deps/*/`); from .NET 8, and in the
    /// chiseled and distroless images, it is 8080.
    fn default_port(&self) -> Option<i64> {
        let old_dotnet = self
            .repository_name()
            .starts_with("mcr.microsoft.com/dotnet/")
            && !self.is_dotnet_app_user()
            && self.major_version().is_some_and(|v| v < 8);
        // Apache httpd, alone or in PHP's `-apache` variants, is configured
        // to `Listen 80`.
        let apache = match self.repository_name() {
            "httpd" => true,
            "php" => self.tag().contains("apache"),
            _ => false,
        };
        (old_dotnet || apache).then_some(80)
    }

    /// A non-root user the image is known to have: `node` in the official
    /// Node.js images, `www-data` in PHP's and Apache httpd's (uid 33 on
    /// Debian, 82 on Alpine, where their Dockerfiles create it), `nobody`'s
    /// 65534 in `scratch`, which has no user database, distroless's
    /// `nonroot` (65532, which its `:nonroot` tags run as), .NET's `app` by
    /// the variable that holds its uid. A bare image's user is given with
    /// its group: a uid without a group runs in the root group.
    fn known_user(&self) -> Option<&'static str> {
        if self.is_distroless() {
            return Some("65532:65532");
        }
        match self.repository_name() {
            "scratch" => Some("65534:65534"),
            "node" => Some("node"),
            "php" | "httpd" => Some("www-data"),
            _ => self.has_dotnet_app_uid().then_some("$APP_UID"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonroot_images_by_name_or_tag() {
        for image in [
            "gcr.io/distroless/static:nonroot",
            "gcr.io/distroless/static-debian12:nonroot",
            "gcr.io/distroless/base:debug-nonroot",
            "gcr.io/distroless/java17-debian12:nonroot-arm64",
            "gcr.io/distroless/static:nonroot@sha256:abcd",
            "nginxinc/nginx-unprivileged:1.25-alpine",
            "docker:24-dind-rootless",
            "moby/buildkit:rootless",
            "localhost:5000/team/app:1.2-nonroot",
            "quay.io/jupyter/scipy-notebook:2024-01-15",
            "docker.io/jupyter/base-notebook:notebook-6.5.4",
            "jupyter/minimal-notebook",
            "cgr.dev/chainguard/static",
            "cgr.dev/chainguard/python:latest",
            "cgr.dev/example.com/node:20@sha256:abcd",
            "quay.io/keycloak/keycloak:26.4",
            "docker.io/bitnami/mariadb:latest",
            "bitnami/wordpress:6",
            "bitnamilegacy/postgresql:17.2.0-debian-12-r8",
            "bitnami/redis:7.0@sha256:abcd",
            "bitnami/redis-sentinel:7.2",
            "bitnami/kafka:3.7",
            "docker.io/bitnami/nginx:1.27",
            "jenkins/jenkins:lts-jdk17",
            "sonarqube:10-community",
            "docker.elastic.co/kibana/kibana:8.15.0",
            "otel/opentelemetry-collector-contrib:0.110.0",
            "registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:abcd",
            "apache/airflow:2.10.2-python3.12",
            "prom/prometheus:v2.53.0",
            "quay.io/prometheus/node-exporter:latest",
            "grafana/loki:2.6.1",
            "grafana/loki",
            "docker.io/grafana/grafana:latest",
            "grafana/grafana-oss",
            "docker.elastic.co/elasticsearch/elasticsearch:8.15.0",
            "elasticsearch:9.0.1",
            "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled",
            "mcr.microsoft.com/dotnet/nightly/aspnet:7.0-jammy-chiseled",
            "mcr.microsoft.com/dotnet/runtime-deps:9.0-azurelinux3.0-distroless",
            "mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022",
            "mcr.microsoft.com/windows/nanoserver:ltsc2022",
            "memcached:1.6.26-alpine",
            "docker.io/library/memcached",
            "apache/kafka:3.7.0",
            "docker.io/apache/kafka",
            "fluent/fluentd",
            "fluent/fluentd:v1.16-debian-1",
            "confluentinc/cp-kafka:7.3.14",
            "confluentinc/cp-server:7.7.1",
            "docker.io/confluentinc/cp-schema-registry:8.0.0",
            "confluentinc/cp-zookeeper:5.5.1-1-ubi8",
            "confluentinc/cp-enterprise-control-center",
            "confluentinc/confluent-local:7.5.0@sha256:abcd",
            "ghcr.io/goauthentik/server:2025.2.4",
            "ghcr.io/mastodon/mastodon:v4.3.17",
            "tootsuite/mastodon:latest",
            "ghcr.io/mastodon/mastodon-streaming:v4.4.0",
            "quay.io/debezium/kafka:${DEBEZIUM_VERSION}",
            "debezium/connect:2.4.0.Final",
            "kong:3.9",
            "kong/kong-gateway:3.10.0.2",
            "mattermost/mattermost-team-edition:10.5",
            "ghcr.io/umami-software/umami:postgresql-latest",
            "frappe/erpnext:v15.20.0",
        ] {
            assert!(BaseImage::of(image).nonroot, "{image}");
        }
    }

    #[test]
    fn other_images_are_not() {
        for image in [
            "scratch",
            "alpine:3.19",
            "gcr.io/distroless/base-debian12:latest",
            "gcr.io/distroless/python3:debug",
            "cgr.dev/chainguard/python:latest-dev",
            "cgr.dev/chainguard/go:1.22-dev",
            "cgr.dev/chainguard/wolfi-base",
            "cgr.dev/chainguard/chainguard-base:latest",
            "gcr.io/distroless/static",
            "gcr.io/distroless/static:latest",
            "nginx",
            "scratchy/app",
            "nonroot.example.com/app:1.0",
            "node:20@sha256:nonroot",
            "quay.io/jupyterhub/k8s-hub",
            "example.com/jupyter/notebook",
            "quay.io/keycloak/keycloak-operator:26.4",
            "elasticsearch:7.17.9",
            "elasticsearch",
            "bitnami/git",
            "bitnami/minideb:bookworm",
            "grafana/loki:1.6.1",
            "grafana/promtail:2.6.1",
            "bitnami/node:20",
            "example.com/bitnami/redis",
            "mcr.microsoft.com/dotnet/aspnet:8.0",
            "mcr.microsoft.com/dotnet/aspnet:8.0-windowsservercore-ltsc2022",
            "mcr.microsoft.com/powershell:nanoserver",
            "fluent/fluentd:v1.16-windows-ltsc2022-1",
            "fluent/fluent-bit:3.0",
            "confluentinc/cp-kafka:5.4.10",
            "confluentinc/cp-ksql-server:5.4.10",
            "confluentinc/cp-kafkacat:7.1.0",
            "example.com/confluentinc/cp-kafka:7.3.14",
            "tootsuite/mastodon:v2.9.3",
            "kong:1.5.1",
            "example.com/kong:3.9",
            "frappe/erpnext-worker:v13.0.0",
            "quay.io/debezium/example-postgres:3.0",
            "",
        ] {
            assert!(!BaseImage::of(image).nonroot, "{image}");
        }
    }

    #[test]
    fn images_whose_entrypoint_steps_down() {
        for image in [
            "postgres:16",
            "docker.io/library/mysql:8.0",
            "mariadb",
            "mongo:7",
            "redis:7-alpine",
            "rabbitmq:3-management",
            "postgis/postgis:16-3.4",
            "elasticsearch:7.17.9",
            "docker.elastic.co/elasticsearch/elasticsearch:6.8.15",
            "zookeeper:3.9",
            "neo4j:5",
            "hashicorp/vault:1.17",
        ] {
            assert!(BaseImage::of(image).steps_down, "{image}");
        }
        for image in [
            "postgres-exporter",
            "bitnami/postgresql",
            "elasticsearch:8.15.0",
            "elasticsearch",
            "example.com/redis",
            "vault",
            "jaegertracing/all-in-one:1.60",
        ] {
            assert!(!BaseImage::of(image).steps_down, "{image}");
        }
    }

    #[test]
    fn the_entrypoint_steps_down_for_the_server_and_its_options() {
        for (image, first) in [
            ("postgres:16", None),
            ("postgres:16", Some("postgres")),
            ("postgres:16-alpine", Some("-c")),
            ("redis:7", Some("--save")),
            ("redis:7", Some("/usr/local/etc/redis/redis.conf")),
            ("redis:7", Some("redis-server")),
            ("valkey/valkey:8-alpine", None),
            ("docker.io/valkey/valkey:7.2", Some("--appendonly")),
            (
                "valkey/valkey:8.1",
                Some("/usr/local/etc/valkey/valkey.conf"),
            ),
            ("valkey/valkey:9", Some("valkey-server")),
            ("mongo:7", Some("mongod")),
            ("mariadb:11", Some("mariadbd")),
            ("rabbitmq:3", Some("rabbitmq-server")),
            ("zookeeper:3.9", Some("zkServer.sh")),
            ("neo4j:5", Some("bash")),
            ("metabase/metabase:v0.50.0", None),
            (
                "clickhouse/clickhouse-server:24",
                Some("--config-file=/etc/ch.xml"),
            ),
            (
                "elasticsearch:7.17.9",
                Some("/usr/share/elasticsearch/bin/elasticsearch"),
            ),
        ] {
            assert!(steps_down_for(image, first), "{image} {first:?}");
        }
        for (image, first) in [
            ("postgres:16", Some("bash")),
            ("redis:7", Some("sh")),
            ("redis:7", Some("redis-sentinel")),
            ("valkey/valkey:8", Some("valkey-sentinel")),
            ("valkey/valkey:8", Some("sh")),
            ("mysql:8", Some("mysql")),
            ("elasticsearch:7.17.9", Some("-Ediscovery.type=single-node")),
            ("elasticsearch:8.15.0", None),
            ("nginx:1.27", None),
            ("zookeeper:3.9", Some("zkCli.sh")),
            ("metabase/metabase:v0.50.0", Some("java")),
            ("clickhouse/clickhouse-server:24", Some("clickhouse-client")),
        ] {
            assert!(!steps_down_for(image, first), "{image} {first:?}");
        }
    }

    #[test]
    fn windows_images() {
        for image in [
            "mcr.microsoft.com/windows/servercore:ltsc2022",
            "microsoft/dotnet-framework:4.7.1",
            "microsoft/aspnet:4.7.2",
            "microsoft/mssql-server-windows-express",
            "mcr.microsoft.com/dotnet/framework/aspnet:4.8",
            "mcr.microsoft.com/dotnet/aspnet:8.0-windowsservercore-ltsc2022",
            "mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-1809",
            "example.com/app:1.0-ltsc2019",
            "plugins/base:windows-1809",
            "example.com/agent:2.1-windows-amd64",
        ] {
            assert!(BaseImage::of(image).windows, "{image}");
        }
        for image in [
            "mcr.microsoft.com/dotnet/aspnet:8.0",
            "microsoft/aspnetcore:2.0.5",
            "microsoft/aspnetcore-build:2.0",
            "alpine",
            "windowsish",
            "dockcross/windows-static-x64:latest",
            "example.com/app:windowsish",
        ] {
            assert!(!BaseImage::of(image).windows, "{image}");
        }
    }

    #[test]
    fn other_known_images() {
        assert!(BaseImage::of("mcr.microsoft.com/devcontainers/python:1-3.12").dev_container);
        assert!(
            BaseImage::of("mcr.microsoft.com/vscode/devcontainers/typescript-node:0-10")
                .dev_container
        );
        assert!(!BaseImage::of("mcr.microsoft.com/dotnet/sdk:8.0").dev_container);
        assert_eq!(
            BaseImage::of("docker.io/library/nginx:1.27-alpine").unprivileged_variant,
            Some("nginxinc/nginx-unprivileged")
        );
        assert_eq!(
            BaseImage::of("nginxinc/nginx-unprivileged").unprivileged_variant,
            None
        );
        assert_eq!(
            BaseImage::of("mcr.microsoft.com/dotnet/aspnet:6.0").default_port,
            Some(80)
        );
        assert_eq!(
            BaseImage::of("mcr.microsoft.com/dotnet/core/aspnet:3.1").default_port,
            Some(80)
        );
        assert_eq!(
            BaseImage::of("mcr.microsoft.com/dotnet/aspnet:8.0").default_port,
            None
        );
        assert_eq!(
            BaseImage::of("mcr.microsoft.com/dotnet/aspnet:latest").default_port,
            None
        );
        assert_eq!(BaseImage::of("node:20-slim").known_user, Some("node"));
        assert_eq!(
            BaseImage::of("docker.io/library/scratch").known_user,
            Some("65534:65534")
        );
        assert_eq!(
            BaseImage::of("gcr.io/distroless/base-debian12").known_user,
            Some("65532:65532")
        );
        assert_eq!(BaseImage::of("nodejs/app").known_user, None);
        assert_eq!(
            BaseImage::of("mcr.microsoft.com/dotnet/aspnet:8.0-alpine").known_user,
            Some("$APP_UID")
        );
    }

    #[test]
    fn dotnet_images_from_8_name_their_uid() {
        for image in [
            "mcr.microsoft.com/dotnet/aspnet:8.0",
            "mcr.microsoft.com/dotnet/runtime:9.0-alpine",
            "mcr.microsoft.com/dotnet/sdk:10.0-noble",
            "mcr.microsoft.com/dotnet/nightly/aspnet:10.0-preview",
            "mcr.microsoft.com/dotnet/aspnet",
        ] {
            assert_eq!(variable(image, "APP_UID"), Some("1654"), "{image}");
        }
        for (image, name) in [
            ("mcr.microsoft.com/dotnet/aspnet:6.0", "APP_UID"),
            ("mcr.microsoft.com/dotnet/core/aspnet:3.1", "APP_UID"),
            (
                "mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022",
                "APP_UID",
            ),
            ("mcr.microsoft.com/dotnet/aspnet:8.0", "APP_GID"),
            ("alpine:3.20", "APP_UID"),
        ] {
            assert_eq!(variable(image, name), None, "{image} {name}");
        }
    }

    #[test]
    fn bare_images_have_no_user_database() {
        for image in [
            "scratch",
            "SCRATCH",
            "gcr.io/distroless/static",
            "gcr.io/distroless/base-debian12:latest",
            "gcr.io/distroless/static:nonroot@sha256:abcd",
        ] {
            assert!(BaseImage::of(image).bare, "{image}");
        }
        for image in [
            "alpine",
            "scratchy/app",
            "example.com/gcr.io/distroless/static",
        ] {
            assert!(!BaseImage::of(image).bare, "{image}");
        }
    }
}
