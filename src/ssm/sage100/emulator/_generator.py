"""Generate an emulated Sage 100 server holding one realistic French demo company.

``generate_server(path, company, size, seed)`` is what ``ssm-sage100 generate`` runs and
what tests, benchmarks and ``make demo`` call. The same seed and anchor (the data's
"today") give the same database: tests and benchmarks keep the fixed
:data:`DEFAULT_ANCHOR`, while the command line and the demo anchor to now
(:func:`current_anchor`), so a dashboard's current month is never empty.
Bad input is refused before anything is written, and a failed run removes only what it
created: user files are never overwritten nor deleted.
"""

from __future__ import annotations

import os
import random
import time
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ssm.sage100 import messages as msg
from ssm.sage100.emulator._bad_data import build_bad_rows
from ssm.sage100.emulator._build import Builder, Size
from ssm.sage100.emulator._build_sales import build_documents, build_prices, build_tiers
from ssm.sage100.emulator._build_tariffs import build_tariffs
from ssm.sage100.emulator._ddl import create_indexes, create_tables, open_sqlite
from ssm.sage100.emulator._pools import Pools, slug
from ssm.sage100.emulator._registry import GESCOM_KEY, REGISTRY_FILE, write_reg
from ssm.sage100.emulator._server import DATABASE_SUFFIX
from ssm.sage100.errors import GenerationError
from ssm.sage100.schema import DEFAULT_GENERATION, GENERATIONS, Generation, metadata_for

__all__ = [
    "DEFAULT_ANCHOR",
    "DEFAULT_SAGE_PASSWORD",
    "DEFAULT_SAGE_USER",
    "DEFAULT_VERSION",
    "SIZES",
    "GenerationReport",
    "current_anchor",
    "database_name",
    "generate_server",
    "parse_anchor",
]

#: The Sage login every generated company has (an administrator).
DEFAULT_SAGE_USER = "Administrateur"
#: Its password unless ``--sage-password`` says otherwise: none, as on a fresh Sage 100
#: (``PROT_Hash`` NULL, the login takes an empty password).
DEFAULT_SAGE_PASSWORD = ""
#: The Sage 100 version written in the emulated registry.
DEFAULT_VERSION = "11.00"
#: The "today" of generated data: dates fall in the three years before it. Fixed, so that
#: tests and benchmarks get the same bytes on any day; the demo anchors to now.
DEFAULT_ANCHOR = datetime(2026, 6, 30, 18, 0)
#: The time a date alone stands for as an anchor: the end of a working day.
_END_OF_DAY = DEFAULT_ANCHOR.time()
_ANCHOR_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")

#: Row counts per size; ``eti`` is ten times ``pme``, ``small`` about a tenth.
SIZES: dict[str, Size] = {
    "tiny": Size(
        tiers=30,
        contacts=45,
        articles=25,
        families=5,
        collaborateurs=5,
        documents=60,
        depots=2,
        categories=3,
    ),
    "small": Size(
        tiers=2_000,
        contacts=3_000,
        articles=500,
        families=20,
        collaborateurs=12,
        documents=13_000,
        depots=2,
        categories=4,
    ),
    "pme": Size(
        tiers=20_000,
        contacts=30_000,
        articles=5_000,
        families=60,
        collaborateurs=60,
        documents=130_000,
        depots=3,
        categories=5,
    ),
    "eti": Size(
        tiers=200_000,
        contacts=300_000,
        articles=50_000,
        families=200,
        collaborateurs=600,
        documents=1_300_000,
        depots=6,
        categories=5,
    ),
}


@dataclass(frozen=True)
class GenerationReport:
    """What :func:`generate_server` made: where, for whom, and how many rows per table.

    ``bad_rows`` holds, per stream, the keys (as ``extId``) of the hostile rows added by
    ``bad_data=True`` (see ``docs/emulator.md``); it is empty otherwise.
    """

    location: str
    database: str
    company: str
    size: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    bad_rows: dict[str, list[str]] = field(default_factory=dict)
    generation: Generation = DEFAULT_GENERATION
    triggers: bool = True


def current_anchor() -> datetime:
    """Now, to the minute, in the machine's local time: the "today" of a demo's data.

    Not the end of today: every generated row stays in the past, so the edits made next
    (a simulated Sage user, the CRM's writes) are newer than all of them, as the
    connector's change reads by ``cbModification`` expect.
    """
    return datetime.now().replace(second=0, microsecond=0)


def parse_anchor(text: str, now: datetime | None = None) -> datetime:
    """The anchor ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` names (``--anchor``).

    A date alone stands for that day at 18:00, as :data:`DEFAULT_ANCHOR`; today's date
    stands for ``now`` (:func:`current_anchor` by default), so that it never dates a row
    in the future. Seconds are refused, as ``cbModification`` has none.

    Raises:
        GenerationError: not one of these two forms.
    """
    value = text.strip()
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        pass
    else:
        now = now or current_anchor()
        return now if day == now.date() else datetime.combine(day, _END_OF_DAY)
    for form in _ANCHOR_FORMATS:
        try:
            return datetime.strptime(value, form)
        except ValueError:
            continue
    raise GenerationError(msg.ANCHOR_INVALID.format(anchor=text))


def database_name(company: str) -> str:
    """The SQL database name of a company: ``Bijou Créations`` → ``BIJOU_CREATIONS``."""
    return slug(company).upper().replace("-", "_")[:64]


