"""One permission-table check shared by the feature tests (STYLE: every URL × every persona).

A row (method, url, expectations) is checked for all personas in one test, so the objects are built once per URL
rather than once per persona. Personas refused come first and those allowed last: a refused request must change
nothing, so the allowed one still finds the object as it was.
"""
from django.urls import reverse

LOGIN = "login"
OK = "ok"


def check_permission_row(client_as, personas, method, url, expected, data=None):
    order = sorted(expected, key=lambda persona: expected[persona] == OK)
    failures = []
    for persona in order:
        client = client_as(personas[persona])
        response = client.post(url, data or {}) if method == "POST" else client.get(url)
        want, got = expected[persona], response.status_code
        if want == LOGIN:
            good = got == 302 and response.url.startswith(reverse("login"))
        elif want == OK:
            good = got in (200, 302)
        else:
            good = got == want
        if not good:
            failures.append(f"{persona}: expected {want}, got {got}")
    assert not failures, f"{method} {url}: " + "; ".join(failures)
