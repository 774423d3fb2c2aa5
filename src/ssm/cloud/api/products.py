"""``/api/v4/products``: the shared bulk routes."""

from __future__ import annotations

from ssm.cloud.api._resource import resource_router
from ssm.cloud.schemas.products import ProductRecord
from ssm.cloud.services.products import PRODUCTS

router = resource_router(PRODUCTS, ProductRecord, noun="products")
