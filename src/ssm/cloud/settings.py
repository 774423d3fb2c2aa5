"""The cloud's settings, read from ``SSM_CLOUD_*`` environment variables.

One pydantic-settings class so every knob has a name, a type, a default and a line in
``docs/cloud.md`` (a test checks that). The command line builds one of these and passes it to
``create_app``; nothing else reads the environment.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./ssm-cloud.sqlite"


class CloudSettings(BaseSettings):
    """How the Sales Management service runs.

    Usage::

        settings = CloudSettings(database_url="sqlite:////var/lib/ssm/cloud.sqlite")
        app = create_app(settings)
    """

    model_config = SettingsConfigDict(env_prefix="SSM_CLOUD_", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL of the database: sqlite:///path, or "
        "postgresql+psycopg://user:password@host/name (postgresql:// means the same); "
        "a plain file path means a SQLite file.",
    )
    database_pool_size: int = Field(
        default=5,
        ge=1,
        description="PostgreSQL: connections each worker process keeps open.",
    )
    database_max_overflow: int = Field(
        default=10,
        ge=0,
        description="PostgreSQL: extra connections a worker may open at a peak.",
    )
    database_pool_timeout_seconds: float = Field(
        default=30,
        gt=0,
        description="PostgreSQL: how long a request waits for a free connection.",
    )
    session_ttl_seconds: int = Field(
        default=3600,
        gt=0,
        description="Lifetime of a login token, fixed from login (not sliding).",
    )
    activation_key_ttl_days: int = Field(
        default=30,
        gt=0,
        description="Default validity of a newly issued activation key.",
    )
    activation_retry_hours: int = Field(
        default=24,
        gt=0,
        description="How long after redemption the same key and requestId may be sent again.",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=10_000,
        ge=0,
        description="How long a SQLite writer waits for another one before failing.",
    )

    public_url: str | None = Field(
        default=None,
        description="Base URL of links in e-mails (https://crm.example.fr); its host is "
        "allowed. Unset: links use the request's host, which must be allowed.",
    )
    allowed_hosts: str = Field(
        default="",
        description="Host names the service answers to besides localhost, 127.0.0.1, ::1 "
        "and the public URL's host (comma-separated); any other Host header is refused "
        "(400), so no link is ever built on a name a client chose.",
    )
    password_token_ttl_hours: int = Field(
        default=72, gt=0, description="Validity of a password-change link sent by e-mail."
    )
    web_session_ttl_hours: int = Field(
        default=8, gt=0, description="Lifetime of a web login, fixed from login (not sliding)."
    )
    mail_from: str = Field(
        default="Sales Management <no-reply@localhost>",
        description="The From header of every e-mail.",
    )
    mail_dir: Path | None = Field(
        default=None,
        description="Folder of .eml files when no SMTP server is set; default: next to the "
        "SQLite database, else ./outbox.",
    )
    smtp_host: str | None = Field(default=None, description="SMTP server; unset: .eml files.")
    smtp_port: int = Field(default=587, gt=0, lt=65536, description="SMTP port.")
    smtp_user: str | None = Field(default=None, description="SMTP login, if the server asks.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    smtp_starttls: bool = Field(default=True, description="Upgrade the SMTP link with STARTTLS.")
    smtp_timeout_seconds: float = Field(
        default=10, gt=0, description="How long one SMTP exchange may take."
    )

    max_form_body_bytes: int = Field(
        default=16 * 1024,
        gt=0,
        description="Largest body of a web form, an API login or an activation request; "
        "larger is refused with 413 before it is read.",
    )
    max_body_bytes: int = Field(
        default=1024 * 1024,
        gt=0,
        description="Largest body of the other API requests (heartbeat, deletes…); 413 beyond.",
    )
    max_bulk_body_bytes: int = Field(
        default=16 * 1024 * 1024,
        gt=0,
        description="Largest body of a bulk upsert or an error list (200 invoices with 100 "
        "lines each weigh about 4 MiB); 413 beyond.",
    )

    trusted_proxies: str = Field(
        default="",
        description="Addresses of the reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed (comma-separated, or *); empty: none, so a client "
        "cannot choose the address its rate limits count against.",
    )
    rate_limit_login_per_ip: int = Field(
        default=30,
        ge=0,
        description="Login attempts (API and web) per client address per minute; 0: no limit.",
    )
    rate_limit_login_per_ip_and_email: int = Field(
        default=10,
        ge=0,
        description="Web login attempts for one e-mail address from one client address per "
        "15 minutes (the right password included); a success resets it.",
    )
    rate_limit_login_failures_per_email: int = Field(
        default=10,
        ge=0,
        description="Failed web logins per e-mail address per 15 minutes, from anywhere; past "
        "it, only client addresses that have not failed for that e-mail may try (a success "
        "resets it).",
    )
    rate_limit_activation_per_ip: int = Field(
        default=10,
        ge=0,
        description="Activations and key checks per client address per minute; 0: no limit.",
    )
    rate_limit_forgot_per_ip: int = Field(
        default=20,
        ge=0,
        description="« Recevoir un nouveau lien » requests per client address per hour.",
    )
    rate_limit_forgot_per_email: int = Field(
        default=5,
        ge=0,
        description="« Recevoir un nouveau lien » requests per e-mail address per hour.",
    )
    rate_limit_password_change_per_user: int = Field(
        default=5,
        ge=0,
        description="Checks of the current password on « Mon profil » per person per 15 "
        "minutes; a success resets it.",
    )
    rate_limit_invitations_per_instance: int = Field(
        default=50, ge=0, description="Invitation e-mails an instance may send per hour."
    )
    rate_limit_invitations_per_recipient: int = Field(
        default=3, ge=0, description="Invitation e-mails one address may receive per day."
    )

    @field_validator("database_url")
    @classmethod
    def _path_means_sqlite(cls, value: str) -> str:
        """Accept a bare file path as SQLite, and ``postgresql://`` as psycopg 3."""
        if "://" in value:
            for prefix in ("postgresql://", "postgres://"):
                if value.startswith(prefix):
                    return "postgresql+psycopg://" + value.removeprefix(prefix)
            return value
        return f"sqlite:///{Path(value).expanduser()}"
