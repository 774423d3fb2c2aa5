"""What the installation wizard asks, as one typed model shared by every front end."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class Answers(BaseModel):
    """The answers gathered by the installation wizard (immutable: screens return a copy).

    Example::

        Answers(install_dir=Path("/opt/sage-sales-management-sage100"), country="FR",
                accept_terms=True, launch_configuration=True)
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    install_dir: Path | None = Field(default=None, description="Absolute install folder.")
    country: str = Field(default="FR", description="ISO 3166-1 alpha-2 code of the customer.")
    accept_terms: bool = Field(default=False, description="Privacy policy and terms accepted.")
    launch_configuration: bool = Field(
        default=True, description="Open the configuration wizard once installed."
    )
