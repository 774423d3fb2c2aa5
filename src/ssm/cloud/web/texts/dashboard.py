"""Texts of the dashboard (« Tableau de bord »), the home page of the web app."""

from __future__ import annotations

FR: dict[str, str] = {
    "dashboard.title": "Tableau de bord",
    "dashboard.hello": "Bonjour {name}",
    "dashboard.instance": "Instance",
    "dashboard.period": "Période",
    "dashboard.show": "Afficher",
    "period.week": "Semaine",
    "period.month": "Mois",
    "period.year": "Année",
    "dashboard.current.week": "Ventes de la semaine en cours (HT)",
    "dashboard.current.month": "Ventes du mois en cours (HT)",
    "dashboard.current.year": "Ventes de l'année en cours (HT)",
    "dashboard.total": "Total des ventes HT (factures comptabilisées)",
    "dashboard.total_note": (
        "Somme hors taxes des factures comptabilisées dans Sage 100, avoirs déduits. "
        "Une facture non comptabilisée n'apparaît pas."
    ),
    "dashboard.chart.week": "Ventes HT des 12 dernières semaines",
    "dashboard.chart.month": "Ventes HT des 12 derniers mois",
    "dashboard.chart.year": "Ventes HT des 12 dernières années",
    "dashboard.chart_desc": "De {first} à {last}. Les valeurs figurent dans le tableau suivant.",
    "dashboard.top_customers": "Top 10 des clients (ventes HT)",
    "dashboard.top_products": "Top 10 des produits (ventes HT)",
    "dashboard.top_desc": "Sur les 12 périodes affichées, du {first} au {last}.",
    "dashboard.no_sales": "Aucune vente sur ces périodes.",
    "dashboard.column.period": "Période",
    "dashboard.column.sales": "Ventes HT",
    "dashboard.column.customer": "Client",
    "dashboard.column.product": "Produit",
    "dashboard.week_label": "S{week} {year}",
}
