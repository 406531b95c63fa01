"""The API's JSON parser: what no field of Kopa can hold is refused at the door with a 400.

- text with a NUL character or a lone surrogate (the database cannot store either);
- whole numbers outside what the database's 64-bit integers hold (fields narrower than that say so
  with their own `max_value`);
- nesting deeper than `MAX_DEPTH` (no request body of Kopa's is more than a few levels deep, and a
  parser made to recurse ten thousand times would otherwise fail as a server error).

The message names the place in the body, e.g. `name.en` or `target_groups[2]`, and stands under its
top-level field in the error's `fields`.
"""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from django.utils.translation import gettext as _

from kopa.core.errors import ValidationFailed

MAX_DEPTH = 32
BIGINT = 2**63


def _problem(value, path: str, depth: int) -> str | None:
    if depth > MAX_DEPTH:
        return _("The body is nested too deeply.")
    if isinstance(value, str):
        if "\x00" in value:
            return _("%(place)s contains a NUL character.") % {"place": path or _("The body")}
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _("%(place)s contains characters that are not valid text.") % {"place": path or _("The body")}
    elif isinstance(value, bool):
        return None
    elif isinstance(value, int):
        if not -BIGINT <= value < BIGINT:
            return _("%(place)s is too large a number.") % {"place": path or _("The body")}
    elif isinstance(value, dict):
        for key, item in value.items():
            place = f"{path}.{key}" if path else str(key)
            problem = _problem(key, place, depth + 1) or _problem(item, place, depth + 1)
            if problem:
                return problem
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problem = _problem(item, f"{path}[{index}]", depth + 1)
            if problem:
                return problem
    return None


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("The body is nested too deeply.")) from exc
        if isinstance(data, dict):  # a problem stands under the top-level field it is in
            for key, value in data.items():
                problem = _problem(key, str(key), 1) or _problem(value, str(key), 1)
                if problem:
                    raise ValidationFailed(problem, fields={str(key): [problem]})
        else:
            problem = _problem(data, "", 0)
            if problem:
                raise ParseError(problem)
        return data