def _check_target(folder: Path, database: str) -> bool:
    """Refuse a folder we must not write into; True if we must create it."""
    if folder.exists() and not folder.is_dir():
        raise GenerationError(msg.TARGET_NOT_A_FOLDER.format(path=folder))
    if not folder.exists():
        return True
    try:
        entries = sorted(p.name for p in folder.iterdir())
    except OSError as exc:
        raise GenerationError(
            msg.FOLDER_UNREADABLE.format(path=folder, reason=msg.os_reason(exc))
        ) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise GenerationError(msg.FOLDER_UNWRITABLE.format(path=folder))
    if entries and REGISTRY_FILE not in entries:
        raise GenerationError(msg.FOLDER_NOT_EMPTY.format(path=folder))
    if f"{database}{DATABASE_SUFFIX}" in entries:
        raise GenerationError(msg.COMPANY_EXISTS.format(database=database, path=folder))
    return False


def generate_server(
    path: str | Path,
    company: str,
    size: str = "tiny",
    seed: int = 0,
    *,
    sage_password: str = DEFAULT_SAGE_PASSWORD,
    version: str = DEFAULT_VERSION,
    anchor: datetime = DEFAULT_ANCHOR,
    bad_data: bool = False,
    generation: Generation = DEFAULT_GENERATION,
    triggers: bool = True,
) -> GenerationReport:
    """Create (or add a company to) an emulated Sage 100 server folder.

    Args:
        path: a new or empty folder, or an existing emulated server (adds a company).
        company: the company name (``P_DOSSIER.D_RaisonSoc``, at most 35 characters);
            the database is named after it (:func:`database_name`).
        size: ``tiny``, ``small``, ``pme`` or ``eti`` (see :data:`SIZES`).
        seed: the same seed gives the same data.
        sage_password: password of the ``Administrateur`` login and of the reps' logins
            (stored as a digest in ``PROT_Hash``); empty: no password.
        version: Sage 100 version written in the emulated registry.
        anchor: the "today" of the data (naive, server local time); nothing is dated
            after it. The default is fixed (:data:`DEFAULT_ANCHOR`); a demo passes
            :func:`current_anchor`.
        bad_data: also add the hostile rows of the reliability tests (invalid e-mails,
            control characters, empty names, orphans, duplicates; ``docs/emulator.md``).
        generation: the schema generation, ``B`` or ``C`` (``sage100-schema.md`` §0): only
            the columns that generation has.
        triggers: give the tables Sage's ``TG_CB*`` triggers, which stamp
            ``cbModification`` on update; without them only writers do.

    Returns:
        The counts of rows written per table.

    Raises:
        GenerationError: bad size, company name or folder; nothing was written.
    """
    started = time.perf_counter()
    if size not in SIZES:
        raise GenerationError(msg.SIZE_UNKNOWN.format(size=size, choices=msg.one_of(list(SIZES))))
    if generation not in GENERATIONS:
        raise GenerationError(
            msg.GENERATION_UNKNOWN.format(
                generation=generation, choices=msg.one_of(list(GENERATIONS))
            )
        )
    name = company.strip()
    database = database_name(name)
    if not database or len(name) > 35:
        raise GenerationError(msg.COMPANY_NAME_INVALID.format(company=company))
    folder = Path(path)
    create_folder = _check_target(folder, database)
    registry = folder / REGISTRY_FILE
    created: list[Path] = []
    final = folder / f"{database}{DATABASE_SUFFIX}"
    partial = folder / f"{database}{DATABASE_SUFFIX}.partial"
    try:
        if create_folder:
            folder.mkdir(parents=True)
            created.append(folder)
        if not registry.exists():
            write_reg(
                registry,
                {
                    GESCOM_KEY: {
                        "Path": r"C:\Program Files (x86)\Sage\Gestion commerciale 100c",
                        "Version": version,
                        "Language": "FRA",
                    }
                },
            )
            created.insert(0, registry)
        created.insert(0, partial)
        with closing(open_sqlite(str(partial), generating=True)) as conn:
            conn.execute("BEGIN")
            metadata = metadata_for(generation)
            create_tables(conn, metadata, triggers=triggers)
            rng = random.Random(seed)
            tariffs = random.Random(f"tarifs:{seed}")
            builder = Builder(
                conn, rng, Pools.make(seed), SIZES[size], anchor, metadata, tariffs=tariffs
            )
            builder.dossier(name, version)
            builder.collaborateurs(name, sage_password, DEFAULT_SAGE_USER)
            builder.catalogue()
            build_tiers(builder)
            build_prices(builder)
            build_tariffs(builder)
            build_documents(builder)
            bad_rows = build_bad_rows(builder) if bad_data else {}
            create_indexes(conn, metadata)
            conn.execute("COMMIT")
        partial.rename(final)
    except OSError as exc:
        _remove(created)
        raise GenerationError(
            msg.SERVER_UNWRITABLE.format(path=folder, reason=msg.os_reason(exc))
        ) from exc
    except BaseException:
        _remove(created)
        raise
    return GenerationReport(
        location=str(folder),
        database=database,
        company=name,
        size=size,
        seed=seed,
        counts=dict(sorted(builder.counts.items())),
        seconds=time.perf_counter() - started,
        bad_rows=bad_rows,
        generation=generation,
        triggers=triggers,
    )


def _remove(created: list[Path]) -> None:
    """Remove what this run created (its own files and folder only), newest first."""
    for path in created:
        for extra in ("", "-wal", "-shm", "-journal"):
            target = path.with_name(path.name + extra)
            with suppress(OSError):
                if target.is_dir():
                    target.rmdir()
                else:
                    target.unlink(missing_ok=True)
