"""Cards that the apps above elections add to an election's overview page (the handover's deadline, the
wrap-up checklist, complaints): the overview cannot import them (layers), so each app registers a builder in
its AppConfig.ready(), as it registers its door checks.

    register_panel(key, builder, order=100)

builder(request, election) -> (template name, context dict), or None when it has nothing to show. The overview
renders each template with its context (plus `election` and `request`) in `order`.
"""
from django.template.loader import render_to_string

_PANELS = {}


def register_panel(key, builder, order=100):
    _PANELS[key] = (order, builder)


def panels(request, election):
    """The registered cards of this election, rendered, in order."""
    rendered = []
    for _order, builder in sorted(_PANELS.values(), key=lambda entry: entry[0]):
        panel = builder(request, election)
        if panel is not None:
            template, context = panel
            rendered.append(render_to_string(template, {"election": election, **context}, request=request))
    return rendered
