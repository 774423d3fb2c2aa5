"""« Admin » (Professional plan): the separate administration interface, at ``/admin``.

It has its own layout (``_admin.html``: its module menu, a way back to the app) and the
same users features as « Administration »; see ``web/users.py``.
"""

from __future__ import annotations

from ssm.cloud.web.users import make_router

router = make_router("/admin", "professional", "admin_users.html")
"""« Admin » (Professional): the users module of the separate interface."""
