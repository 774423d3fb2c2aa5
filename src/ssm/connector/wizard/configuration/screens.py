"""The configuration screens, in the guide's order (« Installer le module complémentaire CRM »).

Each screen does its checks in ``validate`` so a refusal keeps the wizard on the screen: the
Sage server and how to log in to it (a folder, or a SQL Server with Windows or SQL Server
authentication), the activation key asked to the cloud, the connection test, the automatic
Sage login and company check on « Enregistrer », and the activation itself (Sage checked
again, the key redeemed or the existing instance bound, the files written, the background
sync started). What the connection test finds (companies, administrators) is kept in the
answers, so the screens after it render without asking the Sage server again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ssm.connector import _configure
from ssm.connector.errors import ConnectorError, WizardError
from ssm.connector.install import Answers, start_background
from ssm.connector.install import _messages as msg
from ssm.connector.settings import InstallLayout, sql_login
from ssm.connector.wizard._view import ButtonView, ChoiceView, FieldView, ScreenView
from ssm.connector.wizard.configuration._answers import ConfigAnswers, config_answers
from ssm.connector.wizard.configuration._context import EndLinks, qr_svg_data_uri
from ssm.connector.wizard.screens._common import buttons
from ssm.sage100 import (
    SUPPORTED_MAJORS,
    Sage100Error,
    SageLoginError,
    SageSchemaError,
    is_sql_server_location,
    open_server,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _text(name: str, label: str, value: str, help: str = "") -> FieldView:
    field: FieldView = {"name": name, "label": label, "type": "text", "value": value}
    if help:
        field["help"] = help
    return field


def _password(name: str, label: str, help: str = "") -> FieldView:
    field: FieldView = {"name": name, "label": label, "type": "password", "value": ""}
    if help:
        field["help"] = help
    return field


def _value(form: Mapping[str, str], key: str, default: str) -> str:
    return form.get(key, default).strip()


class _Base:
    """Defaults shared by the configuration screens."""

    name = ""
    title = ""
    phase = "configure"
    commits = False

    def applies(self, answers: Answers) -> bool:
        """Shown when the configuration was asked for (always, outside ``setup``)."""
        return answers.launch_configuration

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Nothing to check by default."""
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Nothing to keep by default."""
        return answers


class _Quick(_Base):
    """Screens of « Installation rapide » only."""

    def applies(self, answers: Answers) -> bool:
        """Not in the advanced mode."""
        return super().applies(answers) and not config_answers(answers).advanced


class LaunchScreen(_Base):
    """1. « Installation rapide » (recommended, first) or « Installation avancée » (discreet)."""

    name = "launch"
    title = msg.CONFIGURE_LAUNCH_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """Two buttons, the quick one primary."""
        choices: list[ChoiceView] = [
            {
                "value": mode,
                "label": msg.CONFIGURE_MODE_TEXTS[mode],
                "action": label,
                "state": "",
                "primary": mode == "rapide",
            }
            for mode, label in msg.CONFIGURE_MODES.items()
        ]
        return {
            "title": self.title,
            "text": msg.CONFIGURE_LAUNCH_TEXT,
            "fields": [
                {
                    "name": "mode",
                    "label": msg.CONFIGURE_MODE_LABEL,
                    "type": "choices",
                    "value": config_answers(answers).mode,
                    "choices": choices,
                }
            ],
            "buttons": _without_submit(buttons(back=False)),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """A known mode, and a folder not configured yet."""
        mode = form.get("mode", config_answers(answers).mode)
        if mode not in msg.CONFIGURE_MODES:
            known = ", ".join(msg.CONFIGURE_MODES)
            return [msg.CONFIGURE_MODE_UNKNOWN.format(mode=mode, known=known)]
        folder = answers.install_dir
        if folder is not None and InstallLayout(folder).config_file.is_file():
            return [msg.CONFIGURE_ALREADY_CONFIGURED.format(path=folder)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the mode."""
        return answers.model_copy(update={"mode": form.get("mode", "rapide")})


