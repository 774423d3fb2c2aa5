"""Products of an instance as a bulk resource: Sage articles, created only in Sage."""

from __future__ import annotations

from ssm.cloud._models import Product
from ssm.cloud.schemas.products import FIELDS
from ssm.cloud.services._resource import Resource


class Products(Resource):
    """Articles (Sage ``F_ARTICLE`` with family, price and stock), keyed by ``AR_Ref``."""

    name = "products"
    model = Product
    fields = FIELDS
    label = "un produit"


PRODUCTS = Products()
