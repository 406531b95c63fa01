"""The demo-data registry: each app contributes its demo as a step; `load_all` runs them all.

An app's `demo.py` registers its step with `@step(order=…)`. Steps run in ascending order (the apps'
floors: agencies 10, directory 20, the site's logins 30, programmes 40, events 50, outreach 60, …) and
share one `DemoContext`, where each step leaves what later steps need (`ctx.agencies`, `ctx.directory`,
`ctx.officers`, `ctx.events`, …). Every step is idempotent: loading twice adds nothing.

Core imports no app: the steps are found by importing each installed app's `demo` module.
"""

from collections.abc import Callable
from types import SimpleNamespace

from django.utils.module_loading import autodiscover_modules

DemoContext = SimpleNamespace
Step = Callable[[DemoContext], None]

_steps: list[tuple[int, str, Step]] = []


def step(*, order: int):
    """Register `fn(ctx)` as a demo step run at `order`."""

    def register(fn: Step) -> Step:
        key = f"{fn.__module__}.{fn.__qualname__}"
        if all(existing != key for _o, existing, _f in _steps):
            _steps.append((order, key, fn))
        return fn

    return register


def steps() -> list[tuple[int, str, Step]]:
    autodiscover_modules("demo")
    return sorted(_steps, key=lambda item: (item[0], item[1]))


def load_all() -> DemoContext:
    """Run every app's demo step in order; returns the shared context."""
    ctx = DemoContext()
    for _order, _key, fn in steps():
        fn(ctx)
    return ctx