class PrerequisitesScreen(_Base):
    r"""2. Prerequisites: the Sage 100 server, how to log in to it, its version detected.

    The server is an emulated server's folder or a SQL Server (``SERVEUR\INSTANCE``…),
    reached with Windows or SQL Server authentication. A SQL Server whose version cannot
    be read from here (no Sage in this machine's registry, server not reached) is not
    refused: the guide's « Test de connexion » (step 4) reaches it and says what is wrong.
    """

    name = "prerequisites"
    title = msg.CONFIGURE_PREREQ_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The detected version, the supported range, the server and its authentication."""
        a = config_answers(answers)
        first, last = SUPPORTED_MAJORS[0], SUPPORTED_MAJORS[-1]
        undetected = (
            msg.CONFIGURE_VERSION_LATER if a.sql_server else msg.CONFIGURE_VERSION_NOT_FOUND
        )
        kept = msg.CONFIGURE_SQL_KEPT_HELP if a.sql_password else ""
        return {
            "title": self.title,
            "text": msg.CONFIGURE_PREREQ_TEXT.format(first=first, last=last),
            "prerequisites": [
                {
                    "name": msg.PRE_SAGE,
                    "ok": bool(a.sage_version) or a.sql_server,  # step 4 tests a SQL Server
                    "detail": a.sage_version or undetected,
                    "what_to_do": msg.SAGE_NOT_FOUND_TODO,
                }
            ],
            "fields": [
                _text(
                    "sage_server",
                    msg.CONFIGURE_SERVER_LABEL,
                    a.sage_server,
                    msg.CONFIGURE_SERVER_HELP,
                ),
                {
                    "name": "sage_authentication",
                    "label": msg.CONFIGURE_AUTH_LABEL,
                    "type": "radio",
                    "value": a.sage_authentication,
                    "options": dict(msg.CONFIGURE_AUTH_MODES),
                    "help": msg.CONFIGURE_AUTH_HELP,
                },
                _text(
                    "sql_user",
                    msg.CONFIGURE_SQL_USER_LABEL,
                    a.sql_user,
                    msg.CONFIGURE_SQL_USER_HELP,
                ),
                _password("sql_password", msg.CONFIGURE_SQL_PASSWORD_LABEL, kept),
            ],
            "buttons": buttons(),
        }

    def _form(self, answers: Answers, form: Mapping[str, str]) -> dict[str, str]:
        """The server and its login; an empty password keeps the one typed for that login."""
        a = config_answers(answers)
        values = {
            name: _value(form, name, getattr(a, name))
            for name in ("sage_server", "sage_authentication", "sql_user")
        }
        password = form.get("sql_password", a.sql_password)
        same_login = (values["sage_server"], values["sql_user"]) == (a.sage_server, a.sql_user)
        if not password and same_login:
            password = a.sql_password  # a password field is never sent back to the browser
        values["sql_password"] = password if values["sage_authentication"] == "sql" else ""
        return values

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The login is complete, the server readable (or a SQL Server) and supported."""
        values = self._form(answers, form)
        server, mode = values["sage_server"], values["sage_authentication"]
        if not server:
            return [msg.CONFIGURE_SERVER_MISSING]
        if mode not in msg.CONFIGURE_AUTH_MODES:
            return [msg.CONFIGURE_AUTH_UNKNOWN.format(mode=mode)]
        if mode == "sql" and not values["sql_user"]:
            return [msg.CONFIGURE_SQL_USER_MISSING]
        self._sql_server = is_sql_server_location(server)
        self._version = ""
        try:
            opened = open_server(
                server, login=sql_login(mode, values["sql_user"], values["sql_password"])
            )
        except Sage100Error as exc:  # e.g. a SQL Server URL holding a password
            return [str(exc)]
        try:
            found = opened.version()
        except Sage100Error as exc:
            return [] if self._sql_server else [str(exc)]
        if not found.supported and not (self._sql_server and found.major == 0):
            fields = {"product": found.product, "version": found.version, "location": server}
            return [f"{msg.SAGE_UNSUPPORTED.format(**fields)} {msg.SAGE_UNSUPPORTED_TODO}"]
        self._version = f"{found.product} {found.version}"
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the server, its login and its version."""
        update: dict[str, object] = dict(self._form(answers, form))
        update["sql_server"] = getattr(self, "_sql_server", False)
        update["sage_version"] = getattr(self, "_version", "")
        return answers.model_copy(update=update)


class InstanceScreen(_Base):
    """3 (« Installation avancée »). The existing instance and its API key pair."""

    name = "instance"
    title = msg.CONFIGURE_INSTANCE_TITLE

    def applies(self, answers: Answers) -> bool:
        """Only in the advanced mode."""
        return super().applies(answers) and config_answers(answers).advanced

    def view(self, answers: Answers) -> ScreenView:
        """The address, the instance and the pair (the private key never shown back)."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_INSTANCE_TEXT,
            "fields": [
                _text("cloud_url", msg.CONFIGURE_CLOUD_LABEL, a.cloud_url),
                _text("instance_id", msg.CONFIGURE_INSTANCE_ID_LABEL, a.instance_id),
                _text("public_key", msg.CONFIGURE_PUBLIC_KEY_LABEL, a.public_key),
                _password("private_key", msg.CONFIGURE_PRIVATE_KEY_LABEL),
            ],
            "buttons": buttons(),
        }

    def _form(self, answers: Answers, form: Mapping[str, str]) -> dict[str, str]:
        a = config_answers(answers)
        return {
            name: _value(form, name, getattr(a, name))
            for name in ("cloud_url", "instance_id", "public_key", "private_key")
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The pair logs in and opens the instance given."""
        values = self._form(answers, form)
        if not values["cloud_url"]:
            return [msg.CONFIGURE_CLOUD_MISSING]
        if not (values["instance_id"] and values["public_key"] and values["private_key"]):
            return [msg.CONFIGURE_INSTANCE_MISSING]
        if not values["instance_id"].isdigit():
            return [msg.CONFIGURE_INSTANCE_ID_INVALID.format(value=values["instance_id"])]
        try:
            found = _configure.check_instance(
                values["cloud_url"],
                int(values["instance_id"]),
                values["public_key"],
                values["private_key"],
            )
        except ConnectorError as exc:
            return [str(exc)]
        self._company = found.companyId or ""
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the pair and the company the instance already feeds."""
        update: dict[str, object] = dict(self._form(answers, form))
        update["instance_company"] = getattr(self, "_company", "")
        return answers.model_copy(update=update)


class ActivationKeyScreen(_Quick):
    """3. The activation key, checked by the cloud (the one message for every refusal)."""

    name = "activation_key"
    title = msg.CONFIGURE_KEY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The key and the service address."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_KEY_TEXT,
            "fields": [
                _text("activation_key", msg.CONFIGURE_KEY_LABEL, a.activation_key),
                _text("cloud_url", msg.CONFIGURE_CLOUD_LABEL, a.cloud_url),
            ],
            "buttons": buttons(),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The cloud says the key can be redeemed (it is redeemed at the activation)."""
        a = config_answers(answers)
        key = _value(form, "activation_key", a.activation_key)
        url = _value(form, "cloud_url", a.cloud_url)
        if not url:
            return [msg.CONFIGURE_CLOUD_MISSING]
        try:
            _configure.check_activation_key(url, key)
        except ConnectorError as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the key and the address."""
        a = config_answers(answers)
        return answers.model_copy(
            update={
                "activation_key": _value(form, "activation_key", a.activation_key),
                "cloud_url": _value(form, "cloud_url", a.cloud_url),
            }
        )


class ConnectionScreen(_Base):
    """4. « Test de connexion » to the Sage 100 server."""

    name = "connection"
    title = msg.CONFIGURE_CONNECTION_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The server to test, and how it is logged in to when it is a SQL Server."""
        a = config_answers(answers)
        server = a.sage_server
        if a.sql_server:
            mode = msg.CONFIGURE_AUTH_MODES.get(a.sage_authentication, a.sage_authentication)
            shown = (
                msg.CONFIGURE_CONNECTION_SQL if a.sql_login() else msg.CONFIGURE_CONNECTION_WINDOWS
            )
            server = shown.format(server=server, mode=mode, user=a.sql_user)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_CONNECTION_TEXT.format(server=server),
            "buttons": buttons(msg.CONFIGURE_CONNECTION_BUTTON),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The server lists at least one company; its refusal is shown as it is."""
        a = config_answers(answers)
        try:
            if not open_server(a.sage_server, login=a.sql_login()).companies():
                return [msg.CONFIGURE_CONNECTION_NONE.format(server=a.sage_server)]
        except Sage100Error as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the companies and the reps who could administer the instance."""
        a = config_answers(answers)
        server, login = a.sage_server, a.sql_login()
        companies = tuple(
            (c.database, c.name) for c in open_server(server, login=login).companies()
        )
        administrators: list[tuple[str, str, str]] = []
        for database, _ in companies:
            for admin in _configure.sage_administrators(server, database, login):
                row = (admin.first_name, admin.last_name, admin.email)
                if row not in administrators:
                    administrators.append(row)
        update = {"companies": companies, "administrators": tuple(administrators)}
        return answers.model_copy(update=update)


class ConnectionResultScreen(_Base):
    """4b. The confirmation message of the connection test, then « Suivant »."""

    name = "connection_ok"
    title = msg.CONFIGURE_CONNECTION_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """How many companies the server holds."""
        a = config_answers(answers)
        count, server = len(a.companies), a.sage_server
        return {
            "title": self.title,
            "text": msg.CONFIGURE_CONNECTION_OK.format(count=count, server=server),
            "buttons": buttons(),
        }


class AdministratorScreen(_Quick):
    """5. The administrator: a Sage rep with an e-mail, or typed in when there is none."""

    name = "administrator"
    title = msg.CONFIGURE_ADMIN_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The reps as a select (plus « another person »), then the typed fields."""
        a = config_answers(answers)
        fields: list[FieldView] = []
        if a.administrators:
            options = {
                email: f"{first} {last} <{email}>" for first, last, email in a.administrators
            }
            options[""] = msg.CONFIGURE_ADMIN_OTHER
            typed_in = a.admin_email and a.admin_email not in options
            known = "" if typed_in else a.admin_email or next(iter(options))
            fields.append(
                {
                    "name": "candidate",
                    "label": msg.CONFIGURE_ADMIN_TITLE,
                    "type": "select",
                    "value": known,
                    "options": options,
                }
            )
        typed = not any(email == a.admin_email for *_, email in a.administrators)
        fields += [
            _text("first_name", msg.CONFIGURE_ADMIN_FIRST, a.admin_first_name if typed else ""),
            _text("last_name", msg.CONFIGURE_ADMIN_LAST, a.admin_last_name if typed else ""),
            _text("email", msg.CONFIGURE_ADMIN_EMAIL, a.admin_email if typed else ""),
        ]
        text = msg.CONFIGURE_ADMIN_TEXT
        if not a.administrators:
            text = f"{msg.CONFIGURE_ADMIN_TYPED_TEXT} {text}"
        return {"title": self.title, "text": text, "fields": fields, "buttons": buttons()}

    def _chosen(self, answers: Answers, form: Mapping[str, str]) -> tuple[str, str, str]:
        a = config_answers(answers)
        candidate = form.get("candidate", "").strip()
        for first, last, email in a.administrators:
            if candidate and email == candidate:
                return first, last, email
        return (
            _value(form, "first_name", a.admin_first_name),
            _value(form, "last_name", a.admin_last_name),
            _value(form, "email", a.admin_email),
        )

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Three values, a plausible e-mail."""
        first, last, email = self._chosen(answers, form)
        if not (first and last and email):
            return [msg.CONFIGURE_ADMIN_MISSING]
        if not _EMAIL.match(email):
            return [msg.CONFIGURE_ADMIN_BAD_EMAIL.format(email=email)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the administrator."""
        first, last, email = self._chosen(answers, form)
        update = {"admin_first_name": first, "admin_last_name": last, "admin_email": email}
        return answers.model_copy(update=update)


class CompanyScreen(_Base):
    """6. The server's companies, each with « Configurer »."""

    name = "company"
    title = msg.CONFIGURE_COMPANY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """One row per company."""
        a = config_answers(answers)
        choices = _company_rows(a, ready="", primary=True)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_COMPANY_TEXT,
            "fields": [_choices("company", msg.CONFIGURE_COMPANY_LABEL, a.company, choices)],
            "buttons": _without_submit(buttons()),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """A company of the server, the one an existing instance feeds if it feeds one."""
        a = config_answers(answers)
        company = _value(form, "company", a.company)
        known = [database for database, _ in a.companies]
        if company not in known:
            return [msg.CONFIGURE_COMPANY_UNKNOWN.format(company=company, known=", ".join(known))]
        if a.instance_company and company != a.instance_company:
            return [msg.CONFIGURE_SECOND_COMPANY.format(company=a.instance_company)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the company."""
        company = _value(form, "company", config_answers(answers).company)
        return answers.model_copy(update={"company": company})


class CompanyConfirmScreen(_Base):
    """6b. The alert: « Annuler » goes back to the selection, « Suivant » goes on."""

    name = "company_confirm"
    title = msg.CONFIGURE_CONFIRM_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The guide's alert, word for word."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": a.company_name(a.company),
            "warnings": [msg.CONFIGURE_SINGLE_COMPANY],
            "buttons": [
                {"action": "back", "label": msg.CANCEL, "enabled": True},
                {"action": "cancel", "label": msg.CANCEL, "enabled": False},
                {"action": "submit", "label": msg.NEXT, "enabled": True},
            ],
        }


class CredentialsScreen(_Base):
    """6c. The Sage user and password, « Enregistrer » with an automatic login check."""

    name = "credentials"
    title = msg.CONFIGURE_CREDENTIALS_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """User and password (the password is never shown back)."""
        a = config_answers(answers)
        on_sql_server = msg.CONFIGURE_CREDENTIALS_HELP_SQLSERVER if a.sql_server else ""
        return {
            "title": self.title,
            "text": msg.CONFIGURE_CREDENTIALS_TEXT.format(company=a.company_name(a.company)),
            "fields": [
                _text("sage_user", msg.CONFIGURE_USER_LABEL, a.sage_user),
                _password("sage_password", msg.CONFIGURE_PASSWORD_LABEL, on_sql_server),
            ],
            "buttons": buttons(msg.CONFIGURE_SAVE),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The login test against the company, then its columns (``check_company``).

        On SQL Server, SQL Server checks the SQL login (or the Windows account) and the
        Sage user must exist; Sage's own password hash cannot be checked outside Sage.
        """
        a = config_answers(answers)
        user = form.get("sage_user", a.sage_user)
        password = form.get("sage_password", a.sage_password)
        try:
            _configure.sage_company(a.sage_server, a.company, user, password, a.sql_login())
        except SageLoginError as exc:
            return [msg.CONFIGURE_LOGIN_REFUSED.format(company=a.company, detail=exc)]
        except SageSchemaError as exc:
            return [msg.CONFIGURE_COMPANY_REFUSED.format(company=a.company, detail=exc)]
        except Sage100Error as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the credentials."""
        a = config_answers(answers)
        update = {
            "sage_user": form.get("sage_user", a.sage_user),
            "sage_password": form.get("sage_password", a.sage_password),
        }
        return answers.model_copy(update=update)


class CompaniesSummaryScreen(_Base):
    """6d. The companies: « Prêt à synchroniser » for the configured one, « Configurer » else."""

    name = "companies_summary"
    title = msg.CONFIGURE_SUMMARY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """One row per company; « Configurer » on another one explains the single company."""
        a = config_answers(answers)
        choices = _company_rows(a, ready=a.company, primary=False)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_SUMMARY_TEXT,
            "fields": [_choices("configure_other", msg.CONFIGURE_COMPANY_LABEL, "", choices)],
            "buttons": buttons(),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """« Configurer » on a second company is refused: one company per instance."""
        a = config_answers(answers)
        other = form.get("configure_other", "").strip()
        if other and other != a.company:
            return [msg.CONFIGURE_ONLY_ONE.format(company=a.company_name(a.company))]
        return []


class ActivationScreen(_Base):
    """7. Activation: the configuration written, then the background sync started."""

    name = "activation"
    title = msg.CONFIGURE_ACTIVATION_TITLE
    commits = True  # the key is redeemed: no going back, and « Annuler » leaves it configured

    def view(self, answers: Answers) -> ScreenView:
        """The confirmation, and « Activer »."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_ACTIVATION_TEXT.format(company=a.company_name(a.company)),
            "buttons": buttons(msg.CONFIGURE_ACTIVATE),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Activate; a refusal keeps the wizard here, and « Activer » again resumes."""
        a = config_answers(answers)
        if a.install_dir is None:
            return [msg.CONFIGURE_NOT_AN_INSTALL.format(path="?")]
        try:
            self._started = activate(a)
        except (ConnectorError, Sage100Error) as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Remember what was started."""
        return answers.model_copy(update={"activated": getattr(self, "_started", "")})


def activate(answers: ConfigAnswers) -> str:
    """Write the configuration (unless already written) and start the background sync.

    Raises:
        ConnectorError: the cloud refused or cannot be reached, or the service did not start.
        Sage100Error: the Sage company or login is refused.
    """
    if answers.install_dir is None:
        raise WizardError([msg.CONFIGURE_NOT_AN_INSTALL.format(path="?")])
    layout = InstallLayout(answers.install_dir)
    if not layout.config_file.is_file():
        a = answers
        if a.advanced:
            _configure.attach(
                layout,
                sage_server=a.sage_server,
                company=a.company,
                sage_user=a.sage_user,
                sage_password=a.sage_password,
                cloud_url=a.cloud_url,
                instance_id=int(a.instance_id),
                public_key=a.public_key,
                private_key=a.private_key,
                sql_login=a.sql_login(),
            )
        else:
            _configure.configure(
                layout,
                sage_server=a.sage_server,
                company=a.company,
                sage_user=a.sage_user,
                sage_password=a.sage_password,
                cloud_url=a.cloud_url,
                activation_key=a.activation_key,
                administrator=_configure.Administrator(
                    a.admin_first_name, a.admin_last_name, a.admin_email
                ),
                sql_login=a.sql_login(),
            )
    return start_background(answers.install_dir)


class EndScreen(_Base):
    """8. End: success, the log folder, the knowledge base, the two QR codes, « Terminer »."""

    name = "end"
    title = msg.CONFIGURE_END_TITLE

    def __init__(self, links: EndLinks | None = None) -> None:
        self.links = links or EndLinks()

    def view(self, answers: Answers) -> ScreenView:
        """Everything the guide lists for the last screen."""
        a = config_answers(answers)
        logs = InstallLayout(a.install_dir).logs_dir if a.install_dir is not None else "?"
        stores = (
            (msg.CONFIGURE_IOS_APP, self.links.ios_app),
            (msg.CONFIGURE_ANDROID_APP, self.links.android_app),
        )
        end = msg.CONFIGURE_END_TEXT.format(started=a.activated)
        return {
            "title": self.title,
            "text": f"{end} {msg.CONFIGURE_END_LOGS.format(logs=logs)}",
            "links": [{"label": msg.CONFIGURE_KNOWLEDGE_BASE, "url": self.links.knowledge_base}],
            "qr_codes": [
                {"label": label, "url": url, "svg_data_uri": qr_svg_data_uri(url)}
                for label, url in stores
            ],
            "buttons": _without_cancel(buttons(msg.FINISH, back=False)),
        }


def _company_rows(a: ConfigAnswers, *, ready: str, primary: bool) -> list[ChoiceView]:
    """One row per company: « Prêt à synchroniser » for ``ready``, « Configurer » for others."""
    return [
        {
            "value": database,
            "label": f"{name} ({database})",
            "action": "" if database == ready else msg.CONFIGURE_COMPANY_BUTTON,
            "state": msg.CONFIGURE_READY if database == ready else "",
            "primary": primary,
        }
        for database, name in a.companies
    ]


def _choices(name: str, label: str, value: str, choices: list[ChoiceView]) -> FieldView:
    return {"name": name, "label": label, "type": "choices", "value": value, "choices": choices}


def _without_submit(found: list[ButtonView]) -> list[ButtonView]:
    """The screen's own buttons submit it (the launch modes, « Configurer »)."""
    return [{**b, "enabled": False} if b["action"] == "submit" else b for b in found]


def _without_cancel(found: list[ButtonView]) -> list[ButtonView]:
    """Nothing left to cancel (the end screen)."""
    return [{**b, "enabled": False} if b["action"] == "cancel" else b for b in found]
