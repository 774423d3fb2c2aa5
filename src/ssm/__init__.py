"""Sage 100 FR ⇄ Sales Management: the connector, the emulated Sage 100 and the cloud service.

Three parts share this distribution and never import each other except
``ssm.connector`` → ``ssm.sage100`` (see ``docs/architecture.md``):

- ``ssm.sage100``: everything that knows Sage 100, including an emulated server;
- ``ssm.cloud``: the Sales Management service (REST API, later its web app);
- ``ssm.connector``: the on-premises connector, which reaches the cloud over HTTP only.
"""

__version__ = "0.1.0"
