"""The Sage 100 FR schema, declared once as data (reference ``sage100-schema.md``).

Tables are SQLAlchemy Core :class:`~sqlalchemy.Table` objects registered in
:data:`METADATA`, so the same declaration gives the emulator its DDL, the readers their
columns and the docs their table list::

    from ssm.sage100.schema import F_COMPTET, CT_Type, sage_type

    select(F_COMPTET.c.CT_Num).where(F_COMPTET.c.CT_Type == CT_Type.CLIENT)
    sage_type(F_COMPTET.c.CT_Num)  # "varchar(17)"
"""

from ssm.sage100.schema._company import P_DOSSIER, cbSysTable
from ssm.sage100.schema._declare import (
    DEFAULT_GENERATION,
    GENERATIONS,
    METADATA,
    ColumnDecl,
    Generation,
    declared_columns,
    metadata_for,
    sage_table,
    sage_type,
)
from ssm.sage100.schema._documents import F_DOCCURRENTPIECE, F_DOCENTETE, F_DOCLIGNE
from ssm.sage100.schema._enums import (
    CT_Type,
    DO_Domaine,
    DO_Provenance,
    DO_Statut,
    DO_Type,
    SageEnum,
)
from ssm.sage100.schema._items import (
    F_ARTCLIENT,
    F_ARTICLE,
    F_ARTSTOCK,
    F_DEPOT,
    F_FAMCLIENT,
    F_FAMILLE,
    P_CATTARIF,
)
from ssm.sage100.schema._parties import (
    F_COLLABORATEUR,
    F_COMPTET,
    F_CONTACTT,
    F_PROTECTIONCIAL,
)
from ssm.sage100.schema._tariffs import F_FAMTARIF, F_FAMTARIFQTE, F_TARIFQTE, P_ARRONDI

__all__ = [
    "DEFAULT_GENERATION",
    "F_ARTCLIENT",
    "F_ARTICLE",
    "F_ARTSTOCK",
    "F_COLLABORATEUR",
    "F_COMPTET",
    "F_CONTACTT",
    "F_DEPOT",
    "F_DOCCURRENTPIECE",
    "F_DOCENTETE",
    "F_DOCLIGNE",
    "F_FAMCLIENT",
    "F_FAMILLE",
    "F_FAMTARIF",
    "F_FAMTARIFQTE",
    "F_PROTECTIONCIAL",
    "F_TARIFQTE",
    "GENERATIONS",
    "METADATA",
    "P_ARRONDI",
    "P_CATTARIF",
    "P_DOSSIER",
    "CT_Type",
    "ColumnDecl",
    "DO_Domaine",
    "DO_Provenance",
    "DO_Statut",
    "DO_Type",
    "Generation",
    "SageEnum",
    "cbSysTable",
    "declared_columns",
    "metadata_for",
    "sage_table",
    "sage_type",
]
