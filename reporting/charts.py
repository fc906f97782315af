"""The compiled figures as SVG bar charts (ccm_portal/charts.py), one per measure, a bar per year."""

from django.utils.translation import gettext as _

from ccm_portal.charts import BarChart, bar_chart


def compiled_charts(years) -> list[BarChart]:
    """A chart per measure (translated now, in the request's language), a bar per year."""
    labels = {
        "cluster_munitions_destroyed": (_("Cluster munitions destroyed"), _("Cluster munitions destroyed, by year")),
        "submunitions_destroyed": (_("Submunitions destroyed"), _("Submunitions destroyed, by year")),
        "area_cleared_m2": (_("Area cleared (m²)"), _("Contaminated area cleared, in square metres, by year")),
        "victims": (_("Victims reported"), _("Cluster munition victims reported, by year")),
    }
    return [
        bar_chart(
            title=title,
            description=description,
            rows=[(str(figures.year), [getattr(figures, name)]) for figures in years],
            label_heading=_("Year"),
            value_heading=title,
        )
        for name, (title, description) in labels.items()
    ]
